//! `POST /graphql` (with the caller attached to the request) and GraphiQL on `GET /graphql`.
//! Requests the GraphQL layer cannot even parse get a GraphQL-shaped error with a code.

use async_graphql_axum::GraphQLResponse;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::AppState;
use super::caller::ExtractCaller;
use super::error::{ApiError, error_body, status_of};

/// Executes a GraphQL request as the caller.
///
/// The body is read through axum's `Bytes` extractor rather than async-graphql's own, because
/// only axum's extractors honour the router's body limit: a request of any size would otherwise
/// be buffered whole before anything looked at it.
pub async fn execute(
    State(state): State<AppState>,
    headers: HeaderMap,
    caller: Result<ExtractCaller, ApiError>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    if !is_graphql_request(&headers) {
        // A cross-site page can send `text/plain` or a form without a preflight; GraphQL over
        // HTTP is JSON, so nothing else is executed.
        return refused(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "BAD_USER_INPUT",
            "send the GraphQL request as application/json".to_owned(),
        );
    }
    let caller = match caller {
        Ok(ExtractCaller(caller)) => caller,
        Err(ApiError(error)) => return graphql_error(status_of(&error), &error_body(&error)),
    };
    let body = match body {
        Ok(body) => body,
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return refused(
                StatusCode::PAYLOAD_TOO_LARGE,
                "LIMIT_EXCEEDED",
                format!(
                    "the request body is larger than the limit of {} bytes",
                    state.max_body_bytes
                ),
            );
        }
        Err(rejection) => {
            return refused(
                StatusCode::BAD_REQUEST,
                "BAD_USER_INPUT",
                format!("the request body could not be read: {rejection}"),
            );
        }
    };
    if body.len() < LARGE_REQUEST_BYTES {
        return run(&state.schema, &body, caller).await;
    }
    // Megabytes of arguments are parsed, copied and answered off the request workers, one such
    // request at a time, so they cannot take the cores from `/healthz` and small requests.
    let schema = state.schema.clone();
    let runtime = tokio::runtime::Handle::current();
    // Dropped with this future (a client gone, the request timeout): the work on the blocking
    // pool then stops too, dropping what it was doing (a comparison stops at its next check).
    let (_alive, gone) = tokio::sync::oneshot::channel::<()>();
    let work = move || {
        runtime.block_on(async move {
            tokio::select! {
                response = run(&schema, &body, caller) => response,
                _ = gone => StatusCode::SERVICE_UNAVAILABLE.into_response(),
            }
        })
    };
    match state.registry.run_large_request(work).await {
        Ok(response) => response,
        Err(error) => graphql_error(status_of(&error), &error_body(&error)),
    }
}

/// Bodies from this size up are executed as large requests.
const LARGE_REQUEST_BYTES: usize = 256 * 1024;

async fn run(
    schema: &crate::graphql::ConcordSchema,
    body: &[u8],
    caller: crate::auth::Caller,
) -> Response {
    let request = match serde_json::from_slice::<async_graphql::Request>(body) {
        Ok(request) => request,
        Err(e) => return unparsable(&e),
    };
    let response: GraphQLResponse = schema.execute(request.data(caller)).await.into();
    response.into_response()
}

/// Whether the request says it is JSON: `application/json`, or the GraphQL-over-HTTP media
/// types (`application/graphql-response+json`, the older `application/graphql+json`).
fn is_graphql_request(headers: &HeaderMap) -> bool {
    let media_type = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase());
    matches!(
        media_type.as_deref(),
        Some("application/json" | "application/graphql-response+json" | "application/graphql+json")
    )
}

/// The body is not a GraphQL request in JSON.
fn unparsable(error: &serde_json::Error) -> Response {
    if error.to_string().contains("recursion limit") {
        return refused(
            StatusCode::PAYLOAD_TOO_LARGE,
            "LIMIT_EXCEEDED",
            "the request nests JSON too deeply".to_owned(),
        );
    }
    refused(
        StatusCode::BAD_REQUEST,
        "BAD_USER_INPUT",
        format!("not a GraphQL request: {error}"),
    )
}

fn refused(status: StatusCode, code: &str, message: String) -> Response {
    graphql_error(
        status,
        &json!({ "error": { "code": code, "message": message } }),
    )
}

/// Wraps an error body in the GraphQL response shape.
fn graphql_error(status: StatusCode, body: &serde_json::Value) -> Response {
    let error = &body["error"];
    let mut extensions = error.clone();
    if let Some(fields) = extensions.as_object_mut() {
        fields.remove("message");
    }
    let response = json!({
        "data": null,
        "errors": [{ "message": error["message"], "extensions": extensions }],
    });
    (status, Json(response)).into_response()
}
