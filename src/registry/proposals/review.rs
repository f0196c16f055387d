//! Board review: the CDO convenes reviewers (by default every board member outside the
//! proposer's organisation) with a deadline; each casts APPROVE, REQUEST_CHANGES or REJECT with a
//! comment, and may change it until the decision. The deadline is the date the board is asked to
//! report by; it does not close the review, because a member who changes their mind after it
//! must still be heard before the CDO decides.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder,
};
use serde_json::json;

use super::board::{self, board_accounts, eligible_board, reviews_of, tally_of};
use super::create::principal;
use super::inputs::prose;
use super::{locked, proposal_event};
use crate::auth::Caller;
use crate::db::begin_write;
use crate::db::entities::{proposal_reviewer, review};
use crate::domain::AuditAction;
use crate::domain::Verdict;
use crate::governance::{
    Action, Step, Tally, authorise, check_approval, check_deadline, check_panel, eligible_member,
    next_state,
};
use crate::registry::{Account, Error, Proposal, Registry, Result, Review};

/// The reviews of the current round, counted, with what approval needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewTally {
    /// The counts.
    pub tally: Tally,
    /// Approvals the quorum needs.
    pub needed: usize,
    /// Whether the CDO may approve now (the same check `decide_proposal` makes: on a proposal by
    /// an organisation that holds a CDO account, the board's verdict check), or why not.
    pub approval: std::result::Result<(), String>,
}

impl Registry {
    /// Convenes the board on a proposal in consultation; CDO only. `reviewers` are account ids of
    /// board members outside the proposer's organisation; by default, all of them.
    #[tracing::instrument(skip_all, fields(proposal = id, organisation = caller.organisation()))]
    pub async fn convene_review(
        &self,
        caller: &Caller,
        id: i64,
        deadline: DateTime<Utc>,
        reviewers: Option<Vec<i64>>,
    ) -> Result<Proposal> {
        authorise(caller.actor(), Action::Convene)?;
        let actor = principal(caller)?;
        let now = self.now();
        check_deadline(deadline, now)?;
        let txn = begin_write(self.db()).await?;
        let (row, locked) = locked(&txn, id).await?;
        let transition = next_state(locked.state, Step::Convene)?;
        let board = board_accounts(&txn).await?;
        let eligible: Vec<&Account> = eligible_board(&board, &locked).collect();
        let chosen: Vec<&Account> = match reviewers {
            None => eligible.clone(),
            Some(ids) => {
                let mut chosen: Vec<&Account> = Vec::new();
                for (i, reviewer) in ids.into_iter().enumerate() {
                    let field = format!("reviewers[{i}]");
                    let Some(member) = board.iter().find(|a| a.id == reviewer) else {
                        return Err(Error::bad_input(
                            field,
                            format!("account {reviewer} is not a board member"),
                        ));
                    };
                    if let Err(denial) = eligible_member(
                        &board::member(member),
                        locked.author_organisation_id,
                        locked.submitted_at,
                    ) {
                        return Err(Error::bad_input(
                            field,
                            format!("{}: {denial}", member.name),
                        ));
                    }
                    if !chosen.iter().any(|c| c.id == reviewer) {
                        chosen.push(member);
                    }
                }
                chosen
            }
        };
        let panel: Vec<_> = chosen.iter().map(|a| board::member(a)).collect();
        check_panel(&panel, self.settings().governance.min_panel)?;
        let chosen: Vec<i64> = chosen.iter().map(|a| a.id).collect();
        let round = locked.review_round + 1;
        for reviewer in &chosen {
            proposal_reviewer::ActiveModel {
                proposal_id: Set(id),
                round: Set(round),
                account_id: Set(*reviewer),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
        let mut update = row.into_active_model();
        update.state = Set(transition.to.as_str().to_owned());
        update.review_round = Set(round);
        update.review_deadline = Set(Some(deadline));
        update.updated_at = Set(now);
        let updated = update.update(&txn).await?;
        proposal_event(
            &txn,
            now,
            actor,
            AuditAction::ProposalReviewConvened,
            id,
            json!({
                "from": transition.from.as_str(),
                "to": transition.to.as_str(),
                "round": round,
                "deadline": deadline.to_rfc3339(),
                "reviewers": chosen,
            }),
        )
        .await?;
        self.commit(txn).await?;
        updated.try_into()
    }

    /// Casts or changes the caller's review; only board members the CDO convened, until the
    /// decision.
    #[tracing::instrument(skip_all, fields(proposal = id, verdict = %verdict, organisation = caller.organisation()))]
    pub async fn cast_review(
        &self,
        caller: &Caller,
        id: i64,
        verdict: Verdict,
        comment: &str,
    ) -> Result<Review> {
        let comment = prose("comment", comment)?;
        let txn = begin_write(self.db()).await?;
        let (_, proposal) = locked(&txn, id).await?;
        let convened = match caller.principal() {
            Some(p) => proposal_reviewer::Entity::find()
                .filter(proposal_reviewer::Column::ProposalId.eq(id))
                .filter(proposal_reviewer::Column::Round.eq(proposal.review_round))
                .filter(proposal_reviewer::Column::AccountId.eq(p.account_id))
                .one(&txn)
                .await?
                .is_some(),
            None => false,
        };
        authorise(
            caller.actor(),
            Action::Review {
                author_organisation: proposal.author_organisation_id,
                convened,
            },
        )?;
        let reviewer = principal(caller)?;
        next_state(proposal.state, Step::Review)?;
        let now = self.now();
        let existing = review::Entity::find()
            .filter(review::Column::ProposalId.eq(id))
            .filter(review::Column::Round.eq(proposal.review_round))
            .filter(review::Column::ReviewerAccountId.eq(reviewer.account_id))
            .one(&txn)
            .await?;
        let previous = existing.as_ref().map(|r| r.verdict.clone());
        let saved = match existing {
            Some(row) => {
                let mut update = row.into_active_model();
                update.verdict = Set(verdict.as_str().to_owned());
                update.comment = Set(comment.clone());
                update.updated_at = Set(now);
                update.update(&txn).await?
            }
            None => {
                review::ActiveModel {
                    proposal_id: Set(id),
                    round: Set(proposal.review_round),
                    reviewer_account_id: Set(reviewer.account_id),
                    verdict: Set(verdict.as_str().to_owned()),
                    comment: Set(comment.clone()),
                    created_at: Set(now),
                    updated_at: Set(now),
                    ..Default::default()
                }
                .insert(&txn)
                .await?
            }
        };
        proposal_event(
            &txn,
            now,
            reviewer,
            AuditAction::ProposalReviewed,
            id,
            json!({
                "round": proposal.review_round,
                "verdict": verdict.as_str(),
                "previousVerdict": previous,
                "comment": comment,
            }),
        )
        .await?;
        self.commit(txn).await?;
        saved.try_into()
    }

    /// The reviews of the proposal's current round.
    pub async fn reviews(&self, proposal: &Proposal) -> Result<Vec<Review>> {
        reviews_of(self.db(), proposal.id, proposal.review_round).await
    }

    /// The board members convened for the proposal's current round.
    pub async fn reviewers(&self, proposal: &Proposal) -> Result<Vec<Account>> {
        let ids: Vec<i64> = proposal_reviewer::Entity::find()
            .filter(proposal_reviewer::Column::ProposalId.eq(proposal.id))
            .filter(proposal_reviewer::Column::Round.eq(proposal.review_round))
            .order_by_asc(proposal_reviewer::Column::Id)
            .all(self.db())
            .await?
            .into_iter()
            .map(|r| r.account_id)
            .collect();
        // One query for all of them, in the order they were convened.
        let mut found = self.accounts_by_ids(&ids).await?;
        ids.iter()
            .map(|id| {
                found
                    .remove(id)
                    .ok_or_else(|| Error::not_found("account", id))
            })
            .collect()
    }

    /// The current round's tally and what approval needs.
    pub async fn review_tally(&self, proposal: &Proposal) -> Result<ReviewTally> {
        let tally = tally_of(self.db(), proposal, None).await?;
        let quorum = self.settings().governance.quorum;
        let bound = board::cdo_organisations(self.db())
            .await?
            .contains(&proposal.author_organisation_id);
        let approval = if bound {
            match self
                .check_bound(self.db(), proposal, crate::registry::Decision::Approve)
                .await
            {
                Err(Error::Internal(e)) => return Err(Error::Internal(e)),
                other => other.map_err(|e| e.to_string()),
            }
        } else {
            check_approval(proposal.open_consultation(self.now()), tally, quorum)
                .map_err(|e| e.to_string())
        };
        Ok(ReviewTally {
            tally,
            needed: quorum.needed(tally.eligible),
            approval,
        })
    }
}
