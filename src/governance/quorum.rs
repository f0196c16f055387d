//! When the CDO may approve: the consultation has closed, enough of the eligible reviewers
//! approved (the quorum; by default more than 60%, as the UK Open Standards Board's terms require
//! for attendance), and approvals outnumber rejections.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};

use crate::domain::ParseError;

/// The share of eligible reviewers whose approval is needed: approvals must be strictly more than
/// this fraction of them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quorum(f64);

impl Default for Quorum {
    fn default() -> Self {
        Self(0.6)
    }
}

impl Quorum {
    /// A quorum of more than `fraction` (0 to 1) of the eligible reviewers.
    pub fn new(fraction: f64) -> Result<Self, ParseError> {
        if (0.0..1.0).contains(&fraction) {
            Ok(Self(fraction))
        } else {
            Err(ParseError::new(format!(
                "a quorum must be a fraction from 0 up to (not including) 1, got {fraction}"
            )))
        }
    }

    /// How many approvals `eligible` reviewers need: the least count strictly above the fraction.
    pub fn needed(&self, eligible: usize) -> usize {
        // Compare in integers to avoid rounding surprises: the least n with n / eligible > q.
        let scaled = (self.0 * 1_000_000.0).round() as u128;
        (0..=eligible)
            .find(|n| (*n as u128) * 1_000_000 > scaled * eligible as u128)
            .unwrap_or(eligible + 1)
    }
}

impl FromStr for Quorum {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, ParseError> {
        let fraction: f64 = s
            .trim()
            .parse()
            .map_err(|_| ParseError::new(format!("`{s}` is not a fraction such as 0.6")))?;
        Self::new(fraction)
    }
}

impl fmt::Display for Quorum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// The reviews cast in the current round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    /// The eligible board (every board member outside the proposing organisation).
    pub eligible: usize,
    /// APPROVE verdicts.
    pub approvals: usize,
    /// REQUEST_CHANGES verdicts.
    pub changes_requested: usize,
    /// REJECT verdicts.
    pub rejections: usize,
}

/// Why the CDO may not approve yet; each carries the whole count, so the answer can show it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApprovalBlocked {
    /// The public consultation is still running.
    #[error(
        "the consultation is open until {}; the CDO may approve only after it closes",
        closes_at.to_rfc3339()
    )]
    ConsultationOpen {
        /// When it closes.
        closes_at: DateTime<Utc>,
        /// Approvals the quorum needs.
        needed: usize,
        /// The reviews as they stand.
        tally: Tally,
    },
    /// Too few approvals.
    #[error(
        "the quorum is not met: {} of {} reviewers approved, and approval needs {needed}",
        tally.approvals,
        tally.eligible
    )]
    Quorum {
        /// Approvals needed.
        needed: usize,
        /// The reviews as they stand.
        tally: Tally,
    },
    /// Rejections are not outnumbered.
    #[error(
        "approvals must outnumber rejections: {} approved, {} rejected",
        tally.approvals,
        tally.rejections
    )]
    Majority {
        /// Approvals the quorum needs (met).
        needed: usize,
        /// The reviews as they stand.
        tally: Tally,
    },
}

impl ApprovalBlocked {
    /// Approvals the quorum needs.
    pub fn needed(&self) -> usize {
        match self {
            Self::ConsultationOpen { needed, .. }
            | Self::Quorum { needed, .. }
            | Self::Majority { needed, .. } => *needed,
        }
    }

    /// The reviews as they stand.
    pub fn tally(&self) -> Tally {
        match self {
            Self::ConsultationOpen { tally, .. }
            | Self::Quorum { tally, .. }
            | Self::Majority { tally, .. } => *tally,
        }
    }
}

/// Whether the CDO may approve now: `consultation_open_until` is when a still-running
/// consultation closes (`None` once it has closed), `tally` the current round's reviews. Both the
/// decision and the `approvable` flag ask this one function.
pub fn check_approval(
    consultation_open_until: Option<DateTime<Utc>>,
    tally: Tally,
    quorum: Quorum,
) -> Result<(), ApprovalBlocked> {
    let needed = quorum.needed(tally.eligible);
    if let Some(closes_at) = consultation_open_until {
        return Err(ApprovalBlocked::ConsultationOpen {
            closes_at,
            needed,
            tally,
        });
    }
    if tally.approvals < needed {
        return Err(ApprovalBlocked::Quorum { needed, tally });
    }
    if tally.approvals <= tally.rejections {
        return Err(ApprovalBlocked::Majority { needed, tally });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn more_than_sixty_percent_is_needed_by_default() {
        let q = Quorum::default();
        assert_eq!(q.needed(3), 2);
        assert_eq!(q.needed(5), 4, "3 of 5 is exactly 60%, not more");
        assert_eq!(q.needed(10), 7);
        assert_eq!(q.needed(1), 1);
    }

    #[test]
    fn approval_needs_the_quorum_and_a_majority() {
        let tally = |approvals, rejections| Tally {
            eligible: 5,
            approvals,
            changes_requested: 0,
            rejections,
        };
        assert!(matches!(
            check_approval(None, tally(3, 0), Quorum::default()),
            Err(ApprovalBlocked::Quorum { needed: 4, .. })
        ));
        assert!(check_approval(None, tally(4, 1), Quorum::default()).is_ok());
        let low = Quorum::new(0.0).expect("valid");
        assert!(matches!(
            check_approval(None, tally(1, 1), low),
            Err(ApprovalBlocked::Majority { .. })
        ));
    }

    #[test]
    fn an_open_consultation_blocks_even_a_unanimous_board() {
        let unanimous = Tally {
            eligible: 3,
            approvals: 3,
            changes_requested: 0,
            rejections: 0,
        };
        let closes_at = Utc::now();
        assert!(matches!(
            check_approval(Some(closes_at), unanimous, Quorum::default()),
            Err(ApprovalBlocked::ConsultationOpen { needed: 2, .. })
        ));
        assert!(check_approval(None, unanimous, Quorum::default()).is_ok());
    }

    #[test]
    fn a_board_with_no_reviewers_can_never_approve() {
        let none = Tally::default();
        assert!(check_approval(None, none, Quorum::default()).is_err());
    }

    #[test]
    fn quorums_parse_as_fractions_below_one() {
        assert!("0.75".parse::<Quorum>().is_ok());
        for bad in ["1", "1.5", "-0.1", "sixty"] {
            assert!(bad.parse::<Quorum>().is_err(), "{bad}");
        }
    }
}
