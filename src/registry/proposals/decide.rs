//! Moving a proposal: submitting it for consultation, and the CDO's decision. Approval publishes
//! the version in the same transaction as the decision and its audit events.

use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait, IntoActiveModel};
use serde_json::json;

use super::create::ensure_slug_free;
use crate::auth::{Caller, Principal};
use crate::db::begin_write;
use crate::db::entities::{proposal, standard};
use crate::domain::ProposalKind;
use crate::governance::{Action, Step, authorise, next_state};
use crate::registry::audit::{Event, record};
use crate::registry::publish::{NewVersion, insert_version};
use crate::registry::{Error, Proposal, Registry, Result};

/// The CDO's decision on a proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Publish the proposed version.
    Approve,
    /// Refuse it.
    Reject,
}

impl Decision {
    fn step(self) -> Step {
        match self {
            Self::Approve => Step::Approve,
            Self::Reject => Step::Reject,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Self::Approve => "APPROVE",
            Self::Reject => "REJECT",
        }
    }
}

fn principal(caller: &Caller) -> Result<&Principal> {
    caller
        .principal()
        .ok_or_else(|| Error::Unauthenticated("this needs an API token".to_owned()))
}

async fn load_for_update(
    txn: &sea_orm::DatabaseTransaction,
    id: i64,
) -> Result<(proposal::Model, Proposal)> {
    let row = proposal::Entity::find_by_id(id)
        .one(txn)
        .await?
        .ok_or_else(|| Error::not_found("proposal", id))?;
    let parsed = Proposal::try_from(row.clone())?;
    Ok((row, parsed))
}

impl Registry {
    /// Submits a draft for public consultation; only its authoring organisation may.
    pub async fn submit_proposal(&self, caller: &Caller, id: i64) -> Result<Proposal> {
        let txn = begin_write(self.db()).await?;
        let (row, current) = load_for_update(&txn, id).await?;
        authorise(
            caller.actor(),
            Action::ManageProposal {
                author_organisation: current.author_organisation_id,
            },
        )?;
        let actor = principal(caller)?;
        let transition = next_state(current.state, Step::Submit)?;
        let now = self.now();
        let mut update = row.into_active_model();
        update.state = Set(transition.to.as_str().to_owned());
        update.submitted_at = Set(Some(now));
        update.consultation_closes_at = Set(Some(now));
        update.updated_at = Set(now);
        let updated = update.update(&txn).await?;
        record(
            &txn,
            now,
            Event {
                actor: Some(actor),
                action: "proposal.submitted",
                subject_type: "proposal",
                subject_id: id.to_string(),
                details: json!({ "from": transition.from.as_str(), "to": transition.to.as_str() }),
            },
        )
        .await?;
        txn.commit().await?;
        updated.try_into()
    }

    /// Records the CDO's decision. Approval publishes the latest revision's version atomically
    /// with the decision (and creates the standard, for a new-standard proposal).
    pub async fn decide_proposal(
        &self,
        caller: &Caller,
        id: i64,
        decision: Decision,
        note: Option<&str>,
    ) -> Result<Proposal> {
        let note = note.map(str::trim).filter(|n| !n.is_empty());
        if decision == Decision::Reject && note.is_none() {
            return Err(Error::bad_input("note", "a rejection must say why"));
        }
        if note.is_some_and(|n| n.chars().count() > 10_000) {
            return Err(Error::bad_input("note", "must be at most 10000 characters"));
        }
        let current = self.proposal(id).await?;
        authorise(
            caller.actor(),
            Action::Decide {
                author_organisation: current.author_organisation_id,
            },
        )?;
        let actor = principal(caller)?;
        next_state(current.state, decision.step())?;
        // Re-check the schema as it will be published: a referenced version may have been
        // retired since the proposal was made.
        let revision = self.latest_revision(id).await?;
        let checked = if decision == Decision::Approve {
            Some(
                self.check_schema(
                    &current.standard_slug,
                    &revision.version,
                    (*revision.schema).clone(),
                )
                .await?
                .0,
            )
        } else {
            None
        };

        let txn = begin_write(self.db()).await?;
        let (row, locked) = load_for_update(&txn, id).await?;
        let transition = next_state(locked.state, decision.step())?;
        let now = self.now();
        let mut update = row.into_active_model();
        if let Some(checked) = &checked {
            let standard_id = match locked.kind {
                ProposalKind::NewVersion => locked
                    .standard_id
                    .ok_or_else(|| Error::internal(MissingStandard(id)))?,
                ProposalKind::NewStandard => {
                    ensure_slug_free(&txn, &locked.standard_slug, Some(id)).await?;
                    let created = standard::ActiveModel {
                        slug: Set(locked.standard_slug.to_string()),
                        title: Set(locked.title.clone()),
                        summary: Set(locked.summary.clone()),
                        theme: Set(locked.theme.clone()),
                        owner_organisation_id: Set(locked.author_organisation_id),
                        compatibility_mode: Set(locked.mode.as_str().to_owned()),
                        compatibility_policy: Set(locked.policy.as_str().to_owned()),
                        tags: Set(json!(locked.tags).to_string()),
                        upstream: Set(None),
                        created_at: Set(now),
                        updated_at: Set(now),
                        ..Default::default()
                    }
                    .insert(&txn)
                    .await?;
                    record(
                        &txn,
                        now,
                        Event {
                            actor: Some(actor),
                            action: "standard.created",
                            subject_type: "standard",
                            subject_id: locked.standard_slug.to_string(),
                            details: json!({ "proposal": id, "title": locked.title }),
                        },
                    )
                    .await?;
                    update.standard_id = Set(Some(created.id));
                    created.id
                }
            };
            let version = insert_version(
                &txn,
                NewVersion {
                    standard_id,
                    number: &revision.version,
                    checked,
                    changelog: &revision.changelog,
                    change_report: revision.compatibility.clone(),
                    proposal_id: Some(id),
                    approved_by_account_id: Some(actor.account_id),
                    approved_at: now,
                },
            )
            .await?;
            record(
                &txn,
                now,
                Event {
                    actor: Some(actor),
                    action: "version.published",
                    subject_type: "version",
                    subject_id: format!("{}@{}", locked.standard_slug, revision.version),
                    details: json!({
                        "proposal": id,
                        "revision": revision.number,
                        "contentHash": checked.hash.as_str(),
                    }),
                },
            )
            .await?;
            update.published_version_id = Set(Some(version.id));
        }
        update.state = Set(transition.to.as_str().to_owned());
        update.decided_at = Set(Some(now));
        update.decided_by_account_id = Set(Some(actor.account_id));
        update.decision = Set(Some(decision.as_str().to_owned()));
        update.decision_note = Set(note.map(str::to_owned));
        update.updated_at = Set(now);
        let updated = update.update(&txn).await?;
        record(
            &txn,
            now,
            Event {
                actor: Some(actor),
                action: if decision == Decision::Approve {
                    "proposal.approved"
                } else {
                    "proposal.rejected"
                },
                subject_type: "proposal",
                subject_id: id.to_string(),
                details: json!({
                    "from": transition.from.as_str(),
                    "to": transition.to.as_str(),
                    "note": note,
                    "version": revision.version.to_string(),
                }),
            },
        )
        .await?;
        txn.commit().await?;
        updated.try_into()
    }
}

#[derive(Debug, thiserror::Error)]
#[error("new-version proposal {0} has no standard")]
struct MissingStandard(i64);
