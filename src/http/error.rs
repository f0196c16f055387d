//! The one place registry errors become HTTP responses: a status from the code, and a JSON body
//! `{"error": {"code", "message", …details}}`. Internal errors are logged, never described.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::registry::Error;

/// A registry error on its way out over plain HTTP.
#[derive(Debug)]
pub struct ApiError(pub Error);

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        Self(e)
    }
}

/// The HTTP status for each error code.
pub fn status_of(error: &Error) -> StatusCode {
    match error {
        Error::Unauthenticated(_) => StatusCode::UNAUTHORIZED,
        Error::Forbidden(_) => StatusCode::FORBIDDEN,
        Error::NotFound { .. } => StatusCode::NOT_FOUND,
        Error::BadInput { .. } | Error::InvalidSchema(_) | Error::InvalidDocument { .. } => {
            StatusCode::UNPROCESSABLE_ENTITY
        }
        Error::VersionBumpTooSmall(_)
        | Error::Conflict(_)
        | Error::InvalidTransition { .. }
        | Error::QuorumNotMet { .. }
        | Error::ConsultationOpen { .. } => StatusCode::CONFLICT,
        Error::LimitExceeded { .. } => StatusCode::PAYLOAD_TOO_LARGE,
        Error::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
        Error::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// The JSON body describing an error.
pub fn error_body(error: &Error) -> Value {
    let message = match error {
        Error::Internal(source) => {
            let reference = crate::telemetry::incident_reference();
            tracing::error!(reference, error = %source, "internal error");
            format!("internal error (reference {reference})")
        }
        other => other.to_string(),
    };
    let mut body = json!({ "code": error.code(), "message": message });
    if let (Error::Internal(_), Some(id)) = (error, crate::telemetry::current_request_id()) {
        body["requestId"] = json!(id);
    }
    if let Some(Value::Object(extra)) = error.details().and_then(|d| serde_json::to_value(d).ok())
        && let Some(fields) = body.as_object_mut()
    {
        fields.extend(extra);
    }
    json!({ "error": body })
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (status_of(&self.0), Json(error_body(&self.0))).into_response()
    }
}
