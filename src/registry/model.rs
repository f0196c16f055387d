//! What the registry hands to the transports: domain values built from rows, with every stored
//! string parsed back into its type. Transports never see a row.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::{Error, Result};
use crate::db::entities::{
    account, audit_event, comment, organisation, proposal, proposal_revision, review, standard,
    standard_version,
};
use crate::domain::{
    Bump, CompatibilityMode, CompatibilityPolicy, ContentHash, OrgSlug, OrganisationKind,
    ParseError, ProposalKind, ProposalState, Role, Slug, Verdict, VersionNumber, VersionStatus,
};

/// A stored value that no longer parses means the database was edited by hand or by a newer
/// Concord; it is an internal error, never the caller's fault.
fn stored<T>(column: &'static str, parsed: std::result::Result<T, ParseError>) -> Result<T> {
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

fn stored_json(column: &'static str, text: &str) -> Result<Value> {
    serde_json::from_str(text).map_err(|e| {
        Error::internal(StoredValueError {
            column,
            reason: e.to_string(),
        })
    })
}

fn stored_tags(text: &str) -> Result<Vec<String>> {
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
    /// SHA-256 of the schema's canonical JSON.
    pub content_hash: ContentHash,
    /// What changed, in the author's words.
    pub changelog: String,
    /// The compatibility report against its predecessor, if one was made.
    pub change_report: Option<Value>,
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
            content_hash: ContentHash::from_stored(row.content_hash),
            changelog: row.changelog,
            change_report: row
                .change_report
                .as_deref()
                .map(|t| stored_json("standard_versions.change_report", t))
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

/// A proposal for a new standard or a new version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    /// Internal id (shown as the proposal number).
    pub id: i64,
    /// New standard or new version.
    pub kind: ProposalKind,
    /// The standard it creates or extends.
    pub standard_slug: Slug,
    /// The standard's id, once it exists.
    pub standard_id: Option<i64>,
    /// The standard's title (proposed, for a new standard).
    pub title: String,
    /// The standard's summary.
    pub summary: String,
    /// The standard's theme.
    pub theme: String,
    /// The standard's tags.
    pub tags: Vec<String>,
    /// The compatibility mode the new standard will have.
    pub mode: CompatibilityMode,
    /// The policy the new standard will have.
    pub policy: CompatibilityPolicy,
    /// Why the change is wanted.
    pub rationale: String,
    /// Where it is in its life cycle.
    pub state: ProposalState,
    /// The authoring account.
    pub author_account_id: i64,
    /// The authoring organisation.
    pub author_organisation_id: i64,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
    /// When it was submitted for consultation.
    pub submitted_at: Option<DateTime<Utc>>,
    /// When its consultation closes.
    pub consultation_closes_at: Option<DateTime<Utc>>,
    /// The review deadline, once convened.
    pub review_deadline: Option<DateTime<Utc>>,
    /// When it was decided.
    pub decided_at: Option<DateTime<Utc>>,
    /// Who decided it.
    pub decided_by_account_id: Option<i64>,
    /// The decision (`APPROVE`, `REJECT`).
    pub decision: Option<String>,
    /// The decision note.
    pub decision_note: Option<String>,
    /// The version published by approval.
    pub published_version_id: Option<i64>,
    /// How many times the CDO has convened the board on it (0 before the first review).
    pub review_round: i32,
}

impl TryFrom<proposal::Model> for Proposal {
    type Error = Error;
    fn try_from(row: proposal::Model) -> Result<Self> {
        Ok(Self {
            id: row.id,
            kind: stored("proposals.kind", ProposalKind::parse(&row.kind))?,
            standard_slug: stored("proposals.standard_slug", Slug::parse(&row.standard_slug))?,
            standard_id: row.standard_id,
            title: row.title,
            summary: row.summary,
            theme: row.theme,
            tags: stored_tags(&row.tags)?,
            mode: stored(
                "proposals.compatibility_mode",
                CompatibilityMode::parse(&row.compatibility_mode),
            )?,
            policy: stored(
                "proposals.compatibility_policy",
                CompatibilityPolicy::parse(&row.compatibility_policy),
            )?,
            rationale: row.rationale,
            state: stored("proposals.state", ProposalState::parse(&row.state))?,
            author_account_id: row.author_account_id,
            author_organisation_id: row.author_organisation_id,
            created_at: row.created_at,
            updated_at: row.updated_at,
            submitted_at: row.submitted_at,
            consultation_closes_at: row.consultation_closes_at,
            review_deadline: row.review_deadline,
            decided_at: row.decided_at,
            decided_by_account_id: row.decided_by_account_id,
            decision: row.decision,
            decision_note: row.decision_note,
            published_version_id: row.published_version_id,
            review_round: row.review_round,
        })
    }
}

/// One revision of a proposal: a schema and the version it declares.
#[derive(Debug, Clone, PartialEq)]
pub struct Revision {
    /// Internal id.
    pub id: i64,
    /// The proposal.
    pub proposal_id: i64,
    /// 1 for the first revision, then 2, 3…
    pub number: i32,
    /// The declared version.
    pub version: VersionNumber,
    /// The proposed schema.
    pub schema: Arc<Value>,
    /// Its content hash.
    pub content_hash: ContentHash,
    /// What this revision changes.
    pub changelog: String,
    /// The compatibility report against the latest published version, if any.
    pub compatibility: Option<Value>,
    /// The smallest version bump its changes require.
    pub required_bump: Bump,
    /// Who made it.
    pub created_by_account_id: i64,
    /// When.
    pub created_at: DateTime<Utc>,
}

impl TryFrom<proposal_revision::Model> for Revision {
    type Error = Error;
    fn try_from(row: proposal_revision::Model) -> Result<Self> {
        Ok(Self {
            id: row.id,
            proposal_id: row.proposal_id,
            number: row.number,
            version: stored(
                "proposal_revisions.version",
                VersionNumber::parse(&row.version),
            )?,
            schema: Arc::new(stored_json("proposal_revisions.schema", &row.schema)?),
            content_hash: ContentHash::from_stored(row.content_hash),
            changelog: row.changelog,
            compatibility: row
                .compatibility
                .as_deref()
                .map(|t| stored_json("proposal_revisions.compatibility", t))
                .transpose()?,
            required_bump: stored(
                "proposal_revisions.required_bump",
                Bump::parse(&row.required_bump),
            )?,
            created_by_account_id: row.created_by_account_id,
            created_at: row.created_at,
        })
    }
}

/// A public comment on a proposal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// Its id.
    pub id: i64,
    /// The proposal.
    pub proposal_id: i64,
    /// The revision it was made on.
    pub revision_number: i32,
    /// Who wrote it.
    pub author_account_id: i64,
    /// What it says.
    pub body: String,
    /// The place in the proposed schema it is about, if any.
    pub pointer: Option<String>,
    /// The comment it answers, if any.
    pub reply_to: Option<i64>,
    /// When.
    pub created_at: DateTime<Utc>,
}

impl From<comment::Model> for Comment {
    fn from(row: comment::Model) -> Self {
        Self {
            id: row.id,
            proposal_id: row.proposal_id,
            revision_number: row.revision_number,
            author_account_id: row.author_account_id,
            body: row.body,
            pointer: row.pointer,
            reply_to: row.reply_to,
            created_at: row.created_at,
        }
    }
}

/// A board member's review in one round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    /// Its id.
    pub id: i64,
    /// The proposal.
    pub proposal_id: i64,
    /// The review round.
    pub round: i32,
    /// The reviewer.
    pub reviewer_account_id: i64,
    /// The verdict.
    pub verdict: Verdict,
    /// The reviewer's comment.
    pub comment: String,
    /// When first cast.
    pub created_at: DateTime<Utc>,
    /// When last changed.
    pub updated_at: DateTime<Utc>,
}

impl TryFrom<review::Model> for Review {
    type Error = Error;
    fn try_from(row: review::Model) -> Result<Self> {
        Ok(Self {
            id: row.id,
            proposal_id: row.proposal_id,
            round: row.round,
            reviewer_account_id: row.reviewer_account_id,
            verdict: stored("reviews.verdict", Verdict::parse(&row.verdict))?,
            comment: row.comment,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }
}

/// One entry of the audit log.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditEvent {
    /// Its position in the log.
    pub id: i64,
    /// When it happened.
    pub occurred_at: DateTime<Utc>,
    /// The acting account, if any (seeding acts as the system).
    pub actor_account_id: Option<i64>,
    /// The actor's name at the time.
    pub actor_name: Option<String>,
    /// The actor's organisation slug at the time.
    pub actor_organisation: Option<String>,
    /// What happened (`proposal.submitted`, `version.published`, …).
    pub action: String,
    /// The kind of thing it happened to.
    pub subject_type: String,
    /// Which one.
    pub subject_id: String,
    /// Details of the change.
    pub details: Value,
    /// The previous event's hash.
    pub prev_hash: String,
    /// This event's hash.
    pub hash: String,
}

impl TryFrom<audit_event::Model> for AuditEvent {
    type Error = Error;
    fn try_from(row: audit_event::Model) -> Result<Self> {
        Ok(Self {
            id: row.id,
            occurred_at: row.occurred_at,
            actor_account_id: row.actor_account_id,
            actor_name: row.actor_name,
            actor_organisation: row.actor_organisation,
            action: row.action,
            subject_type: row.subject_type,
            subject_id: row.subject_id,
            details: stored_json("audit_events.details", &row.details)?,
            prev_hash: row.prev_hash,
            hash: row.hash,
        })
    }
}
