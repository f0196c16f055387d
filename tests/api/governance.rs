//! The process by which London agrees a standard: consultation, comments, board review, the
//! CDO's decision, and what happens to versions afterwards.

use chrono::Duration;
use concord::clock::Clock;
use concord::domain::Role;
use serde_json::{Value, json};

use crate::helpers::{
    CONVENE, DECIDE, PROPOSE_STANDARD, PROPOSE_VERSION, REVIEW, SUBMIT, TestApp, address_schema,
    spawn_app, standard_input, version_input,
};

const COMMENT: &str = "mutation($id: ID!, $body: String!, $pointer: String, $replyTo: ID) {
  commentOnProposal(id: $id, body: $body, pointer: $pointer, replyTo: $replyTo) {
    comment { id body pointer replyTo revision author { name } }
  }
}";
const REVISE: &str = "mutation($id: ID!, $schema: JSON!, $version: String!, $changelog: String!) {
  reviseProposal(id: $id, schema: $schema, version: $version, changelog: $changelog) {
    proposal { state consultationClosesAt latestRevision { number version requiredBump } }
  }
}";
const WITHDRAW: &str = "mutation($id: ID!, $note: String) { withdrawProposal(id: $id, note: $note) { proposal { state } } }";

async fn propose(app: &TestApp, token: &str, slug: &str) -> String {
    let proposed = app
        .gql(
            PROPOSE_STANDARD,
            standard_input(slug, "1.0.0", address_schema()),
            Some(token),
        )
        .await;
    proposed
        .data("/proposeStandard/proposal/id")
        .as_str()
        .expect("id")
        .to_owned()
}

async fn review(app: &TestApp, token: &str, id: &str, verdict: &str) -> Value {
    app.gql(
        REVIEW,
        json!({ "id": id, "verdict": verdict, "comment": format!("{verdict}: reasons given") }),
        Some(token),
    )
    .await
    .data("/castReview")
    .clone()
}

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
            "eligible": 3, "approvals": 2, "changesRequested": 1, "rejections": 0, "needed": 2, "approvable": true
        })
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
async fn approval_needs_the_quorum_of_convened_reviewers() {
    let app = spawn_app().await;
    let camden = app.token("camden", Role::Steward).await;
    let id = propose(&app, &camden, "common/address").await;
    app.gql(SUBMIT, json!({ "id": id }), Some(&camden))
        .await
        .data("/submitProposal");
    app.clock.advance(Duration::days(28));
    app.convene(&id).await;
    review(&app, app.board_member("tfl"), &id, "APPROVE").await;
    let response = app
        .assert_refused(
            DECIDE,
            json!({ "id": id, "decision": "APPROVE" }),
            Some(&app.cdo),
            "QUORUM_NOT_MET",
        )
        .await;
    let extensions = &response.error()["extensions"];
    assert_eq!(
        (
            extensions["approvals"].clone(),
            extensions["needed"].clone(),
            extensions["eligible"].clone()
        ),
        (json!(1), json!(2), json!(3))
    );
    review(&app, app.board_member("loti"), &id, "APPROVE").await;
    let decided = app
        .gql(
            DECIDE,
            json!({ "id": id, "decision": "APPROVE" }),
            Some(&app.cdo),
        )
        .await;
    assert_eq!(decided.data("/decideProposal/proposal/state"), "APPROVED");
}

#[tokio::test]
async fn approvals_must_outnumber_rejections_even_under_a_low_quorum() {
    let governance = concord::registry::Governance {
        quorum: concord::governance::Quorum::new(0.0).expect("quorum"),
        ..concord::registry::Governance::default()
    };
    let app =
        crate::helpers::spawn_app_with_settings(concord::registry::Limits::default(), governance)
            .await;
    let camden = app.token("camden", Role::Steward).await;
    let id = propose(&app, &camden, "common/address").await;
    app.gql(SUBMIT, json!({ "id": id }), Some(&camden))
        .await
        .data("/submitProposal");
    app.clock.advance(Duration::days(28));
    app.convene(&id).await;
    review(&app, app.board_member("tfl"), &id, "APPROVE").await;
    review(&app, app.board_member("loti"), &id, "REJECT").await;
    let response = app
        .assert_refused(
            DECIDE,
            json!({ "id": id, "decision": "APPROVE" }),
            Some(&app.cdo),
            "QUORUM_NOT_MET",
        )
        .await;
    assert!(
        response.error()["message"]
            .as_str()
            .expect("m")
            .contains("outnumber"),
        "{}",
        response.body
    );
}

#[tokio::test]
async fn nobody_reviews_or_is_convened_on_their_own_organisations_proposal() {
    let app = spawn_app().await;
    let tfl_steward = app.token("tfl", Role::Steward).await;
    let id = propose(&app, &tfl_steward, "mobility/bus-stop").await;
    app.gql(SUBMIT, json!({ "id": id }), Some(&tfl_steward))
        .await
        .data("/submitProposal");
    let tfl_board = app
        .board
        .iter()
        .find(|(o, _, _)| o == "tfl")
        .expect("tfl")
        .clone();
    let deadline = (app.clock.now() + Duration::days(7)).to_rfc3339();
    let response = app
        .assert_refused(
            CONVENE,
            json!({ "id": id, "deadline": deadline, "reviewers": [tfl_board.1] }),
            Some(&app.cdo),
            "BAD_USER_INPUT",
        )
        .await;
    assert_eq!(response.error()["extensions"]["field"], "reviewers[0]");
    let convened = app.convene(&id).await;
    let names: Vec<&str> = convened
        .data("/conveneReview/proposal/reviewers")
        .as_array()
        .expect("list")
        .iter()
        .map(|r| r["name"].as_str().expect("n"))
        .collect();
    assert_eq!(names, ["Board member (loti)", "Board member (westminster)"]);
    let response = app
        .assert_refused(
            REVIEW,
            json!({ "id": id, "verdict": "APPROVE", "comment": "mine" }),
            Some(&tfl_board.2),
            "FORBIDDEN",
        )
        .await;
    assert!(
        response.error()["message"]
            .as_str()
            .expect("m")
            .contains("conflict of interest")
    );
    let camden_board = app.token("camden", Role::Board).await;
    let response = app
        .assert_refused(
            REVIEW,
            json!({ "id": id, "verdict": "APPROVE", "comment": "me too" }),
            Some(&camden_board),
            "FORBIDDEN",
        )
        .await;
    assert!(
        response.error()["message"]
            .as_str()
            .expect("m")
            .contains("did not convene")
    );
}

#[tokio::test]
async fn decided_proposals_cannot_be_decided_revised_or_withdrawn_again() {
    let app = spawn_app().await;
    let camden = app.token("camden", Role::Steward).await;
    let id = propose(&app, &camden, "common/address").await;
    app.approve(&camden, &id).await;
    app.assert_refused(
        DECIDE,
        json!({ "id": id, "decision": "APPROVE" }),
        Some(&app.cdo),
        "INVALID_TRANSITION",
    )
    .await;
    app.assert_refused(
        DECIDE,
        json!({ "id": id, "decision": "REJECT", "note": "late" }),
        Some(&app.cdo),
        "INVALID_TRANSITION",
    )
    .await;
    app.assert_refused(
        REVISE,
        json!({ "id": id, "schema": {}, "version": "1.0.0", "changelog": "x" }),
        Some(&camden),
        "INVALID_TRANSITION",
    )
    .await;
    app.assert_refused(
        WITHDRAW,
        json!({ "id": id }),
        Some(&camden),
        "INVALID_TRANSITION",
    )
    .await;
    app.assert_refused(
        COMMENT,
        json!({ "id": id, "body": "too late" }),
        Some(&camden),
        "INVALID_TRANSITION",
    )
    .await;
    for token in app.convened_tokens(&id).await {
        app.assert_refused(
            REVIEW,
            json!({ "id": id, "verdict": "REJECT", "comment": "no" }),
            Some(&token),
            "INVALID_TRANSITION",
        )
        .await;
    }
}

#[tokio::test]
async fn a_proposal_can_be_withdrawn_before_a_decision_only_by_its_authors() {
    let app = spawn_app().await;
    let camden = app.token("camden", Role::Steward).await;
    let hackney = app.token("hackney", Role::Steward).await;
    let id = propose(&app, &camden, "common/address").await;
    app.gql(SUBMIT, json!({ "id": id }), Some(&camden))
        .await
        .data("/submitProposal");
    app.convene(&id).await;
    app.assert_refused(WITHDRAW, json!({ "id": id }), Some(&hackney), "FORBIDDEN")
        .await;
    let withdrawn = app
        .gql(
            WITHDRAW,
            json!({ "id": id, "note": "Superseded by the national standard" }),
            Some(&camden),
        )
        .await;
    assert_eq!(
        withdrawn.data("/withdrawProposal/proposal/state"),
        "WITHDRAWN"
    );
    // The slug is free again once the proposal that reserved it is withdrawn.
    propose(&app, &hackney, "common/address").await;
}

#[tokio::test]
async fn requesting_changes_returns_a_draft_and_a_new_round_starts_from_nothing() {
    let app = spawn_app().await;
    let camden = app.token("camden", Role::Steward).await;
    let id = propose(&app, &camden, "common/address").await;
    app.gql(SUBMIT, json!({ "id": id }), Some(&camden))
        .await
        .data("/submitProposal");
    app.convene(&id).await;
    review(&app, app.board_member("tfl"), &id, "APPROVE").await;
    app.assert_refused(
        DECIDE,
        json!({ "id": id, "decision": "REQUEST_CHANGES" }),
        Some(&app.cdo),
        "BAD_USER_INPUT",
    )
    .await;
    let sent_back = app
        .gql(
            DECIDE,
            json!({ "id": id, "decision": "REQUEST_CHANGES", "note": "Add the USRN." }),
            Some(&app.cdo),
        )
        .await;
    assert_eq!(sent_back.data("/decideProposal/proposal/state"), "DRAFT");
    let mut schema = address_schema();
    schema["properties"]["usrn"] = json!({"type": "integer"});
    app.gql(
        REVISE,
        json!({ "id": id, "schema": schema, "version": "1.0.0", "changelog": "Adds the USRN." }),
        Some(&camden),
    )
    .await
    .data("/reviseProposal");
    app.gql(SUBMIT, json!({ "id": id }), Some(&camden))
        .await
        .data("/submitProposal");
    let convened = app.convene(&id).await;
    assert_eq!(convened.data("/conveneReview/proposal/reviewRound"), 2);
    let tally = app
        .gql("query($id: ID!) { proposal(id: $id) { tally { approvals eligible } reviews { verdict } } }", json!({ "id": id }), None)
        .await;
    assert_eq!(
        tally.data("/proposal/tally"),
        &json!({"approvals": 0, "eligible": 3})
    );
    assert_eq!(tally.data("/proposal/reviews"), &json!([]));
}

#[tokio::test]
async fn reviews_close_at_the_deadline() {
    let app = spawn_app().await;
    let camden = app.token("camden", Role::Steward).await;
    let id = propose(&app, &camden, "common/address").await;
    app.gql(SUBMIT, json!({ "id": id }), Some(&camden))
        .await
        .data("/submitProposal");
    app.convene(&id).await;
    app.clock.advance(Duration::days(8));
    let response = app
        .assert_refused(
            REVIEW,
            json!({ "id": id, "verdict": "APPROVE", "comment": "late" }),
            Some(app.board_member("loti")),
            "CONFLICT",
        )
        .await;
    assert!(
        response.error()["message"]
            .as_str()
            .expect("m")
            .contains("closed")
    );
    let past = (app.clock.now() - Duration::days(1)).to_rfc3339();
    let other = propose(&app, &camden, "common/contact").await;
    app.gql(SUBMIT, json!({ "id": other }), Some(&camden))
        .await
        .data("/submitProposal");
    let response = app
        .assert_refused(
            CONVENE,
            json!({ "id": other, "deadline": past }),
            Some(&app.cdo),
            "BAD_USER_INPUT",
        )
        .await;
    assert_eq!(response.error()["extensions"]["field"], "deadline");
}

#[tokio::test]
async fn comments_need_a_token_a_pointer_that_exists_and_a_parent_on_the_same_proposal() {
    let app = spawn_app().await;
    let camden = app.token("camden", Role::Steward).await;
    let id = propose(&app, &camden, "common/address").await;
    let other = propose(&app, &camden, "common/contact").await;
    let elsewhere = app
        .gql(
            COMMENT,
            json!({ "id": other, "body": "elsewhere" }),
            Some(&camden),
        )
        .await;
    let elsewhere_id = elsewhere.data("/commentOnProposal/comment/id").clone();
    app.assert_refused(
        COMMENT,
        json!({ "id": id, "body": "hello" }),
        None,
        "UNAUTHENTICATED",
    )
    .await;
    for (variables, field) in [
        (
            json!({ "id": id, "body": "x", "pointer": "/properties/nothing" }),
            "pointer",
        ),
        (
            json!({ "id": id, "body": "x", "pointer": "properties" }),
            "pointer",
        ),
        (
            json!({ "id": id, "body": "x", "replyTo": elsewhere_id }),
            "replyTo",
        ),
        (json!({ "id": id, "body": "   " }), "body"),
    ] {
        let response = app
            .assert_refused(COMMENT, variables, Some(&camden), "BAD_USER_INPUT")
            .await;
        assert_eq!(response.error()["extensions"]["field"], field);
    }
}

#[tokio::test]
async fn deprecated_and_retired_versions_steer_ranges_and_validation() {
    let app = spawn_app().await;
    let camden = app.token("camden", Role::Steward).await;
    let schema =
        json!({"type": "object", "properties": {"name": {"type": "string", "deprecated": true}}});
    let id = app
        .gql(
            PROPOSE_STANDARD,
            standard_input("a/thing", "1.0.0", schema.clone()),
            Some(&camden),
        )
        .await;
    app.approve(
        &camden,
        id.data("/proposeStandard/proposal/id")
            .as_str()
            .expect("id"),
    )
    .await;
    for version in ["1.1.0", "2.0.0"] {
        let proposed = app
            .gql(
                PROPOSE_VERSION,
                version_input("a/thing", version, schema.clone()),
                Some(&camden),
            )
            .await;
        app.approve(
            &camden,
            proposed
                .data("/proposeVersion/proposal/id")
                .as_str()
                .expect("id"),
        )
        .await;
    }
    let deprecate = "mutation($v: String!, $successor: String, $sunset: DateTime) {
        deprecateVersion(standard: \"a/thing\", version: $v, successor: $successor, sunset: $sunset, note: \"Move on\") {
            version { version status successor sunsetAt statusNote } } }";
    let retire = "mutation($v: String!) { retireVersion(standard: \"a/thing\", version: $v, note: \"Gone\") { version { status } } }";
    let resolve = |req: &str| {
        let query = format!(
            "{{ standard(slug: \"a/thing\") {{ version(req: \"{req}\") {{ version }} }} }}"
        );
        let app = &app;
        async move {
            app.gql(&query, json!({}), None)
                .await
                .data("/standard/version")
                .get("version")
                .cloned()
        }
    };
    let sunset = (app.clock.now() + Duration::days(180)).to_rfc3339();
    let deprecated = app
        .gql(
            deprecate,
            json!({ "v": "1.1.0", "successor": "2.0.0", "sunset": sunset }),
            Some(&app.cdo),
        )
        .await;
    assert_eq!(
        deprecated.data("/deprecateVersion/version/status"),
        "DEPRECATED"
    );
    assert_eq!(
        resolve("^1").await,
        Some(json!("1.0.0")),
        "an active match is preferred"
    );
    app.gql(deprecate, json!({ "v": "1.0.0" }), Some(&app.cdo))
        .await
        .data("/deprecateVersion");
    assert_eq!(
        resolve("^1").await,
        Some(json!("1.1.0")),
        "else the greatest deprecated match"
    );
    app.gql(retire, json!({ "v": "1.1.0" }), Some(&app.cdo))
        .await
        .data("/retireVersion");
    assert_eq!(
        resolve("^1").await,
        Some(json!("1.0.0")),
        "never a retired one"
    );
    app.gql(retire, json!({ "v": "1.0.0" }), Some(&app.cdo))
        .await
        .data("/retireVersion");
    assert_eq!(resolve("^1").await, None);
    assert_eq!(
        resolve("1.0.0").await,
        Some(json!("1.0.0")),
        "exact versions stay resolvable"
    );
    assert_eq!(
        app.get("/schemas/a/thing/1.0.0").await.status(),
        200,
        "URLs never break"
    );

    let validated = app
        .gql("{ validate(standard: \"a/thing\", version: \"1.0.0\", payload: {name: \"x\"}) { valid warnings { code message } } }", json!({}), None)
        .await;
    assert!(
        validated
            .data("/validate/warnings/0/message")
            .as_str()
            .expect("w")
            .contains("retired")
    );

    app.assert_refused(
        deprecate,
        json!({ "v": "1.0.0" }),
        Some(&app.cdo),
        "INVALID_TRANSITION",
    )
    .await;
    app.assert_refused(
        retire,
        json!({ "v": "1.0.0" }),
        Some(&app.cdo),
        "INVALID_TRANSITION",
    )
    .await;
    app.assert_refused(
        deprecate,
        json!({ "v": "2.0.0" }),
        Some(&camden),
        "FORBIDDEN",
    )
    .await;
    app.assert_refused(
        deprecate,
        json!({ "v": "2.0.0", "successor": "1.0.0" }),
        Some(&app.cdo),
        "BAD_USER_INPUT",
    )
    .await;
    let past = (app.clock.now() - Duration::days(1)).to_rfc3339();
    app.assert_refused(
        deprecate,
        json!({ "v": "2.0.0", "sunset": past }),
        Some(&app.cdo),
        "BAD_USER_INPUT",
    )
    .await;
    let referencing = json!({"$ref": "/schemas/a/thing/1.0.0"});
    let response = app
        .assert_refused(
            PROPOSE_STANDARD,
            standard_input("a/other", "1.0.0", referencing),
            Some(&camden),
            "INVALID_SCHEMA",
        )
        .await;
    assert!(
        response.error()["message"]
            .as_str()
            .expect("m")
            .contains("retired")
    );
    let deprecated_warning = app
        .gql(
            "{ validate(standard: \"a/thing\", payload: {}) { version { version } warnings { code } } }",
            json!({}),
            None,
        )
        .await;
    assert_eq!(
        deprecated_warning.data("/validate/version/version"),
        "2.0.0"
    );
    assert_eq!(deprecated_warning.data("/validate/warnings"), &json!([]));
}
