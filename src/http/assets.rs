//! Concord's own static files and the third-party ones vendored from npm (`assets/vendor/`,
//! listed with versions, licences and checksums in its `MANIFEST.json`), embedded in the binary
//! at build time: the pages and GraphiQL load nothing from anywhere else.

use axum::extract::Path;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};

macro_rules! assets {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!("../../assets/", $path)) as &[u8])),*]
    };
}

/// Every file served under `/assets/`, by its path there.
const ASSETS: &[(&str, &[u8])] = assets![
    "concord.css",
    "concord.js",
    "graphiql.js",
    "vendor/MANIFEST.json",
    "vendor/README.md",
    "vendor/govuk-frontend/govuk-frontend.min.css",
    "vendor/govuk-frontend/govuk-frontend.min.js",
    "vendor/govuk-frontend/LICENSE",
    "vendor/graphiql/graphiql.min.css",
    "vendor/graphiql/graphiql.min.js",
    "vendor/graphiql/LICENSE",
    "vendor/react/react.production.min.js",
    "vendor/react/LICENSE",
    "vendor/react-dom/react-dom.production.min.js",
    "vendor/react-dom/LICENSE",
];

/// GraphiQL's page: a shell whose scripts are all served from `/assets/`.
const GRAPHIQL: &str = include_str!("../../assets/graphiql.html");

fn content_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, ext)| ext) {
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("md") => "text/markdown; charset=utf-8",
        _ => "text/plain; charset=utf-8",
    }
}

/// `GET /assets/{*path}`.
pub async fn asset(Path(path): Path<String>) -> Response {
    match ASSETS.iter().find(|(name, _)| *name == path) {
        Some((name, bytes)) => {
            let mut response = (*bytes).into_response();
            let headers = response.headers_mut();
            headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type(name)));
            headers.insert(
                CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=3600"),
            );
            response
        }
        None => (StatusCode::NOT_FOUND, "no such file").into_response(),
    }
}

/// `GET /graphql`: GraphiQL, entirely from Concord's own files.
pub async fn graphiql() -> Html<&'static str> {
    Html(GRAPHIQL)
}
