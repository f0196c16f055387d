//! The CDO's decision, and withdrawal by the authors. Approval is gated (consultation closed,
//! quorum, majority) and publishes the version in the same transaction as the decision and its
//! audit events.

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DatabaseTransaction, IntoActiveModel,
};
use serde_json::json;

use super::board::tally_of;
use super::create::{ensure_slug_free, principal};
use super::inputs::optional_prose;
use super::{locked, proposal_event};
use crate::auth::{Caller, Principal};
use crate::db::begin_write;
use crate::db::entities::{proposal, standard};
use crate::domain::AuditAction;
use crate::domain::{Decision, ProposalKind};
use crate::governance::{
    Action, Step, authorise, check_approval, check_bound_decision, next_state,
};
use crate::registry::audit::{Event, record};
use crate::registry::publish::{CheckedSchema, NewVersion, insert_version};
use crate::registry::{Compatibility, Error, Proposal, Registry, Result, Revision};

/// What a decision does to a proposal, and how the audit log names it.
impl Decision {
    fn step(self) -> Step {
        match self {
            Self::Approve => Step::Approve,
            Self::Reject => Step::Reject,
            Self::RequestChanges => Step::RequestChanges,
        }
    }

    fn action(self) -> AuditAction {
        match self {
            Self::Approve => AuditAction::ProposalApproved,
            Self::Reject => AuditAction::ProposalRejected,
            Self::RequestChanges => AuditAction::ProposalChangesRequested,
        }
    }
}

impl Registry {
    /// Records the CDO's decision on a proposal under review. APPROVE needs the consultation
    /// closed, the quorum of approvals and more approvals than rejections, and publishes the
    /// latest revision's version (creating the standard, for a new-standard proposal). REJECT and
    /// REQUEST_CHANGES need a note saying why; REQUEST_CHANGES returns the proposal to draft.
    #[tracing::instrument(skip_all, fields(proposal = id, decision = ?decision, organisation = caller.organisation()))]
    pub async fn decide_proposal(
        &self,
        caller: &Caller,
        id: i64,
        decision: Decision,
        note: Option<&str>,
    ) -> Result<Proposal> {
        let note = optional_prose("note", note)?;
        if decision != Decision::Approve && note.is_none() {
            return Err(Error::bad_input(
                "note",
                "a rejection or a request for changes must say why",
            ));
        }
        let current = self.proposal(id).await?;
        authorise(caller.actor(), Action::Decide)?;
        let actor = principal(caller)?;
        next_state(current.state, decision.step())?;
        // On their own organisation's proposal the CDO records the board's verdict.
        let bound = actor.organisation_id == current.author_organisation_id;
        if bound {
            self.check_bound(self.db(), &current, decision).await?;
        }
        let revision = self.latest_revision(id).await?;
        // Re-check the schema as it will be published: a referenced version may have been
        // retired, or another version published, since the revision was made.
        let checked = if decision == Decision::Approve {
            if !bound {
                self.gate_approval(&current).await?;
            }
            Some(self.recheck(&current, &revision).await?)
        } else {
            None
        };

        let txn = begin_write(self.db()).await?;
        let (row, locked) = locked(&txn, id).await?;
        let transition = next_state(locked.state, decision.step())?;
        // The reviews may have changed since the checks above; the write lock now holds them.
        if bound {
            self.check_bound(&txn, &locked, decision).await?;
        } else if decision == Decision::Approve {
            check_approval(
                locked.open_consultation(self.now()),
                tally_of(&txn, &locked, None).await?,
                self.settings().governance.quorum,
            )?;
        }
        let now = self.now();
        let mut update = row.into_active_model();
        if let Some((checked, compatibility)) = &checked {
            let report = compatibility
                .as_ref()
                .map(serde_json::to_value)
                .transpose()
                .map_err(Error::internal)?;
            self.publish(
                &txn,
                &mut update,
                &locked,
                &revision,
                checked,
                report,
                actor,
            )
            .await?;
        }
        update.state = Set(transition.to.as_str().to_owned());
        update.updated_at = Set(now);
        if decision == Decision::RequestChanges {
            update.consultation_closes_at = Set(None);
            update.review_deadline = Set(None);
        } else {
            update.decided_at = Set(Some(now));
            update.decided_by_account_id = Set(Some(actor.account_id));
            update.decision = Set(Some(decision.as_str().to_owned()));
            update.decision_note = Set(note.clone());
        }
        let updated = update.update(&txn).await?;
        proposal_event(
            &txn,
            now,
            actor,
            decision.action(),
            id,
            json!({
                "from": transition.from.as_str(),
                "to": transition.to.as_str(),
                "note": note,
                "version": revision.version.to_string(),
                "revision": revision.number,
            }),
        )
        .await?;
        self.commit(txn).await?;
        updated.try_into()
    }

    /// The gates before an approval, checked without the write lock for a quick, clear refusal.
    async fn gate_approval(&self, proposal: &Proposal) -> Result<()> {
        check_approval(
            proposal.open_consultation(self.now()),
            tally_of(self.db(), proposal, None).await?,
            self.settings().governance.quorum,
        )?;
        Ok(())
    }

    /// A decision on the deciding CDO's own organisation's proposal must be the board's verdict,
    /// as the reviews stood at the deadline, recorded once the deadline and the consultation
    /// have passed.
    pub(crate) async fn check_bound(
        &self,
        db: &impl ConnectionTrait,
        proposal: &Proposal,
        decision: Decision,
    ) -> Result<()> {
        let now = self.now();
        check_bound_decision(
            decision.step(),
            proposal.review_deadline,
            proposal.open_consultation(now),
            now,
            tally_of(db, proposal, proposal.review_deadline).await?,
            self.settings().governance.quorum,
        )?;
        Ok(())
    }

    /// The revision's schema checked again for publication, with its compatibility against
    /// what is published now (for a new version).
    async fn recheck(
        &self,
        proposal: &Proposal,
        revision: &Revision,
    ) -> Result<(CheckedSchema, Option<Compatibility>)> {
        let schema = revision.files();
        match proposal.standard_id {
            Some(standard_id) if proposal.kind == ProposalKind::NewVersion => {
                let standard = self.standard_by_id(standard_id).await?;
                let (checked, compatibility) = self
                    .assess_candidate(&standard, &revision.version, schema)
                    .await?;
                Ok((checked, Some(compatibility)))
            }
            _ => Ok((
                self.check_schema(&proposal.standard_slug, &revision.version, &schema)
                    .await?
                    .0,
                None,
            )),
        }
    }

    /// Publishes the revision's version (and creates the standard if the proposal is for one).
    #[allow(clippy::too_many_arguments)]
    async fn publish(
        &self,
        txn: &DatabaseTransaction,
        update: &mut proposal::ActiveModel,
        proposal: &Proposal,
        revision: &Revision,
        checked: &CheckedSchema,
        change_report: Option<serde_json::Value>,
        actor: &Principal,
    ) -> Result<()> {
        let now = self.now();
        let standard_id = match proposal.kind {
            ProposalKind::NewVersion => proposal
                .standard_id
                .ok_or_else(|| Error::internal(MissingStandard(proposal.id)))?,
            ProposalKind::NewStandard => {
                ensure_slug_free(
                    txn,
                    &proposal.standard_slug,
                    Some(proposal.id),
                    now,
                    self.settings().governance.draft_expiry(),
                )
                .await?;
                let created = standard::ActiveModel {
                    slug: Set(proposal.standard_slug.to_string()),
                    title: Set(proposal.title.clone()),
                    summary: Set(proposal.summary.clone()),
                    theme: Set(proposal.theme.clone()),
                    owner_organisation_id: Set(proposal.author_organisation_id),
                    compatibility_mode: Set(proposal.mode.as_str().to_owned()),
                    compatibility_policy: Set(proposal.policy.as_str().to_owned()),
                    tags: Set(json!(proposal.tags).to_string()),
                    upstream: Set(None),
                    created_at: Set(now),
                    updated_at: Set(now),
                    ..Default::default()
                }
                .insert(txn)
                .await?;
                record(
                    txn,
                    now,
                    Event {
                        actor: Some(actor),
                        action: AuditAction::StandardCreated,
                        subject_id: proposal.standard_slug.to_string(),
                        details: json!({ "proposal": proposal.id, "title": proposal.title }),
                    },
                )
                .await?;
                update.standard_id = Set(Some(created.id));
                created.id
            }
        };
        let version = insert_version(
            txn,
            NewVersion {
                standard_id,
                number: &revision.version,
                checked,
                changelog: &revision.changelog,
                change_report,
                proposal_id: Some(proposal.id),
                approved_by_account_id: Some(actor.account_id),
                approved_at: now,
            },
        )
        .await?;
        record(
            txn,
            now,
            Event {
                actor: Some(actor),
                action: AuditAction::VersionPublished,
                subject_id: format!("{}@{}", proposal.standard_slug, revision.version),
                details: json!({
                    "proposal": proposal.id,
                    "revision": revision.number,
                    "contentHash": checked.hash.as_str(),
                }),
            },
        )
        .await?;
        update.published_version_id = Set(Some(version.id));
        Ok(())
    }

    /// Withdraws a proposal before a decision; only its authoring organisation may.
    #[tracing::instrument(skip_all, fields(proposal = id, organisation = caller.organisation()))]
    pub async fn withdraw_proposal(
        &self,
        caller: &Caller,
        id: i64,
        note: Option<&str>,
    ) -> Result<Proposal> {
        let note = optional_prose("note", note)?;
        let txn = begin_write(self.db()).await?;
        let (row, current) = locked(&txn, id).await?;
        authorise(
            caller.actor(),
            Action::ManageProposal {
                author_organisation: current.author_organisation_id,
            },
        )?;
        let actor = principal(caller)?;
        let transition = next_state(current.state, Step::Withdraw)?;
        let now = self.now();
        let mut update = row.into_active_model();
        update.state = Set(transition.to.as_str().to_owned());
        update.decision_note = Set(note.clone());
        update.updated_at = Set(now);
        let updated = update.update(&txn).await?;
        proposal_event(
            &txn,
            now,
            actor,
            AuditAction::ProposalWithdrawn,
            id,
            json!({ "from": transition.from.as_str(), "to": transition.to.as_str(), "note": note }),
        )
        .await?;
        self.commit(txn).await?;
        updated.try_into()
    }
}

#[derive(Debug, thiserror::Error)]
#[error("new-version proposal {0} has no standard")]
struct MissingStandard(i64);
