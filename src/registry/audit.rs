//! The audit log: every state change appends an event in the same transaction, each carrying the
//! SHA-256 of the one before, so editing or deleting any stored event breaks the chain.

use chrono::{DateTime, SecondsFormat, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::pagination::cursor;
use super::{AuditEvent, Error, Page, PageRequest, Registry, Result};
use crate::auth::Principal;
use crate::db::entities::audit_event;
use crate::domain::{AuditAction, canonical_json};

/// The `prev_hash` of the first event.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// An event about to be recorded.
pub(crate) struct Event<'a> {
    pub actor: Option<&'a Principal>,
    /// What happened; it names the kind of subject too.
    pub action: AuditAction,
    pub subject_id: String,
    pub details: Value,
}

fn hash_event(prev_hash: &str, row: &audit_event::Model) -> Result<String> {
    let details: Value = serde_json::from_str(&row.details).map_err(Error::internal)?;
    let material = json!({
        "prev": prev_hash,
        "at": row.occurred_at.to_rfc3339_opts(SecondsFormat::Micros, true),
        "actorAccountId": row.actor_account_id,
        "actorName": row.actor_name,
        "actorOrganisation": row.actor_organisation,
        "action": row.action,
        "subjectType": row.subject_type,
        "subjectId": row.subject_id,
        "details": details,
    });
    Ok(hex::encode(Sha256::digest(
        canonical_json(&material).as_bytes(),
    )))
}

/// Appends `event` inside `txn`, which must be a write transaction (so no other writer can
/// append between reading the chain's head and inserting).
pub(crate) async fn record(
    txn: &DatabaseTransaction,
    at: DateTime<Utc>,
    event: Event<'_>,
) -> Result<()> {
    let head = audit_event::Entity::find()
        .order_by_desc(audit_event::Column::Id)
        .one(txn)
        .await?;
    let prev_hash = head.map_or_else(|| GENESIS.to_owned(), |h| h.hash);
    let mut row = audit_event::Model {
        id: 0,
        occurred_at: at,
        actor_account_id: event.actor.map(|a| a.account_id),
        actor_name: event.actor.map(|a| a.name.clone()),
        actor_organisation: event.actor.map(|a| a.organisation_slug.to_string()),
        action: event.action.as_str().to_owned(),
        subject_type: event.action.subject().as_str().to_owned(),
        subject_id: event.subject_id,
        details: serde_json::to_string(&event.details).map_err(Error::internal)?,
        prev_hash: prev_hash.clone(),
        hash: String::new(),
    };
    row.hash = hash_event(&prev_hash, &row)?;
    audit_event::ActiveModel {
        occurred_at: Set(row.occurred_at),
        actor_account_id: Set(row.actor_account_id),
        actor_name: Set(row.actor_name),
        actor_organisation: Set(row.actor_organisation),
        action: Set(row.action),
        subject_type: Set(row.subject_type),
        subject_id: Set(row.subject_id),
        details: Set(row.details),
        prev_hash: Set(row.prev_hash),
        hash: Set(row.hash),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}

/// Which events to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// Only events about this kind of subject (`proposal`, `standard`, `version`, …).
    pub subject_type: Option<String>,
    /// Only events about this subject.
    pub subject_id: Option<String>,
    /// Only this action.
    pub action: Option<String>,
    /// Only events by accounts of this organisation.
    pub organisation: Option<String>,
}

/// The result of checking the whole chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainReport {
    /// How many events were checked.
    pub events: u64,
    /// The first event whose stored hash or link does not match, and why.
    pub first_broken: Option<(i64, String)>,
}

impl Registry {
    /// Lists audit events, oldest first.
    pub async fn audit_log(
        &self,
        filter: &AuditFilter,
        page: &PageRequest,
    ) -> Result<Page<AuditEvent>> {
        let mut query = audit_event::Entity::find();
        if let Some(t) = &filter.subject_type {
            query = query.filter(audit_event::Column::SubjectType.eq(t.as_str()));
        }
        if let Some(id) = &filter.subject_id {
            query = query.filter(audit_event::Column::SubjectId.eq(id.as_str()));
        }
        if let Some(a) = &filter.action {
            query = query.filter(audit_event::Column::Action.eq(a.as_str()));
        }
        if let Some(o) = &filter.organisation {
            query = query.filter(audit_event::Column::ActorOrganisation.eq(o.as_str()));
        }
        let total = query.clone().count(self.db()).await?;
        if let Some(after) = page.after_id("audit")? {
            query = query.filter(audit_event::Column::Id.gt(after));
        }
        let rows = query
            .order_by_asc(audit_event::Column::Id)
            .limit(page.first + 1)
            .all(self.db())
            .await?;
        let events = rows
            .into_iter()
            .map(AuditEvent::try_from)
            .collect::<Result<Vec<_>>>()?;
        Ok(Page::from_rows(events, page, total, |e| {
            cursor("audit", e.id)
        }))
    }

    /// Recomputes every event's hash and link, in order, and names the first that does not match.
    #[tracing::instrument(skip_all)]
    pub async fn verify_audit_chain(&self) -> Result<ChainReport> {
        const BATCH: u64 = 1000;
        let mut prev_hash = GENESIS.to_owned();
        let mut last_id = 0;
        let mut events = 0;
        loop {
            let rows = audit_event::Entity::find()
                .filter(audit_event::Column::Id.gt(last_id))
                .order_by_asc(audit_event::Column::Id)
                .limit(BATCH)
                .all(self.db())
                .await?;
            if rows.is_empty() {
                return Ok(ChainReport {
                    events,
                    first_broken: None,
                });
            }
            for row in rows {
                events += 1;
                if row.prev_hash != prev_hash {
                    return Ok(ChainReport {
                        events,
                        first_broken: Some((
                            row.id,
                            "its link to the previous event does not match (an event before it \
                             was changed, removed or inserted)"
                                .to_owned(),
                        )),
                    });
                }
                // A row whose details no longer parse cannot match its hash either.
                let recomputed = hash_event(&prev_hash, &row).unwrap_or_default();
                if recomputed != row.hash {
                    return Ok(ChainReport {
                        events,
                        first_broken: Some((
                            row.id,
                            "its content does not match its hash (the event was edited)".to_owned(),
                        )),
                    });
                }
                prev_hash = row.hash;
                last_id = row.id;
            }
        }
    }
}
