//! `POST /graphql` (with the caller attached to the request) and GraphiQL on `GET /graphql`.
//! Requests the GraphQL layer cannot even parse get a GraphQL-shaped error with a code.

use async_graphql::http::GraphiQLSource;
use async_graphql_axum::rejection::GraphQLRejection;
use async_graphql_axum::{GraphQLRequest, GraphQLResponse};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use serde_json::json;

use super::AppState;
use super::caller::ExtractCaller;
use super::error::{ApiError, error_body, status_of};

/// Executes a GraphQL request as the caller.
pub async fn execute(
    State(state): State<AppState>,
    caller: Result<ExtractCaller, ApiError>,
    request: Result<GraphQLRequest, GraphQLRejection>,
) -> Response {
    let caller = match caller {
        Ok(ExtractCaller(caller)) => caller,
        Err(ApiError(error)) => return graphql_error(status_of(&error), &error_body(&error)),
    };
    let request = match request {
        Ok(request) => request.into_inner(),
        Err(rejection) => return rejected(rejection),
    };
    let response: GraphQLResponse = state.schema.execute(request.data(caller)).await.into();
    response.into_response()
}

/// The body could not be read as a GraphQL request.
fn rejected(rejection: GraphQLRejection) -> Response {
    use async_graphql::ParseRequestError as E;
    let (status, code, message) = match &rejection.0 {
        E::PayloadTooLarge => (
            StatusCode::PAYLOAD_TOO_LARGE,
            "LIMIT_EXCEEDED",
            "the request body is too large".to_owned(),
        ),
        E::InvalidRequest(e) if e.to_string().contains("recursion limit") => (
            StatusCode::PAYLOAD_TOO_LARGE,
            "LIMIT_EXCEEDED",
            "the request nests JSON too deeply".to_owned(),
        ),
        other => (
            StatusCode::BAD_REQUEST,
            "BAD_USER_INPUT",
            format!("not a GraphQL request: {other}"),
        ),
    };
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

/// GraphiQL, for people exploring the API in a browser.
pub async fn graphiql() -> Html<String> {
    Html(
        GraphiQLSource::build()
            .endpoint("/graphql")
            .title("Concord")
            .finish(),
    )
}
