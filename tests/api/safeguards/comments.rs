//! One account cannot bury a proposal's discussion: comments are limited per account per hour,
//! and the proposal page shows them a page at a time.

use concord::domain::Role;
use concord::registry::Limits;
use serde_json::json;

use crate::helpers::{PROPOSE_STANDARD, address_schema, spawn_app_with, standard_input};

const COMMENT: &str = "mutation($id: ID!, $body: String!) { commentOnProposal(id: $id, body: $body) { comment { id } } }";

async fn a_proposal(app: &crate::helpers::TestApp, token: &str) -> String {
    app.gql(
        PROPOSE_STANDARD,
        standard_input("common/address", "1.0.0", address_schema()),
        Some(token),
    )
    .await
    .data("/proposeStandard/proposal/id")
    .as_str()
    .expect("id")
    .to_owned()
}

#[tokio::test]
async fn an_account_past_its_comments_for_the_hour_is_told_when_to_come_back() {
    let app = spawn_app_with(Limits {
        comments_per_hour: 3,
        ..Limits::default()
    })
    .await;
    let camden = app.token("camden", Role::Steward).await;
    let id = a_proposal(&app, &camden).await;
    for n in 0..3 {
        app.gql(
            COMMENT,
            json!({ "id": id, "body": format!("Point {n}") }),
            Some(&camden),
        )
        .await
        .data("/commentOnProposal");
    }
    let refused = app
        .assert_refused(
            COMMENT,
            json!({ "id": id, "body": "One too many" }),
            Some(&camden),
            "RATE_LIMITED",
        )
        .await;
    assert!(
        refused.error()["extensions"]["retryAfter"]
            .as_u64()
            .is_some_and(|s| s > 0),
        "{}",
        refused.body
    );
    assert!(
        refused.error()["message"]
            .as_str()
            .is_some_and(|m| m.contains("in the last hour"))
    );
    // Others still comment.
    let board = app.board_member("tfl").to_owned();
    app.gql(
        COMMENT,
        json!({ "id": id, "body": "From the board" }),
        Some(&board),
    )
    .await
    .data("/commentOnProposal");
}

#[tokio::test]
async fn the_proposal_page_shows_comments_a_page_at_a_time() {
    let app = spawn_app_with(Limits {
        comments_per_hour: 0,
        ..Limits::default()
    })
    .await;
    let camden = app.token("camden", Role::Steward).await;
    let id = a_proposal(&app, &camden).await;
    for n in 0..60 {
        app.gql(
            COMMENT,
            json!({ "id": id, "body": format!("Comment number {n:02}") }),
            Some(&camden),
        )
        .await
        .data("/commentOnProposal");
    }
    let first = app
        .get(&format!("/proposals/{id}"))
        .await
        .text()
        .await
        .expect("page");
    assert!(first.contains("Comment number 00") && first.contains("Comment number 49"));
    assert!(!first.contains("Comment number 50"));
    assert!(
        first.contains(&format!("href=\"/proposals/{id}?comments=2#comments\"")),
        "a link to the next page"
    );
    let second = app
        .get(&format!("/proposals/{id}?comments=2"))
        .await
        .text()
        .await
        .expect("page");
    assert!(second.contains("Comment number 50") && second.contains("Comment number 59"));
    assert!(!second.contains("Comment number 49"));
    let beyond = app.get(&format!("/proposals/{id}?comments=9")).await;
    assert_eq!(beyond.status(), 200);
}
