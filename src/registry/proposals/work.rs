//! "Your work": what is waiting for the signed-in person, by role. A board member sees the
//! proposals they were convened on in the current round, with the date the board reports by;
//! a steward or partner their organisation's proposals by state; the CDO the consultations that
//! have closed (ready to convene) and the reviews under way, each with whether it can be
//! approved now.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use super::ReviewTally;
use crate::auth::Caller;
use crate::db::entities::{proposal, proposal_reviewer, review};
use crate::domain::{ProposalState, Role};
use crate::registry::{Error, Proposal, Registry, Result};

/// A proposal a board member was convened on.
#[derive(Debug, Clone)]
pub struct AwaitingReview {
    /// The proposal.
    pub proposal: Proposal,
    /// Whether they have already reviewed it in this round (they may still change it).
    pub reviewed: bool,
    /// Whom its latest revision affects among the standard's adopters, in the impact's own
    /// sentence (or why it could not be worked out).
    pub impact: String,
}

/// A review under way, for the CDO.
#[derive(Debug, Clone)]
pub struct UnderReview {
    /// The proposal.
    pub proposal: Proposal,
    /// Its tally and whether it can be approved now.
    pub tally: ReviewTally,
}

/// What is waiting for the signed-in person.
#[derive(Debug, Clone)]
pub enum Work {
    /// A board member's reviews.
    Board {
        /// The proposals they were convened on, soonest deadline first.
        reviews: Vec<AwaitingReview>,
    },
    /// A steward's or partner's organisation's proposals, newest first.
    Organisation {
        /// Their organisation's proposals.
        proposals: Vec<Proposal>,
    },
    /// The CDO's queue.
    Cdo {
        /// Consultations that have closed: ready to convene the board.
        ready_to_convene: Vec<Proposal>,
        /// Consultations still running.
        in_consultation: Vec<Proposal>,
        /// Reviews under way.
        under_review: Vec<UnderReview>,
    },
}

impl Registry {
    /// What is waiting for the caller.
    pub async fn work_for(&self, caller: &Caller) -> Result<Work> {
        let me = caller
            .principal()
            .ok_or_else(|| Error::Unauthenticated("you need to sign in".to_owned()))?;
        match me.role {
            Role::Board => self.board_work(me.account_id).await,
            Role::Steward | Role::Partner => {
                let proposals = proposal::Entity::find()
                    .filter(proposal::Column::AuthorOrganisationId.eq(me.organisation_id))
                    .order_by_desc(proposal::Column::Id)
                    .all(self.db())
                    .await?
                    .into_iter()
                    .map(Proposal::try_from)
                    .collect::<Result<_>>()?;
                Ok(Work::Organisation { proposals })
            }
            Role::Cdo => self.cdo_work().await,
        }
    }

    async fn board_work(&self, account_id: i64) -> Result<Work> {
        let in_review = self.in_state(&[ProposalState::InReview]).await?;
        let convened: Vec<(i64, i32)> = proposal_reviewer::Entity::find()
            .filter(proposal_reviewer::Column::AccountId.eq(account_id))
            .all(self.db())
            .await?
            .into_iter()
            .map(|r| (r.proposal_id, r.round))
            .collect();
        let reviewed: Vec<(i64, i32)> = review::Entity::find()
            .filter(review::Column::ReviewerAccountId.eq(account_id))
            .all(self.db())
            .await?
            .into_iter()
            .map(|r| (r.proposal_id, r.round))
            .collect();
        let mut reviews: Vec<AwaitingReview> = Vec::new();
        for p in in_review
            .into_iter()
            .filter(|p| convened.contains(&(p.id, p.review_round)))
        {
            let revision = self.latest_revision(p.id).await?;
            // One proposal whose impact cannot be worked out must not hide the others.
            let impact = match self.impact(&p, &revision).await {
                Ok(impact) => impact.summary,
                Err(Error::Internal(error)) => {
                    tracing::error!(%error, proposal = p.id, "impact analysis failed");
                    "The impact on adopters could not be worked out.".to_owned()
                }
                Err(error) => format!("The impact on adopters could not be worked out: {error}."),
            };
            reviews.push(AwaitingReview {
                reviewed: reviewed.contains(&(p.id, p.review_round)),
                impact,
                proposal: p,
            });
        }
        reviews.sort_by_key(|r| r.proposal.review_deadline);
        Ok(Work::Board { reviews })
    }

    async fn cdo_work(&self) -> Result<Work> {
        let now = self.now();
        let (closed, running): (Vec<Proposal>, Vec<Proposal>) = self
            .in_state(&[ProposalState::Consultation])
            .await?
            .into_iter()
            .partition(|p| p.open_consultation(now).is_none());
        let mut under_review = Vec::new();
        for proposal in self.in_state(&[ProposalState::InReview]).await? {
            let tally = self.review_tally(&proposal).await?;
            under_review.push(UnderReview { proposal, tally });
        }
        Ok(Work::Cdo {
            ready_to_convene: closed,
            in_consultation: running,
            under_review,
        })
    }

    async fn in_state(&self, states: &[ProposalState]) -> Result<Vec<Proposal>> {
        proposal::Entity::find()
            .filter(proposal::Column::State.is_in(states.iter().map(|s| s.as_str())))
            .order_by_asc(proposal::Column::Id)
            .all(self.db())
            .await?
            .into_iter()
            .map(Proposal::try_from)
            .collect()
    }
}
