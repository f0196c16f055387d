//! The audit log's vocabulary: what can happen, and to which kind of thing. Every event the
//! registry records names one of these actions; readers filter on the same values.

use super::vocabulary::vocabulary;

vocabulary!(
    /// The kind of thing an audit event is about.
    Subject, "audit subject" {
        /// A proposal, by id.
        Proposal => "proposal",
        /// A standard, by slug.
        Standard => "standard",
        /// A published version, as `slug@version`.
        Version => "version",
        /// An organisation, by slug.
        Organisation => "organisation",
        /// An account, by id.
        Account => "account",
        /// An adoption, by id.
        Adoption => "adoption",
    }
);

vocabulary!(
    /// Something that happened, as the audit log names it.
    AuditAction, "audit action" {
        /// A proposal was made.
        ProposalCreated => "proposal.created",
        /// A revision was added.
        ProposalRevised => "proposal.revised",
        /// The consultation opened.
        ProposalSubmitted => "proposal.submitted",
        /// Someone commented or replied.
        ProposalCommented => "proposal.commented",
        /// The CDO convened the board.
        ProposalReviewConvened => "proposal.review_convened",
        /// A board member cast or changed a review.
        ProposalReviewed => "proposal.reviewed",
        /// The CDO approved.
        ProposalApproved => "proposal.approved",
        /// The CDO rejected.
        ProposalRejected => "proposal.rejected",
        /// The CDO sent it back to draft.
        ProposalChangesRequested => "proposal.changes_requested",
        /// Its authors withdrew it.
        ProposalWithdrawn => "proposal.withdrawn",
        /// A standard came into being.
        StandardCreated => "standard.created",
        /// A version was published.
        VersionPublished => "version.published",
        /// A version was deprecated.
        VersionDeprecated => "version.deprecated",
        /// A version was retired.
        VersionRetired => "version.retired",
        /// An organisation was added.
        OrganisationCreated => "organisation.created",
        /// An account was created.
        AccountCreated => "account.created",
        /// A one-time sign-in link was issued for an account.
        AccountInvited => "account.invited",
        /// An account's role was changed.
        AccountRoleChanged => "account.role_changed",
        /// An account was deactivated: its tokens and sessions stopped working.
        AccountDeactivated => "account.deactivated",
        /// An API token was created for an account.
        AccountTokenCreated => "account.token_created",
        /// An API token was revoked.
        AccountTokenRevoked => "account.token_revoked",
        /// An organisation declared its adoption of a standard.
        AdoptionDeclared => "adoption.declared",
        /// An organisation changed its declared adoption.
        AdoptionUpdated => "adoption.updated",
        /// An adopter published a fixture.
        FixtureAdded => "adoption.fixture_added",
        /// An adopter removed a fixture.
        FixtureRemoved => "adoption.fixture_removed",
    }
);

impl AuditAction {
    /// The kind of thing the action happens to: the part of its name before the dot.
    pub fn subject(self) -> Subject {
        let kind = self.as_str().split('.').next().unwrap_or_default();
        Subject::ALL
            .iter()
            .copied()
            .find(|s| s.as_str() == kind)
            .unwrap_or(Subject::Proposal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_names_the_kind_of_thing_it_happens_to() {
        for action in AuditAction::ALL {
            let prefix = action.as_str().split('.').next().unwrap_or_default();
            assert_eq!(action.subject().as_str(), prefix, "{action}");
        }
        assert_eq!(AuditAction::VersionRetired.subject(), Subject::Version);
    }
}
