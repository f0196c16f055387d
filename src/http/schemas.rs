//! `GET /schemas/{slug}/{version}`: a published schema, byte for byte as stored, with a strong
//! ETag (its content hash) and immutable caching, since published content never changes.

use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, ETAG, IF_NONE_MATCH};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::AppState;
use super::error::ApiError;
use crate::domain::{Slug, VersionNumber};
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

/// Serves a published schema.
pub async fn schema(
    State(state): State<AppState>,
    Path(path): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let (slug, number) = slug_and_version(&path)?;
    let (_, version) = state.registry.version(&slug, &number).await?;
    let etag = format!("\"{}\"", version.content_hash.hex());
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
        version.schema_text.to_string().into_response()
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
    Ok(response)
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
