//! A proposal from draft to publication, and its revisions along the way.

use chrono::Duration;
use concord::clock::Clock;
use concord::domain::Role;
use serde_json::json;

use super::{COMMENT, REVISE, propose, review};
use crate::helpers::{DECIDE, PROPOSE_VERSION, SUBMIT, address_schema, spawn_app, version_input};

#[tokio::test]
async fn a_proposal_goes_through_consultation_review_and_decision_with_six_accounts() {
    let app = spawn_app().await;
    let camden = app.token("camden", Role::Steward).await;
    let hackney = app.token("hackney", Role::Steward).await;
    app.gql(
        "mutation { createOrganisation(input: {slug: \"acme-mobility\", name: \"Acme Mobility Ltd\", kind: PARTNER}) { organisation { slug } } }",
        json!({}),
        Some(&app.cdo),
    )
    .await
    .data("/createOrganisation");
    let acme = app.token("acme-mobility", Role::Partner).await;

    let id = propose(&app, &camden, "common/address").await;
    let mut revised_schema = address_schema();
    revised_schema["properties"]["usrn"] = json!({"type": "integer"});
    let revised = app
        .gql(REVISE, json!({ "id": id, "schema": revised_schema, "version": "1.0.0", "changelog": "Adds the USRN." }), Some(&camden))
        .await;
    assert_eq!(
        revised.data("/reviseProposal/proposal/latestRevision/number"),
        2
    );

    let submitted = app.gql(SUBMIT, json!({ "id": id }), Some(&camden)).await;
    let closes = submitted
        .data("/submitProposal/proposal/consultationClosesAt")
        .as_str()
        .expect("time")
        .to_owned();
    let expected_close = app.clock.now() + Duration::days(28);
    assert_eq!(
        chrono::DateTime::parse_from_rfc3339(&closes).expect("time"),
        expected_close
    );

    let hackney_comment = app
        .gql(COMMENT, json!({ "id": id, "body": "UPRNs can exceed 2^31; is integer right?", "pointer": "/properties/uprn" }), Some(&hackney))
        .await;
    let hackney_comment_id = hackney_comment
        .data("/commentOnProposal/comment/id")
        .clone();
    assert_eq!(
        hackney_comment.data("/commentOnProposal/comment/revision"),
        2
    );
    app.gql(
        COMMENT,
        json!({ "id": id, "body": "Our feeds already send USRNs." }),
        Some(&acme),
    )
    .await
    .data("/commentOnProposal");
    app.gql(COMMENT, json!({ "id": id, "body": "Yes: JSON integers are unbounded.", "replyTo": hackney_comment_id }), Some(&camden))
        .await
        .data("/commentOnProposal");

    let early = app
        .gql(
            DECIDE,
            json!({ "id": id, "decision": "APPROVE" }),
            Some(&app.cdo),
        )
        .await;
    assert_eq!(
        early.code(),
        "INVALID_TRANSITION",
        "approval needs a convened review"
    );

    let convened = app.convene(&id).await;
    assert_eq!(
        convened
            .data("/conveneReview/proposal/reviewers")
            .as_array()
            .expect("list")
            .len(),
        3
    );
    review(&app, app.board_member("tfl"), &id, "APPROVE").await;
    review(&app, app.board_member("loti"), &id, "REQUEST_CHANGES").await;
    let tally = review(&app, app.board_member("westminster"), &id, "APPROVE").await;
    assert_eq!(
        tally["proposal"]["tally"],
        json!({
            "eligible": 3, "approvals": 2, "changesRequested": 1, "rejections": 0, "needed": 2,
            "approvable": false
        }),
        "the quorum is met, but the consultation is still open"
    );
    let changed = review(&app, app.board_member("loti"), &id, "APPROVE").await;
    assert_eq!(changed["proposal"]["tally"]["approvals"], 3);

    let too_soon = app
        .gql(
            DECIDE,
            json!({ "id": id, "decision": "APPROVE" }),
            Some(&app.cdo),
        )
        .await;
    assert_eq!(too_soon.code(), "CONSULTATION_OPEN");
    assert_eq!(too_soon.error()["extensions"]["closesAt"], closes);

    app.clock.advance(Duration::days(28));
    let decided = app
        .gql(
            DECIDE,
            json!({ "id": id, "decision": "APPROVE", "note": "Agreed" }),
            Some(&app.cdo),
        )
        .await;
    assert_eq!(decided.data("/decideProposal/proposal/state"), "APPROVED");
    assert_eq!(
        decided.data("/decideProposal/proposal/publishedVersion/version"),
        "1.0.0"
    );

    let query = "query($id: ID!) { proposal(id: $id) {
        comments(threads: true) { body pointer author { name } replies { body } }
        reviews { verdict reviewer { organisation { slug } } }
        timeline { action actorOrganisation }
    } }";
    let proposal = app.gql(query, json!({ "id": id }), None).await;
    let threads = proposal
        .data("/proposal/comments")
        .as_array()
        .expect("comments");
    assert_eq!(threads.len(), 2);
    assert_eq!(threads[0]["pointer"], "/properties/uprn");
    assert_eq!(
        threads[0]["replies"][0]["body"],
        "Yes: JSON integers are unbounded."
    );
    let actions: Vec<&str> = proposal
        .data("/proposal/timeline")
        .as_array()
        .expect("timeline")
        .iter()
        .map(|e| e["action"].as_str().expect("action"))
        .collect();
    assert_eq!(
        actions,
        [
            "proposal.created",
            "proposal.revised",
            "proposal.submitted",
            "proposal.commented",
            "proposal.commented",
            "proposal.commented",
            "proposal.review_convened",
            "proposal.reviewed",
            "proposal.reviewed",
            "proposal.reviewed",
            "proposal.reviewed",
            "standard.created",
            "version.published",
            "proposal.approved",
        ]
    );
}

#[tokio::test]
async fn a_revision_during_consultation_restarts_the_window_and_every_revision_is_kept() {
    let app = spawn_app().await;
    let camden = app.token("camden", Role::Steward).await;
    let id = propose(&app, &camden, "common/address").await;
    app.approve(&camden, &id).await;
    let mut minor = address_schema();
    minor["properties"]["usrn"] = json!({"type": "integer"});
    let proposed = app
        .gql(
            PROPOSE_VERSION,
            version_input("common/address", "1.1.0", minor.clone()),
            Some(&camden),
        )
        .await;
    let id = proposed
        .data("/proposeVersion/proposal/id")
        .as_str()
        .expect("id")
        .to_owned();
    let submitted = app.gql(SUBMIT, json!({ "id": id }), Some(&camden)).await;
    let first_close = submitted
        .data("/submitProposal/proposal/consultationClosesAt")
        .as_str()
        .expect("t")
        .to_owned();
    assert_eq!(
        chrono::DateTime::parse_from_rfc3339(&first_close).expect("t"),
        app.clock.now() + Duration::days(14),
        "a MINOR change is consulted on for 14 days"
    );
    app.clock.advance(Duration::days(10));
    minor["required"] = json!(["uprn", "postcode", "usrn"]);
    let revised = app
        .gql(REVISE, json!({ "id": id, "schema": minor, "version": "2.0.0", "changelog": "The USRN is required." }), Some(&camden))
        .await;
    let restarted = revised
        .data("/reviseProposal/proposal/consultationClosesAt")
        .as_str()
        .expect("t");
    assert_eq!(
        chrono::DateTime::parse_from_rfc3339(restarted).expect("t"),
        app.clock.now() + Duration::days(28),
        "the window restarts from the revision, for the revision's bump"
    );
    let revisions = app
        .gql(
            "query($id: ID!) { proposal(id: $id) { revisions { number version requiredBump } } }",
            json!({ "id": id }),
            None,
        )
        .await;
    assert_eq!(
        revisions.data("/proposal/revisions"),
        &json!([
            {"number": 1, "version": "1.1.0", "requiredBump": "MINOR"},
            {"number": 2, "version": "2.0.0", "requiredBump": "MAJOR"},
        ])
    );
}

#[tokio::test]
async fn every_step_of_the_process_works_on_an_in_memory_database() {
    let app = crate::helpers::spawn_app_in_memory().await;
    let camden = app.token("camden", Role::Steward).await;
    let id = propose(&app, &camden, "common/address").await;
    let mut revised = address_schema();
    revised["properties"]["usrn"] = json!({"type": "integer"});
    app.gql(
        REVISE,
        json!({ "id": id, "schema": revised, "version": "1.0.0", "changelog": "Adds the USRN." }),
        Some(&camden),
    )
    .await
    .data("/reviseProposal");
    app.gql(SUBMIT, json!({ "id": id }), Some(&camden))
        .await
        .data("/submitProposal");
    app.gql(
        COMMENT,
        json!({ "id": id, "body": "Which USRN?", "pointer": "/properties/usrn" }),
        Some(&camden),
    )
    .await
    .data("/commentOnProposal");
    app.clock.advance(Duration::days(29));
    app.convene(&id).await;
    for token in app.convened_tokens(&id).await {
        review(&app, &token, &id, "APPROVE").await;
    }
    let decided = app
        .gql(
            DECIDE,
            json!({ "id": id, "decision": "APPROVE" }),
            Some(&app.cdo),
        )
        .await;
    assert_eq!(decided.data("/decideProposal/proposal/state"), "APPROVED");
    assert_eq!(
        decided.data("/decideProposal/proposal/publishedVersion/version"),
        "1.0.0"
    );
}
