//! Usage: every validation made with a token (or a signed-in session) is counted for the
//! caller's organisation, per standard, version and day. Counts only, never payloads.
//!
//! Counting must not slow validation: a request adds to an in-memory tally under one short lock,
//! and the tally is written in one batch (an upsert per key) every few seconds, when usage is
//! read, and when the server stops.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::NaiveDate;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ColumnTrait, DbBackend, EntityTrait, QueryFilter, QueryOrder, Set, TransactionTrait,
};
use serde::Serialize;

use super::{Prepared, Registry, Result};
use crate::auth::Caller;
use crate::db::entities::usage_count;

/// How often the tally is written while the server runs.
pub const FLUSH_EVERY: std::time::Duration = std::time::Duration::from_secs(10);

/// One (organisation, standard, version, day) a count is kept for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Key {
    organisation_id: i64,
    standard_id: i64,
    version_id: i64,
    day: NaiveDate,
}

/// Validations counted on this replica and not yet written.
#[derive(Debug, Default)]
pub struct UsageTally {
    pending: Mutex<HashMap<Key, u64>>,
    /// Held while a batch is written, so a reader that flushes waits for a batch another task
    /// took but has not committed yet.
    writing: tokio::sync::Mutex<()>,
}

impl UsageTally {
    fn add(&self, key: Key, n: u64) {
        let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        *pending.entry(key).or_default() += n;
    }

    fn take(&self) -> HashMap<Key, u64> {
        std::mem::take(&mut *self.pending.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

/// Validations counted for one organisation, version and day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UsageCount {
    /// The validating organisation.
    pub organisation_id: i64,
    /// The standard.
    pub standard_id: i64,
    /// The version validated against.
    pub version_id: i64,
    /// The day (UTC).
    pub day: NaiveDate,
    /// Documents validated.
    pub validations: u64,
}

/// Which counts to read.
#[derive(Debug, Clone, Copy, Default)]
pub struct UsageFilter {
    /// Of this organisation.
    pub organisation_id: Option<i64>,
    /// Of this standard.
    pub standard_id: Option<i64>,
    /// Against this version.
    pub version_id: Option<i64>,
}

/// The days of usage shown unless asked otherwise.
pub const DEFAULT_USAGE_DAYS: i64 = 30;

/// The most days of usage one read may cover.
pub const MAX_USAGE_DAYS: i64 = 366;

/// `rows` summed by `key`, most validations first (ties by key).
pub fn usage_totals<K: Ord + Copy>(
    rows: &[UsageCount],
    key: impl Fn(&UsageCount) -> K,
) -> Vec<(K, u64)> {
    let mut totals: std::collections::BTreeMap<K, u64> = std::collections::BTreeMap::new();
    for row in rows {
        *totals.entry(key(row)).or_default() += row.validations;
    }
    let mut totals: Vec<(K, u64)> = totals.into_iter().collect();
    totals.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    totals
}

impl Registry {
    /// Counts `documents` validations against `prepared` for the caller's organisation; an
    /// anonymous caller is not counted.
    pub fn count_usage(&self, caller: &Caller, prepared: &Prepared, documents: usize) {
        let Some(me) = caller.principal() else {
            return;
        };
        if documents == 0 {
            return;
        }
        self.inner.usage.add(
            Key {
                organisation_id: me.organisation_id,
                standard_id: prepared.standard.id,
                version_id: prepared.version.id,
                day: self.now().date_naive(),
            },
            documents as u64,
        );
    }

    /// Adds `n` validations to one organisation's count for one version and day (for the
    /// demonstration data, which shows a fortnight of use).
    pub(crate) fn record_usage(
        &self,
        organisation_id: i64,
        standard_id: i64,
        version_id: i64,
        day: NaiveDate,
        n: u64,
    ) {
        self.inner.usage.add(
            Key {
                organisation_id,
                standard_id,
                version_id,
                day,
            },
            n,
        );
    }

    /// Writes the counts not yet written, in one transaction; returns how many keys it wrote.
    /// On failure the counts are put back, to be written next time.
    pub async fn flush_usage(&self) -> Result<usize> {
        let _writing = self.inner.usage.writing.lock().await;
        let pending = self.inner.usage.take();
        if pending.is_empty() {
            return Ok(0);
        }
        match self.write_usage(&pending).await {
            Ok(()) => Ok(pending.len()),
            Err(error) => {
                for (key, n) in pending {
                    self.inner.usage.add(key, n);
                }
                Err(error)
            }
        }
    }

    async fn write_usage(&self, pending: &HashMap<Key, u64>) -> Result<()> {
        // The upserts commute, so PostgreSQL needs no registry-wide write lock for them.
        let txn = match self.db().get_database_backend() {
            DbBackend::Postgres => self.db().begin().await?,
            _ => crate::db::begin_write(self.db()).await?,
        };
        for (key, n) in pending {
            let n = i64::try_from(*n).unwrap_or(i64::MAX);
            usage_count::Entity::insert(usage_count::ActiveModel {
                organisation_id: Set(key.organisation_id),
                standard_id: Set(key.standard_id),
                version_id: Set(key.version_id),
                day: Set(key.day),
                validations: Set(n),
            })
            .on_conflict(
                OnConflict::columns([
                    usage_count::Column::OrganisationId,
                    usage_count::Column::StandardId,
                    usage_count::Column::VersionId,
                    usage_count::Column::Day,
                ])
                .value(
                    usage_count::Column::Validations,
                    Expr::col((usage_count::Entity, usage_count::Column::Validations)).add(n),
                )
                .to_owned(),
            )
            .exec_without_returning(&txn)
            .await?;
        }
        txn.commit().await?;
        Ok(())
    }

    /// Writes the tally every [`FLUSH_EVERY`] while the runtime runs.
    pub fn flush_usage_periodically(&self) {
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        let registry = self.clone();
        runtime.spawn(async move {
            let mut every = tokio::time::interval(FLUSH_EVERY);
            every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                every.tick().await;
                if let Err(error) = registry.flush_usage().await {
                    tracing::warn!(%error, "cannot write usage counts; keeping them for next time");
                }
            }
        });
    }

    /// Usage counts of the last `days` days (today included, 1 to [`MAX_USAGE_DAYS`]), newest
    /// day first, after writing this replica's pending counts.
    pub async fn recent_usage(&self, filter: UsageFilter, days: i64) -> Result<Vec<UsageCount>> {
        if !(1..=MAX_USAGE_DAYS).contains(&days) {
            return Err(super::Error::bad_input(
                "days",
                format!("give between 1 and {MAX_USAGE_DAYS} days"),
            ));
        }
        let since = self.now().date_naive() - chrono::Duration::days(days - 1);
        self.flush_usage().await?;
        let mut query = usage_count::Entity::find();
        if let Some(id) = filter.organisation_id {
            query = query.filter(usage_count::Column::OrganisationId.eq(id));
        }
        if let Some(id) = filter.standard_id {
            query = query.filter(usage_count::Column::StandardId.eq(id));
        }
        if let Some(id) = filter.version_id {
            query = query.filter(usage_count::Column::VersionId.eq(id));
        }
        query = query.filter(usage_count::Column::Day.gte(since));
        Ok(query
            .order_by_desc(usage_count::Column::Day)
            .order_by_asc(usage_count::Column::OrganisationId)
            .order_by_asc(usage_count::Column::VersionId)
            .all(self.db())
            .await?
            .into_iter()
            .map(|row| UsageCount {
                organisation_id: row.organisation_id,
                standard_id: row.standard_id,
                version_id: row.version_id,
                day: row.day,
                validations: u64::try_from(row.validations).unwrap_or_default(),
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(organisation_id: i64, version_id: i64, validations: u64) -> UsageCount {
        UsageCount {
            organisation_id,
            standard_id: 1,
            version_id,
            day: NaiveDate::from_ymd_opt(2026, 12, 1).expect("day"),
            validations,
        }
    }

    #[test]
    fn totals_sum_by_the_key_given_and_put_the_most_first() {
        let rows = [row(7, 1, 5), row(8, 1, 9), row(7, 2, 6), row(9, 1, 11)];
        assert_eq!(
            usage_totals(&rows, |r| r.organisation_id),
            [(7, 11), (9, 11), (8, 9)],
            "ties are ordered by key"
        );
        assert_eq!(usage_totals(&rows, |r| r.version_id), [(1, 25), (2, 6)]);
        assert!(usage_totals(&[], |r| r.version_id).is_empty());
    }
}
