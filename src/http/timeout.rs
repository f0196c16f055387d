//! The request timeout: a request not answered within `--request-timeout` gets `503` with
//! `LIMIT_EXCEEDED` and a `Retry-After`, and its work is dropped (a comparison it started stops at
//! its next check). A streamed NDJSON answer is timed only until it starts: its lines then go on
//! for as long as the client keeps sending.

use axum::extract::{Request, State};
use axum::http::header::RETRY_AFTER;
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::AppState;
use super::error::error_body;
use crate::registry::Error;

/// Middleware: answers within `state.request_timeout` or gives up.
pub async fn within_timeout(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let limit = state.request_timeout;
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            let error = Error::LimitExceeded {
                limit: "requestTime",
                message: format!(
                    "the request took longer than {} s to answer and was stopped; ask for less at once",
                    limit.as_secs_f64()
                ),
            };
            let mut response = (
                StatusCode::SERVICE_UNAVAILABLE,
                axum::Json(error_body(&error)),
            )
                .into_response();
            response
                .headers_mut()
                .insert(RETRY_AFTER, HeaderValue::from_static("1"));
            response
        }
    }
}
