//! The `approvable` flag a board member and the CDO read is the decision's own check: it never
//! says "approvable" while `decideProposal` would refuse.

use chrono::Duration;

use serde_json::json;

use super::{review, submitted};
use crate::helpers::{DECIDE, spawn_app};

const TALLY: &str =
    "query($id: ID!) { proposal(id: $id) { tally { approvals needed approvable blockedBy } } }";

#[tokio::test]
async fn the_approvable_flag_agrees_with_the_decision_while_the_consultation_is_open() {
    let app = spawn_app().await;
    let (_, id) = submitted(&app, "camden", "common/address").await;
    app.convene(&id).await.data("/conveneReview");
    for member in app.convened_tokens(&id).await {
        review(&app, &member, &id, "APPROVE").await;
    }

    let open = app.gql(TALLY, json!({ "id": id }), None).await;
    let tally = open.data("/proposal/tally");
    assert!(
        tally["approvals"].as_u64() >= tally["needed"].as_u64()
            && tally["needed"].as_u64() > Some(0),
        "the board approved with a quorum: {tally}"
    );
    assert_eq!(tally["approvable"], false, "{tally}");
    assert!(
        tally["blockedBy"]
            .as_str()
            .is_some_and(|why| why.contains("consultation is open")),
        "{tally}"
    );
    let refused = app
        .gql(
            DECIDE,
            json!({ "id": id, "decision": "APPROVE" }),
            Some(&app.cdo),
        )
        .await;
    assert_eq!(refused.code(), "CONSULTATION_OPEN");

    app.clock.advance(Duration::days(28));
    let closed = app.gql(TALLY, json!({ "id": id }), None).await;
    assert_eq!(closed.data("/proposal/tally/approvable"), true);
    assert_eq!(closed.data("/proposal/tally/blockedBy"), &json!(null));
    let decided = app
        .gql(
            DECIDE,
            json!({ "id": id, "decision": "APPROVE" }),
            Some(&app.cdo),
        )
        .await;
    assert_eq!(decided.data("/decideProposal/proposal/state"), "APPROVED");
}
