//! Proposing: a new standard, or a new version of one. The schema is checked in full before the
//! proposal exists, so a proposal never carries a schema the registry could not publish.

use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set};
use serde_json::json;

use super::{NewStandardProposal, NewVersionProposal};
use crate::auth::{Caller, Principal};
use crate::compat::needed_bump;
use crate::db::begin_write;
use crate::db::entities::{proposal, proposal_revision, standard};
use crate::domain::AuditAction;
use crate::domain::{Bump, ProposalKind, ProposalState, Slug, VersionNumber};
use crate::governance::{Action, OPEN_STATES, authorise, reserves};
use crate::registry::audit::{Event, record};
use crate::registry::publish::{CheckedSchema, ensure_newer, latest_published};
use crate::registry::{Compatibility, Error, Proposal, Registry, Result};

pub(crate) fn principal(caller: &Caller) -> Result<&Principal> {
    caller
        .principal()
        .ok_or_else(|| Error::Unauthenticated("this needs an API token".to_owned()))
}

impl Registry {
    /// Proposes a new standard with its first version, as a draft of the caller's organisation.
    #[tracing::instrument(skip_all, fields(standard = %input.slug, version = %input.version, organisation = caller.organisation()))]
    pub async fn propose_standard(
        &self,
        caller: &Caller,
        input: NewStandardProposal,
    ) -> Result<Proposal> {
        authorise(caller.actor(), Action::Propose)?;
        let author = principal(caller)?;
        if self.find_standard(&input.slug).await?.is_some() {
            return Err(Error::Conflict(format!(
                "standard `{}` already exists; propose a new version of it instead",
                input.slug
            )));
        }
        let (checked, _, _) = self
            .check_schema(&input.slug, &input.version, &input.schema)
            .await?;
        let txn = begin_write(self.db()).await?;
        ensure_slug_free(
            &txn,
            &input.slug,
            None,
            self.now(),
            self.settings().governance.draft_expiry(),
        )
        .await?;
        let now = self.now();
        let row = proposal::ActiveModel {
            kind: Set(ProposalKind::NewStandard.as_str().to_owned()),
            standard_slug: Set(input.slug.to_string()),
            standard_id: Set(None),
            title: Set(input.title.clone()),
            summary: Set(input.summary.clone()),
            theme: Set(input.theme.to_string()),
            tags: Set(json!(input.tags.iter().map(|t| t.as_str()).collect::<Vec<_>>()).to_string()),
            compatibility_mode: Set(input.mode.as_str().to_owned()),
            compatibility_policy: Set(input.policy.as_str().to_owned()),
            rationale: Set(input.rationale.clone()),
            state: Set(ProposalState::Draft.as_str().to_owned()),
            author_account_id: Set(author.account_id),
            author_organisation_id: Set(author.organisation_id),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let changelog = format!("First version of {}.", input.title);
        insert_revision(
            &txn,
            NewRevision {
                proposal_id: row.id,
                number: 1,
                version: &input.version,
                checked: &checked,
                changelog: &changelog,
                required_bump: needed_bump(None),
                compatibility: None,
                author,
                at: now,
            },
        )
        .await?;
        record(
            &txn,
            now,
            Event {
                actor: Some(author),
                action: AuditAction::ProposalCreated,
                subject_id: row.id.to_string(),
                details: json!({
                    "kind": ProposalKind::NewStandard.as_str(),
                    "standard": input.slug.as_str(),
                    "version": input.version.to_string(),
                    "contentHash": checked.hash.as_str(),
                }),
            },
        )
        .await?;
        self.commit(txn).await?;
        row.try_into()
    }

    /// Proposes a new version of an existing standard, as a draft of the caller's organisation.
    #[tracing::instrument(skip_all, fields(standard = %input.standard, version = %input.version, organisation = caller.organisation()))]
    pub async fn propose_version(
        &self,
        caller: &Caller,
        input: NewVersionProposal,
    ) -> Result<Proposal> {
        authorise(caller.actor(), Action::Propose)?;
        let author = principal(caller)?;
        let standard = self.standard(&input.standard).await?;
        let (checked, compatibility) = self
            .assess_candidate(&standard, &input.version, input.schema.clone())
            .await?;
        let txn = begin_write(self.db()).await?;
        ensure_newer(
            &input.version,
            latest_published(&txn, standard.id).await?.as_ref(),
        )?;
        let now = self.now();
        let row = proposal::ActiveModel {
            kind: Set(ProposalKind::NewVersion.as_str().to_owned()),
            standard_slug: Set(standard.slug.to_string()),
            standard_id: Set(Some(standard.id)),
            title: Set(standard.title.clone()),
            summary: Set(standard.summary.clone()),
            theme: Set(standard.theme.clone()),
            tags: Set(json!(standard.tags).to_string()),
            compatibility_mode: Set(standard.mode.as_str().to_owned()),
            compatibility_policy: Set(standard.policy.as_str().to_owned()),
            rationale: Set(input.rationale.clone()),
            state: Set(ProposalState::Draft.as_str().to_owned()),
            author_account_id: Set(author.account_id),
            author_organisation_id: Set(author.organisation_id),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        insert_revision(
            &txn,
            NewRevision {
                proposal_id: row.id,
                number: 1,
                version: &input.version,
                checked: &checked,
                changelog: &input.changelog,
                required_bump: compatibility.required_bump(),
                compatibility: Some(&compatibility),
                author,
                at: now,
            },
        )
        .await?;
        record(
            &txn,
            now,
            Event {
                actor: Some(author),
                action: AuditAction::ProposalCreated,
                subject_id: row.id.to_string(),
                details: json!({
                    "kind": ProposalKind::NewVersion.as_str(),
                    "standard": standard.slug.as_str(),
                    "version": input.version.to_string(),
                    "contentHash": checked.hash.as_str(),
                }),
            },
        )
        .await?;
        self.commit(txn).await?;
        row.try_into()
    }
}

/// Refuses a new-standard proposal whose slug is taken by a standard or reserved by another open
/// proposal (other than `except`, the proposal being approved) at `now`.
pub(crate) async fn ensure_slug_free(
    txn: &DatabaseTransaction,
    slug: &Slug,
    except: Option<i64>,
    now: chrono::DateTime<chrono::Utc>,
    draft_expiry: chrono::Duration,
) -> Result<()> {
    let exists = standard::Entity::find()
        .filter(standard::Column::Slug.eq(slug.as_str()))
        .one(txn)
        .await?;
    if exists.is_some() {
        return Err(Error::Conflict(format!("standard `{slug}` already exists")));
    }
    let mut open = proposal::Entity::find()
        .filter(proposal::Column::StandardSlug.eq(slug.as_str()))
        .filter(proposal::Column::Kind.eq(ProposalKind::NewStandard.as_str()))
        .filter(proposal::Column::State.is_in(OPEN_STATES.iter().map(|s| s.as_str())));
    if let Some(except) = except {
        open = open.filter(proposal::Column::Id.ne(except));
    }
    let open = open
        .all(txn)
        .await?
        .into_iter()
        .map(Proposal::try_from)
        .collect::<Result<Vec<_>>>()?
        .into_iter()
        .find(|p| reserves(p.state, p.updated_at, now, draft_expiry));
    if let Some(other) = open {
        return Err(Error::Conflict(format!(
            "proposal {} already proposes standard `{slug}`",
            other.id
        )));
    }
    Ok(())
}

/// A revision about to be stored.
pub(crate) struct NewRevision<'a> {
    pub proposal_id: i64,
    pub number: i32,
    pub version: &'a VersionNumber,
    pub checked: &'a CheckedSchema,
    pub changelog: &'a str,
    pub required_bump: Bump,
    pub compatibility: Option<&'a Compatibility>,
    pub author: &'a Principal,
    pub at: chrono::DateTime<chrono::Utc>,
}

pub(crate) async fn insert_revision(
    txn: &DatabaseTransaction,
    new: NewRevision<'_>,
) -> Result<proposal_revision::Model> {
    Ok(proposal_revision::ActiveModel {
        proposal_id: Set(new.proposal_id),
        number: Set(new.number),
        version: Set(new.version.to_string()),
        schema: Set(new.checked.text.clone()),
        documents: Set(new.checked.documents.clone()),
        content_hash: Set(new.checked.hash.to_string()),
        changelog: Set(new.changelog.to_owned()),
        compatibility: Set(new
            .compatibility
            .map(serde_json::to_string)
            .transpose()
            .map_err(Error::internal)?),
        required_bump: Set(new.required_bump.as_str().to_owned()),
        created_by_account_id: Set(new.author.account_id),
        created_at: Set(new.at),
        ..Default::default()
    }
    .insert(txn)
    .await?)
}
