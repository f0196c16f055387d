//! Proposals and what hangs off them: revisions, comments, reviews, and the audit log's events.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::{stored, stored_json, stored_report, stored_tags};
use crate::db::entities::{audit_event, comment, proposal, proposal_revision, review};
use crate::domain::{
    Bump, CompatibilityMode, CompatibilityPolicy, ContentHash, NamedDocument, ProposalKind,
    ProposalState, SchemaDocument, SchemaFiles, Slug, Verdict, VersionNumber,
};
use crate::registry::{Error, Result};

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
    /// The schema's text as stored, in its author's key order.
    pub schema_text: Arc<str>,
    /// The named documents beside the root, for a version made of several files.
    pub documents: Arc<[NamedDocument]>,
    /// Its content hash.
    pub content_hash: ContentHash,
    /// What this revision changes.
    pub changelog: String,
    /// The compatibility report against the published versions (none for a new standard).
    pub compatibility: Option<crate::registry::Compatibility>,
    /// The smallest version bump its changes require.
    pub required_bump: Bump,
    /// Who made it.
    pub created_by_account_id: i64,
    /// When.
    pub created_at: DateTime<Utc>,
}

impl Revision {
    /// What its files ask for that Concord accepts but does not check.
    pub fn warnings(&self) -> Vec<crate::validate::SchemaWarning> {
        crate::validate::version_warnings(&self.files())
    }

    /// The proposed root with its text.
    pub fn document(&self) -> SchemaDocument {
        SchemaDocument::from_parts(self.schema.clone(), self.schema_text.clone())
    }

    /// The proposed root with its named documents.
    pub fn files(&self) -> SchemaFiles {
        SchemaFiles::from_stored(self.document(), self.documents.clone())
    }
}

impl Proposal {
    /// When its consultation closes, if the consultation is still running at `now` (only an
    /// undecided proposal has one).
    pub fn open_consultation(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        crate::governance::consultation_running(self.state, self.consultation_closes_at, now)
    }
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
            schema_text: Arc::from(row.schema),
            documents: stored(
                "proposal_revisions.documents",
                SchemaFiles::stored(&row.documents),
            )?,
            content_hash: ContentHash::from_stored(row.content_hash),
            changelog: row.changelog,
            compatibility: row
                .compatibility
                .as_deref()
                .map(|t| stored_report("proposal_revisions.compatibility", t))
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
