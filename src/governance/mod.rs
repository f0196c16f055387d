//! Pure governance rules: who may do what (DESIGN.md, "Who uses it") and how a proposal moves
//! through its life cycle. No I/O; the registry asks these functions before it writes anything.

mod lifecycle;
mod permissions;

pub use lifecycle::{Step, Transition, TransitionError, next_state};
pub use permissions::{Action, Actor, Denial, authorise};
