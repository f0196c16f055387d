//! The quorum is a share of the eligible board, a panel needs several organisations, late
//! accounts cannot review, a CDO cannot mint another CDO, and on their own organisation's
//! proposal the CDO only records the board's verdict.

use chrono::Duration;
use concord::clock::Clock;
use concord::domain::Role;
use concord::registry::{Governance, Limits};
use serde_json::json;

use crate::governance::{review, submitted};
use crate::helpers::{CONVENE, DECIDE, TestApp, spawn_app, spawn_app_with_settings};

fn board_id(app: &TestApp, org: &str) -> String {
    app.board
        .iter()
        .find(|(o, _, _)| o == org)
        .map(|(_, id, _)| id.clone())
        .expect("board member")
}

#[tokio::test]
async fn the_cdo_cannot_create_a_cdo_account_through_the_api() {
    let app = spawn_app().await;
    let response = app
        .assert_refused(
            "mutation { createToken(input: {organisation: \"camden\", role: CDO, name: \"Second CDO\"}) { token } }",
            json!({}),
            Some(&app.cdo),
            "FORBIDDEN",
        )
        .await;
    assert!(
        response.error()["message"]
            .as_str()
            .is_some_and(|m| m.contains("operator")),
        "{}",
        response.body
    );
    let board = app
        .gql(
            "mutation { createToken(input: {organisation: \"camden\", role: BOARD, name: \"Camden board\"}) { account { role } } }",
            json!({}),
            Some(&app.cdo),
        )
        .await;
    assert_eq!(board.data("/createToken/account/role"), "BOARD");
}

#[tokio::test]
async fn convening_one_friendly_member_does_not_make_one_vote_a_quorum() {
    let governance = Governance {
        min_panel: 1,
        ..Governance::default()
    };
    let app = spawn_app_with_settings(Limits::default(), governance).await;
    let (_, id) = submitted(&app, "camden", "common/address").await;
    let deadline = (app.clock.now() + Duration::days(7)).to_rfc3339();
    let tfl = board_id(&app, "tfl");
    app.gql(
        CONVENE,
        json!({ "id": id, "deadline": deadline, "reviewers": [tfl] }),
        Some(&app.cdo),
    )
    .await
    .data("/conveneReview");
    let tally = review(&app, app.board_member("tfl"), &id, "APPROVE").await;
    assert_eq!(
        tally["proposal"]["tally"]["eligible"], 3,
        "the eligible board, not the panel"
    );
    app.clock.advance(Duration::days(29));
    let refused = app
        .assert_refused(
            DECIDE,
            json!({ "id": id, "decision": "APPROVE" }),
            Some(&app.cdo),
            "QUORUM_NOT_MET",
        )
        .await;
    assert_eq!(refused.error()["extensions"]["eligible"], 3);
    assert_eq!(refused.error()["extensions"]["needed"], 2);
}

#[tokio::test]
async fn a_panel_from_too_few_organisations_is_refused() {
    let app = spawn_app().await;
    let (_, id) = submitted(&app, "camden", "common/address").await;
    let deadline = (app.clock.now() + Duration::days(7)).to_rfc3339();
    let two = [board_id(&app, "tfl"), board_id(&app, "loti")];
    let refused = app
        .assert_refused(
            CONVENE,
            json!({ "id": id, "deadline": deadline, "reviewers": two }),
            Some(&app.cdo),
            "BAD_USER_INPUT",
        )
        .await;
    assert_eq!(refused.error()["extensions"]["field"], "reviewers");
    assert!(
        refused.error()["message"]
            .as_str()
            .is_some_and(|m| m.contains("at least 3 board members from 3 different organisations")),
        "{}",
        refused.body
    );
}

#[tokio::test]
async fn a_board_account_created_after_submission_cannot_review_the_proposal() {
    let app = spawn_app().await;
    let (_, id) = submitted(&app, "camden", "common/address").await;
    app.clock.advance(Duration::seconds(1));
    let (late, _) = app
        .registry
        .create_token_as_operator(&crate::helpers::org("hackney"), Role::Board, "Late member")
        .await
        .expect("token");
    let deadline = (app.clock.now() + Duration::days(7)).to_rfc3339();
    let mut panel: Vec<String> = ["tfl", "loti", "westminster"]
        .iter()
        .map(|o| board_id(&app, o))
        .collect();
    panel.push(late.id.to_string());
    let refused = app
        .assert_refused(
            CONVENE,
            json!({ "id": id, "deadline": deadline, "reviewers": panel }),
            Some(&app.cdo),
            "BAD_USER_INPUT",
        )
        .await;
    assert_eq!(refused.error()["extensions"]["field"], "reviewers[3]");
    assert!(
        refused.error()["message"]
            .as_str()
            .is_some_and(|m| m.contains("created after the proposal was submitted")),
        "{}",
        refused.body
    );
    let convened = app.convene(&id).await;
    let reviewers = convened
        .data("/conveneReview/proposal/reviewers")
        .as_array()
        .expect("reviewers")
        .len();
    assert_eq!(
        reviewers, 3,
        "by default, the eligible board without the late account"
    );
}

#[tokio::test]
async fn on_their_own_organisations_proposal_the_cdo_records_the_boards_verdict() {
    let app = spawn_app().await;
    // The CDO's account belongs to the GLA.
    let (_, id) = submitted(&app, "gla", "common/address").await;
    app.convene(&id).await.data("/conveneReview");
    review(&app, app.board_member("tfl"), &id, "APPROVE").await;
    review(&app, app.board_member("loti"), &id, "APPROVE").await;
    review(&app, app.board_member("westminster"), &id, "REJECT").await;
    let early = app
        .assert_refused(
            DECIDE,
            json!({ "id": id, "decision": "APPROVE" }),
            Some(&app.cdo),
            "FORBIDDEN",
        )
        .await;
    assert!(
        early.error()["message"]
            .as_str()
            .is_some_and(|m| m.contains("board's verdict alone")),
        "{}",
        early.body
    );
    app.clock.advance(Duration::days(29));
    let overridden = app
        .assert_refused(
            DECIDE,
            json!({ "id": id, "decision": "REJECT", "note": "I disagree" }),
            Some(&app.cdo),
            "FORBIDDEN",
        )
        .await;
    assert!(
        overridden.error()["message"]
            .as_str()
            .is_some_and(|m| m.contains("verdict is to approve")),
        "{}",
        overridden.body
    );
    let recorded = app
        .gql(
            DECIDE,
            json!({ "id": id, "decision": "APPROVE" }),
            Some(&app.cdo),
        )
        .await;
    assert_eq!(recorded.data("/decideProposal/proposal/state"), "APPROVED");
}
