//! Public vocabulary of the engine: sides, modes, policies, directions, bumps, changes and reports.
//!
//! Every enum serialises with the SCREAMING_SNAKE names the service stores and prints, and parses
//! them back with `FromStr`, so the CLI, GraphQL and the JSON reports share one spelling.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::kinds::ChangeKind;

use crate::domain::vocabulary;

/// The engine speaks the domain's vocabulary: one definition each.
pub use crate::domain::{Bump, CompatibilityMode as Mode, CompatibilityPolicy as Policy};

vocabulary! {
    /// One of the two schemas being compared.
    Side, "side" {
        /// The published (earlier) schema.
        Old => "OLD",
        /// The proposed (later) schema.
        New => "NEW",
    }
}

impl Side {
    /// The other side.
    pub fn other(self) -> Side {
        match self {
            Side::Old => Side::New,
            Side::New => Side::Old,
        }
    }
}

impl Mode {
    /// Whether documents valid under the old schema must stay valid (narrowing breaks).
    pub fn checks_backward(self) -> bool {
        matches!(
            self,
            Mode::Backward | Mode::BackwardTransitive | Mode::Full | Mode::FullTransitive
        )
    }

    /// Whether documents valid under the new schema must have been valid (widening breaks).
    pub fn checks_forward(self) -> bool {
        matches!(
            self,
            Mode::Forward | Mode::ForwardTransitive | Mode::Full | Mode::FullTransitive
        )
    }

    /// Whether the rule applies against every earlier version rather than the latest only.
    pub fn is_transitive(self) -> bool {
        matches!(
            self,
            Mode::BackwardTransitive | Mode::ForwardTransitive | Mode::FullTransitive
        )
    }
}

vocabulary! {
    /// How a change moves the set of valid documents.
    Direction, "direction" {
        /// Some documents that were valid are not any more.
        Narrows => "NARROWS",
        /// Some documents that were invalid are valid now.
        Widens => "WIDENS",
        /// Both at once.
        Both => "BOTH",
        /// The set of valid documents is unchanged (documentation only).
        Annotation => "ANNOTATION",
        /// The engine cannot decide; treated as breaking in every mode except `NONE`.
        Unknown => "UNKNOWN",
    }
}

impl Direction {
    /// The direction of two changes taken together.
    pub fn join(self, other: Direction) -> Direction {
        use Direction::*;
        match (self, other) {
            (Unknown, _) | (_, Unknown) => Unknown,
            (Annotation, d) | (d, Annotation) => d,
            (Narrows, Narrows) => Narrows,
            (Widens, Widens) => Widens,
            _ => Both,
        }
    }

    /// The direction seen through a negation (`not`).
    pub fn flip(self) -> Direction {
        match self {
            Direction::Narrows => Direction::Widens,
            Direction::Widens => Direction::Narrows,
            d => d,
        }
    }

    /// Whether some previously valid document may be rejected now.
    pub fn may_narrow(self) -> bool {
        matches!(
            self,
            Direction::Narrows | Direction::Both | Direction::Unknown
        )
    }

    /// Whether some previously invalid document may be accepted now.
    pub fn may_widen(self) -> bool {
        matches!(
            self,
            Direction::Widens | Direction::Both | Direction::Unknown
        )
    }
}

/// A concrete document that is valid under one schema and invalid under the other, checked by the
/// caller's validator before it was attached.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Witness {
    /// The document.
    pub document: Value,
    /// The schema that accepts it; the other one rejects it.
    pub valid_under: Side,
}

/// One difference between the two schemas.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Change {
    /// JSON Pointer of the change: in the new schema, or in the old one for removals (see
    /// `pointer_side`). Inside a referenced document it is the referencing site; see `target`.
    pub pointer: String,
    /// Which schema `pointer` points into.
    pub pointer_side: Side,
    /// What changed.
    pub kind: ChangeKind,
    /// How it moves the set of valid documents.
    pub direction: Direction,
    /// A sentence a board member understands.
    pub message: String,
    /// Where in a document the change applies (`*` stands for any item or undeclared property).
    pub instance_path: String,
    /// Every instance path that reaches the change, `instance_path` first: a change inside a
    /// definition referenced from several places is reported once, with each of them.
    #[serde(default)]
    pub paths: Vec<String>,
    /// `uri#pointer` of the changed keyword when it lives in another registered document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// Whether the `LENIENT` policy excuses this change (it only affects undeclared properties).
    pub lenient_relaxes: bool,
    /// Whether the change breaks the report's mode under its policy.
    pub breaking: bool,
    /// A checked document showing the break, when one could be built and confirmed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub witness: Option<Witness>,
    /// Why a breaking change carries no witness.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub witness_note: Option<String>,
}

/// The result of comparing two schemas under one mode and policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// The mode the verdict was computed for.
    pub mode: Mode,
    /// The policy the verdict was computed for.
    pub policy: Policy,
    /// Whether no change breaks the mode.
    pub compatible: bool,
    /// The smallest semver bump the changes need (before the 0.y.z rule, which
    /// `check_declared_version` applies).
    pub required_bump: Bump,
    /// Every change found, in the order the walk meets them (object keys sorted).
    pub changes: Vec<Change>,
}

impl Report {
    /// The changes that break the mode.
    pub fn breaking_changes(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(|c| c.breaking)
    }
}
