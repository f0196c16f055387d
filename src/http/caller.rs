//! Resolving the request's caller from its `Authorization` header. A missing header means the
//! public; a malformed, unknown or revoked token is refused outright rather than silently
//! downgraded to public, so a CI job with a broken token fails loudly.

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;

use super::AppState;
use super::error::ApiError;
use crate::auth::{Caller, bearer_token};
use crate::registry::Error;

/// The caller, as an extractor.
pub struct ExtractCaller(pub Caller);

impl FromRequestParts<AppState> for ExtractCaller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let Some(header) = parts.headers.get(AUTHORIZATION) else {
            return Ok(Self(Caller::Public));
        };
        let header = header.to_str().map_err(|_| {
            Error::Unauthenticated("the Authorization header is not text".to_owned())
        })?;
        let token = bearer_token(header).map_err(|e| Error::Unauthenticated(e.to_string()))?;
        let principal = state.registry.authenticate(token).await?;
        Ok(Self(Caller::Account(principal)))
    }
}
