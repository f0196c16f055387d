//! Canonical URIs of published versions: `{base_url}/schemas/{slug}/{version}`.

use crate::domain::{Slug, VersionNumber};

/// Builds and recognises the registry's canonical schema URIs for one deployment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Addresses {
    prefix: String,
}

impl Addresses {
    /// Addresses under `base_url` (e.g. `https://standards.london.gov.uk`); a trailing slash is
    /// ignored.
    pub fn new(base_url: &str) -> Self {
        Self {
            prefix: format!("{}/schemas/", base_url.trim_end_matches('/')),
        }
    }

    /// The canonical URI of a version.
    pub fn canonical(&self, slug: &Slug, version: &VersionNumber) -> String {
        format!("{}{slug}/{version}", self.prefix)
    }

    /// The canonical URI of a standard (without a version).
    pub fn standard(&self, slug: &Slug) -> String {
        format!("{}{slug}", self.prefix)
    }

    /// Recognises a canonical version URI (without fragment), or that of one of a version's
    /// named documents (`…/{version}/{path}`), and returns the version it names.
    /// `None` means the URI is not under this registry's `/schemas/` at all; `Some(Err)` means it
    /// is, but does not name a slug and version.
    pub fn parse(&self, uri: &str) -> Option<Result<(Slug, VersionNumber), String>> {
        let rest = uri.strip_prefix(&self.prefix)?;
        if let Some((slug, version, _)) = crate::domain::split_document_address(rest) {
            return Some(Ok((slug, version)));
        }
        let Some((slug, version)) = rest.rsplit_once('/') else {
            return Some(Err(format!(
                "`{uri}` names a standard but no version; references must name an exact \
                 published version, such as `{}common/address/1.0.0`",
                self.prefix
            )));
        };
        let parsed = Slug::parse(slug)
            .map_err(|e| e.to_string())
            .and_then(|slug| {
                VersionNumber::parse(version)
                    .map(|v| (slug, v))
                    .map_err(|e| e.to_string())
            });
        Some(parsed.map_err(|e| format!("`{uri}` is not a valid schema address: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_uris_round_trip() {
        let addresses = Addresses::new("https://reg.example/");
        let slug = Slug::parse("common/address").expect("slug");
        let version = VersionNumber::parse("1.2.0").expect("version");
        let uri = addresses.canonical(&slug, &version);
        assert_eq!(uri, "https://reg.example/schemas/common/address/1.2.0");
        assert_eq!(addresses.parse(&uri), Some(Ok((slug, version))));
    }

    #[test]
    fn a_documents_address_names_its_version() {
        let addresses = Addresses::new("https://reg.example");
        let version = VersionNumber::parse("1.0.0").expect("version");
        assert_eq!(
            addresses.parse("https://reg.example/schemas/common/address/1.0.0/defs/postcode.json"),
            Some(Ok((
                Slug::parse("common/address").expect("slug"),
                version.clone()
            )))
        );
        assert_eq!(
            addresses.parse("https://reg.example/schemas/address/1.0.0/defs.json"),
            Some(Ok((Slug::parse("address").expect("slug"), version)))
        );
        assert!(matches!(
            addresses.parse("https://reg.example/schemas/common/address/1.0.0/../x.json"),
            Some(Err(_))
        ));
    }

    #[test]
    fn foreign_and_malformed_uris_are_told_apart() {
        let addresses = Addresses::new("https://reg.example");
        assert_eq!(
            addresses.parse("https://elsewhere.example/schemas/a/1.0.0"),
            None
        );
        assert!(matches!(
            addresses.parse("https://reg.example/schemas/common"),
            Some(Err(_))
        ));
        assert!(matches!(
            addresses.parse("https://reg.example/schemas/common/address/latest"),
            Some(Err(_))
        ));
    }
}
