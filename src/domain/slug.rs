//! Slugs: the lowercase kebab names that identify standards and organisations in URLs.

use std::fmt;
use std::str::FromStr;

use super::{ParseError, Quoted};

const MAX_SEGMENT: usize = 48;

/// Checks one kebab segment: starts with a letter, then letters, digits and single hyphens.
/// Slugs must start with a letter so that a path such as `/schemas/common/address/1.0.0` can never
/// be read two ways; tags need no such care.
fn check_segment(segment: &str, what: &str) -> Result<(), ParseError> {
    check_kebab(segment, what, true)
}

fn check_kebab(segment: &str, what: &str, letter_first: bool) -> Result<(), ParseError> {
    if segment.is_empty() {
        return Err(ParseError::new(format!("{what} has an empty segment")));
    }
    if segment.len() > MAX_SEGMENT {
        return Err(ParseError::new(format!(
            "{what} segment `{}` is longer than {MAX_SEGMENT} characters",
            Quoted(segment)
        )));
    }
    let valid_chars = segment
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    let starts_with_letter = if letter_first {
        segment.starts_with(|c: char| c.is_ascii_lowercase())
    } else {
        segment.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
    };
    if !valid_chars || !starts_with_letter || segment.ends_with('-') || segment.contains("--") {
        return Err(ParseError::new(format!(
            "{what} segment `{}` must be lowercase kebab-case: a letter, then letters, \
             digits and single hyphens (e.g. `ev-chargepoint`)",
            Quoted(segment)
        )));
    }
    Ok(())
}

macro_rules! string_newtype {
    ($name:ident) => {
        impl $name {
            /// The slug as a string slice.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl FromStr for $name {
            type Err = ParseError;
            fn from_str(s: &str) -> Result<Self, ParseError> {
                Self::parse(s)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    };
}

/// A standard's slug: one or two kebab segments, such as `common/address` or
/// `mobility/ev-chargepoint`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Slug(String);

impl Slug {
    /// Parses a standard slug.
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let segments: Vec<&str> = input.split('/').collect();
        if segments.len() > 2 {
            return Err(ParseError::new(format!(
                "standard slug `{}` has {} segments; use one or two, like `common/address`",
                Quoted(input),
                segments.len()
            )));
        }
        for segment in &segments {
            check_segment(segment, "standard slug")?;
        }
        Ok(Self(input.to_owned()))
    }
}
string_newtype!(Slug);

/// An organisation's slug: one kebab segment, such as `camden` or `barking-and-dagenham`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OrgSlug(String);

impl OrgSlug {
    /// Parses an organisation slug.
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        check_segment(input, "organisation slug")?;
        Ok(Self(input.to_owned()))
    }
}
string_newtype!(OrgSlug);

/// A theme grouping standards in the catalogue, such as `mobility` or `planning`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Theme(String);

impl Theme {
    /// Parses a theme.
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        check_segment(input, "theme")?;
        Ok(Self(input.to_owned()))
    }
}
string_newtype!(Theme);

/// A free tag on a standard, such as `ocpi` or `electric-vehicles`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Tag(String);

impl Tag {
    /// Parses a tag (it may start with a digit, as in `360giving`).
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        check_kebab(input, "tag", false)?;
        Ok(Self(input.to_owned()))
    }
}
string_newtype!(Tag);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_and_two_segment_slugs_parse() {
        assert!(Slug::parse("common").is_ok());
        assert!(Slug::parse("common/address").is_ok());
        assert!(Slug::parse("mobility/ev-chargepoint2").is_ok());
    }

    #[test]
    fn malformed_slugs_are_refused_with_the_offending_segment() {
        for bad in [
            "", "Common", "a/b/c", "-x", "x-", "a--b", "a/", "/a", "9lives", "a b", "a_b",
        ] {
            let err = Slug::parse(bad).expect_err(bad);
            assert!(err.0.contains("slug"), "{bad}: {err}");
        }
        let err = Slug::parse("common/Address").expect_err("uppercase");
        assert!(err.0.contains("`Address`"), "{err}");
    }

    #[test]
    fn organisation_slugs_are_a_single_segment() {
        assert!(OrgSlug::parse("barking-and-dagenham").is_ok());
        assert!(OrgSlug::parse("camden/x").is_err());
    }

    #[test]
    fn tags_may_start_with_a_digit_but_slugs_may_not() {
        assert!(Tag::parse("360giving").is_ok());
        assert!(Slug::parse("funding/360giving").is_err());
        assert!(Tag::parse("-x").is_err());
    }

    #[test]
    fn overlong_segments_are_refused() {
        let long = "a".repeat(49);
        assert!(Slug::parse(&long).is_err());
        assert!(Slug::parse(&"a".repeat(48)).is_ok());
    }
}
