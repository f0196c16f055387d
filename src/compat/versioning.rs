//! Semver rules: whether a declared version is acceptable for the bump the changes need, with the
//! 0.y.z candidate rule, and how per-version results combine for the transitive modes.

use semver::Version;
use serde::{Deserialize, Serialize};

use super::model::{Bump, Change, Mode, Policy, Report};
use super::verdict::change_bump;

/// An accepted declared version, with what it bumps and any remark for the proposer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BumpNote {
    /// The latest published version, if any.
    pub latest: Option<Version>,
    /// The bump the declared version makes over `latest` (`NONE` for a first version).
    pub declared_bump: Bump,
    /// The bump the changes need, after the 0.y.z rule.
    pub needed: Bump,
    /// Whether the declared version is a 0.y.z candidate.
    pub candidate: bool,
    /// A remark, e.g. when the declared bump is bigger than needed.
    pub note: Option<String>,
}

/// Why a declared version is refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum VersionError {
    /// Pre-release or build metadata: candidates use 0.y.z instead.
    #[error(
        "version {declared} has pre-release or build metadata; Concord publishes plain versions (use 0.y.z for candidates)"
    )]
    Qualified {
        /// The declared version.
        declared: Version,
    },
    /// Not greater than every published version.
    #[error("{}", not_greater(declared, latest))]
    NotGreater {
        /// The declared version.
        declared: Version,
        /// The greatest published version.
        latest: Version,
    },
    /// The declared bump is smaller than the changes need.
    #[error(
        "version {declared} is a {declared_bump} bump over {latest}, but the changes need a {needed} bump"
    )]
    BumpTooSmall {
        /// The declared version.
        declared: Version,
        /// The greatest published version.
        latest: Version,
        /// What the declared version bumps.
        declared_bump: Bump,
        /// What the changes need (after the 0.y.z rule).
        needed: Bump,
        /// The changes that need more than the declared bump (empty when the caller passed only a
        /// bump; `check_report_version` fills them in).
        changes: Vec<Change>,
    },
}

fn not_greater(declared: &Version, latest: &Version) -> String {
    if declared == latest {
        format!(
            "version {declared} is already published; published content never changes, so propose a greater version"
        )
    } else {
        format!("version {declared} is not greater than the latest published version {latest}")
    }
}

/// Refuses a declared version that is not greater than `latest`, the greatest published one:
/// published content never changes, and versions only move forward.
pub fn check_newer(latest: Option<&Version>, declared: &Version) -> Result<(), VersionError> {
    match latest {
        Some(latest) if declared <= latest => Err(VersionError::NotGreater {
            declared: declared.clone(),
            latest: latest.clone(),
        }),
        _ => Ok(()),
    }
}

/// The bump `required` means when the latest version is a 0.y.z candidate: a breaking change
/// moves the minor number instead of the major one (docs/COMPATIBILITY.md §5: "MAJOR (MINOR below 1.0.0)").
/// Compatible changes still need a MINOR and annotations a PATCH, so within a candidate a MINOR
/// bump may break and a PATCH never changes which documents are valid.
pub fn effective_bump(required: Bump, latest: &Version, declared: &Version) -> Bump {
    if latest.major == 0 && declared.major == 0 && required == Bump::Major {
        Bump::Minor
    } else {
        required
    }
}

fn bump_between(latest: &Version, declared: &Version) -> Bump {
    if declared.major > latest.major {
        Bump::Major
    } else if declared.minor > latest.minor {
        Bump::Minor
    } else if declared.patch > latest.patch {
        Bump::Patch
    } else {
        Bump::None
    }
}

/// Checks a declared version against the published ones and the bump the changes need.
pub fn check_declared_version(
    published: &[Version],
    declared: &Version,
    required: Bump,
) -> Result<BumpNote, VersionError> {
    if !declared.pre.is_empty() || !declared.build.is_empty() {
        return Err(VersionError::Qualified {
            declared: declared.clone(),
        });
    }
    let candidate = declared.major == 0;
    let Some(latest) = published.iter().max().cloned() else {
        return Ok(BumpNote {
            latest: None,
            declared_bump: Bump::None,
            needed: Bump::None,
            candidate,
            note: None,
        });
    };
    check_newer(Some(&latest), declared)?;
    let declared_bump = bump_between(&latest, declared);
    let needed = effective_bump(required, &latest, declared);
    if declared_bump < needed {
        return Err(VersionError::BumpTooSmall {
            declared: declared.clone(),
            latest,
            declared_bump,
            needed,
            changes: Vec::new(),
        });
    }
    let note = (declared_bump > needed.max(Bump::Patch)).then(|| {
        format!(
            "{declared} is a {declared_bump} bump over {latest}; the changes only need {}.",
            needed.max(Bump::Patch)
        )
    });
    Ok(BumpNote {
        latest: Some(latest),
        declared_bump,
        needed,
        candidate,
        note,
    })
}

/// `check_declared_version` for a report against the latest published version; a refusal lists
/// the changes that need more than the declared bump.
pub fn check_report_version(
    report: &Report,
    published: &[Version],
    declared: &Version,
) -> Result<BumpNote, VersionError> {
    check_declared_version(published, declared, report.required_bump).map_err(|e| match e {
        VersionError::BumpTooSmall {
            declared,
            latest,
            declared_bump,
            needed,
            ..
        } => {
            let changes = report
                .changes
                .iter()
                .filter(|c| effective_bump(change_bump(c), &latest, &declared) > declared_bump)
                .cloned()
                .collect();
            VersionError::BumpTooSmall {
                declared,
                latest,
                declared_bump,
                needed,
                changes,
            }
        }
        other => other,
    })
}

/// The bump a candidate needs over what is published: what its comparisons need, and MAJOR when
/// nothing is published yet (`None`, or no comparison): a new standard counts as MAJOR, so its
/// consultation is the longest.
pub fn needed_bump(report: Option<&TransitiveReport>) -> Bump {
    match report {
        Some(r) if !r.reports.is_empty() => r.required_bump,
        _ => Bump::Major,
    }
}

/// The comparison against one earlier published version, for the transitive modes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VersionReport {
    /// The earlier version compared against.
    pub version: Version,
    /// The report of that comparison.
    pub report: Report,
}

/// Per-version reports combined into one verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TransitiveReport {
    /// The mode the reports were computed for.
    pub mode: Mode,
    /// The policy the reports were computed for.
    pub policy: Policy,
    /// Whether no comparison breaks.
    pub compatible: bool,
    /// The bump needed over the latest version: its own report's bump, raised to `MAJOR` when an
    /// earlier version is broken.
    pub required_bump: Bump,
    /// Versions the proposal breaks.
    pub broken_versions: Vec<Version>,
    /// Every comparison, latest first.
    pub reports: Vec<VersionReport>,
}

/// Combines one comparison per earlier published version (the caller runs `compare` for each).
/// Only the latest version's changes decide MINOR versus PATCH; breaking any version needs MAJOR.
pub fn combine_transitive(mut reports: Vec<VersionReport>) -> TransitiveReport {
    reports.sort_by(|a, b| b.version.cmp(&a.version));
    let (mode, policy) = reports.first().map_or((Mode::None, Policy::Lenient), |r| {
        (r.report.mode, r.report.policy)
    });
    let broken_versions: Vec<Version> = reports
        .iter()
        .filter(|r| !r.report.compatible)
        .map(|r| r.version.clone())
        .collect();
    let latest_bump = reports
        .first()
        .map_or(Bump::None, |r| r.report.required_bump);
    let required_bump = if broken_versions.is_empty() {
        latest_bump
    } else {
        Bump::Major
    };
    TransitiveReport {
        mode,
        policy,
        compatible: broken_versions.is_empty(),
        required_bump,
        broken_versions,
        reports,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Version {
        Version::parse(s).expect("version")
    }

    #[test]
    fn a_breaking_change_needs_a_major_bump_after_one_point_oh() {
        let err =
            check_declared_version(&[v("1.2.0")], &v("1.3.0"), Bump::Major).expect_err("refused");
        assert!(matches!(
            err,
            VersionError::BumpTooSmall {
                needed: Bump::Major,
                ..
            }
        ));
        assert!(check_declared_version(&[v("1.2.0")], &v("2.0.0"), Bump::Major).is_ok());
    }

    #[test]
    fn below_one_point_oh_a_breaking_change_needs_only_a_minor_bump() {
        assert!(check_declared_version(&[v("0.3.1")], &v("0.4.0"), Bump::Major).is_ok());
        assert!(check_declared_version(&[v("0.3.1")], &v("0.4.0"), Bump::Minor).is_ok());
        assert!(
            check_declared_version(&[v("0.3.1")], &v("0.3.2"), Bump::Minor).is_err(),
            "a compatible change is still a MINOR below 1.0.0"
        );
        assert!(check_declared_version(&[v("0.3.1")], &v("0.3.2"), Bump::Patch).is_ok());
        assert!(check_declared_version(&[v("0.3.1")], &v("0.3.2"), Bump::Major).is_err());
        assert!(check_declared_version(&[v("0.3.1")], &v("1.0.0"), Bump::Major).is_ok());
    }

    #[test]
    fn a_version_not_above_every_published_one_is_refused() {
        let err = check_declared_version(&[v("1.0.0"), v("2.1.0")], &v("2.0.5"), Bump::Patch)
            .expect_err("refused");
        assert!(matches!(err, VersionError::NotGreater { .. }));
    }

    #[test]
    fn pre_release_and_build_metadata_are_refused() {
        assert!(matches!(
            check_declared_version(&[], &v("1.0.0-rc.1"), Bump::None),
            Err(VersionError::Qualified { .. })
        ));
        assert!(matches!(
            check_declared_version(&[], &v("1.0.0+b1"), Bump::None),
            Err(VersionError::Qualified { .. })
        ));
    }

    #[test]
    fn an_overstated_bump_is_accepted_with_a_note() {
        let note =
            check_declared_version(&[v("1.0.0")], &v("2.0.0"), Bump::Patch).expect("accepted");
        assert!(note.note.is_some());
        assert_eq!(note.declared_bump, Bump::Major);
    }
}
