//! Which version a validation request means, remembered for a moment. Validation is the
//! registry's hottest path, and resolving a slug and a range takes several database round trips
//! (on SQLite each one hops to the driver's thread and back), which cost far more than
//! validating a typical payload. Published content never changes, but a status can (a version
//! is deprecated, retired, or a newer one published), so an answer is reused only while no
//! change has been committed on this replica and for at most [`FRESH_FOR`]: a change made on
//! another replica sharing the database reaches this one's validations within that time.

use std::sync::Arc;
use std::time::{Duration, Instant};

use quick_cache::sync::Cache;

use super::validation::Prepared;

/// How long a resolution is trusted without asking the database again.
pub const FRESH_FOR: Duration = Duration::from_secs(1);

/// How many (standard, version request) pairs are remembered.
const CAPACITY: usize = 256;

#[derive(Clone)]
struct Entry {
    at: Instant,
    generation: u64,
    prepared: Arc<Prepared>,
}

/// Recently resolved and compiled versions, by standard slug and version request.
pub(crate) struct Resolutions {
    entries: Cache<(String, String), Entry>,
}

impl Resolutions {
    pub(crate) fn new() -> Self {
        Self {
            entries: Cache::new(CAPACITY),
        }
    }

    /// The remembered answer, if it is still fresh: no change committed since (`generation` is
    /// the replica's count of commits) and younger than [`FRESH_FOR`].
    pub(crate) fn get(&self, key: &(String, String), generation: u64) -> Option<Arc<Prepared>> {
        self.entries
            .get(key)
            .filter(|e| e.generation == generation && e.at.elapsed() < FRESH_FOR)
            .map(|e| e.prepared)
    }

    pub(crate) fn insert(&self, key: (String, String), generation: u64, prepared: Arc<Prepared>) {
        self.entries.insert(
            key,
            Entry {
                at: Instant::now(),
                generation,
                prepared,
            },
        );
    }
}
