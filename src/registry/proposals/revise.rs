//! Revising a proposal: a new schema and declared version, checked in full. A revision during
//! the consultation restarts its window; every revision is kept.

use sea_orm::{ActiveModelTrait, ActiveValue::Set, IntoActiveModel};
use serde_json::json;

use super::create::{NewRevision, insert_revision, principal};
use super::inputs::prose;
use super::queries::latest_revision_in;
use super::{locked, proposal_event};
use crate::auth::Caller;
use crate::compat::needed_bump;
use crate::db::begin_write;
use crate::domain::AuditAction;
use crate::domain::{ProposalKind, ProposalState, SchemaFiles, VersionNumber};
use crate::governance::{Action, Step, authorise, next_state};
use crate::registry::publish::{ensure_newer, latest_published};
use crate::registry::{Error, Proposal, Registry, Result};

impl Registry {
    /// Adds a revision to a draft or a proposal in consultation; only its authoring
    /// organisation may.
    #[tracing::instrument(skip_all, fields(proposal = id, version = version, organisation = caller.organisation()))]
    pub async fn revise_proposal(
        &self,
        caller: &Caller,
        id: i64,
        schema: SchemaFiles,
        version: &str,
        changelog: &str,
    ) -> Result<Proposal> {
        let version = VersionNumber::parse(version).map_err(|e| Error::bad_input("version", e))?;
        let changelog = prose("changelog", changelog)?;
        let current = self.proposal(id).await?;
        authorise(
            caller.actor(),
            Action::ManageProposal {
                author_organisation: current.author_organisation_id,
            },
        )?;
        let actor = principal(caller)?;
        next_state(current.state, Step::Revise)?;
        // A new version is judged against what is published; a new standard has nothing to be
        // compatible with.
        let (checked, compatibility) = match current.standard_id {
            Some(standard_id) if current.kind == ProposalKind::NewVersion => {
                let standard = self.standard_by_id(standard_id).await?;
                let (checked, compatibility) =
                    self.assess_candidate(&standard, &version, schema).await?;
                (checked, Some(compatibility))
            }
            _ => {
                let (checked, _, _) = self
                    .check_schema(&current.standard_slug, &version, &schema)
                    .await?;
                (checked, None)
            }
        };

        let txn = begin_write(self.db()).await?;
        let (row, locked) = locked(&txn, id).await?;
        let transition = next_state(locked.state, Step::Revise)?;
        let latest = match locked.standard_id {
            Some(standard_id) => latest_published(&txn, standard_id).await?,
            None => None,
        };
        ensure_newer(&version, latest.as_ref())?;
        let bump = needed_bump(compatibility.as_ref().map(|c| &c.report));
        let number = latest_revision_in(&txn, id).await?.number + 1;
        let now = self.now();
        insert_revision(
            &txn,
            NewRevision {
                proposal_id: id,
                number,
                version: &version,
                checked: &checked,
                changelog: &changelog,
                required_bump: bump,
                compatibility: compatibility.as_ref(),
                author: actor,
                at: now,
            },
        )
        .await?;
        let mut update = row.into_active_model();
        let restarted = (locked.state == ProposalState::Consultation).then(|| {
            self.settings()
                .governance
                .consultation_days
                .closes_at(now, bump)
        });
        if let Some(closes_at) = restarted {
            update.consultation_closes_at = Set(Some(closes_at));
        }
        update.updated_at = Set(now);
        let updated = update.update(&txn).await?;
        proposal_event(
            &txn,
            now,
            actor,
            AuditAction::ProposalRevised,
            id,
            json!({
                "state": transition.to.as_str(),
                "revision": number,
                "version": version.to_string(),
                "contentHash": checked.hash.as_str(),
                "requiredBump": bump.as_str(),
                "consultationRestartedUntil": restarted.map(|t| t.to_rfc3339()),
            }),
        )
        .await?;
        self.commit(txn).await?;
        updated.try_into()
    }
}
