//! The GraphQL requests tests send most, and the inputs they take.

use serde_json::{Value, json};

pub const PROPOSE_STANDARD: &str = "mutation($input: ProposeStandardInput!) {
  proposeStandard(input: $input) { proposal { id state kind standardSlug latestRevision { version number } } }
}";
pub const PROPOSE_VERSION: &str = "mutation($input: ProposeVersionInput!) {
  proposeVersion(input: $input) { proposal { id state kind latestRevision { version } } }
}";
pub const SUBMIT: &str =
    "mutation($id: ID!) { submitProposal(id: $id) { proposal { id state consultationClosesAt } } }";
pub const CONVENE: &str = "mutation($id: ID!, $deadline: DateTime!, $reviewers: [ID!]) {
  conveneReview(id: $id, deadline: $deadline, reviewers: $reviewers) {
    proposal { id state reviewRound reviewDeadline reviewers { name } }
  }
}";
pub const REVIEW: &str = "mutation($id: ID!, $verdict: Verdict!, $comment: String!) {
  castReview(id: $id, verdict: $verdict, comment: $comment) {
    review { verdict comment round reviewer { name } }
    proposal { tally { eligible approvals changesRequested rejections needed approvable } }
  }
}";
pub const DECIDE: &str = "mutation($id: ID!, $decision: Decision!, $note: String) {
  decideProposal(id: $id, decision: $decision, note: $note) {
    proposal { id state decisionNote publishedVersion { version uri contentHash status } }
  }
}";
pub const VALIDATE: &str = "query($standard: String!, $version: String, $payload: JSON!) {
  validate(standard: $standard, version: $version, payload: $payload) {
    valid truncated warnings { code message instancePath } version { version } errors { instancePath schemaPath keyword message keywordLocation }
  }
}";

/// A small address schema in the spirit of `common/address`.
pub fn address_schema() -> Value {
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Address",
        "type": "object",
        "required": ["uprn", "postcode"],
        "properties": {
            "uprn": {"type": "integer", "minimum": 1, "maximum": 999999999999_i64},
            "postcode": {"type": "string", "pattern": "^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}$"},
            "lines": {"type": "array", "items": {"type": "string"}, "maxItems": 5}
        }
    })
}

/// The input of `proposeStandard` for `slug` at `version` with `schema`.
pub fn standard_input(slug: &str, version: &str, schema: Value) -> Value {
    json!({ "input": {
        "slug": slug,
        "title": format!("Standard {slug}"),
        "summary": "A standard used in the tests.",
        "theme": "common",
        "tags": ["test"],
        "version": version,
        "schema": schema,
        "rationale": "Boroughs need one shape for this."
    }})
}

/// The input of `proposeVersion`.
pub fn version_input(slug: &str, version: &str, schema: Value) -> Value {
    json!({ "input": {
        "standard": slug,
        "version": version,
        "schema": schema,
        "changelog": "Changes for the tests.",
        "rationale": "Needed by the tests."
    }})
}
