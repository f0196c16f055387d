//! The life cycle of a published version: ACTIVE → DEPRECATED → RETIRED, or straight to RETIRED.
//! Nothing goes back: a retired version stays resolvable but is never chosen again.

use crate::domain::VersionStatus;

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

#[cfg(test)]
mod tests {
    use super::*;

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
