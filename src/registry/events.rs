//! Following a proposal as it moves: its timeline from the audit log, and a live stream of new
//! events. The stream reads the committed audit log, so it shows exactly what happened; it wakes
//! at once for changes made on this replica and polls for those made on others.

use std::collections::VecDeque;
use std::time::Duration;

use futures_util::Stream;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use super::{AuditEvent, Registry, Result};
use crate::db::entities::audit_event;

/// How often a live stream looks for events written by other replicas.
const POLL: Duration = Duration::from_secs(2);

impl Registry {
    /// Every event about a proposal, oldest first.
    pub async fn proposal_timeline(&self, id: i64) -> Result<Vec<AuditEvent>> {
        self.proposal_events_after(id, 0).await
    }

    async fn proposal_events_after(&self, id: i64, after: i64) -> Result<Vec<AuditEvent>> {
        audit_event::Entity::find()
            .filter(audit_event::Column::SubjectType.eq("proposal"))
            .filter(audit_event::Column::SubjectId.eq(id.to_string()))
            .filter(audit_event::Column::Id.gt(after))
            .order_by_asc(audit_event::Column::Id)
            .all(self.db())
            .await?
            .into_iter()
            .map(AuditEvent::try_from)
            .collect()
    }

    async fn latest_event_id(&self) -> Result<i64> {
        Ok(audit_event::Entity::find()
            .order_by_desc(audit_event::Column::Id)
            .one(self.db())
            .await?
            .map_or(0, |e| e.id))
    }

    /// The events about a proposal from now on, as they are committed.
    pub fn proposal_events(
        &self,
        id: i64,
    ) -> impl Stream<Item = Result<AuditEvent>> + Send + use<> {
        struct State {
            registry: Registry,
            changes: tokio::sync::watch::Receiver<u64>,
            last: Option<i64>,
            pending: VecDeque<AuditEvent>,
        }
        let state = State {
            registry: self.clone(),
            changes: self.inner.changes.subscribe(),
            last: None,
            pending: VecDeque::new(),
        };
        futures_util::stream::unfold(state, move |mut state| async move {
            loop {
                if let Some(event) = state.pending.pop_front() {
                    return Some((Ok(event), state));
                }
                let last = match state.last {
                    Some(last) => last,
                    None => match state.registry.latest_event_id().await {
                        Ok(last) => {
                            state.last = Some(last);
                            last
                        }
                        Err(e) => return Some((Err(e), state)),
                    },
                };
                // Either a commit on this replica or the poll interval, whichever comes first.
                let _ = tokio::time::timeout(POLL, state.changes.changed()).await;
                match state.registry.proposal_events_after(id, last).await {
                    Ok(events) => {
                        if let Some(newest) = events.last() {
                            state.last = Some(newest.id);
                        }
                        state.pending.extend(events);
                    }
                    Err(e) => return Some((Err(e), state)),
                }
            }
        })
    }
}
