//! The board as a proposal sees it: who is eligible to review it (every board member outside
//! the proposer's organisation whose account existed when it was submitted), and the current
//! round's reviews counted against that eligible board.

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::db::entities::{account, review};
use crate::domain::{Role, Verdict};
use crate::governance::{Member, Tally, eligible_member};
use crate::registry::{Account, Proposal, Result, Review};

/// Every active board account, oldest first: a deactivated member can no longer review, so
/// they no longer count in the eligible board either.
pub(crate) async fn board_accounts(db: &impl ConnectionTrait) -> Result<Vec<Account>> {
    account::Entity::find()
        .filter(account::Column::Role.eq(Role::Board.as_str()))
        .filter(account::Column::DeactivatedAt.is_null())
        .order_by_asc(account::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(Account::try_from)
        .collect()
}

/// The organisations that hold a CDO account: on their proposals the board's verdict binds the
/// CDO's decision.
pub(crate) async fn cdo_organisations(
    db: &impl ConnectionTrait,
) -> Result<std::collections::HashSet<i64>> {
    Ok(account::Entity::find()
        .filter(account::Column::Role.eq(Role::Cdo.as_str()))
        .all(db)
        .await?
        .into_iter()
        .map(|a| a.organisation_id)
        .collect())
}

/// An account as the panel rules see it.
pub(crate) fn member(account: &Account) -> Member {
    Member {
        account_id: account.id,
        role: account.role,
        organisation_id: account.organisation_id,
        created_at: account.created_at,
    }
}

/// The eligible board for `proposal`, among `board`.
pub(crate) fn eligible_board<'a>(
    board: &'a [Account],
    proposal: &Proposal,
) -> impl Iterator<Item = &'a Account> {
    let (author, submitted) = (proposal.author_organisation_id, proposal.submitted_at);
    board
        .iter()
        .filter(move |a| eligible_member(&member(a), author, submitted).is_ok())
}

/// The current round's reviews, counted against the eligible board; with `until`, only the
/// reviews as last changed by then (the board's verdict on the deciding CDO's own
/// organisation's proposal is the one reached by the deadline).
pub(crate) async fn tally_of(
    db: &impl ConnectionTrait,
    proposal: &Proposal,
    until: Option<DateTime<Utc>>,
) -> Result<Tally> {
    let board = board_accounts(db).await?;
    let mut tally = Tally {
        eligible: eligible_board(&board, proposal).count(),
        ..Tally::default()
    };
    let reviews = reviews_of(db, proposal.id, proposal.review_round).await?;
    for r in reviews
        .iter()
        .filter(|r| until.is_none_or(|until| r.updated_at <= until))
    {
        match r.verdict {
            Verdict::Approve => tally.approvals += 1,
            Verdict::RequestChanges => tally.changes_requested += 1,
            Verdict::Reject => tally.rejections += 1,
        }
    }
    Ok(tally)
}

/// The reviews of one round, in the order they were first cast.
pub(crate) async fn reviews_of(
    db: &impl ConnectionTrait,
    proposal_id: i64,
    round: i32,
) -> Result<Vec<Review>> {
    review::Entity::find()
        .filter(review::Column::ProposalId.eq(proposal_id))
        .filter(review::Column::Round.eq(round))
        .order_by_asc(review::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(Review::try_from)
        .collect()
}

impl crate::registry::Registry {
    /// The board members eligible to review `proposal` (the convene form preselects them all).
    pub async fn eligible_reviewers(&self, proposal: &Proposal) -> Result<Vec<Account>> {
        let board = board_accounts(self.db()).await?;
        Ok(eligible_board(&board, proposal).cloned().collect())
    }
}
