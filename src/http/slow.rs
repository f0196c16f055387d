//! Cutting off clients that send a request body too slowly (a "slow POST" ties up a worker and a
//! connection for as long as the client likes). After a grace period, a body must keep arriving
//! at a minimum average rate; one that falls behind ends with an error, which the handler reading
//! it reports. A body that has arrived in full is never checked again.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http_body::{Body as HttpBody, Frame, SizeHint};
use tokio::time::{Instant, Sleep};

/// The slowest a request body may arrive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MinBodyRate {
    /// Bytes a second, on average, once the grace period is over (0: no minimum).
    pub bytes_per_second: u64,
    /// How long a body may take before the rate counts.
    pub grace: Duration,
}

impl Default for MinBodyRate {
    fn default() -> Self {
        Self {
            bytes_per_second: 1024,
            grace: Duration::from_secs(10),
        }
    }
}

/// Why a body was cut off.
#[derive(Debug, thiserror::Error)]
#[error(
    "the request body arrived more slowly than {0} bytes a second, so Concord stopped reading it"
)]
pub struct TooSlow(u64);

/// Whether reading a body failed because it arrived too slowly (the error names [`TooSlow`]
/// somewhere in its chain).
pub fn too_slow(error: &(dyn std::error::Error + 'static)) -> Option<String> {
    let mut current = Some(error);
    while let Some(e) = current {
        if let Some(slow) = e.downcast_ref::<TooSlow>() {
            return Some(slow.to_string());
        }
        current = e.source();
    }
    None
}

struct RateBody {
    inner: Body,
    rate: MinBodyRate,
    started: Instant,
    received: u64,
    check: Pin<Box<Sleep>>,
}

impl RateBody {
    fn behind(&self) -> bool {
        let elapsed = self.started.elapsed();
        let Some(counted) = elapsed.checked_sub(self.rate.grace) else {
            return false;
        };
        (self.received as f64) < self.rate.bytes_per_second as f64 * counted.as_secs_f64()
    }
}

impl HttpBody for RateBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        match Pin::new(&mut self.inner).poll_frame(cx) {
            Poll::Ready(Some(Ok(frame))) => {
                if let Some(data) = frame.data_ref() {
                    self.received += data.len() as u64;
                }
                if self.behind() {
                    let rate = self.rate.bytes_per_second;
                    return Poll::Ready(Some(Err(axum::Error::new(TooSlow(rate)))));
                }
                Poll::Ready(Some(Ok(frame)))
            }
            Poll::Pending => {
                // Nothing arrived: look again when the next second is up.
                while self.check.as_mut().poll(cx).is_ready() {
                    if self.behind() {
                        let rate = self.rate.bytes_per_second;
                        return Poll::Ready(Some(Err(axum::Error::new(TooSlow(rate)))));
                    }
                    let next = Instant::now() + Duration::from_secs(1);
                    self.check.as_mut().reset(next);
                }
                Poll::Pending
            }
            other => other,
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// The middleware: wraps every request body in the rate check.
pub async fn min_body_rate(
    State(rate): State<MinBodyRate>,
    request: Request,
    next: Next,
) -> Response {
    if rate.bytes_per_second == 0 {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let started = Instant::now();
    let body = Body::new(RateBody {
        inner: body,
        rate,
        started,
        received: 0,
        check: Box::pin(tokio::time::sleep_until(started + rate.grace)),
    });
    next.run(Request::from_parts(parts, body)).await
}
