//! The registry's vocabulary as types: every identifier a user types is parsed into one of these
//! at the edge, so the rest of the code never handles an unchecked slug or version.

mod document;
mod json;
mod kinds;
mod slug;
mod version;

pub use document::SchemaDocument;
pub use json::{ContentHash, JsonPointer, canonical_json, json_depth};
pub use kinds::{
    Bump, CompatibilityMode, CompatibilityPolicy, OrganisationKind, ProposalKind, ProposalState,
    Role, Verdict, VersionStatus,
};
pub use slug::{OrgSlug, Slug, Tag, Theme};
pub use version::{VersionNumber, VersionSelector};

/// Why a piece of user input could not be parsed into a domain type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ParseError(pub String);

impl ParseError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        Self(message.into())
    }
}
