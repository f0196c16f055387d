//! The gates of a decision: quorum, majority, conflicts of interest, withdrawals, requests
//! for changes and reviews that change.

use chrono::Duration;
use concord::clock::Clock;
use concord::domain::Role;
use serde_json::json;

use super::{COMMENT, REVISE, WITHDRAW, propose, review};
use crate::helpers::{CONVENE, DECIDE, REVIEW, SUBMIT, address_schema, spawn_app};

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
            extensions["eligible"].clone(),
            extensions["rejections"].clone()
        ),
        (json!(1), json!(2), json!(3), json!(0))
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
    let extensions = &response.error()["extensions"];
    assert_eq!(
        [
            &extensions["approvals"],
            &extensions["rejections"],
            &extensions["eligible"],
            &extensions["needed"]
        ],
        [&json!(1), &json!(1), &json!(3), &json!(1)],
        "the whole count, as it stands"
    );
}

#[tokio::test]
async fn nobody_reviews_or_is_convened_on_their_own_organisations_proposal() {
    // TfL's proposal leaves two organisations on the board: a panel of two is allowed here.
    let governance = concord::registry::Governance {
        min_panel: 2,
        ..concord::registry::Governance::default()
    };
    let app =
        crate::helpers::spawn_app_with_settings(concord::registry::Limits::default(), governance)
            .await;
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
async fn reviews_stay_changeable_past_the_deadline_until_the_decision() {
    let app = spawn_app().await;
    let camden = app.token("camden", Role::Steward).await;
    let id = propose(&app, &camden, "common/address").await;
    app.gql(SUBMIT, json!({ "id": id }), Some(&camden))
        .await
        .data("/submitProposal");
    app.convene(&id).await;
    let loti = app.board_member("loti");
    app.gql(
        REVIEW,
        json!({ "id": id, "verdict": "REJECT", "comment": "not yet" }),
        Some(loti),
    )
    .await
    .data("/castReview");
    app.clock.advance(Duration::days(8));
    let late = app
        .gql(
            REVIEW,
            json!({ "id": id, "verdict": "APPROVE", "comment": "persuaded after the deadline" }),
            Some(loti),
        )
        .await;
    assert_eq!(late.data("/castReview/review/verdict"), "APPROVE");
    app.gql(
        DECIDE,
        json!({ "id": id, "decision": "REJECT", "note": "not enough support" }),
        Some(&app.cdo),
    )
    .await
    .data("/decideProposal");
    app.assert_refused(
        REVIEW,
        json!({ "id": id, "verdict": "REJECT", "comment": "too late now" }),
        Some(loti),
        "INVALID_TRANSITION",
    )
    .await;
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
