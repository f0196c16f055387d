//! `GET /audit/head`: the audit log's head (how many events, the last one's hash, and the latest
//! signed checkpoint) for anyone to keep and later check with `concord audit verify
//! --since-head`; `GET /.well-known/concord-audit-key`: the public key the checkpoints are signed
//! with.

use axum::Json;
use axum::extract::State;
use axum::http::HeaderValue;
use axum::http::header::CACHE_CONTROL;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::AppState;
use super::error::ApiError;
use crate::registry::Error;

/// The head as JSON: `{"count", "hash", "head": "COUNT:HASH", "checkpoint"}`.
pub async fn head(State(state): State<AppState>) -> Result<Response, ApiError> {
    let head = state.registry.audit_head().await?;
    let checkpoint = head.checkpoint.map(|c| {
        json!({
            "position": c.position,
            "hash": c.hash,
            "publicKey": c.public_key,
            "signature": c.signature,
            "signedAt": c.signed_at.to_rfc3339(),
        })
    });
    let mut response = Json(json!({
        "count": head.count,
        "hash": head.hash,
        "head": format!("{}:{}", head.count, head.hash),
        "checkpoint": checkpoint,
    }))
    .into_response();
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    Ok(response)
}

/// The registry's public audit key.
pub async fn key(State(state): State<AppState>) -> Result<Response, ApiError> {
    let key = state
        .registry
        .settings()
        .audit_key
        .as_ref()
        .ok_or_else(|| Error::not_found("audit key", "this deployment signs no checkpoints"))?;
    Ok(Json(json!({
        "algorithm": "Ed25519",
        "publicKey": key.public_hex(),
        "signs": "concord-audit-checkpoint:v1:{position}:{hash}",
    }))
    .into_response())
}
