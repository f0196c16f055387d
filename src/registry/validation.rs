//! Validating payloads against a published version: resolving which version is meant, compiling
//! it once (with every document it references) and keeping it in the bounded cache, then
//! validating documents and warning about deprecated versions and properties.

use std::sync::Arc;

use serde::Serialize;
use serde_json::Value;

use super::{Error, Registry, Result, Standard, Version};
use crate::domain::{Slug, VersionSelector, VersionStatus, json_depth};
use crate::validate::{self, Compiled, Outcome};

/// Batches at least this large are validated on the blocking pool, so a big request cannot hold
/// up the async workers that serve everyone else.
const BLOCKING_BATCH: usize = 16;

/// Something worth knowing about a valid or invalid payload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Warning {
    /// `DEPRECATED_VERSION`, `RETIRED_VERSION` or `DEPRECATED_PROPERTY`.
    pub code: &'static str,
    /// What, in a sentence.
    pub message: String,
    /// Where in the payload, for a deprecated property.
    pub instance_path: Option<String>,
}

/// How many documents have been validated since start-up, for metrics.
#[derive(Debug, Default)]
pub struct ValidationCounts {
    valid: std::sync::atomic::AtomicU64,
    invalid: std::sync::atomic::AtomicU64,
}

impl ValidationCounts {
    /// (valid, invalid) documents so far.
    pub fn get(&self) -> (u64, u64) {
        use std::sync::atomic::Ordering::Relaxed;
        (self.valid.load(Relaxed), self.invalid.load(Relaxed))
    }

    fn count(&self, valid: bool) {
        let counter = if valid { &self.valid } else { &self.invalid };
        counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }
}

/// A version resolved and compiled, ready to validate any number of documents.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The standard.
    pub standard: Standard,
    /// The version the request resolved to.
    pub version: Version,
    /// Its compiled validator.
    pub compiled: Arc<Compiled>,
    /// Warnings about the version itself.
    pub version_warnings: Vec<Warning>,
    /// Most violations reported per document.
    pub max_violations: usize,
    /// Deepest nesting accepted in a document.
    pub max_depth: usize,
    counts: Arc<ValidationCounts>,
}

/// One document's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    /// The outcome.
    pub outcome: Outcome,
    /// The version's warnings and this document's own.
    pub warnings: Vec<Warning>,
}

impl Prepared {
    /// Validates one parsed document (pure and synchronous: safe on any thread).
    pub fn check(&self, document: &Value) -> Result<Checked> {
        let depth = json_depth(document);
        if depth > self.max_depth {
            return Err(Error::LimitExceeded {
                limit: "depth",
                message: format!(
                    "the document nests {depth} levels deep; the limit is {}",
                    self.max_depth
                ),
            });
        }
        let outcome = validate::validate(&self.compiled, document, self.max_violations);
        self.counts.count(outcome.valid);
        let mut warnings = self.version_warnings.clone();
        warnings.extend(outcome.deprecated_uses.iter().map(|path| Warning {
            code: "DEPRECATED_PROPERTY",
            message: format!(
                "`{}` uses something the schema marks deprecated",
                if path.is_empty() {
                    "the document"
                } else {
                    path
                }
            ),
            instance_path: Some(path.clone()),
        }));
        Ok(Checked { outcome, warnings })
    }
}

/// The result of validating documents against one resolved version.
#[derive(Debug)]
pub struct Validated {
    /// The standard.
    pub standard: Standard,
    /// The version the request resolved to.
    pub version: Version,
    /// One result per document, in order; a document over the depth limit gets an error.
    pub results: Vec<Result<Checked>>,
}

impl Registry {
    /// Resolves and compiles the version of `slug` that `selector` means (remembered briefly:
    /// see [`resolution`](super::resolution)).
    #[tracing::instrument(level = "debug", skip_all, fields(standard = %slug, selector = %selector))]
    pub async fn prepare_validation(
        &self,
        slug: &Slug,
        selector: &VersionSelector,
    ) -> Result<Arc<Prepared>> {
        let key = (slug.to_string(), selector.to_string());
        let generation = *self.inner.changes.borrow();
        if let Some(prepared) = self.inner.resolutions.get(&key, generation) {
            return Ok(prepared);
        }
        let (standard, version) = self.resolve_version(slug, selector).await?;
        let compiled = self.compiled(&standard, &version).await?;
        let version_warnings = version_warnings(&standard, &version);
        let limits = self.settings().limits;
        let prepared = Arc::new(Prepared {
            standard,
            version,
            compiled,
            version_warnings,
            max_violations: limits.max_violations,
            max_depth: limits.max_depth,
            counts: self.inner.validation_counts.clone(),
        });
        self.inner
            .resolutions
            .insert(key, generation, prepared.clone());
        Ok(prepared)
    }

    /// Documents validated since start-up, for metrics.
    pub fn validation_counts(&self) -> &ValidationCounts {
        &self.inner.validation_counts
    }

    /// Validates `documents` against the version of `slug` that `selector` resolves to, counting
    /// them as the caller's organisation's usage.
    #[tracing::instrument(level = "debug", skip_all, fields(standard = %slug, selector = %selector))]
    pub async fn validate(
        &self,
        caller: &crate::auth::Caller,
        slug: &Slug,
        selector: &VersionSelector,
        documents: Vec<Value>,
    ) -> Result<Validated> {
        let max = self.settings().limits.max_documents;
        if documents.len() > max {
            return Err(Error::LimitExceeded {
                limit: "documents",
                message: format!(
                    "{} documents in one request; the limit is {max}",
                    documents.len()
                ),
            });
        }
        let prepared = self.prepare_validation(slug, selector).await?;
        self.count_usage(caller, &prepared, documents.len());
        let results = if documents.len() >= BLOCKING_BATCH {
            // On the heavy lanes, a few batches at a time: forty aliases of a big batch must not
            // take every core from the request workers.
            let prepared = prepared.clone();
            let guard = super::heavy::CancelOnDrop::default();
            self.inner
                .heavy
                .run(&guard, move || {
                    documents.iter().map(|d| prepared.check(d)).collect()
                })
                .await?
        } else {
            documents.iter().map(|d| prepared.check(d)).collect()
        };
        Ok(Validated {
            standard: prepared.standard.clone(),
            version: prepared.version.clone(),
            results,
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
        let own_uri = self.root_uri(standard, version);
        let documents = self.documents_of(standard, version).await?;
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

    /// Every document a published version references, directly or not, and its own named
    /// documents.
    pub(crate) async fn documents_of(
        &self,
        standard: &Standard,
        version: &Version,
    ) -> Result<Vec<(String, Value)>> {
        let targets = self.references(version).await?;
        let mut documents = self
            .reference_documents(targets.iter().map(|(_, v)| v))
            .await?;
        documents.extend(super::publish::own_files(
            &version.files(),
            &self.addresses().canonical(&standard.slug, &version.version),
        ));
        Ok(documents)
    }

    /// The base URI a published version's root is read at (`validate::root_uri`).
    pub(crate) fn root_uri(&self, standard: &Standard, version: &Version) -> String {
        validate::root_uri(
            &self.addresses().canonical(&standard.slug, &version.version),
            !version.documents.is_empty(),
        )
    }

    /// A published version as one self-contained schema, every reference inlined (its own
    /// named documents too).
    pub async fn bundle(&self, standard: &Standard, version: &Version) -> Result<Value> {
        let own_uri = self.root_uri(standard, version);
        let documents = self.documents_of(standard, version).await?;
        let schema = version.schema.clone();
        tokio::task::spawn_blocking(move || validate::bundle(&schema, &own_uri, &documents))
            .await
            .map_err(Error::internal)?
            .map_err(|problem| Error::internal(BundleError(problem.message)))
    }
}

#[derive(Debug, thiserror::Error)]
#[error("a published schema no longer compiles ({0} problems)")]
struct StoredSchemaError(usize);

#[derive(Debug, thiserror::Error)]
#[error("a published schema cannot be bundled: {0}")]
struct BundleError(String);

fn version_warnings(standard: &Standard, version: &Version) -> Vec<Warning> {
    match version.status {
        VersionStatus::Active => Vec::new(),
        VersionStatus::Deprecated => {
            let mut message = format!("{} {} is deprecated", standard.slug, version.version);
            if let Some(successor) = &version.successor {
                message.push_str(&format!("; move to {successor}"));
            }
            if let Some(sunset) = version.sunset_at {
                message.push_str(&format!(" before {}", sunset.format("%Y-%m-%d")));
            }
            if let Some(note) = &version.status_note {
                message.push_str(&format!(" ({note})"));
            }
            vec![Warning {
                code: "DEPRECATED_VERSION",
                message,
                instance_path: None,
            }]
        }
        VersionStatus::Retired => vec![Warning {
            code: "RETIRED_VERSION",
            message: format!(
                "{} {} is retired and no longer supported",
                standard.slug, version.version
            ),
            instance_path: None,
        }],
    }
}
