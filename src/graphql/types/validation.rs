//! `ValidationResult` and `ValidationError`.

use async_graphql::{Object, SimpleObject};

use super::VersionNode;
use crate::validate::{Outcome, Violation};

/// The result of validating one payload.
pub struct ValidationResultNode {
    /// The version validated against.
    pub version: VersionNode,
    /// The outcome.
    pub outcome: Outcome,
    /// Warnings about the version.
    pub warnings: Vec<String>,
}

/// The result of validating one payload.
#[Object(name = "ValidationResult")]
impl ValidationResultNode {
    /// Whether the payload is valid.
    async fn valid(&self) -> bool {
        self.outcome.valid
    }

    /// The version the request resolved to.
    async fn version(&self) -> &VersionNode {
        &self.version
    }

    /// Why the payload is invalid (empty when valid), at most 100.
    async fn errors(&self) -> Vec<ViolationNode> {
        self.outcome
            .violations
            .iter()
            .cloned()
            .map(ViolationNode::from)
            .collect()
    }

    /// Whether more errors exist than were returned.
    async fn truncated(&self) -> bool {
        self.outcome.truncated
    }

    /// Warnings: the version is deprecated or retired.
    async fn warnings(&self) -> &[String] {
        &self.warnings
    }
}

/// One way a payload fails its schema.
#[derive(SimpleObject)]
#[graphql(name = "ValidationError")]
pub struct ViolationNode {
    /// Where in the payload (a JSON Pointer; empty for the whole payload).
    pub instance_path: String,
    /// The path through the schema to the failing keyword, following `$ref`s.
    pub schema_path: String,
    /// The absolute URI of the failing keyword.
    pub keyword_location: Option<String>,
    /// The failing keyword, such as `required` or `maxLength`.
    pub keyword: String,
    /// What is wrong, in a sentence.
    pub message: String,
}

impl From<Violation> for ViolationNode {
    fn from(v: Violation) -> Self {
        Self {
            instance_path: v.instance_path,
            schema_path: v.schema_path,
            keyword_location: v.keyword_location,
            keyword: v.keyword,
            message: v.message,
        }
    }
}
