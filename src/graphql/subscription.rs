//! The root `Subscription` (graphql-ws at `/graphql/ws`): live events of a proposal.

use async_graphql::{Context, ID, Result, Subscription};
use futures_util::{Stream, StreamExt};

use super::context::{ContextExt, numeric_id};
use super::types::AuditEventNode;

/// How many more subscriptions one WebSocket connection may open (`http::subscriptions` puts
/// one in each connection's data).
pub struct SubscriptionSlots(pub std::sync::Arc<tokio::sync::Semaphore>);

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
        // Held for as long as the subscription runs.
        let slot = match ctx.data_opt::<SubscriptionSlots>() {
            Some(slots) => Some(slots.0.clone().try_acquire_owned().map_err(|_| {
                crate::registry::Error::LimitExceeded {
                    limit: "subscriptionsPerConnection",
                    message: "this connection has as many subscriptions as it may: end one first"
                        .to_owned(),
                }
            })?),
            None => None,
        };
        let events = ctx.registry().proposal_events(id).await?;
        Ok(events.map(move |event| {
            let _held = &slot;
            event.map(AuditEventNode).map_err(Into::into)
        }))
    }
}
