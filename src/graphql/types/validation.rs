//! `ValidationResult`, `ValidationError` and `ValidationWarning`.

use std::sync::Arc;

use async_graphql::{Object, SimpleObject};

use super::VersionNode;
use crate::registry::{Checked, Warning};
use crate::validate::Violation;

/// The result of validating one payload.
pub struct ValidationResultNode {
    /// The version validated against, shared by every result of one request (it carries the
    /// whole version, change report included, so it is never copied per document).
    pub version: Arc<VersionNode>,
    /// The outcome and warnings.
    pub checked: Checked,
}

/// The result of validating one payload.
#[Object(name = "ValidationResult")]
impl ValidationResultNode {
    /// Whether the payload is valid.
    async fn valid(&self) -> bool {
        self.checked.outcome.valid
    }

    /// The version the request resolved to.
    async fn version(&self) -> &VersionNode {
        self.version.as_ref()
    }

    /// Why the payload is invalid (empty when valid), at most 100.
    async fn errors(&self) -> Vec<ViolationNode> {
        self.checked
            .outcome
            .violations
            .iter()
            .cloned()
            .map(ViolationNode::from)
            .collect()
    }

    /// Whether more errors exist than were returned.
    async fn truncated(&self) -> bool {
        self.checked.outcome.truncated
    }

    /// Warnings, valid or not: the version is deprecated or retired, or the payload uses a
    /// property the schema marks deprecated.
    async fn warnings(&self) -> Vec<WarningNode> {
        self.checked
            .warnings
            .iter()
            .cloned()
            .map(WarningNode::from)
            .collect()
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

/// Something worth knowing about a payload, valid or not.
#[derive(SimpleObject)]
#[graphql(name = "ValidationWarning")]
pub struct WarningNode {
    /// `DEPRECATED_VERSION`, `RETIRED_VERSION` or `DEPRECATED_PROPERTY`.
    pub code: String,
    /// What, in a sentence.
    pub message: String,
    /// Where in the payload, for a deprecated property.
    pub instance_path: Option<String>,
}

impl From<Warning> for WarningNode {
    fn from(w: Warning) -> Self {
        Self {
            code: w.code.to_owned(),
            message: w.message,
            instance_path: w.instance_path,
        }
    }
}
