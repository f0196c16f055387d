//! Who is calling: bearer API tokens (`concord_…`) for machines and browser sessions for people,
//! every secret stored only as its SHA-256, and the caller they identify. Looking one up is a
//! registry use case; the transports extract the header or the cookie.

pub mod oidc;
pub mod session;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use crate::domain::{OrgSlug, Role};
use crate::governance::Actor;

/// Every token starts with this, so leaked tokens are easy to recognise and scan for.
pub const TOKEN_PREFIX: &str = "concord_";

/// An authenticated account, as resolved from its token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// The account's id.
    pub account_id: i64,
    /// The account's label.
    pub name: String,
    /// The account's role.
    pub role: Role,
    /// The account's organisation.
    pub organisation_id: i64,
    /// The organisation's slug (recorded in audit events).
    pub organisation_slug: OrgSlug,
}

/// The caller of a request.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Caller {
    /// No token: may read, validate and dry-run.
    #[default]
    Public,
    /// A token holder.
    Account(Principal),
}

impl Caller {
    /// The caller as the governance rules see it.
    pub fn actor(&self) -> Option<Actor> {
        self.principal().map(|p| Actor {
            role: p.role,
            organisation_id: p.organisation_id,
        })
    }

    /// The authenticated account, if any.
    /// The caller's organisation slug (for traces), when a token was given.
    pub fn organisation(&self) -> Option<&str> {
        self.principal().map(|p| p.organisation_slug.as_str())
    }

    /// The account, when a token was given.
    pub fn principal(&self) -> Option<&Principal> {
        match self {
            Self::Public => None,
            Self::Account(p) => Some(p),
        }
    }
}

/// A newly created token, in clear: shown once, then only its hash exists.
#[derive(Clone, PartialEq, Eq)]
pub struct NewToken {
    /// The full token.
    pub secret: String,
    /// The first characters, kept to recognise the token in listings.
    pub prefix: String,
    /// The hash stored.
    pub hash: String,
}

impl std::fmt::Debug for NewToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewToken")
            .field("prefix", &self.prefix)
            .finish_non_exhaustive()
    }
}

/// A random secret in clear (a session cookie, a sign-in link, an OpenID Connect `state`) and
/// the hash that is stored in its place.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret {
    /// The secret, URL-safe: shown or sent once.
    pub value: String,
    /// Its SHA-256, in hex.
    pub hash: String,
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

impl Secret {
    /// 256 random bits, URL-safe.
    pub fn generate() -> Self {
        let bytes: [u8; 32] = rand::random();
        let value = URL_SAFE_NO_PAD.encode(bytes);
        let hash = hash_token(&value);
        Self { value, hash }
    }
}

/// Generates a token with 256 bits of randomness.
pub fn generate_token() -> NewToken {
    let bytes: [u8; 32] = rand::random();
    let secret = format!("{TOKEN_PREFIX}{}", URL_SAFE_NO_PAD.encode(bytes));
    let prefix = secret[..TOKEN_PREFIX.len() + 6].to_owned();
    let hash = hash_token(&secret);
    NewToken {
        secret,
        prefix,
        hash,
    }
}

/// The stored form of a token. A plain SHA-256 suffices: tokens carry 256 random bits, so there is
/// nothing to brute-force, and lookups must stay cheap on every request.
pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Why an `Authorization` header was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HeaderError {
    /// Not `Bearer <token>`.
    #[error("the Authorization header must be `Bearer concord_…`")]
    NotBearer,
    /// Not a Concord token.
    #[error("the bearer token is not a Concord token (they start with `concord_`)")]
    NotConcord,
}

/// Extracts the token from an `Authorization` header value.
pub fn bearer_token(header: &str) -> Result<&str, HeaderError> {
    let (scheme, token) = header
        .trim()
        .split_once(' ')
        .ok_or(HeaderError::NotBearer)?;
    if !scheme.eq_ignore_ascii_case("bearer") {
        return Err(HeaderError::NotBearer);
    }
    let token = token.trim();
    if !token.starts_with(TOKEN_PREFIX) || token.len() < TOKEN_PREFIX.len() + 16 {
        return Err(HeaderError::NotConcord);
    }
    Ok(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_unique_prefixed_and_hashed() {
        let a = generate_token();
        let b = generate_token();
        assert_ne!(a.secret, b.secret);
        assert!(a.secret.starts_with("concord_"));
        assert!(a.secret.starts_with(&a.prefix));
        assert_eq!(a.hash, hash_token(&a.secret));
        assert!(!format!("{a:?}").contains(&a.secret));
    }

    #[test]
    fn only_bearer_concord_tokens_are_accepted() {
        let token = generate_token().secret;
        assert_eq!(bearer_token(&format!("Bearer {token}")), Ok(token.as_str()));
        assert_eq!(
            bearer_token(&format!("bearer  {token}")),
            Ok(token.as_str())
        );
        assert_eq!(
            bearer_token(&format!("Basic {token}")),
            Err(HeaderError::NotBearer)
        );
        assert_eq!(bearer_token("Bearer abc"), Err(HeaderError::NotConcord));
        assert_eq!(bearer_token("Bearer"), Err(HeaderError::NotBearer));
    }
}
