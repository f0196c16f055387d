//! Checking a schema before it may be proposed or published, loading the documents it
//! references, and writing a published version. Shared by proposals and the seed.

use std::collections::{HashSet, VecDeque};

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QuerySelect, Set,
};
use serde_json::Value;

use super::{Error, Registry, Result, Version};
use crate::db::entities::{standard_version, version_reference};
use crate::domain::{ContentHash, SchemaFiles, Slug, VersionNumber, VersionStatus, json_depth};
use crate::validate::{self, Compiled, RegistryRef, SchemaProblem};

/// A schema that passed every check, ready to store.
#[derive(Debug, Clone)]
pub(crate) struct CheckedSchema {
    /// The root's text, stored and served, in the author's key order.
    pub text: String,
    /// The named documents as stored beside it (`[]` for one file).
    pub documents: String,
    /// The version's content hash, over every file.
    pub hash: ContentHash,
    /// The published versions it references directly, with where the reference sits.
    pub references: Vec<(RegistryRef, Version)>,
}

/// A schema checked against a published version must be compiled with the same documents.
pub(crate) type Documents = Vec<(String, Value)>;

impl Registry {
    /// Checks a version's files for publication as `slug` `version`: size and depth limits, each
    /// file's draft meta-schema, references (inside the version, or to published, non-retired
    /// versions only), and that it compiles under Concord's validation settings; returns the
    /// compiled validator too, so a caller that compares it never compiles it twice.
    pub(crate) async fn check_schema(
        &self,
        slug: &Slug,
        version: &VersionNumber,
        files: &SchemaFiles,
    ) -> Result<(CheckedSchema, Documents, Compiled)> {
        let limits = self.settings().limits;
        let bytes = files.total_bytes();
        if bytes > limits.max_schema_bytes {
            return Err(Error::LimitExceeded {
                limit: "schemaBytes",
                message: format!(
                    "the schema{} {bytes} bytes; the limit is {} bytes",
                    if files.is_multi_file() {
                        "'s files together are"
                    } else {
                        " is"
                    },
                    limits.max_schema_bytes
                ),
            });
        }
        let depth = std::iter::once(files.root().value())
            .chain(files.documents().iter().map(|d| d.document.value()))
            .map(json_depth)
            .max()
            .unwrap_or(0);
        if depth > limits.max_depth {
            return Err(Error::LimitExceeded {
                limit: "depth",
                message: format!(
                    "the schema nests {depth} levels deep; the limit is {}",
                    limits.max_depth
                ),
            });
        }
        let canonical = self.addresses().canonical(slug, version);
        let inspection = validate::inspect_version(files, &canonical, self.addresses())
            .map_err(Error::InvalidSchema)?;
        let mut references = Vec::new();
        let mut problems = Vec::new();
        for r in inspection.references {
            match self.find_version(&r.slug, &r.version).await? {
                None => problems.push(SchemaProblem::new(
                    &r.pointer,
                    Some("$ref"),
                    format!(
                        "references {} {}, which is not a published version",
                        r.slug, r.version
                    ),
                )),
                Some(v) if v.status == VersionStatus::Retired => problems.push(SchemaProblem::new(
                    &r.pointer,
                    Some("$ref"),
                    format!(
                        "references {} {}, which is retired; reference an active version",
                        r.slug, r.version
                    ),
                )),
                Some(v) => references.push((r, v)),
            }
        }
        if !problems.is_empty() {
            return Err(Error::InvalidSchema(problems));
        }
        let mut documents = self
            .reference_documents(references.iter().map(|(_, v)| v))
            .await?;
        documents.extend(own_files(files, &canonical));
        let own_uri = validate::root_uri(&canonical, files.is_multi_file());
        let schema = files.root().value().clone();
        let (compiled, documents) = tokio::task::spawn_blocking(move || {
            validate::compile(&schema, &own_uri, &documents).map(|c| (c, documents))
        })
        .await
        .map_err(Error::internal)?
        .map_err(Error::InvalidSchema)?;
        Ok((
            CheckedSchema {
                text: files.root().text().to_owned(),
                documents: files.stored_documents(),
                hash: files.hash(),
                references,
            },
            documents,
            compiled,
        ))
    }

    /// Every document reachable by reference from `roots` (the roots included), keyed by canonical
    /// URI, following the stored reference graph.
    pub(crate) async fn reference_documents<'a>(
        &self,
        roots: impl Iterator<Item = &'a Version>,
    ) -> Result<Documents> {
        let mut seen = HashSet::new();
        let mut queue: VecDeque<Version> = roots.cloned().collect();
        let mut documents = Vec::new();
        while let Some(version) = queue.pop_front() {
            if !seen.insert(version.id) {
                continue;
            }
            let standard = self.standard_by_id(version.standard_id).await?;
            documents.extend(validate::as_referenced(
                &version.files(),
                &self.addresses().canonical(&standard.slug, &version.version),
            ));
            let targets = version_reference::Entity::find()
                .filter(version_reference::Column::VersionId.eq(version.id))
                .all(self.db())
                .await?;
            for target in targets {
                if !seen.contains(&target.target_version_id) {
                    queue.push_back(self.version_by_id(target.target_version_id).await?);
                }
            }
        }
        Ok(documents)
    }

    /// A published version, if it exists.
    pub(crate) async fn find_version(
        &self,
        slug: &Slug,
        number: &VersionNumber,
    ) -> Result<Option<Version>> {
        let Some(standard) = self.find_standard(slug).await? else {
            return Ok(None);
        };
        Ok(self
            .versions(standard.id)
            .await?
            .into_iter()
            .find(|v| &v.version == number))
    }
}

/// What a version supplies to compile its own root beside the documents it references: for a
/// version of several files, its root at its canonical URI (so a reference to the version by
/// that URI reaches it) and its documents; nothing for one file.
pub(crate) fn own_files(files: &SchemaFiles, canonical: &str) -> Documents {
    if files.is_multi_file() {
        validate::as_referenced(files, canonical)
    } else {
        Vec::new()
    }
}

/// The greatest version published for `standard_id`, read inside `txn` (the re-check under the
/// write lock: only the version numbers, not the schemas).
pub(crate) async fn latest_published(
    txn: &DatabaseTransaction,
    standard_id: i64,
) -> Result<Option<VersionNumber>> {
    let numbers: Vec<String> = standard_version::Entity::find()
        .select_only()
        .column(standard_version::Column::Version)
        .filter(standard_version::Column::StandardId.eq(standard_id))
        .into_tuple()
        .all(txn)
        .await?;
    let mut latest: Option<VersionNumber> = None;
    for number in numbers {
        let v = VersionNumber::parse(&number).map_err(Error::internal)?;
        if latest.as_ref().is_none_or(|l| &v > l) {
            latest = Some(v);
        }
    }
    Ok(latest)
}

/// Refuses a version that is not greater than every published one (`compat::check_newer`).
pub(crate) fn ensure_newer(declared: &VersionNumber, latest: Option<&VersionNumber>) -> Result<()> {
    crate::compat::check_newer(latest.map(VersionNumber::semver), declared.semver())?;
    Ok(())
}

/// What a new published version is made of.
pub(crate) struct NewVersion<'a> {
    pub standard_id: i64,
    pub number: &'a VersionNumber,
    pub checked: &'a CheckedSchema,
    pub changelog: &'a str,
    pub change_report: Option<Value>,
    pub proposal_id: Option<i64>,
    pub approved_by_account_id: Option<i64>,
    pub approved_at: DateTime<Utc>,
}

/// Writes a published version and its reference rows inside `txn`, after checking once more,
/// under the write lock, that it is greater than every published version.
pub(crate) async fn insert_version(
    txn: &DatabaseTransaction,
    new: NewVersion<'_>,
) -> Result<standard_version::Model> {
    ensure_newer(
        new.number,
        latest_published(txn, new.standard_id).await?.as_ref(),
    )?;
    let to_i64 = |n: u64| i64::try_from(n).map_err(Error::internal);
    let row = standard_version::ActiveModel {
        standard_id: Set(new.standard_id),
        version: Set(new.number.to_string()),
        major: Set(to_i64(new.number.major())?),
        minor: Set(to_i64(new.number.minor())?),
        patch: Set(to_i64(new.number.patch())?),
        schema: Set(new.checked.text.clone()),
        documents: Set(new.checked.documents.clone()),
        content_hash: Set(new.checked.hash.to_string()),
        changelog: Set(new.changelog.to_owned()),
        change_report: Set(new
            .change_report
            .map(|r| serde_json::to_string(&r))
            .transpose()
            .map_err(Error::internal)?),
        status: Set(VersionStatus::Active.as_str().to_owned()),
        successor: Set(None),
        sunset_at: Set(None),
        status_note: Set(None),
        proposal_id: Set(new.proposal_id),
        approved_by_account_id: Set(new.approved_by_account_id),
        approved_at: Set(new.approved_at),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    for (reference, target) in &new.checked.references {
        version_reference::ActiveModel {
            version_id: Set(row.id),
            target_version_id: Set(target.id),
            pointer: Set(reference.pointer.clone()),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    Ok(row)
}

impl Registry {
    /// Checks a schema as a new standard's first version would be checked (limits, meta-schema,
    /// references, compilation), storing nothing: "Check" on the propose form.
    pub async fn check_proposed_schema(
        &self,
        slug: &Slug,
        version: &VersionNumber,
        files: &SchemaFiles,
    ) -> Result<()> {
        self.check_schema(slug, version, files).await.map(|_| ())
    }
}
