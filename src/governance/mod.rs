//! Pure governance rules: who may do what (docs/DESIGN.md, "Roles"), how a proposal moves
//! through its life cycle, how long consultations last and when the board's reviews allow an
//! approval. No I/O; the registry asks these functions before it writes anything.

mod lifecycle;
mod panel;
mod permissions;
mod quorum;
mod versions;
mod windows;

pub use lifecycle::{
    OPEN_STATES, Step, Transition, TransitionError, is_final, next_state, reserves,
};
pub use panel::{
    Member, PanelTooSmall, VerdictBinds, check_bound_decision, check_panel, eligible_member,
};
pub use permissions::{Action, Actor, Denial, authorise, eligible_reviewer};
pub use quorum::{ApprovalBlocked, Quorum, Tally, check_approval};
pub use versions::{
    ScheduleRefused, VersionStep, VersionTransitionError, check_deadline, check_deprecation,
    next_version_status,
};
pub use windows::{ConsultationDays, consultation_running};
