//! Validating payloads against a published version: resolving which version is meant, compiling
//! it once (with every document it references) and keeping it in the bounded cache.

use std::sync::Arc;

use serde_json::Value;

use super::{Error, Registry, Result, Standard, Version};
use crate::domain::{Slug, VersionSelector, VersionStatus, json_depth};
use crate::validate::{self, Compiled, Outcome};

/// Batches at least this large are validated on the blocking pool, so a big request cannot hold
/// up the async workers that serve everyone else.
const BLOCKING_BATCH: usize = 16;

/// The result of validating documents against one resolved version.
#[derive(Debug, Clone)]
pub struct Validated {
    /// The standard.
    pub standard: Standard,
    /// The version the request resolved to.
    pub version: Version,
    /// One outcome per document, in order.
    pub outcomes: Vec<Outcome>,
    /// Warnings about the version itself (deprecated, retired).
    pub warnings: Vec<String>,
}

impl Registry {
    /// Validates `documents` against the version of `slug` that `selector` resolves to.
    pub async fn validate(
        &self,
        slug: &Slug,
        selector: &VersionSelector,
        documents: Vec<Value>,
    ) -> Result<Validated> {
        let max_depth = self.settings().limits.max_depth;
        for (i, document) in documents.iter().enumerate() {
            let depth = json_depth(document);
            if depth > max_depth {
                return Err(Error::LimitExceeded {
                    limit: "depth",
                    message: format!(
                        "document {i} nests {depth} levels deep; the limit is {max_depth}"
                    ),
                });
            }
        }
        let (standard, version) = self.resolve_version(slug, selector).await?;
        let compiled = self.compiled(&standard, &version).await?;
        let max = self.settings().limits.max_violations;
        let outcomes = if documents.len() >= BLOCKING_BATCH {
            let compiled = compiled.clone();
            tokio::task::spawn_blocking(move || {
                documents
                    .iter()
                    .map(|d| validate::validate(&compiled, d, max))
                    .collect()
            })
            .await
            .map_err(Error::internal)?
        } else {
            documents
                .iter()
                .map(|d| validate::validate(&compiled, d, max))
                .collect()
        };
        let warnings = version_warnings(&standard, &version);
        Ok(Validated {
            standard,
            version,
            outcomes,
            warnings,
        })
    }

    /// The compiled validator of a published version, from the cache or compiled now.
    pub(crate) async fn compiled(
        &self,
        standard: &Standard,
        version: &Version,
    ) -> Result<Arc<Compiled>> {
        if let Some(hit) = self.inner.validators.get(version.id) {
            return Ok(hit);
        }
        let own_uri = self.addresses().canonical(&standard.slug, &version.version);
        let referenced: Vec<Version> = {
            let mut targets = Vec::new();
            for r in validate::registry_references(&version.schema, &own_uri, self.addresses()) {
                if let Some(v) = self.find_version(&r.slug, &r.version).await? {
                    targets.push(v);
                }
            }
            targets
        };
        let documents = self.reference_documents(referenced.iter()).await?;
        let schema = version.schema.clone();
        let compiled =
            tokio::task::spawn_blocking(move || validate::compile(&schema, &own_uri, &documents))
                .await
                .map_err(Error::internal)?
                .map_err(|problems| Error::internal(StoredSchemaError(problems.len())))?;
        let compiled = Arc::new(compiled);
        self.inner.validators.insert(version.id, compiled.clone());
        Ok(compiled)
    }
}

#[derive(Debug, thiserror::Error)]
#[error("a published schema no longer compiles ({0} problems)")]
struct StoredSchemaError(usize);

fn version_warnings(standard: &Standard, version: &Version) -> Vec<String> {
    let mut warnings = Vec::new();
    match version.status {
        VersionStatus::Active => {}
        VersionStatus::Deprecated => {
            let mut w = format!("{} {} is deprecated", standard.slug, version.version);
            if let Some(successor) = &version.successor {
                w.push_str(&format!("; move to {successor}"));
            }
            if let Some(sunset) = version.sunset_at {
                w.push_str(&format!(" before {}", sunset.format("%Y-%m-%d")));
            }
            if let Some(note) = &version.status_note {
                w.push_str(&format!(" ({note})"));
            }
            warnings.push(w);
        }
        VersionStatus::Retired => warnings.push(format!(
            "{} {} is retired and no longer supported",
            standard.slug, version.version
        )),
    }
    warnings
}
