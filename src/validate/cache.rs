//! A bounded cache of compiled validators. Published content is immutable, and so is everything a
//! version references, so an entry never goes stale; the bound only limits memory.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use quick_cache::sync::Cache;

use super::Compiled;

/// Hit and miss counts since start-up, for `/metrics`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheStats {
    /// Lookups answered from the cache.
    pub hits: u64,
    /// Lookups that had to compile.
    pub misses: u64,
    /// Validators held now.
    pub entries: u64,
    /// The most validators held at once.
    pub capacity: u64,
}

/// Compiled validators keyed by version id.
pub struct ValidatorCache {
    entries: Cache<i64, Arc<Compiled>>,
    capacity: u64,
    hits: AtomicU64,
    misses: AtomicU64,
}

impl ValidatorCache {
    /// A cache holding at most `capacity` validators (at least one).
    pub fn new(capacity: usize) -> Self {
        let capacity = capacity.max(1);
        Self {
            entries: Cache::new(capacity),
            capacity: capacity as u64,
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }
    }

    /// The cached validator for `version_id`, counting a hit or a miss.
    pub fn get(&self, version_id: i64) -> Option<Arc<Compiled>> {
        let found = self.entries.get(&version_id);
        let counter = if found.is_some() {
            &self.hits
        } else {
            &self.misses
        };
        counter.fetch_add(1, Ordering::Relaxed);
        found
    }

    /// Stores a freshly compiled validator.
    pub fn insert(&self, version_id: i64, compiled: Arc<Compiled>) {
        self.entries.insert(version_id, compiled);
    }

    /// Counts for metrics.
    pub fn stats(&self) -> CacheStats {
        CacheStats {
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
            entries: self.entries.len() as u64,
            capacity: self.capacity,
        }
    }
}

impl std::fmt::Debug for ValidatorCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ValidatorCache")
            .field("stats", &self.stats())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::compile;
    use serde_json::json;

    #[test]
    fn the_cache_counts_hits_and_misses_and_stays_bounded() {
        let cache = ValidatorCache::new(2);
        let compiled = Arc::new(
            compile(&json!({}), "https://reg.example/schemas/a/1.0.0", &[]).expect("compiles"),
        );
        assert!(cache.get(1).is_none());
        cache.insert(1, compiled.clone());
        assert!(cache.get(1).is_some());
        for id in 2..10 {
            cache.insert(id, compiled.clone());
        }
        let stats = cache.stats();
        assert_eq!((stats.hits, stats.misses), (1, 1));
        assert!(stats.entries <= 2, "{stats:?}");
    }
}
