//! The registry's vocabulary as types: every identifier a user types is parsed into one of these
//! at the edge, so the rest of the code never handles an unchecked slug or version.

mod audit;
mod document;
mod email;
mod files;
mod json;
mod kinds;
mod metaschema;
mod quote;
mod slug;
mod text;
mod version;
mod vocabulary;

pub use audit::{AuditAction, Subject};
pub use document::SchemaDocument;
pub use email::Email;
pub use files::{DocumentPath, MAX_DOCUMENTS, NamedDocument, SchemaFiles, split_document_address};
pub use json::{ContentHash, JsonPointer, canonical_json, json_depth};
pub use kinds::{
    AdoptionStatus, Bump, CompatibilityMode, CompatibilityPolicy, Decision, FixtureRole,
    OrganisationKind, ProposalKind, ProposalState, Role, Verdict, VersionStatus,
};
pub use metaschema::is_metaschema;
pub use quote::{QUOTE_CHARS, Quoted};
pub use slug::{OrgSlug, Slug, Tag, Theme};
pub use text::{Name, Prose, Summary, Text, Title};
pub use version::{VersionNumber, VersionSelector, VersionedPath};
pub(crate) use vocabulary::vocabulary;

/// Why a piece of user input could not be parsed into a domain type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ParseError(pub String);

impl ParseError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        Self(message.into())
    }
}
