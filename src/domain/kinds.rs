//! The closed vocabularies of docs/DESIGN.md: roles, organisation kinds, compatibility modes and the
//! life-cycle states of proposals and versions.

use super::vocabulary::vocabulary;

vocabulary!(
    /// A semver bump, ordered from none to major.
    Bump, "bump" {
        /// Nothing changed.
        None => "NONE",
        /// Only annotations changed.
        Patch => "PATCH",
        /// The valid set changed in a way the mode allows.
        Minor => "MINOR",
        /// A change breaks the mode.
        Major => "MAJOR",
    }
);

vocabulary!(
    /// A standard's compatibility mode, as Confluent Schema Registry names them.
    CompatibilityMode, "compatibility mode" {
        /// Every document valid under the old schema stays valid under the new one.
        Backward => "BACKWARD",
        /// `BACKWARD` against every earlier published version.
        BackwardTransitive => "BACKWARD_TRANSITIVE",
        /// Every document valid under the new schema was valid under the old one.
        Forward => "FORWARD",
        /// `FORWARD` against every earlier published version.
        ForwardTransitive => "FORWARD_TRANSITIVE",
        /// Both `BACKWARD` and `FORWARD`.
        Full => "FULL",
        /// `FULL` against every earlier published version.
        FullTransitive => "FULL_TRANSITIVE",
        /// Nothing breaks.
        None => "NONE",
    }
);

vocabulary!(
    /// How strictly open content models are judged (see docs/COMPATIBILITY.md).
    CompatibilityPolicy, "compatibility policy" {
        /// Producers write only declared properties and consumers ignore undeclared ones.
        Lenient => "LENIENT",
        /// Pure set semantics: any document that changes validity counts.
        Strict => "STRICT",
    }
);

#[allow(clippy::derivable_impls)] // the enum comes from `vocabulary!`, which derives no Default
impl Default for CompatibilityPolicy {
    fn default() -> Self {
        Self::Lenient
    }
}

vocabulary!(
    /// What an account may do (docs/DESIGN.md, "Roles").
    Role, "role" {
        /// Staff of a borough, the GLA, TfL or LOTI: proposes for their organisation.
        Steward => "steward",
        /// A tech partner or vendor: proposes and records conformance for their organisation.
        Partner => "partner",
        /// A Smart London Board member: may also review proposals.
        Board => "board",
        /// The Chief Digital Officer's office: convenes, decides, manages accounts.
        Cdo => "cdo",
    }
);

vocabulary!(
    /// What sort of body an organisation is.
    OrganisationKind, "organisation kind" {
        /// One of London's 33 local authorities.
        Borough => "BOROUGH",
        /// The Greater London Authority.
        Gla => "GLA",
        /// A GLA functional body, such as TfL.
        FunctionalBody => "FUNCTIONAL_BODY",
        /// A tech partner or vendor.
        Partner => "PARTNER",
        /// Anything else (LOTI, London Councils, …).
        Other => "OTHER",
    }
);

vocabulary!(
    /// Whether a proposal creates a standard or adds a version to one.
    ProposalKind, "proposal kind" {
        /// A new standard with its first version.
        NewStandard => "NEW_STANDARD",
        /// A new version of an existing standard.
        NewVersion => "NEW_VERSION",
    }
);

vocabulary!(
    /// Where a proposal is in its life cycle.
    ProposalState, "proposal state" {
        /// Being written; only its organisation sees it change.
        Draft => "DRAFT",
        /// Open for public comment.
        Consultation => "CONSULTATION",
        /// The CDO has convened the board.
        InReview => "IN_REVIEW",
        /// Approved: its version is published.
        Approved => "APPROVED",
        /// Rejected by the CDO.
        Rejected => "REJECTED",
        /// Withdrawn by its author before a decision.
        Withdrawn => "WITHDRAWN",
    }
);

vocabulary!(
    /// Where a published version is in its life cycle.
    VersionStatus, "version status" {
        /// Current: chosen by ranges.
        Active => "ACTIVE",
        /// Still valid, superseded; chosen by a range only when no active version matches.
        Deprecated => "DEPRECATED",
        /// Resolvable by exact version forever, never chosen by a range.
        Retired => "RETIRED",
    }
);

vocabulary!(
    /// The CDO's decision on a proposal.
    Decision, "decision" {
        /// Publish the proposed version.
        Approve => "APPROVE",
        /// Refuse it.
        Reject => "REJECT",
        /// Send it back to its authors as a draft.
        RequestChanges => "REQUEST_CHANGES",
    }
);

vocabulary!(
    /// A board member's review of a proposal.
    Verdict, "review verdict" {
        /// Approve the proposal as it stands.
        Approve => "APPROVE",
        /// Send it back for changes.
        RequestChanges => "REQUEST_CHANGES",
        /// Reject it.
        Reject => "REJECT",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabularies_parse_their_canonical_spelling_and_forgiving_variants() {
        assert_eq!(Role::parse("steward"), Ok(Role::Steward));
        assert_eq!(Role::parse("CDO"), Ok(Role::Cdo));
        assert_eq!(
            OrganisationKind::parse("functional-body"),
            Ok(OrganisationKind::FunctionalBody)
        );
        assert_eq!(
            CompatibilityMode::parse("backward_transitive"),
            Ok(CompatibilityMode::BackwardTransitive)
        );
    }

    #[test]
    fn unknown_values_list_what_is_allowed() {
        let err = Role::parse("admin").expect_err("unknown role");
        assert!(err.0.contains("steward, partner, board, cdo"), "{err}");
    }
}

vocabulary!(
    /// How far an organisation is with a standard it adopts.
    AdoptionStatus, "adoption status" {
        /// It means to adopt it.
        Planned => "PLANNED",
        /// It is building to it.
        Implementing => "IMPLEMENTING",
        /// Its systems exchange documents under it.
        Live => "LIVE",
        /// It no longer uses it.
        Retired => "RETIRED",
    }
);

vocabulary!(
    /// Which way an adopter's fixture travels.
    FixtureRole, "fixture role" {
        /// The adopter sends documents like it.
        Produces => "PRODUCES",
        /// The adopter receives and reads documents like it.
        Consumes => "CONSUMES",
    }
);
