//! `CompatibilityReport`, `VersionComparison`, `SchemaChange`, `Witness` and `VersionCheck`: the
//! compatibility engine's findings, as board members and proposers read them.

use async_graphql::{Json, Object, SimpleObject};

use crate::compat::{BumpNote, Change, Report, TransitiveReport};
use crate::graphql::enums::{Bump, CompatibilityMode, CompatibilityPolicy, Direction, Side};
use crate::registry::Compatibility;

/// How a schema compares with a standard's published versions: the latest, or every earlier one
/// for the `_TRANSITIVE` modes.
pub struct CompatibilityReportNode {
    /// The engine's report.
    pub report: TransitiveReport,
    /// The declared version's check, when a version was declared.
    pub version_check: Option<VersionCheckNode>,
}

impl From<Compatibility> for CompatibilityReportNode {
    fn from(c: Compatibility) -> Self {
        Self {
            version_check: c
                .version_check
                .map(|note| VersionCheckNode::from_note(&note)),
            report: c.report,
        }
    }
}

/// How a schema compares with a standard's published versions: the latest, or every earlier one
/// for the `_TRANSITIVE` modes.
#[Object(name = "CompatibilityReport")]
impl CompatibilityReportNode {
    /// The standard's compatibility mode.
    async fn mode(&self) -> CompatibilityMode {
        self.report.mode.into()
    }

    /// The standard's policy for open content models.
    async fn policy(&self) -> CompatibilityPolicy {
        self.report.policy.into()
    }

    /// Whether no change breaks the mode (against any version compared).
    async fn compatible(&self) -> bool {
        self.report.compatible
    }

    /// The smallest semver bump the changes need over the latest version (before the 0.y.z rule:
    /// below 1.0.0 a MAJOR need is met by a MINOR bump).
    async fn required_bump(&self) -> Bump {
        crate::compat::needed_bump(Some(&self.report)).into()
    }

    /// The published versions the schema breaks under the mode.
    async fn broken_versions(&self) -> Vec<String> {
        self.report
            .broken_versions
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    /// The changes against the latest published version (empty when there is none).
    async fn changes(&self) -> Vec<SchemaChangeNode> {
        self.report
            .reports
            .first()
            .map(|r| {
                r.report
                    .changes
                    .iter()
                    .cloned()
                    .map(SchemaChangeNode)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Each comparison made, latest version first.
    async fn comparisons(&self) -> Vec<VersionComparisonNode> {
        self.report
            .reports
            .iter()
            .map(|r| VersionComparisonNode {
                against: r.version.to_string(),
                report: r.report.clone(),
            })
            .collect()
    }

    /// What the registry says about the declared version, when one was declared.
    async fn version_check(&self) -> Option<&VersionCheckNode> {
        self.version_check.as_ref()
    }
}

/// The comparison of a schema with one earlier version.
pub struct VersionComparisonNode {
    /// The earlier version.
    pub against: String,
    /// The comparison.
    pub report: Report,
}

/// The comparison of a schema with one earlier version.
#[Object(name = "VersionComparison")]
impl VersionComparisonNode {
    /// The earlier version compared against.
    async fn against(&self) -> &str {
        &self.against
    }

    /// Whether no change breaks the mode.
    async fn compatible(&self) -> bool {
        self.report.compatible
    }

    /// The smallest semver bump these changes need.
    async fn required_bump(&self) -> Bump {
        self.report.required_bump.into()
    }

    /// Every change, in the order the engine walks the schemas (object keys sorted).
    async fn changes(&self) -> Vec<SchemaChangeNode> {
        self.report
            .changes
            .iter()
            .cloned()
            .map(SchemaChangeNode)
            .collect()
    }
}

/// One difference between two versions of a schema.
pub struct SchemaChangeNode(pub Change);

/// One difference between two versions of a schema.
#[Object(name = "SchemaChange")]
impl SchemaChangeNode {
    /// JSON Pointer of the change: in the new schema, or in the old one for removals (see
    /// `pointerSide`).
    async fn pointer(&self) -> &str {
        &self.0.pointer
    }

    /// Which schema `pointer` points into.
    async fn pointer_side(&self) -> Side {
        self.0.pointer_side.into()
    }

    /// What changed, such as `REQUIRED_PROPERTY_ADDED` or `ENUM_VALUE_REMOVED`; every kind is
    /// listed in docs/COMPATIBILITY.md.
    async fn kind(&self) -> &'static str {
        self.0.kind.as_str()
    }

    /// How the change moves the set of valid documents.
    async fn direction(&self) -> Direction {
        self.0.direction.into()
    }

    /// The change in a sentence.
    async fn message(&self) -> &str {
        &self.0.message
    }

    /// Where in a document it applies (`*` stands for any item or undeclared property).
    async fn instance_path(&self) -> &str {
        &self.0.instance_path
    }

    /// Every place in a document the change reaches, `instancePath` first: a change inside a
    /// definition referenced from several places is reported once, with each of them.
    async fn paths(&self) -> Vec<&str> {
        if self.0.paths.is_empty() {
            // Reports stored before paths were recorded name one place.
            return vec![self.0.instance_path.as_str()];
        }
        self.0.paths.iter().map(String::as_str).collect()
    }

    /// `uri#pointer` of the changed keyword when it lives in a referenced standard.
    async fn target(&self) -> Option<&str> {
        self.0.target.as_deref()
    }

    /// Whether the LENIENT policy excuses it (it only affects undeclared properties).
    async fn lenient_relaxes(&self) -> bool {
        self.0.lenient_relaxes
    }

    /// Whether it breaks the standard's compatibility mode.
    async fn breaking(&self) -> bool {
        self.0.breaking
    }

    /// A document valid under one version and invalid under the other, checked by validating
    /// it against both before it is shown.
    async fn witness(&self) -> Option<WitnessNode> {
        self.0.witness.as_ref().map(|w| WitnessNode {
            document: Json(w.document.clone()),
            valid_under: w.valid_under.into(),
        })
    }

    /// Why a breaking change carries no witness.
    async fn witness_note(&self) -> Option<&str> {
        self.0.witness_note.as_deref()
    }
}

/// A concrete document showing a change: valid under one version, invalid under the other.
#[derive(SimpleObject)]
#[graphql(name = "Witness")]
pub struct WitnessNode {
    /// The document.
    pub document: Json<serde_json::Value>,
    /// The version that accepts it; the other rejects it.
    pub valid_under: Side,
}

/// A declared version checked against the bump the changes need.
#[derive(SimpleObject, Clone)]
#[graphql(name = "VersionCheck")]
pub struct VersionCheckNode {
    /// Whether the registry would accept the declared version.
    pub accepted: bool,
    /// The bump the declared version makes over the latest published version.
    pub declared_bump: Option<Bump>,
    /// The bump the changes need, after the 0.y.z rule.
    pub needed_bump: Option<Bump>,
    /// A remark (an overstated bump), or why the version is refused.
    pub message: Option<String>,
}

impl VersionCheckNode {
    /// An accepted version.
    pub fn from_note(note: &BumpNote) -> Self {
        Self {
            accepted: true,
            declared_bump: Some(note.declared_bump.into()),
            needed_bump: Some(note.needed.into()),
            message: note.note.clone(),
        }
    }

    /// A refused version.
    pub fn refused(message: String, needed: Option<Bump>) -> Self {
        Self {
            accepted: false,
            declared_bump: None,
            needed_bump: needed,
            message: Some(message),
        }
    }
}
