//! CPU-heavy work (comparing schemas, validating big batches, large GraphQL requests) runs on
//! the blocking pool, a few jobs at a time, so the request workers stay free for `/healthz` and
//! plain reads; and it stops when the request that asked for it is dropped, instead of running
//! on for a client that has gone.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use tokio::sync::Semaphore;

use super::{Error, Result};

/// How many heavy jobs run at once: one per core.
fn lanes() -> Semaphore {
    let cores = std::thread::available_parallelism().map_or(2, usize::from);
    Semaphore::new(cores)
}

/// A flag set when its guard is dropped: the future that held the guard was abandoned (or
/// finished), so the work it started may stop.
#[derive(Debug, Default)]
pub(crate) struct CancelOnDrop(Arc<AtomicBool>);

impl CancelOnDrop {
    /// The flag the work checks.
    pub(crate) fn flag(&self) -> Arc<AtomicBool> {
        self.0.clone()
    }
}

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// The lanes, and how many jobs stopped because their request was abandoned.
#[derive(Debug)]
pub(crate) struct Heavy {
    lanes: Semaphore,
    /// Large requests (a GraphQL body of hundreds of kilobytes) run one at a time, apart from
    /// the lanes, which the work inside them may need.
    large: Semaphore,
    abandoned: Arc<AtomicU64>,
}

impl Heavy {
    pub(crate) fn new() -> Self {
        Self {
            lanes: lanes(),
            large: Semaphore::new(1),
            abandoned: Arc::default(),
        }
    }

    /// Jobs whose request was dropped before they finished.
    pub(crate) fn abandoned(&self) -> u64 {
        self.abandoned.load(Ordering::Relaxed)
    }

    /// Runs `work` on the blocking pool once a lane is free. `cancel` is the flag the work
    /// checks: dropping the returned future raises it (through the guard the caller holds) and
    /// the work stops at its next check.
    pub(crate) async fn run<T: Send + 'static>(
        &self,
        cancel: &CancelOnDrop,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T> {
        let _lane = self.lanes.acquire().await.map_err(Error::internal)?;
        let (flag, abandoned) = (cancel.flag(), self.abandoned.clone());
        tokio::task::spawn_blocking(move || {
            let done = work();
            if flag.load(Ordering::Relaxed) {
                abandoned.fetch_add(1, Ordering::Relaxed);
            }
            done
        })
        .await
        .map_err(Error::internal)
    }
}

impl Heavy {
    /// Runs a whole large request on the blocking pool, one at a time: parsing megabytes of
    /// arguments and serialising a large answer must not hold a request worker either.
    pub(crate) async fn run_large<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T> {
        let _turn = self.large.acquire().await.map_err(Error::internal)?;
        tokio::task::spawn_blocking(work)
            .await
            .map_err(Error::internal)
    }
}

impl super::Registry {
    /// Runs `work` (which may block on async work through the runtime's handle) as a large
    /// request: on the blocking pool, one at a time.
    pub async fn run_large_request<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T> {
        self.inner.heavy.run_large(work).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dropping_the_guard_raises_the_flag() {
        let guard = CancelOnDrop::default();
        let flag = guard.flag();
        assert!(!flag.load(Ordering::Relaxed));
        drop(guard);
        assert!(flag.load(Ordering::Relaxed));
    }
}
