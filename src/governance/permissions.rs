//! Who may do what. Roles are those of docs/DESIGN.md ("Roles"); on top of them, separation of
//! duties: nobody reviews a proposal authored by their own organisation (a declared conflict of
//! interest, as the UK Open Standards Board minutes them), and on their own organisation's
//! proposal the CDO only records the board's verdict (`panel::check_bound_decision`).

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
    /// Revise, submit or withdraw a proposal authored by `author_organisation`.
    ManageProposal {
        /// The organisation that authored the proposal.
        author_organisation: i64,
    },
    /// Comment on a proposal.
    Comment,
    /// Convene the board on a proposal (the panel rules are `panel::check_panel`).
    Convene,
    /// Review a proposal authored by `author_organisation`.
    Review {
        /// The organisation that authored the proposal.
        author_organisation: i64,
        /// Whether the caller is among the reviewers the CDO convened.
        convened: bool,
    },
    /// Record the decision on a proposal (on the deciding CDO's own organisation's proposal, the
    /// board's verdict binds it: `panel::check_bound_decision`).
    Decide,
    /// Deprecate or retire a published version.
    ManageVersions,
    /// Create organisations.
    Administer,
    /// Create an account with this role.
    CreateAccount {
        /// The new account's role.
        role: Role,
    },
    /// Change, deactivate or issue tokens and sign-in links for an account holding `role`
    /// (changing a role asks this for the old role and `CreateAccount` for the new one).
    ManageAccount {
        /// The account's role.
        role: Role,
    },
    /// Declare (or change) the caller's own organisation's adoption of a standard.
    DeclareAdoption,
    /// Add or remove a fixture of an adoption.
    ManageFixture {
        /// Whether the adoption is the caller's own organisation's.
        own_organisation: bool,
    },
    /// Revoke an API token.
    RevokeToken {
        /// Whether the token is the caller's own.
        own: bool,
        /// The role of the account holding it.
        owner_role: Role,
    },
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

fn conflict(what: &str) -> Denial {
    Denial::Forbidden(format!(
        "conflict of interest: nobody {what} a proposal authored by their own organisation"
    ))
}

/// Whether `member` may sit on the board's review of a proposal authored by
/// `author_organisation`: a Smart London Board member from another organisation. Convening a
/// panel and casting a review both ask this one function.
pub fn eligible_reviewer(member: Actor, author_organisation: i64) -> Result<(), Denial> {
    if member.role != Role::Board {
        Err(Denial::Forbidden(
            "only Smart London Board members review proposals".to_owned(),
        ))
    } else if member.organisation_id == author_organisation {
        Err(conflict("reviews"))
    } else {
        Ok(())
    }
}

/// Checks whether `actor` (None = the public) may take `action`.
pub fn authorise(actor: Option<Actor>, action: Action) -> Result<(), Denial> {
    let actor = actor.ok_or(Denial::Unauthenticated)?;
    let forbid = |why: &str| Err(Denial::Forbidden(why.to_owned()));
    let own = |org: i64| org == actor.organisation_id;
    match action {
        Action::Propose if !PROPOSERS.contains(&actor.role) => {
            forbid("proposals come from steward, partner or board accounts, not the CDO's office")
        }
        Action::ManageProposal {
            author_organisation,
        } => {
            if !PROPOSERS.contains(&actor.role) || !own(author_organisation) {
                forbid(
                    "only the organisation that authored a proposal can revise, submit or withdraw it",
                )
            } else {
                Ok(())
            }
        }
        Action::Convene | Action::Decide if actor.role != Role::Cdo => {
            forbid("only the CDO convenes reviews and decides proposals")
        }
        Action::Review {
            author_organisation,
            convened,
        } => {
            eligible_reviewer(actor, author_organisation)?;
            if !convened {
                forbid("the CDO did not convene this board member for this review")
            } else {
                Ok(())
            }
        }
        Action::ManageVersions if actor.role != Role::Cdo => {
            forbid("only the CDO deprecates and retires versions")
        }
        Action::Administer | Action::CreateAccount { .. } if actor.role != Role::Cdo => {
            forbid("only the CDO manages organisations and accounts")
        }
        Action::CreateAccount { role: Role::Cdo } => forbid(
            "CDO accounts are created only by the server's operator (`concord token create --role cdo`), never through the API",
        ),
        Action::DeclareAdoption if !matches!(actor.role, Role::Steward | Role::Partner) => forbid(
            "adoption is declared by a steward or partner account of the adopting organisation",
        ),
        Action::ManageFixture { .. } if !matches!(actor.role, Role::Steward | Role::Partner) => {
            forbid(
                "fixtures are published by a steward or partner account of the adopting organisation",
            )
        }
        Action::ManageFixture {
            own_organisation: false,
        } => forbid("only the adopting organisation adds or removes its fixtures"),
        Action::RevokeToken { own: true, .. } => Ok(()),
        Action::RevokeToken {
            own: false,
            owner_role,
        } => authorise(Some(actor), Action::ManageAccount { role: owner_role }),
        Action::ManageAccount { .. } if actor.role != Role::Cdo => {
            forbid("only the CDO manages accounts")
        }
        Action::ManageAccount { role: Role::Cdo } => forbid(
            "CDO accounts are managed only by the server's operator (the `concord` command on the server), never through the API or the web",
        ),
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
        for action in [
            Action::Propose,
            Action::Comment,
            Action::ManageVersions,
            Action::Administer,
        ] {
            assert_eq!(authorise(None, action), Err(Denial::Unauthenticated));
        }
    }

    #[test]
    fn only_the_cdo_convenes_and_decides() {
        for action in [Action::Decide, Action::Convene] {
            assert!(authorise(actor(Role::Cdo, 2), action).is_ok());
            for role in [Role::Steward, Role::Partner, Role::Board] {
                assert!(authorise(actor(role, 2), action).is_err());
            }
        }
    }

    #[test]
    fn nobody_creates_a_cdo_account_through_the_api_not_even_the_cdo() {
        let create = |role| Action::CreateAccount { role };
        assert!(authorise(actor(Role::Cdo, 1), create(Role::Board)).is_ok());
        let refused = authorise(actor(Role::Cdo, 1), create(Role::Cdo)).expect_err("operator only");
        assert!(refused.to_string().contains("operator"), "{refused}");
        assert!(authorise(actor(Role::Steward, 1), create(Role::Steward)).is_err());
    }

    #[test]
    fn the_cdo_manages_other_accounts_but_only_the_operator_manages_cdo_accounts() {
        let manage = |role| Action::ManageAccount { role };
        assert!(authorise(actor(Role::Cdo, 1), manage(Role::Steward)).is_ok());
        assert!(authorise(actor(Role::Cdo, 1), manage(Role::Cdo)).is_err());
        assert!(authorise(actor(Role::Board, 1), manage(Role::Steward)).is_err());
    }

    #[test]
    fn anyone_revokes_their_own_token_and_the_cdo_revokes_others_but_a_cdo_s() {
        let revoke = |own, owner_role| Action::RevokeToken { own, owner_role };
        assert!(authorise(actor(Role::Partner, 1), revoke(true, Role::Partner)).is_ok());
        assert!(authorise(actor(Role::Partner, 1), revoke(false, Role::Partner)).is_err());
        assert!(authorise(actor(Role::Cdo, 1), revoke(false, Role::Board)).is_ok());
        assert!(authorise(actor(Role::Cdo, 1), revoke(false, Role::Cdo)).is_err());
        assert!(authorise(None, revoke(true, Role::Board)).is_err());
    }

    #[test]
    fn stewards_and_partners_declare_their_organisations_adoption() {
        for role in [Role::Steward, Role::Partner] {
            assert!(authorise(actor(role, 1), Action::DeclareAdoption).is_ok());
        }
        for role in [Role::Board, Role::Cdo] {
            assert!(authorise(actor(role, 1), Action::DeclareAdoption).is_err());
        }
        assert!(authorise(None, Action::DeclareAdoption).is_err());
    }

    #[test]
    fn only_the_adopting_organisation_manages_its_fixtures() {
        let own = Action::ManageFixture {
            own_organisation: true,
        };
        let other = Action::ManageFixture {
            own_organisation: false,
        };
        for role in [Role::Steward, Role::Partner] {
            assert!(authorise(actor(role, 1), own).is_ok());
            assert!(authorise(actor(role, 1), other).is_err());
        }
        for role in [Role::Board, Role::Cdo] {
            assert!(authorise(actor(role, 1), own).is_err());
        }
        assert!(authorise(None, own).is_err());
    }

    #[test]
    fn only_convened_board_members_from_other_organisations_review() {
        let review = |org, convened| Action::Review {
            author_organisation: org,
            convened,
        };
        assert!(authorise(actor(Role::Board, 2), review(1, true)).is_ok());
        assert!(authorise(actor(Role::Board, 2), review(1, false)).is_err());
        assert!(authorise(actor(Role::Board, 1), review(1, true)).is_err());
        assert!(authorise(actor(Role::Steward, 2), review(1, true)).is_err());
        assert!(authorise(actor(Role::Cdo, 2), review(1, true)).is_err());
    }

    #[test]
    fn proposals_are_managed_only_by_their_authoring_organisation() {
        let manage = Action::ManageProposal {
            author_organisation: 1,
        };
        assert!(authorise(actor(Role::Steward, 1), manage).is_ok());
        assert!(authorise(actor(Role::Board, 1), manage).is_ok());
        assert!(authorise(actor(Role::Steward, 2), manage).is_err());
        assert!(authorise(actor(Role::Cdo, 1), manage).is_err());
    }

    #[test]
    fn anyone_with_a_token_comments_but_the_cdo_does_not_propose() {
        for role in [Role::Steward, Role::Partner, Role::Board, Role::Cdo] {
            assert!(authorise(actor(role, 1), Action::Comment).is_ok());
        }
        assert!(authorise(actor(Role::Cdo, 1), Action::Propose).is_err());
        assert!(authorise(actor(Role::Partner, 1), Action::Propose).is_ok());
    }

    #[test]
    fn only_the_cdo_manages_versions_and_accounts() {
        for role in [Role::Steward, Role::Partner, Role::Board] {
            assert!(authorise(actor(role, 1), Action::ManageVersions).is_err());
            assert!(authorise(actor(role, 1), Action::Administer).is_err());
        }
        assert!(authorise(actor(Role::Cdo, 1), Action::ManageVersions).is_ok());
    }
}
