//! Assembling the application: database, registry, GraphQL schema and router, and serving it
//! until a shutdown signal.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use sea_orm::DatabaseConnection;
use tokio::net::TcpListener;

use crate::clock::Clock;
use crate::graphql;
use crate::http::{self, AppState};
use crate::registry::{Registry, Settings};

/// The parts of a running Concord.
#[derive(Clone)]
pub struct App {
    /// The use cases.
    pub registry: Registry,
    /// The HTTP router.
    pub router: Router,
    /// What connections are allowed.
    connections: http::serve::ConnectionLimits,
}

impl App {
    /// Builds the application over a connected, migrated database, with the default request
    /// timeout.
    pub fn new(
        db: DatabaseConnection,
        clock: Arc<dyn Clock>,
        settings: Settings,
        max_body_bytes: usize,
    ) -> Self {
        Self::with_timeout(
            db,
            clock,
            settings,
            max_body_bytes,
            http::DEFAULT_REQUEST_TIMEOUT,
        )
    }

    /// As [`App::new`], answering a request that takes longer than `request_timeout` with a
    /// `503` (and stopping its work).
    pub fn with_timeout(
        db: DatabaseConnection,
        clock: Arc<dyn Clock>,
        settings: Settings,
        max_body_bytes: usize,
        request_timeout: Duration,
    ) -> Self {
        let limits = http::HttpLimits {
            request_timeout,
            ..http::HttpLimits::default()
        };
        Self::with_limits(db, clock, settings, max_body_bytes, limits)
    }

    /// As [`App::new`], with these HTTP limits.
    pub fn with_limits(
        db: DatabaseConnection,
        clock: Arc<dyn Clock>,
        settings: Settings,
        max_body_bytes: usize,
        limits: http::HttpLimits,
    ) -> Self {
        let oidc = settings.oidc.clone().and_then(|config| {
            crate::auth::oidc::Oidc::new(config)
                .map_err(
                    |error| tracing::error!(%error, "signing in with the identity provider is off"),
                )
                .ok()
                .map(Arc::new)
        });
        let registry = Registry::new(db, clock, settings);
        registry.listen_for_commits();
        registry.flush_usage_periodically();
        let schema = graphql::schema(registry.clone());
        let router = http::router(AppState {
            metrics: Arc::new(http::Metrics::new(registry.clone())),
            registry: registry.clone(),
            schema,
            max_body_bytes,
            request_timeout: limits.request_timeout,
            oidc,
            rate_limits: Arc::new(http::rate::RateLimits::new(
                limits.anonymous_rate,
                limits.token_rate,
            )),
            min_body_rate: limits.min_body_rate,
            subscribers: Arc::new(http::subscriptions::Subscribers::new(limits.subscriptions)),
        });
        Self {
            registry,
            router,
            connections: limits.connections,
        }
    }

    /// Serves requests on `listener` until `shutdown` completes, then finishes the requests in
    /// flight.
    pub async fn serve(
        self,
        listener: TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        self.serve_with_grace(listener, shutdown, DEFAULT_SHUTDOWN_GRACE)
            .await
    }

    /// As [`App::serve`], but once `shutdown` completes the requests in flight get at most
    /// `grace` to finish; then the server stops regardless (a slow client cannot hold a
    /// deployment open).
    pub async fn serve_with_grace(
        self,
        listener: TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
        grace: Duration,
    ) -> std::io::Result<()> {
        let served =
            http::serve::serve(listener, self.router, self.connections, shutdown, grace).await;
        if let Err(error) = self.registry.flush_usage().await {
            tracing::warn!(%error, "usage counts not written at shutdown were lost");
        }
        served
    }
}

/// How long requests in flight may take to finish after a shutdown signal, by default.
pub const DEFAULT_SHUTDOWN_GRACE: Duration = Duration::from_secs(20);

/// Completes on SIGINT (Ctrl-C) or SIGTERM.
pub async fn shutdown_signal() {
    let interrupt = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
