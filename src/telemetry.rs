//! Tracing that says where: every HTTP request carries an id (the client's `x-request-id`, or a
//! new one), which names the request's span (so every log line of the request shows it), is
//! returned in the response's `x-request-id`, and is the reference an `INTERNAL` error gives
//! the client. The CLI's own commands log only warnings unless asked for more.

use axum::extract::Request;
use axum::http::header::WWW_AUTHENTICATE;
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use tracing::Instrument;

/// The header that carries a request's id, both ways.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

tokio::task_local! {
    static CURRENT: String;
}

/// The id of the request the current task is serving, if it is serving one.
pub fn current_request_id() -> Option<String> {
    CURRENT.try_with(Clone::clone).ok()
}

/// A reference for an internal error: the request's id when there is one (so a client's report
/// finds the log lines), a fresh random one otherwise.
pub fn incident_reference() -> String {
    current_request_id().unwrap_or_else(new_id)
}

fn new_id() -> String {
    let bytes: [u8; 12] = rand::random();
    hex::encode(bytes)
}

/// A client's id is kept when it is short visible ASCII; anything else is replaced, so a log
/// line never carries what a client should not be able to write into it.
fn acceptable(value: &HeaderValue) -> Option<String> {
    let text = value.to_str().ok()?;
    let fits = !text.is_empty() && text.len() <= 128 && text.bytes().all(|b| b.is_ascii_graphic());
    fits.then(|| text.to_owned())
}

/// Middleware: gives the request an id, runs it inside a span naming it, returns the id, and
/// adds `WWW-Authenticate: Bearer` to every 401 (RFC 6750), whichever handler produced it.
pub async fn trace_request(mut request: Request, next: Next) -> Response {
    let id = request
        .headers()
        .get(&REQUEST_ID)
        .and_then(acceptable)
        .unwrap_or_else(new_id);
    if let Ok(value) = HeaderValue::from_str(&id) {
        request.headers_mut().insert(REQUEST_ID, value);
    }
    let span = tracing::info_span!(
        "request",
        request_id = %id,
        method = %request.method(),
        path = %request.uri().path(),
    );
    let mut response = CURRENT
        .scope(id.clone(), next.run(request).instrument(span.clone()))
        .await;
    span.in_scope(|| {
        tracing::debug!(status = response.status().as_u16(), "answered");
    });
    let unauthorised = response.status() == StatusCode::UNAUTHORIZED;
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&id) {
        headers.insert(REQUEST_ID, value);
    }
    if unauthorised && !headers.contains_key(WWW_AUTHENTICATE) {
        headers.insert(WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    }
    response
}

/// The log filter when none is configured: the server reports what it does; the CLI's other
/// commands print their result and nothing else.
pub fn default_log_level(serving: bool) -> &'static str {
    if serving { "info" } else { "warn" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_request_id_is_kept_only_when_it_is_plain() {
        assert_eq!(
            acceptable(&HeaderValue::from_static("ci-run-42")),
            Some("ci-run-42".to_owned())
        );
        assert_eq!(acceptable(&HeaderValue::from_static("has space")), None);
        let long = HeaderValue::from_str(&"x".repeat(129)).expect("header");
        assert_eq!(acceptable(&long), None);
    }

    #[test]
    fn outside_a_request_an_incident_still_gets_a_reference() {
        assert_eq!(current_request_id(), None);
        assert_eq!(incident_reference().len(), 24);
    }
}
