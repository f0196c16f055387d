//! Following a proposal as it moves: its timeline from the audit log, and a live stream of new
//! events. The stream reads the committed audit log, so it shows exactly what happened; it wakes
//! when a commit is announced (`registry::notify`: on this replica, or by PostgreSQL
//! `NOTIFY` from another), and otherwise only as a safety net once a minute.

use std::collections::VecDeque;
use std::time::Duration;

use futures_util::Stream;
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder};

use super::{AuditEvent, Proposal, Registry, Result};
use crate::db::entities::audit_event;
use crate::domain::Subject;

/// How often a live stream looks even without a notification: a safety net for one lost while
/// the listener reconnected.
const POLL: Duration = Duration::from_secs(60);

impl Registry {
    /// Every event about a proposal, oldest first: its own, and the standard and version its
    /// approval created.
    pub async fn proposal_timeline(&self, proposal: &Proposal) -> Result<Vec<AuditEvent>> {
        self.proposal_events_after(proposal, 0).await
    }

    async fn proposal_events_after(
        &self,
        proposal: &Proposal,
        after: i64,
    ) -> Result<Vec<AuditEvent>> {
        let slug = proposal.standard_slug.to_string();
        // Publication events are about the standard or the version, and name the proposal in
        // their details; narrow by subject in SQL, then keep those of this proposal.
        let about = Condition::any()
            .add(
                Condition::all()
                    .add(audit_event::Column::SubjectType.eq(Subject::Proposal.as_str()))
                    .add(audit_event::Column::SubjectId.eq(proposal.id.to_string())),
            )
            .add(
                Condition::all()
                    .add(audit_event::Column::SubjectType.eq(Subject::Standard.as_str()))
                    .add(audit_event::Column::SubjectId.eq(slug.clone())),
            )
            .add(
                Condition::all()
                    .add(audit_event::Column::SubjectType.eq(Subject::Version.as_str()))
                    .add(audit_event::Column::SubjectId.starts_with(format!("{slug}@"))),
            );
        let events = audit_event::Entity::find()
            .filter(about)
            .filter(audit_event::Column::Id.gt(after))
            .order_by_asc(audit_event::Column::Id)
            .all(self.db())
            .await?
            .into_iter()
            .map(AuditEvent::try_from)
            .collect::<Result<Vec<_>>>()?;
        Ok(events
            .into_iter()
            .filter(|e| {
                e.subject_type == Subject::Proposal.as_str() || e.details["proposal"] == proposal.id
            })
            .collect())
    }

    async fn latest_event_id(&self) -> Result<i64> {
        Ok(audit_event::Entity::find()
            .order_by_desc(audit_event::Column::Id)
            .one(self.db())
            .await?
            .map_or(0, |e| e.id))
    }

    /// The events about a proposal (as in its timeline) committed from this call on. The
    /// starting point is read here, not when the stream is first polled, so nothing committed
    /// in between is lost.
    pub async fn proposal_events(
        &self,
        id: i64,
    ) -> Result<impl Stream<Item = Result<AuditEvent>> + Send + use<>> {
        struct State {
            registry: Registry,
            proposal: Proposal,
            changes: tokio::sync::watch::Receiver<u64>,
            last: i64,
            pending: VecDeque<AuditEvent>,
        }
        let changes = self.inner.changes.subscribe();
        let proposal = self.proposal(id).await?;
        let last = self.latest_event_id().await?;
        let state = State {
            registry: self.clone(),
            proposal,
            changes,
            last,
            pending: VecDeque::new(),
        };
        Ok(futures_util::stream::unfold(
            state,
            move |mut state| async move {
                loop {
                    if let Some(event) = state.pending.pop_front() {
                        return Some((Ok(event), state));
                    }
                    // A commit announced, or the safety net, whichever comes first.
                    let _ = tokio::time::timeout(POLL, state.changes.changed()).await;
                    match state
                        .registry
                        .proposal_events_after(&state.proposal, state.last)
                        .await
                    {
                        Ok(events) => {
                            if let Some(newest) = events.last() {
                                state.last = newest.id;
                            }
                            state.pending.extend(events);
                        }
                        Err(e) => return Some((Err(e), state)),
                    }
                }
            },
        ))
    }
}
