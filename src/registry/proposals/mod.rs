//! Proposals: a new standard or a new version, with its revisions, comments and reviews, moving
//! through the life cycle `governance` defines.

mod board;
mod comments;
mod create;
mod decide;
pub(crate) mod inputs;
mod queries;
mod review;
mod revise;
mod submit;
mod work;

pub use crate::domain::Decision;
pub(crate) use inputs::optional_prose;
pub use inputs::{NewStandardProposal, NewVersionProposal, RawStandardProposal};
pub use review::ReviewTally;
pub use work::{AwaitingReview, UnderReview, Work};

use sea_orm::{DatabaseTransaction, EntityTrait};
use serde_json::Value;

use super::audit::{Event, record};
use super::{Error, Proposal, Result};
use crate::auth::Principal;
use crate::db::entities::proposal;
use crate::domain::AuditAction;

/// The proposal's row, read inside a write transaction (so it cannot change until commit).
pub(crate) async fn locked(
    txn: &DatabaseTransaction,
    id: i64,
) -> Result<(proposal::Model, Proposal)> {
    let row = proposal::Entity::find_by_id(id)
        .one(txn)
        .await?
        .ok_or_else(|| Error::not_found("proposal", id))?;
    let parsed = Proposal::try_from(row.clone())?;
    Ok((row, parsed))
}

/// Records an event about a proposal.
pub(crate) async fn proposal_event(
    txn: &DatabaseTransaction,
    at: chrono::DateTime<chrono::Utc>,
    actor: &Principal,
    action: AuditAction,
    id: i64,
    details: Value,
) -> Result<()> {
    record(
        txn,
        at,
        Event {
            actor: Some(actor),
            action,
            subject_id: id.to_string(),
            details,
        },
    )
    .await
}
