//! The proposal state machine. Every step is checked here; anything not listed is refused with
//! the current state and what is allowed from it.

use crate::domain::ProposalState;

/// Something that moves a proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Open the consultation.
    Submit,
    /// Add a revision.
    Revise,
    /// Approve: publish the version.
    Approve,
    /// Reject.
    Reject,
    /// Withdraw (by the author's organisation).
    Withdraw,
}

impl Step {
    /// How the step is named in the API and in errors.
    pub fn name(self) -> &'static str {
        match self {
            Self::Submit => "submit",
            Self::Revise => "revise",
            Self::Approve => "approve",
            Self::Reject => "reject",
            Self::Withdraw => "withdraw",
        }
    }
}

/// A permitted move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transition {
    /// The state before.
    pub from: ProposalState,
    /// The state after.
    pub to: ProposalState,
}

/// A refused move, with what would have been allowed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a proposal in state {state} cannot {}; {}", step.name(), describe_allowed(allowed))]
pub struct TransitionError {
    /// The current state.
    pub state: ProposalState,
    /// The refused step.
    pub step: Step,
    /// The steps allowed from the current state.
    pub allowed: Vec<Step>,
}

fn describe_allowed(allowed: &[Step]) -> String {
    if allowed.is_empty() {
        "it is final and nothing more can happen to it".to_owned()
    } else {
        let names: Vec<&str> = allowed.iter().map(|s| s.name()).collect();
        format!("from this state it can only {}", names.join(", "))
    }
}

const TABLE: &[(ProposalState, Step, ProposalState)] = &[
    (ProposalState::Draft, Step::Revise, ProposalState::Draft),
    (
        ProposalState::Draft,
        Step::Submit,
        ProposalState::Consultation,
    ),
    (
        ProposalState::Draft,
        Step::Withdraw,
        ProposalState::Withdrawn,
    ),
    (
        ProposalState::Consultation,
        Step::Revise,
        ProposalState::Consultation,
    ),
    (
        ProposalState::Consultation,
        Step::Approve,
        ProposalState::Approved,
    ),
    (
        ProposalState::Consultation,
        Step::Reject,
        ProposalState::Rejected,
    ),
    (
        ProposalState::Consultation,
        Step::Withdraw,
        ProposalState::Withdrawn,
    ),
    (
        ProposalState::InReview,
        Step::Approve,
        ProposalState::Approved,
    ),
    (
        ProposalState::InReview,
        Step::Reject,
        ProposalState::Rejected,
    ),
    (
        ProposalState::InReview,
        Step::Withdraw,
        ProposalState::Withdrawn,
    ),
];

/// The state a proposal in `state` moves to when `step` happens, or why it cannot.
pub fn next_state(state: ProposalState, step: Step) -> Result<Transition, TransitionError> {
    TABLE
        .iter()
        .find(|(from, s, _)| *from == state && *s == step)
        .map(|(from, _, to)| Transition {
            from: *from,
            to: *to,
        })
        .ok_or_else(|| TransitionError {
            state,
            step,
            allowed: TABLE
                .iter()
                .filter(|(from, _, _)| *from == state)
                .map(|(_, s, _)| *s)
                .collect(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_draft_is_submitted_into_consultation() {
        let t = next_state(ProposalState::Draft, Step::Submit).expect("allowed");
        assert_eq!(t.to, ProposalState::Consultation);
    }

    #[test]
    fn a_decided_proposal_cannot_move_and_says_so() {
        for state in [
            ProposalState::Approved,
            ProposalState::Rejected,
            ProposalState::Withdrawn,
        ] {
            for step in [
                Step::Submit,
                Step::Revise,
                Step::Approve,
                Step::Reject,
                Step::Withdraw,
            ] {
                let err = next_state(state, step).expect_err("final");
                assert!(err.allowed.is_empty());
                assert!(err.to_string().contains("final"), "{err}");
            }
        }
    }

    #[test]
    fn a_draft_cannot_be_approved_and_the_error_lists_what_can_happen() {
        let err = next_state(ProposalState::Draft, Step::Approve).expect_err("not submitted");
        assert_eq!(err.state, ProposalState::Draft);
        assert!(
            err.to_string().contains("revise, submit, withdraw"),
            "{err}"
        );
    }
}
