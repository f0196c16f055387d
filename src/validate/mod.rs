//! Pure JSON Schema handling: which draft a schema uses, whether it is a valid schema, which
//! registry versions it references, compiling it (with those references supplied, never fetched)
//! and validating documents. No I/O: the registry loads referenced documents and passes them in.

mod address;
mod bundle;
mod cache;
mod check;
mod compile;
mod draft;
mod files;
mod oracle;
mod refs;
mod run;
mod warnings;

pub use address::Addresses;
pub use bundle::bundle;
pub use cache::{CacheStats, ValidatorCache};
pub use check::{Inspection, inspect, inspect_version};
pub use compile::{BACKTRACK_LIMIT, Compiled, compile};
pub use draft::SchemaDraft;
pub use files::{as_referenced, document_uri, own_documents, root_uri};
pub use oracle::PairOracle;
pub use refs::{RegistryRef, registry_references};
pub use run::{Outcome, Violation, validate};
pub use warnings::{SchemaWarning, is_checked_format, version_warnings, warnings};

use serde::Serialize;

/// One thing wrong with a proposed schema, located by a JSON Pointer into it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SchemaProblem {
    /// Which of a version's named documents it is in; none for the root schema.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    /// Where in the schema (a JSON Pointer; empty for the root).
    pub pointer: String,
    /// The JSON Schema keyword involved, when there is one.
    pub keyword: Option<String>,
    /// What is wrong, in a sentence.
    pub message: String,
}

impl SchemaProblem {
    pub(crate) fn new(
        pointer: impl Into<String>,
        keyword: Option<&str>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            document: None,
            pointer: pointer.into(),
            keyword: keyword.map(str::to_owned),
            message: message.into(),
        }
    }

    /// The same problem, placed in the named document `path`.
    pub(crate) fn in_document(mut self, path: Option<&str>) -> Self {
        self.document = path.map(str::to_owned);
        self
    }
}

/// The most problems reported for one schema; beyond this the list is cut (the first ones are the
/// useful ones, and a hostile schema must not produce an unbounded answer).
pub const MAX_PROBLEMS: usize = 50;
