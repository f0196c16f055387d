//! How often one account may comment: a token bucket per account (`governor`), so one account
//! cannot bury a proposal's discussion or grow its page without end. In memory, per replica.

use std::num::NonZeroU32;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use super::Error;

/// Comments per account per hour, all of which may come at once.
pub struct CommentThrottle {
    limiter: Option<DefaultKeyedRateLimiter<i64>>,
    per_hour: u32,
    clock: DefaultClock,
}

impl std::fmt::Debug for CommentThrottle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CommentThrottle")
            .field("per_hour", &self.per_hour)
            .finish()
    }
}

impl CommentThrottle {
    /// `per_hour` comments an hour for each account (0: no limit).
    pub fn new(per_hour: u32) -> Self {
        Self {
            limiter: NonZeroU32::new(per_hour)
                .map(|n| RateLimiter::keyed(Quota::per_hour(n).allow_burst(n))),
            per_hour,
            clock: DefaultClock::default(),
        }
    }

    /// Takes one comment from the account's allowance, or says when it may comment again.
    pub fn take(&self, account_id: i64) -> Result<(), Error> {
        let Some(limiter) = &self.limiter else {
            return Ok(());
        };
        if limiter.len() > 10_000 {
            limiter.retain_recent();
        }
        limiter.check_key(&account_id).map_err(|not_until| {
            let wait = not_until.wait_time_from(self.clock.now()).as_secs().max(1);
            Error::RateLimited {
                retry_after: wait,
                message: format!(
                    "you have made {} comments in the last hour, as many as an account may: try again in {} minutes",
                    self.per_hour,
                    wait.div_ceil(60)
                ),
            }
        })
    }
}
