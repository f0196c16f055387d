//! Free text people write: titles, summaries, and prose (rationales, changelogs, comments,
//! notes). Each kind has one length limit, written here once; every kind is trimmed and refuses
//! the NUL character, which PostgreSQL cannot store in a text column.

use std::fmt;

use super::ParseError;

/// Trimmed text of at most `MAX` characters, without NUL characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text<const MAX: usize>(String);

/// A title: at most 200 characters.
pub type Title = Text<200>;
/// A summary: at most 2,000 characters.
pub type Summary = Text<2000>;
/// Prose (a rationale, changelog, comment, reply or note): at most 10,000 characters.
pub type Prose = Text<10_000>;

impl<const MAX: usize> Text<MAX> {
    /// The most characters allowed.
    pub const MAX_CHARS: usize = MAX;

    /// Parses required text: after trimming, 1 to `MAX` characters.
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let value = Self::checked(input)?;
        if value.is_empty() {
            return Err(ParseError::new(format!(
                "must be 1 to {MAX} characters (got 0)"
            )));
        }
        Ok(Self(value))
    }

    /// Parses optional text: absent or blank is `None`.
    pub fn parse_optional(input: Option<&str>) -> Result<Option<Self>, ParseError> {
        match input {
            None => Ok(None),
            Some(text) => Ok(Some(Self(Self::checked(text)?)).filter(|t| !t.0.is_empty())),
        }
    }

    fn checked(input: &str) -> Result<String, ParseError> {
        let value = input.trim();
        if value.contains('\0') {
            return Err(ParseError::new(
                "must not contain the NUL character (U+0000)",
            ));
        }
        let count = value.chars().count();
        if count > MAX {
            return Err(ParseError::new(format!(
                "must be at most {MAX} characters (got {count})"
            )));
        }
        Ok(value.to_owned())
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The text, owned.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl<const MAX: usize> fmt::Display for Text<MAX> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_is_trimmed_and_limited() {
        assert_eq!(
            Prose::parse("  why  ").map(|p| p.into_string()),
            Ok("why".to_owned())
        );
        assert!(Prose::parse("   ").is_err());
        assert!(Prose::parse(&"x".repeat(Prose::MAX_CHARS)).is_ok());
        let long = Prose::parse(&"x".repeat(Prose::MAX_CHARS + 1)).expect_err("too long");
        assert!(long.0.contains("at most 10000"), "{long}");
        assert!(Title::parse(&"x".repeat(201)).is_err());
    }

    #[test]
    fn optional_text_treats_blank_as_absent_and_nul_as_an_error() {
        assert_eq!(Prose::parse_optional(None), Ok(None));
        assert_eq!(Prose::parse_optional(Some("  ")), Ok(None));
        assert!(Prose::parse_optional(Some("a\0b")).is_err());
        assert!(Summary::parse("a\0b").is_err());
    }
}
