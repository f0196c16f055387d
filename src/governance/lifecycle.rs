//! The proposal state machine. Every step is checked here; anything not listed is refused with
//! the current state and what is allowed from it.

use crate::domain::ProposalState;

/// Something that happens to a proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Add a revision.
    Revise,
    /// Open the public consultation.
    Submit,
    /// Comment (or reply).
    Comment,
    /// The CDO convenes the board.
    Convene,
    /// A board member casts or changes a review.
    Review,
    /// The CDO approves: the version is published.
    Approve,
    /// The CDO rejects.
    Reject,
    /// The CDO sends it back to its authors as a draft.
    RequestChanges,
    /// Its authors withdraw it.
    Withdraw,
}

impl Step {
    /// How the step is named in the API and in errors.
    pub fn name(self) -> &'static str {
        match self {
            Self::Revise => "revise",
            Self::Submit => "submit",
            Self::Comment => "comment",
            Self::Convene => "convene a review",
            Self::Review => "review",
            Self::Approve => "approve",
            Self::Reject => "reject",
            Self::RequestChanges => "request changes",
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

use ProposalState::{Approved, Consultation, Draft, InReview, Rejected, Withdrawn};

const TABLE: &[(ProposalState, Step, ProposalState)] = &[
    (Draft, Step::Revise, Draft),
    (Draft, Step::Submit, Consultation),
    (Draft, Step::Comment, Draft),
    (Draft, Step::Withdraw, Withdrawn),
    (Consultation, Step::Revise, Consultation),
    (Consultation, Step::Comment, Consultation),
    (Consultation, Step::Convene, InReview),
    (Consultation, Step::Withdraw, Withdrawn),
    (InReview, Step::Comment, InReview),
    (InReview, Step::Review, InReview),
    (InReview, Step::Approve, Approved),
    (InReview, Step::Reject, Rejected),
    (InReview, Step::RequestChanges, Draft),
    (InReview, Step::Withdraw, Withdrawn),
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

/// The states of an undecided proposal: it still reserves what it proposes (a new standard's
/// slug), and its authors may still withdraw it.
pub const OPEN_STATES: [ProposalState; 3] = [Draft, Consultation, InReview];

/// Whether an undecided proposal still reserves what it proposes (a new standard's slug) at
/// `now`: one in consultation or review always does; a draft only until it has gone
/// `draft_expiry` untouched, so an abandoned draft cannot hold a name for ever.
pub fn reserves(
    state: ProposalState,
    updated_at: chrono::DateTime<chrono::Utc>,
    now: chrono::DateTime<chrono::Utc>,
    draft_expiry: chrono::Duration,
) -> bool {
    match state {
        Draft => now - updated_at < draft_expiry,
        other => OPEN_STATES.contains(&other),
    }
}

/// Whether the proposal has been decided (or withdrawn): nothing more can happen to it.
pub fn is_final(state: ProposalState) -> bool {
    !OPEN_STATES.contains(&state)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL_STEPS: [Step; 9] = [
        Step::Revise,
        Step::Submit,
        Step::Comment,
        Step::Convene,
        Step::Review,
        Step::Approve,
        Step::Reject,
        Step::RequestChanges,
        Step::Withdraw,
    ];

    #[test]
    fn the_happy_path_runs_from_draft_to_approved() {
        let mut state = Draft;
        for step in [Step::Submit, Step::Convene, Step::Review, Step::Approve] {
            state = next_state(state, step).expect("allowed").to;
        }
        assert_eq!(state, Approved);
    }

    #[test]
    fn requesting_changes_sends_a_proposal_back_to_draft() {
        assert_eq!(
            next_state(InReview, Step::RequestChanges).map(|t| t.to),
            Ok(Draft)
        );
    }

    #[test]
    fn decided_proposals_cannot_move_and_say_so() {
        for state in [Approved, Rejected, Withdrawn] {
            assert!(is_final(state));
            assert!(!OPEN_STATES.contains(&state));
            for step in ALL_STEPS {
                let err = next_state(state, step).expect_err("final");
                assert!(err.allowed.is_empty());
                assert!(err.to_string().contains("final"), "{err}");
            }
        }
    }

    #[test]
    fn a_draft_left_untouched_past_its_expiry_no_longer_reserves_its_slug() {
        let now = chrono::Utc::now();
        let ninety = chrono::Duration::days(90);
        let old = now - chrono::Duration::days(91);
        assert!(!reserves(Draft, old, now, ninety));
        assert!(reserves(
            Draft,
            now - chrono::Duration::days(89),
            now,
            ninety
        ));
        assert!(
            reserves(Consultation, old, now, ninety),
            "consultation always holds it"
        );
        assert!(reserves(InReview, old, now, ninety));
        assert!(!reserves(Withdrawn, now, now, ninety));
    }

    #[test]
    fn approval_needs_a_convened_review() {
        for state in [Draft, Consultation] {
            let err = next_state(state, Step::Approve).expect_err("not in review");
            assert!(!err.allowed.contains(&Step::Approve));
        }
        let err = next_state(Draft, Step::Approve).expect_err("draft");
        assert!(
            err.to_string()
                .contains("revise, submit, comment, withdraw"),
            "{err}"
        );
    }

    #[test]
    fn revisions_stop_once_the_board_is_convened() {
        assert!(next_state(InReview, Step::Revise).is_err());
        assert!(next_state(Consultation, Step::Revise).is_ok());
    }

    #[test]
    fn a_proposal_can_be_withdrawn_at_any_time_before_a_decision() {
        for state in [Draft, Consultation, InReview] {
            assert_eq!(
                next_state(state, Step::Withdraw).map(|t| t.to),
                Ok(Withdrawn)
            );
        }
    }
}
