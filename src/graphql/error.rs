//! The one place registry errors become GraphQL errors: a message, `extensions.code`, and the
//! structured details (the field, the schema problems, the allowed transitions…). Internal errors
//! are logged with a reference and never described to the client.

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextRequest};
use async_graphql::{ErrorExtensionValues, Response, Value};
use std::sync::Arc;

use crate::registry::Error;
use crate::telemetry::incident_reference;

impl From<Error> for async_graphql::Error {
    fn from(error: Error) -> Self {
        let message = match &error {
            Error::Internal(source) => {
                let reference = incident_reference();
                tracing::error!(reference, error = %source, "internal error");
                format!("internal error (reference {reference})")
            }
            other => other.to_string(),
        };
        let mut extensions = ErrorExtensionValues::default();
        extensions.set("code", error.code());
        if let (Error::Internal(_), Some(id)) = (&error, crate::telemetry::current_request_id()) {
            extensions.set("requestId", id);
        }
        if let Some(details) = error.details()
            && let Ok(Value::Object(fields)) =
                Value::from_json(serde_json::to_value(details).unwrap_or(serde_json::Value::Null))
        {
            for (name, value) in fields {
                extensions.set(name.as_str(), value);
            }
        }
        async_graphql::Error {
            message,
            source: None,
            extensions: Some(extensions),
        }
    }
}

/// Gives every error that reached the response without a code one: these come from
/// async-graphql itself (malformed queries, unknown fields, wrong argument types, limits), never
/// from the resolvers, whose errors always carry a code.
pub struct ErrorCodes;

impl ExtensionFactory for ErrorCodes {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(ErrorCodesExtension)
    }
}

struct ErrorCodesExtension;

#[async_graphql::async_trait::async_trait]
impl Extension for ErrorCodesExtension {
    async fn request(&self, ctx: &ExtensionContext<'_>, next: NextRequest<'_>) -> Response {
        let mut response = next.run(ctx).await;
        for error in &mut response.errors {
            let has_code = error
                .extensions
                .as_ref()
                .is_some_and(|e| e.get("code").is_some());
            if !has_code {
                let code = if error.message.contains("too complex")
                    || error.message.contains("nested too deep")
                    || error.message.contains("too many")
                {
                    "LIMIT_EXCEEDED"
                } else {
                    "BAD_USER_INPUT"
                };
                error
                    .extensions
                    .get_or_insert_with(ErrorExtensionValues::default)
                    .set("code", code);
            }
        }
        response
    }
}
