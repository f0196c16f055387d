//! Submitting a draft: the public consultation opens, for a length set by the size of the change.

use sea_orm::{ActiveModelTrait, ActiveValue::Set, IntoActiveModel};
use serde_json::json;

use super::create::principal;
use super::queries::latest_revision_in;
use super::{locked, proposal_event};
use crate::auth::Caller;
use crate::db::begin_write;
use crate::domain::AuditAction;
use crate::governance::{Action, Step, authorise, next_state};
use crate::registry::{Proposal, Registry, Result};

impl Registry {
    /// Submits a draft for public consultation; only its authoring organisation may. The
    /// consultation lasts at least the deployment's window for the change's required bump
    /// (by default PATCH 7 days, MINOR 14, MAJOR or a new standard 28).
    #[tracing::instrument(skip_all, fields(proposal = id, organisation = caller.organisation()))]
    pub async fn submit_proposal(&self, caller: &Caller, id: i64) -> Result<Proposal> {
        let txn = begin_write(self.db()).await?;
        let (row, current) = locked(&txn, id).await?;
        authorise(
            caller.actor(),
            Action::ManageProposal {
                author_organisation: current.author_organisation_id,
            },
        )?;
        let actor = principal(caller)?;
        let transition = next_state(current.state, Step::Submit)?;
        let revision = latest_revision_in(&txn, id).await?;
        let now = self.now();
        let closes_at = self
            .settings()
            .governance
            .consultation_days
            .closes_at(now, revision.required_bump);
        let mut update = row.into_active_model();
        update.state = Set(transition.to.as_str().to_owned());
        update.submitted_at = Set(Some(now));
        update.consultation_closes_at = Set(Some(closes_at));
        update.updated_at = Set(now);
        let updated = update.update(&txn).await?;
        proposal_event(
            &txn,
            now,
            actor,
            AuditAction::ProposalSubmitted,
            id,
            json!({
                "from": transition.from.as_str(),
                "to": transition.to.as_str(),
                "requiredBump": revision.required_bump.as_str(),
                "consultationClosesAt": closes_at.to_rfc3339(),
            }),
        )
        .await?;
        self.commit(txn).await?;
        updated.try_into()
    }
}
