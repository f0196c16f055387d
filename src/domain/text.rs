//! Free text people write: names, titles, summaries, and prose (rationales, changelogs,
//! comments, notes). Each kind has one length limit, written here once; every kind is trimmed and
//! refuses the NUL character, which PostgreSQL cannot store in a text column. Names and titles
//! also refuse the bidirectional embedding, override and isolate controls (U+202A–U+202E,
//! U+2066–U+2069), with which a name can be made to read differently from what it is.

use std::fmt;

use super::ParseError;

/// Trimmed text of at most `MAX` characters, without NUL characters; a `NAME` (a name or a
/// title) also without bidirectional controls.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text<const MAX: usize, const NAME: bool = false>(String);

/// An account's or a person's name: at most 120 characters.
pub type Name = Text<120, true>;
/// A title, or an organisation's name: at most 200 characters.
pub type Title = Text<200, true>;
/// A summary: at most 2,000 characters.
pub type Summary = Text<2000>;
/// Prose (a rationale, changelog, comment, reply or note): at most 10,000 characters.
pub type Prose = Text<10_000>;

/// Whether `c` is a bidirectional embedding, override or isolate control.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

impl<const MAX: usize, const NAME: bool> Text<MAX, NAME> {
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
        if NAME && let Some(c) = value.chars().find(|c| is_bidi_control(*c)) {
            return Err(ParseError::new(format!(
                "must not contain the bidirectional control character U+{:04X}",
                u32::from(c)
            )));
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

impl<const MAX: usize, const NAME: bool> fmt::Display for Text<MAX, NAME> {
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
    fn names_and_titles_refuse_bidirectional_controls_but_prose_may_carry_them() {
        let spoof = "Camden\u{202E}txt.exe";
        assert!(Name::parse(spoof).is_err());
        let err = Title::parse("a\u{2066}b").expect_err("isolate");
        assert!(err.0.contains("U+2066"), "{err}");
        assert!(Prose::parse("مرحبا \u{202B}quoted\u{202C}").is_ok());
        assert!(Name::parse("Zoë O'Brien").is_ok());
    }

    #[test]
    fn optional_text_treats_blank_as_absent_and_nul_as_an_error() {
        assert_eq!(Prose::parse_optional(None), Ok(None));
        assert_eq!(Prose::parse_optional(Some("  ")), Ok(None));
        assert!(Prose::parse_optional(Some("a\0b")).is_err());
        assert!(Summary::parse("a\0b").is_err());
    }
}
