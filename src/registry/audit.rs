//! The audit log: every state change appends an event in the same transaction, each carrying the
//! SHA-256 of the one before and its own position in the log, so editing, moving or deleting any
//! stored event breaks the chain. Cutting the log short keeps the chain whole, so the head
//! (count and hash) is published for anyone to keep (`audit_head`) and signed at every commit
//! (`checkpoints`); `verify_audit_chain` checks all three.

use std::collections::HashMap;

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
use crate::db::entities::{audit_checkpoint, audit_event};
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
    let mut material = json!({
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
    // Events recorded before positions existed were hashed without one, and are checked so.
    if let Some(position) = row.position {
        material["position"] = json!(position);
    }
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
    let position = match &head {
        Some(h) => match h.position {
            Some(p) => p + 1,
            // The first event with a position after older ones without: count them.
            None => {
                i64::try_from(audit_event::Entity::find().count(txn).await?)
                    .map_err(Error::internal)?
                    + 1
            }
        },
        None => 1,
    };
    let prev_hash = head.map_or_else(|| GENESIS.to_owned(), |h| h.hash);
    let mut row = audit_event::Model {
        id: 0,
        position: Some(position),
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
        position: Set(row.position),
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
    /// The first event whose stored hash, link or position does not match, and why.
    pub first_broken: Option<(i64, String)>,
    /// Where the log disagrees with a head seen before or with the signed checkpoints.
    pub head_problem: Option<String>,
    /// Whether the signed checkpoints were checked (only with a public key).
    pub checkpoints_checked: bool,
}

impl ChainReport {
    /// Whether nothing is wrong.
    pub fn intact(&self) -> bool {
        self.first_broken.is_none() && self.head_problem.is_none()
    }
}

/// The log's head: how many events it holds and the last one's hash. Anyone may keep it and
/// later check, with `concord audit verify --since-head COUNT:HASH`, that the log still holds
/// it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditHead {
    /// Events in the log.
    pub count: i64,
    /// The last event's hash (the genesis value for an empty log).
    pub hash: String,
    /// The latest signed checkpoint.
    pub checkpoint: Option<super::Checkpoint>,
}

impl AuditHead {
    /// Parses `COUNT:HASH`, as `/audit/head` gives it and `--since-head` takes it.
    pub fn parse_seen(text: &str) -> std::result::Result<(i64, String), String> {
        let (count, hash) = text
            .trim()
            .split_once(':')
            .ok_or_else(|| "expected COUNT:HASH, as GET /audit/head gives them".to_owned())?;
        let count: i64 = count.parse().ok().filter(|c| *c >= 0).ok_or_else(|| {
            format!(
                "`{}` is not a count of events",
                crate::domain::Quoted(count)
            )
        })?;
        let well_formed = hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit());
        if !well_formed {
            return Err("the hash is 64 hexadecimal characters".to_owned());
        }
        Ok((count, hash.to_ascii_lowercase()))
    }
}

/// What `verify_audit_chain` checks besides the chain itself.
#[derive(Debug, Clone, Default)]
pub struct VerifyOptions {
    /// A head seen before (`COUNT`, `HASH`): the log must still hold it.
    pub since_head: Option<(i64, String)>,
    /// The registry's public key: the signed checkpoints must match the log.
    pub public_key: Option<super::AuditPublicKey>,
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

    /// The log's head as it stands, with the latest signed checkpoint.
    pub async fn audit_head(&self) -> Result<AuditHead> {
        let count = i64::try_from(audit_event::Entity::find().count(self.db()).await?)
            .map_err(Error::internal)?;
        let hash = audit_event::Entity::find()
            .order_by_desc(audit_event::Column::Id)
            .one(self.db())
            .await?
            .map_or_else(|| GENESIS.to_owned(), |row| row.hash);
        Ok(AuditHead {
            count,
            hash,
            checkpoint: super::checkpoints::latest_checkpoint(self.db()).await?,
        })
    }

    /// Recomputes every event's hash, link and position, in order, and names the first that
    /// does not match; then checks that the log still holds a head seen before, and that it
    /// matches every checkpoint signed with the registry's key.
    #[tracing::instrument(skip_all)]
    pub async fn verify_audit_chain(&self, options: &VerifyOptions) -> Result<ChainReport> {
        const BATCH: u64 = 1000;
        // The positions whose hashes the head checks need, read while walking.
        let mut wanted: HashMap<i64, Option<String>> = audit_checkpoint::Entity::find()
            .all(self.db())
            .await?
            .into_iter()
            .map(|c| (c.position, None))
            .collect();
        if let Some((count, _)) = &options.since_head {
            wanted.insert(*count, None);
        }
        let mut prev_hash = GENESIS.to_owned();
        let mut last_id = 0;
        let mut events: u64 = 0;
        let broken = |events, id, why: &str| ChainReport {
            events,
            first_broken: Some((id, why.to_owned())),
            head_problem: None,
            checkpoints_checked: false,
        };
        loop {
            let rows = audit_event::Entity::find()
                .filter(audit_event::Column::Id.gt(last_id))
                .order_by_asc(audit_event::Column::Id)
                .limit(BATCH)
                .all(self.db())
                .await?;
            if rows.is_empty() {
                break;
            }
            for row in rows {
                events += 1;
                let place = i64::try_from(events).map_err(Error::internal)?;
                if row.prev_hash != prev_hash {
                    return Ok(broken(
                        events,
                        row.id,
                        "its link to the previous event does not match (an event before it \
                         was changed, removed or inserted)",
                    ));
                }
                if row.position.is_some_and(|p| p != place) {
                    return Ok(broken(
                        events,
                        row.id,
                        "its position does not match its place in the log (events were moved, \
                         removed or inserted)",
                    ));
                }
                // A row whose details no longer parse cannot match its hash either.
                let recomputed = hash_event(&prev_hash, &row).unwrap_or_default();
                if recomputed != row.hash {
                    return Ok(broken(
                        events,
                        row.id,
                        "its content does not match its hash (the event was edited)",
                    ));
                }
                if let Some(slot) = wanted.get_mut(&place) {
                    *slot = Some(row.hash.clone());
                }
                prev_hash = row.hash;
                last_id = row.id;
            }
        }
        let hash_at = |position: i64| {
            if position == 0 {
                Some(GENESIS.to_owned())
            } else {
                wanted.get(&position).cloned().flatten()
            }
        };
        let mut head_problem = None;
        if let Some((count, hash)) = &options.since_head {
            head_problem = match hash_at(*count) {
                None => Some(format!(
                    "the log holds {events} events, fewer than the {count} seen before (events were removed)"
                )),
                Some(now) if now != *hash => Some(format!(
                    "the event at position {count} no longer has the hash seen before: the log does not extend what was seen"
                )),
                Some(_) => None,
            };
        }
        let checkpoints_checked = options.public_key.is_some();
        if head_problem.is_none()
            && let Some(key) = &options.public_key
        {
            head_problem = super::checkpoints::check_checkpoints(self.db(), key, hash_at).await?;
        }
        Ok(ChainReport {
            events,
            first_broken: None,
            head_problem,
            checkpoints_checked,
        })
    }
}
