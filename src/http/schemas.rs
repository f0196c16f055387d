//! `GET /schemas/{slug}/{version}`: a published schema, byte for byte as stored, with a strong
//! ETag (its content hash) and immutable caching, since published content never changes;
//! `…/{version}/bundle`: the same with every reference inlined; `GET /schemas/{slug}?range=^1`:
//! a redirect to the version the range resolves to (the latest without a range).

use axum::extract::{Path, Query, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, ETAG, IF_NONE_MATCH, LOCATION};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::AppState;
use super::error::ApiError;
use crate::domain::{ContentHash, Slug, VersionNumber, VersionSelector};
use crate::registry::Error;

/// The media type of JSON Schema documents.
pub const SCHEMA_JSON: &str = "application/schema+json";

/// Splits `common/address/1.0.0` into the slug and the version.
fn slug_and_version(path: &str) -> Result<(Slug, VersionNumber), Error> {
    let (slug, version) = path.trim_end_matches('/').rsplit_once('/').ok_or_else(|| {
        Error::bad_input(
            "path",
            "expected /schemas/{slug}/{version}, such as /schemas/common/address/1.0.0",
        )
    })?;
    let slug = Slug::parse(slug).map_err(|e| Error::bad_input("slug", e))?;
    let version = VersionNumber::parse(version).map_err(|e| Error::bad_input("version", e))?;
    Ok((slug, version))
}

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
    if let Some(versioned) = path.strip_suffix("/bundle") {
        let (slug, number) = slug_and_version(versioned)?;
        let (standard, version) = state.registry.version(&slug, &number).await?;
        let bundle = state.registry.bundle(&standard, &version).await?;
        let hash = ContentHash::of(&bundle);
        let text = serde_json::to_string_pretty(&bundle).map_err(Error::internal)?;
        return Ok(immutable(text, hash.hex(), &headers));
    }
    let last_is_version = path
        .rsplit_once('/')
        .is_some_and(|(_, last)| last.starts_with(|c: char| c.is_ascii_digit()));
    if query.range.is_some() || !last_is_version {
        let slug = Slug::parse(path).map_err(|e| Error::bad_input("slug", e))?;
        let selector = VersionSelector::parse(query.range.as_deref().unwrap_or(""))
            .map_err(|e| Error::bad_input("range", e))?;
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
        return Ok(response);
    }
    let (slug, number) = slug_and_version(path)?;
    let (_, version) = state.registry.version(&slug, &number).await?;
    Ok(immutable(
        version.schema_text.to_string(),
        version.content_hash.hex(),
        &headers,
    ))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_split_into_slug_and_version() {
        let (slug, version) = slug_and_version("common/address/1.0.0").expect("ok");
        assert_eq!(
            (slug.as_str(), version.to_string().as_str()),
            ("common/address", "1.0.0")
        );
        let (slug, _) = slug_and_version("address/2.1.0").expect("ok");
        assert_eq!(slug.as_str(), "address");
        assert!(slug_and_version("address").is_err());
        assert!(slug_and_version("common/address/latest").is_err());
    }
}
