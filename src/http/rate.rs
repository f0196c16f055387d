//! Rate limits: requests with an API token are counted per token, others per client address,
//! each in its own token bucket (the `governor` crate's GCRA). Past the limit the answer is
//! `429 Too Many Requests` with `Retry-After`, before any work is done.

use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::StatusCode;
use axum::http::header::{AUTHORIZATION, HeaderValue, RETRY_AFTER};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use sha2::{Digest, Sha256};

use super::error::error_body;
use crate::registry::Error;

/// How many keys a limiter remembers before it forgets the ones that have been quiet.
const FORGET_AFTER_KEYS: usize = 10_000;

/// A rate: requests per second, with a burst.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    /// Requests per second, sustained (0: no limit).
    pub per_second: u32,
    /// Requests allowed at once.
    pub burst: u32,
}

impl Rate {
    /// No limit.
    pub const OFF: Self = Self {
        per_second: 0,
        burst: 0,
    };

    fn quota(self) -> Option<Quota> {
        let per_second = NonZeroU32::new(self.per_second)?;
        let burst = NonZeroU32::new(self.burst.max(self.per_second))?;
        Some(Quota::per_second(per_second).allow_burst(burst))
    }
}

/// The limiters of one server.
pub struct RateLimits {
    anonymous: Option<DefaultKeyedRateLimiter<IpAddr>>,
    tokens: Option<DefaultKeyedRateLimiter<[u8; 32]>>,
    clock: DefaultClock,
}

impl std::fmt::Debug for RateLimits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RateLimits")
            .field("anonymous", &self.anonymous.is_some())
            .field("tokens", &self.tokens.is_some())
            .finish()
    }
}

impl RateLimits {
    /// Limiters for anonymous callers (per address) and token holders (per token).
    pub fn new(anonymous: Rate, tokens: Rate) -> Self {
        Self {
            anonymous: anonymous.quota().map(RateLimiter::keyed),
            tokens: tokens.quota().map(RateLimiter::keyed),
            clock: DefaultClock::default(),
        }
    }

    /// Whether a request may go on; if not, how many seconds until it may.
    fn check(&self, token: Option<&str>, address: Option<IpAddr>) -> Result<(), u64> {
        let denied = |not_until: governor::NotUntil<_>| {
            let wait = not_until.wait_time_from(self.clock.now());
            wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
        };
        match (token, address) {
            (Some(token), _) => match &self.tokens {
                Some(limiter) => {
                    let key: [u8; 32] = Sha256::digest(token.as_bytes()).into();
                    forget_quiet(limiter);
                    limiter.check_key(&key).map_err(denied)
                }
                None => Ok(()),
            },
            (None, Some(address)) => match &self.anonymous {
                Some(limiter) => {
                    forget_quiet(limiter);
                    limiter.check_key(&address).map_err(denied)
                }
                None => Ok(()),
            },
            (None, None) => Ok(()),
        }
    }
}

fn forget_quiet<K: std::hash::Hash + Eq + Clone>(limiter: &DefaultKeyedRateLimiter<K>) {
    if limiter.len() > FORGET_AFTER_KEYS {
        limiter.retain_recent();
    }
}

/// The middleware: `429` with `Retry-After` past the caller's limit.
pub async fn limit(
    State(limits): State<Arc<RateLimits>>,
    request: Request,
    next: Next,
) -> Response {
    let token = request
        .headers()
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| crate::auth::bearer_token(v).ok())
        .map(str::to_owned);
    let address = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(address)| address.ip());
    match limits.check(token.as_deref(), address) {
        Ok(()) => next.run(request).await,
        Err(seconds) => {
            let seconds = seconds.max(1);
            let error = Error::RateLimited {
                retry_after: seconds,
                message: format!(
                    "too many requests from this {}: try again in {seconds} seconds",
                    if token.is_some() { "token" } else { "address" }
                ),
            };
            let mut response = (
                StatusCode::TOO_MANY_REQUESTS,
                axum::Json(error_body(&error)),
            )
                .into_response();
            if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
                response.headers_mut().insert(RETRY_AFTER, value);
            }
            response
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_passes_then_the_caller_waits_and_others_are_not_affected() {
        let limits = RateLimits::new(
            Rate {
                per_second: 1,
                burst: 3,
            },
            Rate {
                per_second: 0,
                burst: 0,
            },
        );
        let one: IpAddr = [10, 0, 0, 1].into();
        let two: IpAddr = [10, 0, 0, 2].into();
        for _ in 0..3 {
            assert_eq!(limits.check(None, Some(one)), Ok(()));
        }
        let wait = limits.check(None, Some(one)).expect_err("over the burst");
        assert!((1..=2).contains(&wait), "{wait}");
        assert_eq!(limits.check(None, Some(two)), Ok(()));
        // Token holders are counted per token; with no token limit they pass.
        for _ in 0..10 {
            assert_eq!(limits.check(Some("concord_x"), Some(one)), Ok(()));
        }
    }

    #[test]
    fn tokens_are_counted_each_on_its_own() {
        let limits = RateLimits::new(
            Rate {
                per_second: 0,
                burst: 0,
            },
            Rate {
                per_second: 1,
                burst: 1,
            },
        );
        assert_eq!(limits.check(Some("concord_a"), None), Ok(()));
        assert!(limits.check(Some("concord_a"), None).is_err());
        assert_eq!(limits.check(Some("concord_b"), None), Ok(()));
    }
}
