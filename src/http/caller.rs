//! Resolving the request's caller from its `Authorization` header. A missing header means the
//! public; a malformed, unknown or revoked token is refused outright rather than silently
//! downgraded to public, so a CI job with a broken token fails loudly — on every surface:
//! GraphQL resolves the caller with `ExtractCaller`, and `refuse_bad_tokens` guards the rest.

use axum::extract::{FromRequestParts, Request, State};
use axum::http::HeaderMap;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::AppState;
use super::error::ApiError;
use crate::auth::{Caller, bearer_token};
use crate::registry::Error;

/// The caller, as an extractor.
pub struct ExtractCaller(pub Caller);

impl FromRequestParts<AppState> for ExtractCaller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        // Behind `refuse_bad_tokens` the token was looked up once already.
        if let Some(caller) = parts.extensions.get::<Caller>() {
            return Ok(Self(caller.clone()));
        }
        Ok(Self(caller_of(&parts.headers, state).await?))
    }
}

/// The caller the headers name: the public without `Authorization`, else the token's account.
async fn caller_of(headers: &HeaderMap, state: &AppState) -> Result<Caller, Error> {
    let Some(header) = headers.get(AUTHORIZATION) else {
        return Ok(Caller::Public);
    };
    let header = header
        .to_str()
        .map_err(|_| Error::Unauthenticated("the Authorization header is not text".to_owned()))?;
    let token = bearer_token(header).map_err(|e| Error::Unauthenticated(e.to_string()))?;
    let principal = state.registry.authenticate(token).await?;
    Ok(Caller::Account(principal))
}

/// Middleware for the plain HTTP routes: a request that sends a token the registry refuses is
/// answered `401` (with `WWW-Authenticate: Bearer`), as `/graphql` answers it, instead of being
/// served as the public.
pub async fn refuse_bad_tokens(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    match caller_of(request.headers(), &state).await {
        Ok(caller) => {
            request.extensions_mut().insert(caller);
            next.run(request).await
        }
        Err(error) => ApiError(error).into_response(),
    }
}
