//! Version numbers and the ways a client asks for one (exact, a semver range, or the latest).

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use super::{ParseError, Quoted, Slug, VersionStatus};

/// A published or proposed version: `MAJOR.MINOR.PATCH`, without pre-release or build metadata
/// (candidates are `0.y.z`, as semver defines them).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct VersionNumber(semver::Version);

impl VersionNumber {
    /// Parses a version number such as `1.4.0`.
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let version = semver::Version::parse(input.trim()).map_err(|e| {
            ParseError::new(format!(
                "`{}` is not a semver version (MAJOR.MINOR.PATCH, e.g. 1.0.0): {e}",
                Quoted(input)
            ))
        })?;
        if !version.pre.is_empty() || !version.build.is_empty() {
            return Err(ParseError::new(format!(
                "`{}` has pre-release or build metadata, which Concord does not use; \
                 publish candidates as 0.y.z versions instead",
                Quoted(input)
            )));
        }
        Ok(Self(version))
    }

    /// Builds a version from its three numbers.
    pub fn new(major: u64, minor: u64, patch: u64) -> Self {
        Self(semver::Version::new(major, minor, patch))
    }

    /// The underlying semver value.
    pub fn semver(&self) -> &semver::Version {
        &self.0
    }

    /// The major number.
    pub fn major(&self) -> u64 {
        self.0.major
    }

    /// The minor number.
    pub fn minor(&self) -> u64 {
        self.0.minor
    }

    /// The patch number.
    pub fn patch(&self) -> u64 {
        self.0.patch
    }

    /// Whether this is a candidate (`0.y.z`).
    pub fn is_candidate(&self) -> bool {
        self.0.major == 0
    }
}

impl Ord for VersionNumber {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.cmp(&other.0)
    }
}

impl PartialOrd for VersionNumber {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for VersionNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl FromStr for VersionNumber {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, ParseError> {
        Self::parse(s)
    }
}

/// How a client names the version it wants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VersionSelector {
    /// The latest active version (falling back to the latest deprecated one).
    Latest,
    /// Exactly this version, whatever its status.
    Exact(VersionNumber),
    /// The greatest version a semver range matches, preferring active versions and never a
    /// retired one.
    Range(semver::VersionReq),
}

impl VersionSelector {
    /// Parses `latest`, an exact version (`1.2.0`) or a range (`^1.2`, `~1.4`, `>=1, <3`).
    /// A partial version such as `1.2` is a caret range, as in Cargo.
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let input = input.trim();
        if input.is_empty() || input.eq_ignore_ascii_case("latest") {
            return Ok(Self::Latest);
        }
        if let Ok(version) = semver::Version::parse(input) {
            return VersionNumber::parse(&version.to_string()).map(Self::Exact);
        }
        semver::VersionReq::parse(input)
            .map(Self::Range)
            .map_err(|e| {
                ParseError::new(format!(
                    "`{}` is neither a version (1.2.0) nor a semver range (^1.2): {e}",
                    Quoted(input)
                ))
            })
    }
}

impl VersionSelector {
    /// Which of `versions` (each a number and its status) the selector means, by position: an
    /// exact version whatever its status; for a range or `latest`, the greatest active match,
    /// else the greatest deprecated match, never a retired one.
    pub fn choose<'a>(
        &self,
        versions: impl IntoIterator<Item = (&'a VersionNumber, VersionStatus)>,
    ) -> Option<usize> {
        let versions: Vec<(&VersionNumber, VersionStatus)> = versions.into_iter().collect();
        let accepts = |number: &VersionNumber| match self {
            Self::Exact(wanted) => number == wanted,
            Self::Latest => true,
            Self::Range(req) => req.matches(number.semver()),
        };
        if matches!(self, Self::Exact(_)) {
            return versions.iter().position(|(number, _)| accepts(number));
        }
        let greatest = |status: VersionStatus| {
            versions
                .iter()
                .enumerate()
                .filter(|(_, (number, s))| *s == status && accepts(number))
                .max_by(|(_, (a, _)), (_, (b, _))| a.cmp(b))
                .map(|(i, _)| i)
        };
        greatest(VersionStatus::Active).or_else(|| greatest(VersionStatus::Deprecated))
    }
}

/// A standard and the version a client asks for, as one URL path names them:
/// `common/address` (the latest), `common/address/latest`, `common/address/1.0.0` or
/// `common/address/^1.2`. The one grammar of `/schemas/…` and `/validate/…`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionedPath {
    /// The standard.
    pub slug: Slug,
    /// The version asked for.
    pub selector: VersionSelector,
}

impl VersionedPath {
    /// Parses `{slug}` or `{slug}/{version, range or latest}`. The last segment is a selector
    /// when it parses as one; otherwise the whole path is the slug and means the latest.
    pub fn parse(path: &str) -> Result<Self, ParseError> {
        let path = path.trim_end_matches('/');
        if let Some((slug, last)) = path.rsplit_once('/')
            && let (Ok(slug), Ok(selector)) = (Slug::parse(slug), VersionSelector::parse(last))
        {
            return Ok(Self { slug, selector });
        }
        let slug = Slug::parse(path).map_err(|e| {
            ParseError::new(format!(
                "expected {{slug}}/{{version or range}}, such as common/address/^1: {e}"
            ))
        })?;
        Ok(Self {
            slug,
            selector: VersionSelector::Latest,
        })
    }
}

impl fmt::Display for VersionSelector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Latest => f.write_str("latest"),
            Self::Exact(v) => v.fmt(f),
            Self::Range(r) => r.fmt(f),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_versions_parse_and_order_numerically() {
        let a = VersionNumber::parse("1.10.0").expect("valid");
        let b = VersionNumber::parse("1.9.3").expect("valid");
        assert!(a > b);
        assert_eq!(a.to_string(), "1.10.0");
    }

    #[test]
    fn partial_and_garbage_versions_are_refused() {
        for bad in ["1.2", "one", "", "1.2.3.4", "v1.0.0", "01.0.0"] {
            assert!(VersionNumber::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn pre_releases_are_refused_with_advice() {
        let err = VersionNumber::parse("2.0.0-rc.1").expect_err("pre-release");
        assert!(err.0.contains("0.y.z"), "{err}");
    }

    #[test]
    fn selectors_distinguish_exact_ranges_and_latest() {
        assert_eq!(
            VersionSelector::parse("").expect("ok"),
            VersionSelector::Latest
        );
        assert!(matches!(
            VersionSelector::parse("1.2.0").expect("ok"),
            VersionSelector::Exact(_)
        ));
        assert!(matches!(
            VersionSelector::parse("^1.2").expect("ok"),
            VersionSelector::Range(_)
        ));
        assert!(matches!(
            VersionSelector::parse("1.2").expect("ok"),
            VersionSelector::Range(_)
        ));
        assert!(VersionSelector::parse("^^1").is_err());
    }

    #[test]
    fn ranges_prefer_active_versions_and_never_choose_a_retired_one() {
        let v = |t: &str| VersionNumber::parse(t).expect("valid");
        let versions = [
            (v("1.0.0"), VersionStatus::Active),
            (v("1.1.0"), VersionStatus::Deprecated),
            (v("2.0.0"), VersionStatus::Retired),
        ];
        let choose = |selector: &str| {
            VersionSelector::parse(selector)
                .expect("selector")
                .choose(versions.iter().map(|(n, s)| (n, *s)))
        };
        assert_eq!(choose("latest"), Some(0));
        assert_eq!(choose("^1"), Some(0));
        assert_eq!(choose("~1.1"), Some(1));
        assert_eq!(choose("^2"), None);
        assert_eq!(
            choose("2.0.0"),
            Some(2),
            "an exact version resolves whatever its status"
        );
    }

    #[test]
    fn a_path_names_a_standard_and_the_version_asked_for() {
        let path = VersionedPath::parse("common/address/^1.2").expect("ok");
        assert_eq!(path.slug.as_str(), "common/address");
        assert!(matches!(path.selector, VersionSelector::Range(_)));
        let path = VersionedPath::parse("common/address/1.0.0/").expect("ok");
        assert!(matches!(path.selector, VersionSelector::Exact(_)));
        let path = VersionedPath::parse("common/address").expect("ok");
        assert_eq!(path.selector, VersionSelector::Latest);
        let path = VersionedPath::parse("address/latest").expect("ok");
        assert_eq!(
            (path.slug.as_str(), path.selector),
            ("address", VersionSelector::Latest)
        );
        assert!(VersionedPath::parse("Not A Slug").is_err());
    }
}
