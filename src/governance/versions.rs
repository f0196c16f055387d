//! The life cycle of a published version: ACTIVE → DEPRECATED → RETIRED, or straight to RETIRED.
//! Nothing goes back: a retired version stays resolvable but is never chosen again. Also the
//! date rules of the CDO's forms: a deprecation's successor and sunset, a review's deadline.

use chrono::{DateTime, Utc};

use crate::domain::{VersionNumber, VersionStatus};

/// A change of a published version's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VersionStep {
    /// Mark it superseded.
    Deprecate,
    /// Take it out of use.
    Retire,
}

/// A refused status change.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a {status} version cannot be {}", match step { VersionStep::Deprecate => "deprecated", VersionStep::Retire => "retired" })]
pub struct VersionTransitionError {
    /// The version's status.
    pub status: VersionStatus,
    /// The refused step.
    pub step: VersionStep,
}

/// The status after `step`, or why it is refused.
pub fn next_version_status(
    status: VersionStatus,
    step: VersionStep,
) -> Result<VersionStatus, VersionTransitionError> {
    match (status, step) {
        (VersionStatus::Active, VersionStep::Deprecate) => Ok(VersionStatus::Deprecated),
        (VersionStatus::Active | VersionStatus::Deprecated, VersionStep::Retire) => {
            Ok(VersionStatus::Retired)
        }
        _ => Err(VersionTransitionError { status, step }),
    }
}

/// A refused date or successor (of a deprecation, or a review deadline): which input is wrong,
/// and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct ScheduleRefused {
    /// The input at fault: `successor`, `sunset` or `deadline`.
    pub field: &'static str,
    /// Why, in a sentence.
    pub message: String,
}

fn refuse(field: &'static str, message: impl Into<String>) -> ScheduleRefused {
    ScheduleRefused {
        field,
        message: message.into(),
    }
}

/// Checks a deprecation of version `number`: the successor, when named, must be a later
/// published version that is not retired (`successor` is its number and, if it is published,
/// its status); the sunset, when given, must be after `now`.
pub fn check_deprecation(
    number: &VersionNumber,
    successor: Option<(&VersionNumber, Option<VersionStatus>)>,
    sunset: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<(), ScheduleRefused> {
    match successor {
        Some((successor, None)) => {
            return Err(refuse(
                "successor",
                format!("{successor} is not a published version of this standard"),
            ));
        }
        Some((successor, Some(status)))
            if successor <= number || status == VersionStatus::Retired =>
        {
            return Err(refuse(
                "successor",
                format!(
                    "the successor must be a later version that is not retired, not {successor}"
                ),
            ));
        }
        _ => {}
    }
    if sunset.is_some_and(|sunset| sunset <= now) {
        return Err(refuse("sunset", "the sunset date must be in the future"));
    }
    Ok(())
}

/// Checks the date the board is asked to report by: it must be after `now`.
pub fn check_deadline(deadline: DateTime<Utc>, now: DateTime<Utc>) -> Result<(), ScheduleRefused> {
    if deadline <= now {
        return Err(refuse(
            "deadline",
            "the review deadline must be in the future",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> VersionNumber {
        VersionNumber::parse(text).expect("a version")
    }

    #[test]
    fn a_successor_must_be_a_later_version_still_in_use() {
        let now = Utc::now();
        let one = v("1.0.0");
        let two = v("2.0.0");
        assert!(
            check_deprecation(&one, Some((&two, Some(VersionStatus::Active))), None, now).is_ok()
        );
        let retired =
            check_deprecation(&one, Some((&two, Some(VersionStatus::Retired))), None, now);
        assert_eq!(retired.map_err(|e| e.field), Err("successor"));
        let earlier = check_deprecation(&two, Some((&one, Some(VersionStatus::Active))), None, now);
        assert_eq!(earlier.map_err(|e| e.field), Err("successor"));
        let missing = check_deprecation(&one, Some((&two, None)), None, now);
        assert!(
            missing
                .expect_err("unpublished")
                .message
                .contains("not a published version")
        );
    }

    #[test]
    fn sunsets_and_deadlines_lie_in_the_future() {
        let now = Utc::now();
        let past = now - chrono::Duration::days(1);
        let future = now + chrono::Duration::days(1);
        assert_eq!(
            check_deprecation(&v("1.0.0"), None, Some(past), now).map_err(|e| e.field),
            Err("sunset")
        );
        assert!(check_deprecation(&v("1.0.0"), None, Some(future), now).is_ok());
        assert_eq!(
            check_deadline(now, now).map_err(|e| e.field),
            Err("deadline")
        );
        assert!(check_deadline(future, now).is_ok());
    }

    #[test]
    fn versions_move_forward_only() {
        assert_eq!(
            next_version_status(VersionStatus::Active, VersionStep::Deprecate),
            Ok(VersionStatus::Deprecated)
        );
        assert_eq!(
            next_version_status(VersionStatus::Deprecated, VersionStep::Retire),
            Ok(VersionStatus::Retired)
        );
        assert!(next_version_status(VersionStatus::Deprecated, VersionStep::Deprecate).is_err());
        assert!(next_version_status(VersionStatus::Retired, VersionStep::Retire).is_err());
        assert!(next_version_status(VersionStatus::Retired, VersionStep::Deprecate).is_err());
    }
}
