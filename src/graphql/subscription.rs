//! The root `Subscription` (graphql-ws at `/graphql/ws`): live events of a proposal.

use async_graphql::{Context, ID, Result, Subscription};
use futures_util::{Stream, StreamExt};

use super::context::{ContextExt, numeric_id};
use super::types::AuditEventNode;

/// The root subscription type.
#[derive(Default)]
pub struct SubscriptionRoot;

/// Live updates over graphql-ws at `/graphql/ws`.
#[Subscription(name = "Subscription")]
impl SubscriptionRoot {
    /// Each event of a proposal from now on (submitted, commented, reviewed, decided, and the
    /// version its approval published), as it is committed to the audit log.
    async fn proposal_events(
        &self,
        ctx: &Context<'_>,
        proposal_id: ID,
    ) -> Result<impl Stream<Item = Result<AuditEventNode>> + use<>> {
        let id = numeric_id("proposalId", &proposal_id)?;
        let events = ctx.registry().proposal_events(id).await?;
        Ok(events.map(|event| event.map(AuditEventNode).map_err(Into::into)))
    }
}
