//! Reading proposals and their revisions.

use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

use crate::db::entities::{proposal, proposal_revision};
use crate::domain::ProposalState;
use crate::registry::pagination::cursor;
use crate::registry::{Error, Page, PageRequest, Proposal, Registry, Result, Revision};

impl Registry {
    /// The proposal with this id.
    pub async fn proposal(&self, id: i64) -> Result<Proposal> {
        proposal::Entity::find_by_id(id)
            .one(self.db())
            .await?
            .ok_or_else(|| Error::not_found("proposal", id))?
            .try_into()
    }

    /// Proposals, newest first, optionally in one state.
    pub async fn proposals(
        &self,
        state: Option<ProposalState>,
        page: &PageRequest,
    ) -> Result<Page<Proposal>> {
        let mut query = proposal::Entity::find();
        if let Some(state) = state {
            query = query.filter(proposal::Column::State.eq(state.as_str()));
        }
        let total = query.clone().count(self.db()).await?;
        if let Some(after) = page.after_id("proposal")? {
            query = query.filter(proposal::Column::Id.lt(after));
        }
        let rows = query
            .order_by_desc(proposal::Column::Id)
            .limit(page.first + 1)
            .all(self.db())
            .await?;
        let proposals = rows
            .into_iter()
            .map(Proposal::try_from)
            .collect::<Result<Vec<_>>>()?;
        Ok(Page::from_rows(proposals, page, total, |p| {
            cursor("proposal", p.id)
        }))
    }

    /// Every revision of a proposal, first to last.
    pub async fn revisions(&self, proposal_id: i64) -> Result<Vec<Revision>> {
        proposal_revision::Entity::find()
            .filter(proposal_revision::Column::ProposalId.eq(proposal_id))
            .order_by_asc(proposal_revision::Column::Number)
            .all(self.db())
            .await?
            .into_iter()
            .map(Revision::try_from)
            .collect()
    }

    /// The proposal's current revision.
    pub async fn latest_revision(&self, proposal_id: i64) -> Result<Revision> {
        latest_revision_in(self.db(), proposal_id).await
    }
}

/// The proposal's current revision, read on `db`: inside a write transaction, pass the
/// transaction, since a second pooled connection would wait for the lock it holds.
pub(crate) async fn latest_revision_in(
    db: &impl ConnectionTrait,
    proposal_id: i64,
) -> Result<Revision> {
    proposal_revision::Entity::find()
        .filter(proposal_revision::Column::ProposalId.eq(proposal_id))
        .order_by_desc(proposal_revision::Column::Number)
        .one(db)
        .await?
        .ok_or_else(|| Error::not_found("revision of proposal", proposal_id))?
        .try_into()
}
