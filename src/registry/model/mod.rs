//! What the registry hands to the transports: domain values built from rows, with every stored
//! string parsed back into its type. Transports never see a row.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde_json::Value;

mod proposals;

pub use proposals::{AuditEvent, Comment, Proposal, Review, Revision};

use super::{Compatibility, Error, Result};
use crate::db::entities::{account, organisation, standard, standard_version};
use crate::domain::{
    CompatibilityMode, CompatibilityPolicy, ContentHash, NamedDocument, OrgSlug, OrganisationKind,
    ParseError, Role, SchemaDocument, SchemaFiles, Slug, VersionNumber, VersionStatus,
};

/// A stored value that no longer parses means the database was edited by hand or by a newer
/// Concord; it is an internal error, never the caller's fault.
pub(super) fn stored<T>(
    column: &'static str,
    parsed: std::result::Result<T, ParseError>,
) -> Result<T> {
    parsed.map_err(|e| {
        Error::internal(StoredValueError {
            column,
            reason: e.0,
        })
    })
}

#[derive(Debug, thiserror::Error)]
#[error("stored {column} does not parse: {reason}")]
struct StoredValueError {
    column: &'static str,
    reason: String,
}

/// A stored compatibility report, parsed back into the registry's type.
pub(super) fn stored_report(column: &'static str, text: &str) -> Result<Compatibility> {
    serde_json::from_value(stored_json(column, text)?).map_err(|e| {
        Error::internal(StoredValueError {
            column,
            reason: e.to_string(),
        })
    })
}

pub(super) fn stored_json(column: &'static str, text: &str) -> Result<Value> {
    serde_json::from_str(text).map_err(|e| {
        Error::internal(StoredValueError {
            column,
            reason: e.to_string(),
        })
    })
}

pub(super) fn stored_tags(text: &str) -> Result<Vec<String>> {
    let value = stored_json("tags", text)?;
    Ok(value
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|t| t.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default())
}

/// An organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organisation {
    /// Internal id.
    pub id: i64,
    /// Its slug.
    pub slug: OrgSlug,
    /// Its official name.
    pub name: String,
    /// What sort of body it is.
    pub kind: OrganisationKind,
    /// The ONS GSS code, for authorities.
    pub gss_code: Option<String>,
    /// The three-letter register code, for authorities.
    pub register_code: Option<String>,
    /// When it was added.
    pub created_at: DateTime<Utc>,
}

impl TryFrom<organisation::Model> for Organisation {
    type Error = Error;
    fn try_from(row: organisation::Model) -> Result<Self> {
        Ok(Self {
            id: row.id,
            slug: stored("organisations.slug", OrgSlug::parse(&row.slug))?,
            name: row.name,
            kind: stored("organisations.kind", OrganisationKind::parse(&row.kind))?,
            gss_code: row.gss_code,
            register_code: row.register_code,
            created_at: row.created_at,
        })
    }
}

/// An account: a named holder of a role in an organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// Internal id.
    pub id: i64,
    /// A label for the holder ("Camden data team").
    pub name: String,
    /// Its role.
    pub role: Role,
    /// Its organisation's id.
    pub organisation_id: i64,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// The address its holder signs in with (none: API tokens only).
    pub email: Option<crate::domain::Email>,
    /// When the CDO deactivated it (its tokens and sessions stopped working then).
    pub deactivated_at: Option<DateTime<Utc>>,
}

impl TryFrom<account::Model> for Account {
    type Error = Error;
    fn try_from(row: account::Model) -> Result<Self> {
        Ok(Self {
            id: row.id,
            name: row.name,
            role: stored("accounts.role", Role::parse(&row.role))?,
            organisation_id: row.organisation_id,
            created_at: row.created_at,
            email: row
                .email
                .as_deref()
                .map(|e| stored("accounts.email", crate::domain::Email::parse(e)))
                .transpose()?,
            deactivated_at: row.deactivated_at,
        })
    }
}

/// Where a standard comes from, for standards rendered from an upstream specification.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, Default)]
pub struct Upstream {
    /// The upstream's name.
    pub name: String,
    /// Where to read it.
    pub url: Option<String>,
    /// Its licence.
    pub licence: Option<String>,
    /// The upstream version rendered.
    pub version: Option<String>,
    /// What the rendering leaves out.
    pub simplified: Option<String>,
}

/// A standard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standard {
    /// Internal id.
    pub id: i64,
    /// Its slug.
    pub slug: Slug,
    /// Its title.
    pub title: String,
    /// A summary.
    pub summary: String,
    /// Its theme.
    pub theme: String,
    /// The owning organisation's id.
    pub owner_organisation_id: i64,
    /// Its compatibility mode.
    pub mode: CompatibilityMode,
    /// Its policy for open content models.
    pub policy: CompatibilityPolicy,
    /// Its tags.
    pub tags: Vec<String>,
    /// Its upstream source, if rendered from one.
    pub upstream: Option<Upstream>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

impl TryFrom<standard::Model> for Standard {
    type Error = Error;
    fn try_from(row: standard::Model) -> Result<Self> {
        let upstream = match row.upstream.as_deref() {
            Some(text) => Some(
                serde_json::from_value(stored_json("standards.upstream", text)?)
                    .map_err(Error::internal)?,
            ),
            None => None,
        };
        Ok(Self {
            id: row.id,
            slug: stored("standards.slug", Slug::parse(&row.slug))?,
            title: row.title,
            summary: row.summary,
            theme: row.theme,
            owner_organisation_id: row.owner_organisation_id,
            mode: stored(
                "standards.compatibility_mode",
                CompatibilityMode::parse(&row.compatibility_mode),
            )?,
            policy: stored(
                "standards.compatibility_policy",
                CompatibilityPolicy::parse(&row.compatibility_policy),
            )?,
            tags: stored_tags(&row.tags)?,
            upstream,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }
}

/// A published version of a standard.
#[derive(Debug, Clone, PartialEq)]
pub struct Version {
    /// Internal id.
    pub id: i64,
    /// The standard's id.
    pub standard_id: i64,
    /// The version number.
    pub version: VersionNumber,
    /// The schema, exactly as published.
    pub schema: Arc<Value>,
    /// The schema text as stored (served byte for byte).
    pub schema_text: Arc<str>,
    /// The named documents beside the root, for a version made of several files.
    pub documents: Arc<[NamedDocument]>,
    /// SHA-256 of the version's canonical JSON (its root, with its documents if any).
    pub content_hash: ContentHash,
    /// What changed, in the author's words.
    pub changelog: String,
    /// The compatibility report against its predecessor, if one was made.
    pub change_report: Option<Compatibility>,
    /// Its life-cycle status.
    pub status: VersionStatus,
    /// The version to move to, when deprecated.
    pub successor: Option<String>,
    /// When it stops being supported, when deprecated.
    pub sunset_at: Option<DateTime<Utc>>,
    /// Why its status changed.
    pub status_note: Option<String>,
    /// The proposal that published it (none for seeded versions).
    pub proposal_id: Option<i64>,
    /// Who approved it (none for seeded versions).
    pub approved_by_account_id: Option<i64>,
    /// When it was approved.
    pub approved_at: DateTime<Utc>,
}

impl Version {
    /// The published schema with its text.
    pub fn document(&self) -> SchemaDocument {
        SchemaDocument::from_parts(self.schema.clone(), self.schema_text.clone())
    }

    /// The published root with its named documents.
    pub fn files(&self) -> SchemaFiles {
        SchemaFiles::from_stored(self.document(), self.documents.clone())
    }
}

impl TryFrom<standard_version::Model> for Version {
    type Error = Error;
    fn try_from(row: standard_version::Model) -> Result<Self> {
        Ok(Self {
            id: row.id,
            standard_id: row.standard_id,
            version: stored(
                "standard_versions.version",
                VersionNumber::parse(&row.version),
            )?,
            schema: Arc::new(stored_json("standard_versions.schema", &row.schema)?),
            schema_text: Arc::from(row.schema),
            documents: stored(
                "standard_versions.documents",
                SchemaFiles::stored(&row.documents),
            )?,
            content_hash: ContentHash::from_stored(row.content_hash),
            changelog: row.changelog,
            change_report: row
                .change_report
                .as_deref()
                .map(|t| stored_report("standard_versions.change_report", t))
                .transpose()?,
            status: stored(
                "standard_versions.status",
                VersionStatus::parse(&row.status),
            )?,
            successor: row.successor,
            sunset_at: row.sunset_at,
            status_note: row.status_note,
            proposal_id: row.proposal_id,
            approved_by_account_id: row.approved_by_account_id,
            approved_at: row.approved_at,
        })
    }
}
