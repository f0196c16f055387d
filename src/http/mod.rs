//! The plain HTTP surface: the router with GraphQL, published schemas, health and readiness.
//! Handlers are thin: they parse the path, call the registry, and map errors in `error`.

mod caller;
mod error;
mod graphql;
mod health;
mod schemas;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use tower_http::trace::TraceLayer;

pub use error::{ApiError, error_body, status_of};

use crate::graphql::ConcordSchema;
use crate::registry::Registry;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// The use cases.
    pub registry: Registry,
    /// The GraphQL schema.
    pub schema: ConcordSchema,
}

/// Builds the router. `max_body_bytes` bounds every request body.
pub fn router(state: AppState, max_body_bytes: usize) -> Router {
    Router::new()
        .route("/graphql", get(graphql::graphiql).post(graphql::execute))
        .route_service(
            "/graphql/ws",
            async_graphql_axum::GraphQLSubscription::new(state.schema.clone()),
        )
        .route("/schemas/{*path}", get(schemas::schema))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .layer(DefaultBodyLimit::max(max_body_bytes))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
