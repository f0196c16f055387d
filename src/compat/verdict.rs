//! Verdicts: whether a change breaks a mode under a policy, and the semver bump the changes need.

use super::model::{Bump, Change, Direction, Mode, Policy};

/// Whether a change with this direction breaks `mode` under `policy`. `lenient` says whether
/// `LENIENT` excuses the change. `UNKNOWN` breaks every mode except `NONE`.
pub fn breaks(mode: Mode, policy: Policy, direction: Direction, lenient: bool) -> bool {
    if mode == Mode::None || direction == Direction::Annotation {
        return false;
    }
    if policy == Policy::Lenient && lenient {
        return false;
    }
    match direction {
        Direction::Unknown => true,
        d => (mode.checks_backward() && d.may_narrow()) || (mode.checks_forward() && d.may_widen()),
    }
}

/// The bump one change needs: `MAJOR` if it breaks, `MINOR` if it changes the valid set,
/// `PATCH` for annotations.
pub fn change_bump(change: &Change) -> Bump {
    if change.breaking {
        Bump::Major
    } else if change.direction == Direction::Annotation {
        Bump::Patch
    } else {
        Bump::Minor
    }
}

/// The bump a set of changes needs (`NONE` when there are none), before the 0.y.z rule that
/// `check_declared_version` applies.
pub fn required_bump(changes: &[Change]) -> Bump {
    changes.iter().map(change_bump).max().unwrap_or(Bump::None)
}
