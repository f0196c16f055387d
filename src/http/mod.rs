//! The plain HTTP surface: the router with GraphQL, published schemas, validation, web pages,
//! health, readiness and metrics.
//! Handlers are thin: they parse the path, call the registry, and map errors in `error`.

mod assets;
mod audit;
mod caller;
mod error;
mod graphql;
mod health;
mod metrics;
mod pages;
pub mod rate;
mod schemas;
pub mod serve;
pub mod slow;
pub mod subscriptions;
mod timeout;
mod validate;
pub mod web;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use tower_http::trace::TraceLayer;

pub use error::{ApiError, error_body, status_of};
pub use metrics::Metrics;

use crate::graphql::ConcordSchema;
use crate::registry::Registry;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// The use cases.
    pub registry: Registry,
    /// The GraphQL schema.
    pub schema: ConcordSchema,
    /// Request and validation metrics.
    pub metrics: Arc<Metrics>,
    /// Largest request body, in bytes (streamed bodies are counted as they arrive).
    pub max_body_bytes: usize,
    /// Longest a request may take to be answered (a streamed answer's body goes on after).
    pub request_timeout: std::time::Duration,
    /// The identity provider people sign in with, when one is configured.
    pub oidc: Option<Arc<crate::auth::oidc::Oidc>>,
    /// Requests per token and per client address.
    pub rate_limits: Arc<rate::RateLimits>,
    /// The slowest a request body may arrive.
    pub min_body_rate: slow::MinBodyRate,
    /// The open subscription connections, and their caps.
    pub subscribers: Arc<subscriptions::Subscribers>,
}

/// What the HTTP surface allows one request, one client and one connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HttpLimits {
    /// Longest a request may take to be answered.
    pub request_timeout: std::time::Duration,
    /// The slowest a request body may arrive.
    pub min_body_rate: slow::MinBodyRate,
    /// Requests from one address without a token.
    pub anonymous_rate: rate::Rate,
    /// Requests with one token.
    pub token_rate: rate::Rate,
    /// Live subscriptions.
    pub subscriptions: subscriptions::SubscriptionCaps,
    /// Header read timeout and the connection cap.
    pub connections: serve::ConnectionLimits,
}

impl Default for HttpLimits {
    fn default() -> Self {
        Self {
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
            min_body_rate: slow::MinBodyRate::default(),
            anonymous_rate: rate::Rate {
                per_second: 100,
                burst: 500,
            },
            token_rate: rate::Rate {
                per_second: 100,
                burst: 500,
            },
            subscriptions: subscriptions::SubscriptionCaps::default(),
            connections: serve::ConnectionLimits::default(),
        }
    }
}

/// The request timeout when none is configured.
pub const DEFAULT_REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// Builds the router.
pub fn router(state: AppState) -> Router {
    let max_body_bytes = state.max_body_bytes;
    Router::new()
        .route("/schemas/{*path}", get(schemas::schema))
        .route(
            "/validate/{*path}",
            post(validate::validate).get(validate::usage),
        )
        .route("/", get(pages::catalogue))
        .route(
            "/standards/{*slug}",
            get(pages::standard).post(pages::standard_act),
        )
        .route("/adoption", get(pages::adoption))
        .route("/adoption.csv", get(pages::adoption_csv))
        .route("/adoption.json", get(pages::adoption_json))
        .route("/organisations/{slug}", get(pages::organisation))
        .route("/diff/{*slug}", get(pages::diff))
        .route("/proposals", get(pages::proposals))
        .route("/proposals/{id}", get(pages::proposal))
        .route("/proposals/{id}/submit", post(pages::submit))
        .route("/proposals/{id}/withdraw", post(pages::withdraw))
        .route("/proposals/{id}/comments", post(pages::comment))
        .route("/proposals/{id}/review", post(pages::review))
        .route("/proposals/{id}/convene", post(pages::convene))
        .route("/proposals/{id}/decision", post(pages::decide))
        .route(
            "/proposals/{id}/revise",
            get(pages::revise_form).post(pages::revise),
        )
        .route(
            "/propose/standard",
            get(pages::standard_form_page).post(pages::propose_standard),
        )
        .route(
            "/propose/version",
            get(pages::version_form_page).post(pages::propose_version),
        )
        .route("/your-work", get(pages::your_work))
        .route("/sign-in", get(pages::sign_in))
        .route(
            "/sign-in/link/{secret}",
            get(pages::link).post(pages::redeem),
        )
        .route("/sign-in/oidc", get(pages::oidc_start))
        .route("/sign-in/oidc/callback", get(pages::oidc_callback))
        .route("/sign-out", post(pages::sign_out))
        .route("/accounts", get(pages::accounts).post(pages::invite))
        .route("/accounts/{id}", get(pages::account))
        .route("/accounts/{id}/{action}", post(pages::account_act))
        .route("/assets/{*path}", get(assets::asset))
        .route("/audit/head", get(audit::head))
        .route("/.well-known/concord-audit-key", get(audit::key))
        .route("/metrics", get(metrics::metrics))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        // Every route above refuses a bad token; GraphQL (below) resolves its caller itself.
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            caller::refuse_bad_tokens,
        ))
        .route("/graphql", get(assets::graphiql).post(graphql::execute))
        .route("/graphql/ws", get(subscriptions::websocket))
        .layer(DefaultBodyLimit::max(max_body_bytes))
        .layer(axum::middleware::from_fn_with_state(
            state.min_body_rate,
            slow::min_body_rate,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            web::same_origin_forms,
        ))
        .layer(axum::middleware::from_fn(web::security_headers))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            timeout::within_timeout,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::track,
        ))
        .layer(TraceLayer::new_for_http().make_span_with(
            |request: &axum::http::Request<axum::body::Body>| {
                // `trace_request` (outside this layer) has put the id on the request.
                let id = request
                    .headers()
                    .get(&crate::telemetry::REQUEST_ID)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default();
                tracing::debug_span!("http", request_id = %id)
            },
        ))
        // Past a caller's rate nothing else runs, not even the metrics.
        .layer(axum::middleware::from_fn_with_state(
            state.rate_limits.clone(),
            rate::limit,
        ))
        .layer(axum::middleware::from_fn(crate::telemetry::trace_request))
        .with_state(state)
}
