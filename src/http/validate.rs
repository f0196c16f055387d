//! `POST /validate/{slug}/{version-or-range}`: one JSON document (`application/json`), or many
//! as NDJSON (`application/x-ndjson`), answered as NDJSON one result per line, streamed as the
//! request is read. A malformed line gets its own error result and the rest go on.

use std::sync::Arc;

use axum::Json;
use axum::body::{Body, Bytes};
use axum::extract::{Path, Request, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use futures_util::{Stream, StreamExt};
use serde::Serialize;
use serde_json::json;

use super::AppState;
use super::error::{ApiError, error_body};
use crate::domain::VersionedPath;
use crate::registry::{Checked, Error, Prepared, Warning};
use crate::validate::Violation;

/// The NDJSON media type.
pub const NDJSON: &str = "application/x-ndjson";

/// One document's answer.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultLine<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    valid: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    standard: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<String>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    errors: &'a [Violation],
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    truncated: bool,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    warnings: &'a [Warning],
}

fn result_line<'a>(
    checked: &'a Checked,
    line: Option<usize>,
    prepared: Option<&'a Prepared>,
) -> ResultLine<'a> {
    ResultLine {
        line,
        valid: checked.outcome.valid,
        standard: prepared.map(|p| p.standard.slug.as_str()),
        version: prepared.map(|p| p.version.version.to_string()),
        errors: &checked.outcome.violations,
        truncated: checked.outcome.truncated,
        warnings: &checked.warnings,
    }
}

/// Validates the request body.
pub async fn validate(
    State(state): State<AppState>,
    super::caller::ExtractCaller(caller): super::caller::ExtractCaller,
    Path(path): Path<String>,
    request: Request,
) -> Result<Response, ApiError> {
    let VersionedPath { slug, selector } =
        VersionedPath::parse(&path).map_err(|e| Error::bad_input("path", e))?;
    let content_type = request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let ndjson = matches!(
        content_type.as_str(),
        NDJSON | "application/jsonl" | "application/ndjson"
    );
    let json = content_type == "application/json" || content_type.ends_with("+json");
    if !ndjson && !json {
        return Err(Error::bad_input(
            "content-type",
            format!("send application/json (one document) or {NDJSON} (one document per line)"),
        )
        .into());
    }
    let prepared = state.registry.prepare_validation(&slug, &selector).await?;
    let limits = state.registry.settings().limits;
    if ndjson {
        // Wait for the first chunk before answering: a client that sent `Expect: 100-continue`
        // (curl does for large files) is told to go on only when the body is first read, and
        // would otherwise hold the body back until its own timeout, a second later.
        let mut body = request.into_body().into_data_stream();
        let first = body.next().await;
        let lines = validate_lines(
            futures_util::stream::iter(first).chain(body),
            Usage {
                registry: state.registry.clone(),
                caller,
            },
            prepared,
            state.max_body_bytes,
            limits.max_documents,
        );
        let mut response = Body::from_stream(lines).into_response();
        response
            .headers_mut()
            .insert(CONTENT_TYPE, HeaderValue::from_static(NDJSON));
        return Ok(response);
    }
    let body = axum::body::to_bytes(request.into_body(), state.max_body_bytes)
        .await
        .map_err(|e| match super::slow::too_slow(&e) {
            Some(message) => Error::LimitExceeded {
                limit: "bodyRate",
                message,
            },
            None => Error::LimitExceeded {
                limit: "bodyBytes",
                message: format!(
                    "the request body is larger than {} bytes",
                    state.max_body_bytes
                ),
            },
        })?;
    let document: serde_json::Value =
        serde_json::from_slice(&body).map_err(|e| not_json(&e, None))?;
    let checked = prepared.check(&document)?;
    state.registry.count_usage(&caller, &prepared, 1);
    Ok(Json(result_line(&checked, None, Some(&prepared))).into_response())
}

/// The error for a body or line that is not JSON.
fn not_json(e: &serde_json::Error, line: Option<usize>) -> Error {
    if e.to_string().contains("recursion limit") {
        return Error::LimitExceeded {
            limit: "depth",
            message: "the document nests too deeply".to_owned(),
        };
    }
    let place = match line {
        Some(n) => format!("line {n}"),
        None => "the body".to_owned(),
    };
    Error::bad_input(place.clone(), format!("{place} is not JSON: {e}"))
}

/// Whom a stream's validations are counted for.
struct Usage {
    registry: crate::registry::Registry,
    caller: crate::auth::Caller,
}

struct Lines<S> {
    body: S,
    usage: Usage,
    prepared: Arc<Prepared>,
    buffer: Vec<u8>,
    line: usize,
    documents: usize,
    bytes: usize,
    max_bytes: usize,
    max_documents: usize,
    finished: bool,
}

impl<S> Drop for Lines<S> {
    /// Counts the documents read, however the stream ended (a client that hangs up midway has
    /// still had them validated).
    fn drop(&mut self) {
        let read = self.documents.min(self.max_documents);
        self.usage
            .registry
            .count_usage(&self.usage.caller, &self.prepared, read);
    }
}

impl<S> Lines<S> {
    /// Validates one line into `out`; returns false when the request must stop here.
    fn one(&mut self, raw: &[u8], out: &mut Vec<u8>) -> bool {
        self.line += 1;
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        if raw.iter().all(u8::is_ascii_whitespace) {
            return true;
        }
        self.documents += 1;
        if self.documents > self.max_documents {
            write_error(
                out,
                self.line,
                &Error::LimitExceeded {
                    limit: "documents",
                    message: format!(
                        "more than {} documents in one request; the rest were not read",
                        self.max_documents
                    ),
                },
            );
            return false;
        }
        // One UTF-8 check over the whole line is much cheaper than the parser's check of each
        // string in it.
        let checked = std::str::from_utf8(raw)
            .map_err(|e| {
                Error::bad_input(
                    format!("line {}", self.line),
                    format!("line {} is not UTF-8: {e}", self.line),
                )
            })
            .and_then(|text| {
                serde_json::from_str::<serde_json::Value>(text)
                    .map_err(|e| not_json(&e, Some(self.line)))
            })
            .and_then(|document| self.prepared.check(&document));
        match checked {
            Ok(checked) => {
                // Only the first line names the version: it is the same for every line.
                let first = (self.documents == 1).then_some(&*self.prepared);
                let _ = serde_json::to_writer(
                    &mut *out,
                    &result_line(&checked, Some(self.line), first),
                );
                out.push(b'\n');
            }
            Err(error) => write_error(out, self.line, &error),
        }
        true
    }
}

fn write_error(out: &mut Vec<u8>, line: usize, error: &Error) {
    let mut body = error_body(error);
    body["line"] = json!(line);
    let _ = serde_json::to_writer(&mut *out, &body);
    out.push(b'\n');
}

/// Reads NDJSON from `body` and yields NDJSON results, one chunk per chunk read.
fn validate_lines<S>(
    body: S,
    usage: Usage,
    prepared: Arc<Prepared>,
    max_bytes: usize,
    max_documents: usize,
) -> impl Stream<Item = Result<Bytes, std::io::Error>> + Send
where
    S: Stream<Item = Result<Bytes, axum::Error>> + Send + Unpin,
{
    let state = Lines {
        body,
        usage,
        prepared,
        buffer: Vec::new(),
        line: 0,
        documents: 0,
        bytes: 0,
        max_bytes,
        max_documents,
        finished: false,
    };
    futures_util::stream::unfold(state, |mut state| async move {
        if state.finished {
            return None;
        }
        let mut out = Vec::new();
        match state.body.next().await {
            Some(Ok(chunk)) => {
                state.bytes += chunk.len();
                if state.bytes > state.max_bytes {
                    write_error(
                        &mut out,
                        state.line + 1,
                        &Error::LimitExceeded {
                            limit: "bodyBytes",
                            message: format!(
                                "the request body is larger than {} bytes; the rest was not read",
                                state.max_bytes
                            ),
                        },
                    );
                    state.finished = true;
                    return Some((Ok(Bytes::from(out)), state));
                }
                state.finished = !state.chunk(&chunk, &mut out);
            }
            Some(Err(_)) => {
                state.finished = true;
                write_error(
                    &mut out,
                    state.line + 1,
                    &Error::bad_input("body", "the request body could not be read"),
                );
            }
            None => {
                state.finished = true;
                let rest = std::mem::take(&mut state.buffer);
                state.one(&rest, &mut out);
            }
        }
        Some((Ok(Bytes::from(out)), state))
    })
}

impl<S> Lines<S> {
    /// Validates every complete line of `chunk` (with what was left of the previous one) into
    /// `out`, keeping the incomplete tail; returns false when the request must stop here.
    fn chunk(&mut self, chunk: &[u8], out: &mut Vec<u8>) -> bool {
        let mut start = 0;
        let mut ends = memchr::memchr_iter(b'\n', chunk);
        if !self.buffer.is_empty() {
            // The line begun in an earlier chunk ends at this chunk's first newline.
            let Some(end) = ends.next() else {
                self.buffer.extend_from_slice(chunk);
                return true;
            };
            let mut line = std::mem::take(&mut self.buffer);
            line.extend_from_slice(&chunk[..end]);
            start = end + 1;
            if !self.one(&line, out) {
                return false;
            }
        }
        for end in ends {
            if !self.one(&chunk[start..end], out) {
                return false;
            }
            start = end + 1;
        }
        self.buffer.extend_from_slice(&chunk[start..]);
        true
    }
}

/// `405`-style help for a GET on the validation endpoint.
pub async fn usage() -> Response {
    (
        StatusCode::METHOD_NOT_ALLOWED,
        Json(json!({ "error": { "code": "BAD_USER_INPUT", "message":
            "POST a JSON document (application/json) or NDJSON (application/x-ndjson) to /validate/{slug}/{version or range}" } })),
    )
        .into_response()
}
