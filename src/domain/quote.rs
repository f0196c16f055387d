//! Quoting what a user sent inside an error message, at most about 200 characters of it: an
//! error must say what was wrong without echoing a megabyte back (or into the logs).

use std::fmt;

/// The most characters of a user's input an error message repeats.
pub const QUOTE_CHARS: usize = 200;

/// `text` for an error message: whole when short, else its first [`QUOTE_CHARS`] characters and
/// how many more there were.
#[derive(Debug, Clone, Copy)]
pub struct Quoted<'a>(pub &'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.char_indices().nth(QUOTE_CHARS) {
            None => f.write_str(self.0),
            Some((end, _)) => {
                let rest = self.0[end..].chars().count();
                write!(f, "{}… ({rest} more characters)", &self.0[..end])
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_input_is_quoted_whole_and_long_input_is_cut() {
        assert_eq!(Quoted("camden").to_string(), "camden");
        let long = "é".repeat(10_000);
        let quoted = Quoted(&long).to_string();
        assert!(quoted.chars().count() < QUOTE_CHARS + 40, "{quoted}");
        assert!(quoted.ends_with("(9800 more characters)"), "{quoted}");
    }
}
