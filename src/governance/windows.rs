//! How long a consultation stays open: it scales with the change's impact, as 360Giving's
//! governance does (PATCH 7 days, MINOR 14, MAJOR or a new standard 28), configurable per
//! deployment.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Duration, Utc};

use crate::domain::{Bump, ParseError, ProposalState};

/// The minimum consultation length for each kind of change, in days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConsultationDays {
    /// For a PATCH (annotations only).
    pub patch: u32,
    /// For a MINOR change.
    pub minor: u32,
    /// For a MAJOR change or a new standard.
    pub major: u32,
}

impl Default for ConsultationDays {
    fn default() -> Self {
        Self {
            patch: 7,
            minor: 14,
            major: 28,
        }
    }
}

impl ConsultationDays {
    /// The window for a change needing `bump` (a new standard's first version needs a MAJOR:
    /// `compat::needed_bump` says so for a standard with nothing published).
    pub fn for_change(&self, bump: Bump) -> Duration {
        let days = match bump {
            Bump::Major => self.major,
            Bump::Minor => self.minor,
            Bump::Patch | Bump::None => self.patch,
        };
        Duration::days(i64::from(days))
    }

    /// When a consultation opened at `opened` closes.
    pub fn closes_at(&self, opened: DateTime<Utc>, bump: Bump) -> DateTime<Utc> {
        opened + self.for_change(bump)
    }
}

/// When the consultation of a proposal in `state` that closes at `closes_at` is still running
/// at `now`: only an undecided proposal that was submitted has one.
pub fn consultation_running(
    state: ProposalState,
    closes_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    let undecided = matches!(state, ProposalState::Consultation | ProposalState::InReview);
    closes_at.filter(|closes_at| undecided && now < *closes_at)
}

impl FromStr for ConsultationDays {
    type Err = ParseError;

    /// Parses `PATCH,MINOR,MAJOR`, such as `7,14,28` (or `0,0,0` for a demonstration).
    fn from_str(s: &str) -> Result<Self, ParseError> {
        let parts: Vec<&str> = s.split(',').map(str::trim).collect();
        let bad = || {
            ParseError::new(format!(
                "`{s}` is not PATCH,MINOR,MAJOR days, such as 7,14,28"
            ))
        };
        let [patch, minor, major] = parts.as_slice() else {
            return Err(bad());
        };
        let day = |p: &str| p.parse::<u32>().ok().filter(|d| *d <= 3650).ok_or_else(bad);
        let days = Self {
            patch: day(patch)?,
            minor: day(minor)?,
            major: day(major)?,
        };
        if days.patch > days.minor || days.minor > days.major {
            return Err(ParseError::new(format!(
                "`{s}`: a bigger change must not get a shorter consultation"
            )));
        }
        Ok(days)
    }
}

impl fmt::Display for ConsultationDays {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{},{},{}", self.patch, self.minor, self.major)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_scales_with_the_change() {
        let days = ConsultationDays::default();
        assert_eq!(days.for_change(Bump::Patch), Duration::days(7));
        assert_eq!(days.for_change(Bump::Minor), Duration::days(14));
        assert_eq!(days.for_change(Bump::Major), Duration::days(28));
    }

    #[test]
    fn only_an_undecided_submitted_proposal_has_a_running_consultation() {
        let now = Utc::now();
        let later = Some(now + Duration::days(1));
        assert_eq!(
            consultation_running(ProposalState::Consultation, later, now),
            later
        );
        assert_eq!(
            consultation_running(ProposalState::InReview, later, now),
            later
        );
        assert_eq!(
            consultation_running(ProposalState::Approved, later, now),
            None
        );
        assert_eq!(consultation_running(ProposalState::Draft, later, now), None);
        let earlier = Some(now - Duration::days(1));
        assert_eq!(
            consultation_running(ProposalState::Consultation, earlier, now),
            None
        );
    }

    #[test]
    fn windows_parse_from_configuration() {
        assert_eq!("0,0,0".parse::<ConsultationDays>().map(|d| d.major), Ok(0));
        assert_eq!(
            "7, 14, 28".parse::<ConsultationDays>(),
            Ok(ConsultationDays::default())
        );
        for bad in ["7,14", "a,b,c", "28,14,7", "-1,2,3", ""] {
            assert!(bad.parse::<ConsultationDays>().is_err(), "{bad}");
        }
    }
}
