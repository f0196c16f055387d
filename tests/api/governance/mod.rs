//! The process by which London agrees a standard: consultation, comments, board review, the
//! CDO's decision, and what happens to versions afterwards. The shared requests and steps are
//! here; the tests are split by stage.

mod after_publication;
mod approvable;
mod decisions;
mod walk;

use serde_json::{Value, json};

use crate::helpers::{PROPOSE_STANDARD, REVIEW, TestApp, address_schema, standard_input};

pub const COMMENT: &str = "mutation($id: ID!, $body: String!, $pointer: String, $replyTo: ID) {
  commentOnProposal(id: $id, body: $body, pointer: $pointer, replyTo: $replyTo) {
    comment { id body pointer replyTo revision author { name } }
  }
}";
pub const REVISE: &str =
    "mutation($id: ID!, $schema: JSON!, $version: String!, $changelog: String!) {
  reviseProposal(id: $id, schema: $schema, version: $version, changelog: $changelog) {
    proposal { state consultationClosesAt latestRevision { number version requiredBump } }
  }
}";
pub const WITHDRAW: &str = "mutation($id: ID!, $note: String) { withdrawProposal(id: $id, note: $note) { proposal { state } } }";

/// Camden (or whoever holds `token`) proposes a new standard at `slug`; its id.
pub async fn propose(app: &TestApp, token: &str, slug: &str) -> String {
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

/// A steward of `org` proposes a new standard at `slug` and submits it for consultation; the
/// steward's token and the proposal's id.
pub async fn submitted(app: &TestApp, org: &str, slug: &str) -> (String, String) {
    let steward = app.token(org, concord::domain::Role::Steward).await;
    let id = propose(app, &steward, slug).await;
    app.gql(crate::helpers::SUBMIT, json!({ "id": id }), Some(&steward))
        .await
        .data("/submitProposal");
    (steward, id)
}

/// Casts a review with a reason; the payload.
pub async fn review(app: &TestApp, token: &str, id: &str, verdict: &str) -> Value {
    app.gql(
        REVIEW,
        json!({ "id": id, "verdict": verdict, "comment": format!("{verdict}: reasons given") }),
        Some(token),
    )
    .await
    .data("/castReview")
    .clone()
}
