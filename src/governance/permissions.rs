//! Who may do what. Roles come from DESIGN.md; on top of them, separation of duties: nobody
//! decides a proposal authored by their own organisation.

use crate::domain::Role;

/// An authenticated caller, as the rules see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    /// The caller's role.
    pub role: Role,
    /// The caller's organisation.
    pub organisation_id: i64,
}

/// Something a caller wants to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Propose a new standard or version.
    Propose,
    /// Submit, revise or withdraw a proposal authored by `author_organisation`.
    ManageProposal {
        /// The organisation that authored the proposal.
        author_organisation: i64,
    },
    /// Approve or reject a proposal authored by `author_organisation`.
    Decide {
        /// The organisation that authored the proposal.
        author_organisation: i64,
    },
    /// Create organisations and accounts.
    Administer,
}

/// Why an action is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Denial {
    /// No token was given.
    #[error("this needs an API token (Authorization: Bearer concord_…)")]
    Unauthenticated,
    /// The caller's role or organisation does not allow it.
    #[error("{0}")]
    Forbidden(String),
}

const PROPOSERS: &[Role] = &[Role::Steward, Role::Partner, Role::Board];

/// Checks whether `actor` (None = the public) may take `action`.
pub fn authorise(actor: Option<Actor>, action: Action) -> Result<(), Denial> {
    let actor = actor.ok_or(Denial::Unauthenticated)?;
    let forbid = |why: String| Err(Denial::Forbidden(why));
    match action {
        Action::Propose if !PROPOSERS.contains(&actor.role) => forbid(format!(
            "a {} account cannot propose; proposals come from steward, partner or board accounts",
            actor.role
        )),
        Action::ManageProposal {
            author_organisation,
        } => {
            if !PROPOSERS.contains(&actor.role) {
                forbid(format!("a {} account cannot change proposals", actor.role))
            } else if author_organisation != actor.organisation_id {
                forbid("only the organisation that authored a proposal can change it".to_owned())
            } else {
                Ok(())
            }
        }
        Action::Decide {
            author_organisation,
        } => {
            if actor.role != Role::Cdo {
                forbid("only the CDO decides proposals".to_owned())
            } else if author_organisation == actor.organisation_id {
                forbid(
                    "conflict of interest: nobody decides a proposal authored by their own \
                     organisation"
                        .to_owned(),
                )
            } else {
                Ok(())
            }
        }
        Action::Administer if actor.role != Role::Cdo => {
            forbid("only the CDO manages organisations and accounts".to_owned())
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: Role, org: i64) -> Option<Actor> {
        Some(Actor {
            role,
            organisation_id: org,
        })
    }

    #[test]
    fn the_public_must_authenticate_for_every_action() {
        assert_eq!(
            authorise(None, Action::Propose),
            Err(Denial::Unauthenticated)
        );
    }

    #[test]
    fn only_the_cdo_decides_and_never_for_their_own_organisation() {
        let decide = Action::Decide {
            author_organisation: 1,
        };
        assert!(authorise(actor(Role::Cdo, 2), decide).is_ok());
        assert!(authorise(actor(Role::Cdo, 1), decide).is_err());
        for role in [Role::Steward, Role::Partner, Role::Board] {
            assert!(authorise(actor(role, 2), decide).is_err());
        }
    }

    #[test]
    fn proposals_are_managed_only_by_their_authoring_organisation() {
        let manage = Action::ManageProposal {
            author_organisation: 1,
        };
        assert!(authorise(actor(Role::Steward, 1), manage).is_ok());
        assert!(authorise(actor(Role::Steward, 2), manage).is_err());
        assert!(authorise(actor(Role::Cdo, 1), manage).is_err());
    }

    #[test]
    fn the_cdo_does_not_propose() {
        assert!(authorise(actor(Role::Cdo, 1), Action::Propose).is_err());
        assert!(authorise(actor(Role::Partner, 1), Action::Propose).is_ok());
    }
}
