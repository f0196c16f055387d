//! What one request may ask for in all. A GraphQL request can carry many aliases of the same
//! field, each within its own limit, so the limits also apply to the request as a whole: the
//! documents validated across every field, and the schema comparisons (dry runs and diffs) it
//! runs. The transport makes one budget per request; each use case's caller takes from it.

use std::sync::atomic::{AtomicUsize, Ordering};

use super::{Error, Limits, Result};

/// The documents and comparisons one request has left.
#[derive(Debug)]
pub struct RequestBudget {
    documents: AtomicUsize,
    comparisons: AtomicUsize,
    limits: Limits,
}

impl RequestBudget {
    /// A request's budget under the deployment's limits.
    pub fn new(limits: Limits) -> Self {
        Self {
            documents: AtomicUsize::new(limits.max_documents),
            comparisons: AtomicUsize::new(limits.max_comparisons),
            limits,
        }
    }

    /// Takes `count` documents to validate, or refuses once the request's total would pass
    /// `--max-documents`.
    pub fn take_documents(&self, count: usize) -> Result<()> {
        take(&self.documents, count).map(drop).map_err(|_| Error::LimitExceeded {
            limit: "documents",
            message: format!(
                "this request validates more than {} documents in all, across every field and alias; send fewer, or several requests",
                self.limits.max_documents
            ),
        })
    }

    /// Takes one comparison of two schemas (a compatibility dry run or a diff), or refuses once
    /// the request has run `--max-comparisons`.
    pub fn take_comparison(&self) -> Result<()> {
        take(&self.comparisons, 1).map(drop).map_err(|_| Error::LimitExceeded {
            limit: "comparisons",
            message: format!(
                "this request compares schemas more than {} times, across every field and alias; send several requests",
                self.limits.max_comparisons
            ),
        })
    }
}

/// Subtracts `count` from `left` if that many remain; concurrent fields race fairly.
fn take(left: &AtomicUsize, count: usize) -> std::result::Result<usize, usize> {
    left.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| {
        n.checked_sub(count)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_cannot_validate_more_in_all_than_one_field_may() {
        let budget = RequestBudget::new(Limits {
            max_documents: 10,
            max_comparisons: 2,
            ..Limits::default()
        });
        assert!(budget.take_documents(6).is_ok());
        assert!(budget.take_documents(5).is_err(), "6 + 5 > 10");
        assert!(budget.take_documents(4).is_ok(), "a refusal takes nothing");
        assert!(budget.take_documents(1).is_err());
        assert!(budget.take_comparison().is_ok());
        assert!(budget.take_comparison().is_ok());
        let refused = budget.take_comparison().expect_err("third");
        assert_eq!(refused.code(), "LIMIT_EXCEEDED");
    }
}
