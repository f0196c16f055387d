//! The closed vocabularies of DESIGN.md: roles, organisation kinds, compatibility modes and the
//! life-cycle states of proposals and versions.

use std::fmt;
use std::str::FromStr;

use super::ParseError;

/// The compatibility engine's vocabularies are the domain's: one definition each.
pub use crate::compat::{Bump, Mode as CompatibilityMode, Policy as CompatibilityPolicy};

/// The same forgiving parser as the domain's own vocabularies (case and `-`/`_` ignored), with
/// the domain's error.
macro_rules! forgiving_parse {
    ($($name:ty),+) => {$(
        impl $name {
            /// Parses the canonical spelling, ignoring case and treating `-` as `_`.
            pub fn parse(input: &str) -> Result<Self, ParseError> {
                input
                    .trim()
                    .replace('-', "_")
                    .parse()
                    .map_err(|e: crate::compat::ParseNameError| ParseError::new(e.to_string()))
            }
        }
    )+};
}

forgiving_parse!(Bump, CompatibilityMode, CompatibilityPolicy);

/// Declares a closed vocabulary with its canonical spelling (stored in the database and shown in
/// the API) and a forgiving parser for user input (case and `-`/`_` are ignored).
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident, $what:literal { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The canonical spelling.
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $text),+ }
            }

            /// Parses the canonical spelling, ignoring case and treating `-` as `_`.
            pub fn parse(input: &str) -> Result<Self, ParseError> {
                let wanted = input.trim().replace('-', "_");
                Self::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str().eq_ignore_ascii_case(&wanted))
                    .ok_or_else(|| {
                        let allowed: Vec<&str> = Self::ALL.iter().map(|v| v.as_str()).collect();
                        ParseError::new(format!(
                            "`{input}` is not a {}; expected one of {}",
                            $what,
                            allowed.join(", ")
                        ))
                    })
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = ParseError;
            fn from_str(s: &str) -> Result<Self, ParseError> {
                Self::parse(s)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    };
}

vocabulary!(
    /// What an account may do (DESIGN.md, "Who uses it").
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
