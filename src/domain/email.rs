//! An e-mail address, the key that matches a person signing in to the account the CDO made.

use super::ParseError;

/// The longest address SMTP carries (RFC 5321's path limit, less the angle brackets).
const MAX_LEN: usize = 254;

/// An e-mail address, trimmed and lower-cased: identity providers and people capitalise
/// addresses differently, and `Jo.Bloggs@Camden.gov.uk` is the same mailbox as
/// `jo.bloggs@camden.gov.uk` for every provider a council uses.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Email(String);

impl Email {
    /// Parses an address: one `@` with something either side, a dot in the domain, no spaces or
    /// control characters, at most 254 characters.
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let address = raw.trim().to_lowercase();
        let invalid = |why: &str| {
            Err(ParseError::new(format!(
                "`{}` is not an e-mail address: {why}",
                super::Quoted(&address)
            )))
        };
        if address.is_empty() {
            return Err(ParseError::new("an e-mail address is required"));
        }
        if address.chars().count() > MAX_LEN {
            return invalid("it is longer than 254 characters");
        }
        if address.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return invalid("it contains a space or a control character");
        }
        let Some((local, domain)) = address.rsplit_once('@') else {
            return invalid("it has no `@`");
        };
        if local.is_empty() || local.contains('@') {
            return invalid("it needs exactly one `@` with a name before it");
        }
        if !domain.contains('.') || domain.starts_with('.') || domain.ends_with('.') {
            return invalid("the part after `@` is not a domain");
        }
        Ok(Self(address))
    }

    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_trimmed_and_lower_cased() {
        let email = Email::parse("  Jo.Bloggs@Camden.GOV.uk ").expect("valid");
        assert_eq!(email.as_str(), "jo.bloggs@camden.gov.uk");
    }

    #[test]
    fn things_that_are_not_addresses_are_refused_with_a_reason() {
        for (raw, why) in [
            ("", "required"),
            ("jo", "no `@`"),
            ("@camden.gov.uk", "exactly one"),
            ("jo@@camden.gov.uk", "exactly one"),
            ("jo@localhost", "domain"),
            ("jo bloggs@camden.gov.uk", "space"),
            ("jo@camden.gov.uk\u{0}", "control"),
        ] {
            let error = Email::parse(raw).expect_err(raw);
            assert!(error.to_string().contains(why), "{raw}: {error}");
        }
        assert!(Email::parse(&format!("{}@x.uk", "a".repeat(260))).is_err());
    }
}
