//! Browser sessions and one-time sign-in links: their secrets, and when they stop working. The
//! rules are pure; `registry::sessions` stores and checks them.

use chrono::{DateTime, Duration, Utc};

use super::Secret;

/// How long a sign-in link works after it is issued.
pub const LINK_LIFETIME: Duration = Duration::hours(24);

/// How long an OpenID Connect sign-in may take between leaving for the provider and coming back.
pub const OIDC_ATTEMPT_LIFETIME: Duration = Duration::minutes(10);

/// How often a session's last use is written down: often enough for idle expiry measured in
/// hours, rarely enough that reading pages does not turn into a stream of writes.
pub const TOUCH_EVERY: Duration = Duration::minutes(1);

/// When sessions end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionPolicy {
    /// A session unused for this long has ended.
    pub idle: Duration,
    /// A session ends this long after sign-in however much it is used.
    pub absolute: Duration,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        Self {
            idle: Duration::hours(8),
            absolute: Duration::hours(24),
        }
    }
}

/// Why a session no longer works.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SessionEnded {
    /// Signed out, or ended by the CDO deactivating the account.
    #[error("you have signed out, or your session was ended")]
    Ended,
    /// Unused for longer than the idle limit.
    #[error("your session ended because it was not used for a while")]
    Idle,
    /// Older than the absolute limit.
    #[error("your session has expired")]
    Expired,
}

impl SessionPolicy {
    /// When a session signed in at `created` stops working however much it is used.
    pub fn expires_at(&self, created: DateTime<Utc>) -> DateTime<Utc> {
        created + self.absolute
    }

    /// Whether a session is still live at `now`.
    pub fn check(
        &self,
        expires_at: DateTime<Utc>,
        last_seen: DateTime<Utc>,
        ended: bool,
        now: DateTime<Utc>,
    ) -> Result<(), SessionEnded> {
        if ended {
            Err(SessionEnded::Ended)
        } else if now >= expires_at {
            Err(SessionEnded::Expired)
        } else if now - last_seen >= self.idle {
            Err(SessionEnded::Idle)
        } else {
            Ok(())
        }
    }
}

/// A session's secrets: the cookie's value, and the token its forms carry against cross-site
/// request forgery.
#[derive(Debug)]
pub struct NewSession {
    /// The cookie's value (only its hash is stored).
    pub secret: Secret,
    /// The token every state-changing form of this session carries.
    pub csrf_token: String,
    /// When the session ends however much it is used.
    pub expires_at: DateTime<Utc>,
}

/// Compares two CSRF tokens in time that does not depend on where they differ.
pub fn same_token(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(hours: i64) -> DateTime<Utc> {
        DateTime::<Utc>::UNIX_EPOCH + Duration::hours(hours)
    }

    #[test]
    fn a_session_ends_when_idle_when_old_or_when_ended() {
        let policy = SessionPolicy::default();
        let expires = policy.expires_at(at(0));
        assert_eq!(policy.check(expires, at(0), false, at(7)), Ok(()));
        assert_eq!(
            policy.check(expires, at(0), false, at(8)),
            Err(SessionEnded::Idle)
        );
        assert_eq!(policy.check(expires, at(20), false, at(23)), Ok(()));
        assert_eq!(
            policy.check(expires, at(23), false, at(24)),
            Err(SessionEnded::Expired)
        );
        assert_eq!(
            policy.check(expires, at(1), true, at(1)),
            Err(SessionEnded::Ended)
        );
    }

    #[test]
    fn csrf_tokens_compare_equal_only_when_identical() {
        assert!(same_token("abc", "abc"));
        assert!(!same_token("abc", "abd"));
        assert!(!same_token("abc", "abcd"));
        assert!(!same_token("", "a"));
    }
}
