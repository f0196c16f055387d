//! `GET /schemas/{slug}/{version}`: a published schema, byte for byte as stored, with a strong
//! ETag (its content hash) and immutable caching, since published content never changes;
//! `…/{version}/bundle`: the same with every reference inlined; `…/{version}/{path}`: one named
//! document of a version made of several files, byte for byte; `GET /schemas/{slug}/latest`,
//! `/schemas/{slug}/^1` (URL-encoded) or `/schemas/{slug}?range=^1`: a redirect to the version
//! the selector resolves to, by the same grammar as `/validate`.

use axum::extract::{Path, Query, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, ETAG, IF_NONE_MATCH, LOCATION};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::AppState;
use super::error::ApiError;
use crate::domain::{ContentHash, VersionSelector, VersionedPath, split_document_address};
use crate::registry::Error;

/// The media type of JSON Schema documents.
pub const SCHEMA_JSON: &str = "application/schema+json";

/// What `?range=` asks for.
#[derive(Debug, serde::Deserialize)]
pub struct RangeQuery {
    range: Option<String>,
}

/// Serves a published schema, its bundle, or a redirect for a range.
pub async fn schema(
    State(state): State<AppState>,
    Path(path): Path<String>,
    Query(query): Query<RangeQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let path = path.trim_end_matches('/');
    if let Some((slug, number, document)) = split_document_address(path) {
        let (_, version) = state.registry.version(&slug, &number).await?;
        let Some(found) = version.documents.iter().find(|d| d.path == document) else {
            return Err(Error::not_found("document", format!("{slug} {number} {document}")).into());
        };
        let hash = ContentHash::of(found.document.value());
        return Ok(immutable(
            found.document.text().to_owned(),
            hash.hex(),
            &headers,
        ));
    }
    if let Some(versioned) = path.strip_suffix("/bundle") {
        let VersionedPath { slug, selector } =
            VersionedPath::parse(versioned).map_err(|e| Error::bad_input("path", e))?;
        let VersionSelector::Exact(number) = selector else {
            return Err(Error::bad_input(
                "version",
                "a bundle is served for an exact version, such as /schemas/common/address/1.0.0/bundle",
            )
            .into());
        };
        let (standard, version) = state.registry.version(&slug, &number).await?;
        let bundle = state.registry.bundle(&standard, &version).await?;
        let hash = ContentHash::of(&bundle);
        let text = serde_json::to_string_pretty(&bundle).map_err(Error::internal)?;
        return Ok(immutable(text, hash.hex(), &headers));
    }
    let VersionedPath { slug, selector } =
        VersionedPath::parse(path).map_err(|e| Error::bad_input("path", e))?;
    let selector = match query.range.as_deref() {
        Some(range) => VersionSelector::parse(range).map_err(|e| Error::bad_input("range", e))?,
        None => selector,
    };
    // A version in the path is the schema itself; anything else (`latest`, a range in the path,
    // `?range=` even of one exact version) is a redirect to what it means now.
    if let (VersionSelector::Exact(number), None) = (&selector, &query.range) {
        let (_, version) = state.registry.version(&slug, number).await?;
        return Ok(immutable(
            version.schema_text.to_string(),
            version.content_hash.hex(),
            &headers,
        ));
    }
    // `latest` or a range: redirect to the version it resolves to now, exactly as
    // `/validate/{slug}/{selector}` resolves it.
    let (standard, version) = state.registry.resolve_version(&slug, &selector).await?;
    let location = state
        .registry
        .addresses()
        .canonical(&standard.slug, &version.version);
    let mut response = StatusCode::FOUND.into_response();
    let headers = response.headers_mut();
    headers.insert(
        LOCATION,
        HeaderValue::from_str(&location).map_err(Error::internal)?,
    );
    // Which version a range means changes as versions are published.
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    Ok(response)
}

/// A schema response that never changes: a strong ETag, `304` when the client has it, and a
/// year of caching.
fn immutable(body: String, hash_hex: &str, headers: &HeaderMap) -> Response {
    let etag = format!("\"{hash_hex}\"");
    let matches = headers
        .get(IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',').any(|tag| {
                let tag = tag.trim();
                tag == "*" || tag.trim_start_matches("W/") == etag
            })
        });
    let mut response = if matches {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        body.into_response()
    };
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(SCHEMA_JSON));
    headers.insert(
        CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    if let Ok(value) = HeaderValue::from_str(&etag) {
        headers.insert(ETAG, value);
    }
    response
}
