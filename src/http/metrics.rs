//! `GET /metrics` in the Prometheus (OpenMetrics) text format: requests and their latency by
//! route, documents validated, and the validator cache's hits, misses and size.

use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::header::CONTENT_TYPE;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus_client::collector::Collector;
use prometheus_client::encoding::{DescriptorEncoder, EncodeLabelSet, EncodeMetric};
use prometheus_client::metrics::counter::{ConstCounter, Counter};
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::ConstGauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};

use super::AppState;
use crate::registry::Registry;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: String,
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

/// The service's metrics.
#[derive(Debug)]
pub struct Metrics {
    registry: prometheus_client::registry::Registry,
    requests: Family<RequestLabels, Counter>,
    durations: Family<RouteLabels, Histogram>,
}

impl Metrics {
    /// Metrics for a service over `registry`.
    pub fn new(registry: Registry) -> Self {
        let requests = Family::<RequestLabels, Counter>::default();
        let durations = Family::<RouteLabels, Histogram>::new_with_constructor(|| {
            // 0.1 ms to about 3 s.
            Histogram::new(exponential_buckets(0.0001, 2.0, 16))
        });
        let mut metrics = prometheus_client::registry::Registry::default();
        metrics.register(
            "concord_http_requests",
            "HTTP requests answered",
            requests.clone(),
        );
        metrics.register(
            "concord_http_request_duration_seconds",
            "Time to answer an HTTP request",
            durations.clone(),
        );
        metrics.register_collector(Box::new(RegistryCollector(registry)));
        Self {
            registry: metrics,
            requests,
            durations,
        }
    }

    fn encode(&self) -> String {
        let mut text = String::new();
        if prometheus_client::encoding::text::encode(&mut text, &self.registry).is_err() {
            text.clear();
        }
        text
    }
}

/// Reads the registry's own counts at scrape time.
#[derive(Debug)]
struct RegistryCollector(Registry);

impl Collector for RegistryCollector {
    fn encode(&self, mut encoder: DescriptorEncoder) -> Result<(), std::fmt::Error> {
        let cache = self.0.cache_stats();
        let (valid, invalid) = self.0.validation_counts().get();
        let counters = [
            (
                "concord_validator_cache_hits",
                "Validations answered by a cached validator",
                cache.hits,
            ),
            (
                "concord_validator_cache_misses",
                "Validations that had to compile a validator",
                cache.misses,
            ),
            ("concord_documents_valid", "Documents found valid", valid),
            (
                "concord_documents_invalid",
                "Documents found invalid",
                invalid,
            ),
            (
                "concord_comparisons_abandoned",
                "Schema comparisons stopped because their request was dropped",
                self.0.comparisons_abandoned(),
            ),
            (
                "concord_db_statements",
                "SQL statements executed",
                self.0.statements_executed(),
            ),
        ];
        for (name, help, value) in counters {
            let counter = ConstCounter::new(value);
            counter.encode(encoder.encode_descriptor(
                name,
                help,
                None,
                counter.metric_type(),
            )?)?;
        }
        let gauges = [
            (
                "concord_validator_cache_entries",
                "Compiled validators held",
                cache.entries,
            ),
            (
                "concord_validator_cache_capacity",
                "Most compiled validators held",
                cache.capacity,
            ),
        ];
        for (name, help, value) in gauges {
            let gauge = ConstGauge::new(i64::try_from(value).unwrap_or(i64::MAX));
            gauge.encode(encoder.encode_descriptor(name, help, None, gauge.metric_type())?)?;
        }
        Ok(())
    }
}

/// Counts and times every request by its route template (never the raw path, so label values
/// stay few).
pub async fn track(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let method = request.method().to_string();
    let started = Instant::now();
    let response = next.run(request).await;
    state
        .metrics
        .durations
        .get_or_create(&RouteLabels {
            route: route.clone(),
        })
        .observe(started.elapsed().as_secs_f64());
    state
        .metrics
        .requests
        .get_or_create(&RequestLabels {
            method,
            route,
            status: response.status().as_u16(),
        })
        .inc();
    response
}

/// `GET /metrics`.
pub async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(
            CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        state.metrics.encode(),
    )
}
