//! Who sits on the board's review and how its verdict binds. The quorum is counted over the
//! eligible board (every board member outside the proposer's organisation who held the role
//! when the proposal was submitted), not over whoever the CDO convened, so convening one friendly
//! member cannot make one vote a quorum; a panel needs members from several organisations; and a
//! proposal by the deciding CDO's own organisation is decided by the board's verdict alone.

use chrono::{DateTime, Utc};

use super::lifecycle::Step;
use super::permissions::{Actor, Denial, eligible_reviewer};
use super::quorum::{Quorum, Tally, check_approval};
use crate::domain::Role;

/// A board account as the panel rules see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Member {
    /// The account.
    pub account_id: i64,
    /// Its role (only `board` accounts sit on panels).
    pub role: Role,
    /// Its organisation.
    pub organisation_id: i64,
    /// When the account was created.
    pub created_at: DateTime<Utc>,
}

/// Whether `member` belongs to the eligible board for a proposal by `author_organisation`
/// submitted at `submitted_at`: a board member from another organisation whose account existed
/// when the consultation opened (an account made afterwards, perhaps for the purpose, cannot).
pub fn eligible_member(
    member: &Member,
    author_organisation: i64,
    submitted_at: Option<DateTime<Utc>>,
) -> Result<(), Denial> {
    eligible_reviewer(
        Actor {
            role: member.role,
            organisation_id: member.organisation_id,
        },
        author_organisation,
    )?;
    if submitted_at.is_some_and(|submitted| member.created_at > submitted) {
        return Err(Denial::Forbidden(
            "the account was created after the proposal was submitted, so it cannot review it"
                .to_owned(),
        ));
    }
    Ok(())
}

/// A panel the CDO may not convene.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "a review panel needs at least {min_panel} board members from {min_panel} different organisations; this one has {members} from {organisations}"
)]
pub struct PanelTooSmall {
    /// The least panel allowed.
    pub min_panel: usize,
    /// Members chosen.
    pub members: usize,
    /// Distinct organisations among them.
    pub organisations: usize,
}

/// Checks that `panel` (eligible members, without repeats) has at least `min_panel` members
/// from as many distinct organisations.
pub fn check_panel(panel: &[Member], min_panel: usize) -> Result<(), PanelTooSmall> {
    let mut organisations: Vec<i64> = panel.iter().map(|m| m.organisation_id).collect();
    organisations.sort_unstable();
    organisations.dedup();
    if panel.len() < min_panel || organisations.len() < min_panel {
        return Err(PanelTooSmall {
            min_panel,
            members: panel.len(),
            organisations: organisations.len(),
        });
    }
    Ok(())
}

/// Why the CDO may not record a decision on their own organisation's proposal.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerdictBinds {
    /// The board's time to report has not run out.
    #[error(
        "a proposal by the CDO's own organisation is decided by the board's verdict alone, due by {}; it can be recorded after then",
        deadline.to_rfc3339()
    )]
    NotYetDue {
        /// The date the board reports by.
        deadline: DateTime<Utc>,
    },
    /// The decision differs from the board's verdict.
    #[error(
        "a proposal by the CDO's own organisation is decided by the board's verdict alone: the board's verdict is to {}, and the CDO records it without overriding it",
        verdict.name()
    )]
    Overridden {
        /// What the board decided.
        verdict: Step,
    },
}

/// The board's verdict on a proposal by the deciding CDO's own organisation, from the reviews
/// cast by the deadline: approve if they reach the quorum and approvals outnumber rejections,
/// reject otherwise. `decision` (approve, reject or request changes) must be that verdict, and
/// may only be recorded once the deadline has passed.
pub fn check_bound_decision(
    decision: Step,
    deadline: Option<DateTime<Utc>>,
    consultation_open_until: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    tally_at_deadline: Tally,
    quorum: Quorum,
) -> Result<(), VerdictBinds> {
    // The verdict is due once both the board's time and the public consultation have run out.
    let due = deadline.max(consultation_open_until);
    if let Some(deadline) = due
        && now < deadline
    {
        return Err(VerdictBinds::NotYetDue { deadline });
    }
    let verdict = if check_approval(None, tally_at_deadline, quorum).is_ok() {
        Step::Approve
    } else {
        Step::Reject
    };
    if decision != verdict {
        return Err(VerdictBinds::Overridden { verdict });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn member(id: i64, org: i64, created_at: DateTime<Utc>) -> Member {
        Member {
            account_id: id,
            role: Role::Board,
            organisation_id: org,
            created_at,
        }
    }

    #[test]
    fn accounts_made_after_submission_are_not_on_the_eligible_board() {
        let submitted = Utc::now();
        let before = member(1, 2, submitted - Duration::days(1));
        let after = member(2, 3, submitted + Duration::seconds(1));
        assert!(eligible_member(&before, 1, Some(submitted)).is_ok());
        let refused = eligible_member(&after, 1, Some(submitted)).expect_err("too late");
        assert!(
            refused
                .to_string()
                .contains("after the proposal was submitted")
        );
        assert!(eligible_member(&member(3, 1, before.created_at), 1, Some(submitted)).is_err());
    }

    #[test]
    fn a_panel_needs_members_from_as_many_organisations() {
        let at = Utc::now();
        let three_orgs = [member(1, 2, at), member(2, 3, at), member(3, 4, at)];
        assert!(check_panel(&three_orgs, 3).is_ok());
        let two_orgs = [member(1, 2, at), member(2, 2, at), member(3, 4, at)];
        let refused = check_panel(&two_orgs, 3).expect_err("two organisations");
        assert_eq!((refused.members, refused.organisations), (3, 2));
        assert!(check_panel(&three_orgs[..1], 3).is_err());
        assert!(check_panel(&three_orgs[..1], 1).is_ok());
    }

    #[test]
    fn the_board_verdict_binds_the_cdo_on_their_own_organisations_proposal() {
        let now = Utc::now();
        let approving = Tally {
            eligible: 3,
            approvals: 2,
            changes_requested: 0,
            rejections: 1,
        };
        let q = Quorum::default();
        let past = Some(now - Duration::hours(1));
        assert!(check_bound_decision(Step::Approve, past, None, now, approving, q).is_ok());
        assert!(matches!(
            check_bound_decision(Step::Reject, past, None, now, approving, q),
            Err(VerdictBinds::Overridden {
                verdict: Step::Approve
            })
        ));
        let future = Some(now + Duration::hours(1));
        assert!(
            matches!(
                check_bound_decision(Step::Approve, past, future, now, approving, q),
                Err(VerdictBinds::NotYetDue { .. })
            ),
            "the consultation is still open"
        );
        assert!(matches!(
            check_bound_decision(Step::Approve, future, None, now, approving, q),
            Err(VerdictBinds::NotYetDue { .. })
        ));
        let short = Tally {
            approvals: 1,
            rejections: 0,
            ..approving
        };
        assert!(check_bound_decision(Step::Reject, past, None, now, short, q).is_ok());
        assert!(check_bound_decision(Step::RequestChanges, past, None, now, short, q).is_err());
    }
}
