//! How much work one comparison may do. Real schemas can make a comparison expensive (thousands
//! of properties, deep `oneOf`s), and a dry run is open to anyone, so each comparison counts its
//! steps against a budget and stops when it runs out, or when its caller gives up: what is still
//! undecided is then reported as UNKNOWN, with a message that says why, never left running.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// The limit of one comparison.
#[derive(Debug, Clone)]
pub struct WorkBudget {
    /// Most steps (pairs of subschemas compared, witness attempts) before the comparison stops.
    pub max_steps: u64,
    /// Set by the caller to stop the comparison early (its client went away).
    pub cancelled: Option<Arc<AtomicBool>>,
}

impl WorkBudget {
    /// The default: generous for any real schema (the catalogue's largest diff takes a few
    /// thousand steps), small enough that no request can hold a core for long.
    pub const DEFAULT_STEPS: u64 = 1_000_000;

    /// A budget of `max_steps` that `cancelled` can stop early.
    pub fn new(max_steps: u64, cancelled: Option<Arc<AtomicBool>>) -> Self {
        Self {
            max_steps,
            cancelled,
        }
    }
}

impl Default for WorkBudget {
    fn default() -> Self {
        Self::new(Self::DEFAULT_STEPS, None)
    }
}

/// Why a comparison stopped before the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stopped {
    /// Its steps ran out.
    Exhausted,
    /// Its caller gave up.
    Cancelled,
}

/// The steps a comparison has used, against its budget.
#[derive(Debug, Clone)]
pub(crate) struct Work {
    budget: WorkBudget,
    used: u64,
    stopped: Option<Stopped>,
}

impl Work {
    pub(crate) fn new(budget: WorkBudget) -> Self {
        Self {
            budget,
            used: 0,
            stopped: None,
        }
    }

    /// Spends one step; `false` once the budget is spent or the caller gave up.
    pub(crate) fn spend(&mut self) -> bool {
        self.spend_many(1)
    }

    /// Spends `steps` steps at once (a witness attempt costs as many as its document has
    /// values, since it is built and then validated twice).
    pub(crate) fn spend_many(&mut self, steps: u64) -> bool {
        if self.stopped.is_some() {
            return false;
        }
        let before = self.used;
        self.used = self.used.saturating_add(steps);
        // Checking the flag costs an atomic load: once every 64 steps is soon enough.
        let cancelled = (before / 64 != self.used / 64)
            && self
                .budget
                .cancelled
                .as_ref()
                .is_some_and(|c| c.load(Ordering::Relaxed));
        if cancelled {
            self.stopped = Some(Stopped::Cancelled);
        } else if self.used > self.budget.max_steps {
            self.stopped = Some(Stopped::Exhausted);
        }
        self.stopped.is_none()
    }

    /// Whether the work must stop (its budget is spent, or the caller gave up), without spending:
    /// asked before any step whose cost is only known once it is done.
    pub(crate) fn must_stop(&mut self) -> bool {
        if self.stopped.is_none()
            && self
                .budget
                .cancelled
                .as_ref()
                .is_some_and(|c| c.load(Ordering::Relaxed))
        {
            self.stopped = Some(Stopped::Cancelled);
        }
        self.stopped.is_some()
    }

    /// The sentence for a change left undecided.
    pub(crate) fn message(&self) -> String {
        match self.stopped {
            Some(Stopped::Cancelled) => {
                "Concord stopped comparing here because the request was abandoned, so what is below is undecided.".to_owned()
            }
            _ => format!(
                "Concord stopped comparing here: the comparison used its whole work budget ({} steps), so what is below is undecided.",
                self.budget.max_steps
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn work_stops_when_the_budget_is_spent_or_the_caller_gives_up() {
        let mut work = Work::new(WorkBudget::new(3, None));
        assert!(work.spend() && work.spend() && work.spend());
        assert!(!work.spend());
        assert_eq!(work.stopped, Some(Stopped::Exhausted));
        assert!(work.message().contains("3 steps"));
        let flag = Arc::new(AtomicBool::new(true));
        let mut work = Work::new(WorkBudget::new(1_000, Some(flag)));
        let spent = (0..200).take_while(|_| work.spend()).count();
        assert_eq!(spent, 63, "the flag is read every 64 steps");
        assert_eq!(work.stopped, Some(Stopped::Cancelled));
        assert!(work.message().contains("abandoned"));
    }
}
