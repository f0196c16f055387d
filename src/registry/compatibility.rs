//! Running the compatibility engine on a candidate schema: against the latest published version,
//! or every earlier one for the `_TRANSITIVE` modes; then checking the declared version against
//! the bump the changes need.

use std::collections::HashMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::publish::CheckedSchema;
use super::{Error, Registry, Result, Standard, Version};
use crate::compat::{
    self, BumpNote, Report, SchemaRef, TransitiveReport, VersionError, VersionReport,
};
use crate::domain::{Bump, SchemaDocument, VersionNumber};
use crate::validate::{self, Compiled, PairOracle};

/// What the registry records about a candidate version's compatibility.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Compatibility {
    /// The engine's verdict against the published versions it was compared with.
    pub report: TransitiveReport,
    /// The declared version checked against the bump the changes need, when one was declared.
    pub version_check: Option<BumpNote>,
}

impl Compatibility {
    /// The bump the changes need (before the 0.y.z rule); a standard with no published version
    /// needs a MAJOR, as a new standard does.
    pub fn required_bump(&self) -> Bump {
        if self.report.reports.is_empty() {
            Bump::Major
        } else {
            self.report.required_bump
        }
    }

    /// The comparison against the latest published version.
    pub fn latest(&self) -> Option<&Report> {
        self.report.reports.first().map(|r| &r.report)
    }
}

/// A candidate schema with the documents it references.
pub(crate) struct Candidate {
    pub schema: Value,
    pub uri: String,
    pub documents: Vec<(String, Value)>,
}

impl Registry {
    /// Compares `candidate` with the standard's published versions under its mode and policy.
    pub(crate) async fn assess(
        &self,
        standard: &Standard,
        candidate: Candidate,
    ) -> Result<TransitiveReport> {
        let mut published = self.versions(standard.id).await?;
        if !standard.mode.is_transitive() {
            published.truncate(1);
        }
        let mut earlier = Vec::new();
        let mut documents: HashMap<String, Value> = candidate.documents.iter().cloned().collect();
        for version in published {
            let compiled = self.compiled(standard, &version).await?;
            for (uri, doc) in self.documents_of(&version).await? {
                documents.entry(uri).or_insert(doc);
            }
            let uri = self.addresses().canonical(&standard.slug, &version.version);
            earlier.push((version, uri, compiled));
        }
        let (mode, policy) = (standard.mode, standard.policy);
        tokio::task::spawn_blocking(move || -> Result<TransitiveReport> {
            let new = validate::compile(&candidate.schema, &candidate.uri, &candidate.documents)
                .map_err(Error::InvalidSchema)?;
            let reports = earlier
                .iter()
                .map(
                    |(version, uri, old): &(Version, String, Arc<Compiled>)| VersionReport {
                        version: version.version.semver().clone(),
                        report: compat::compare(
                            SchemaRef {
                                schema: &version.schema,
                                base_uri: uri,
                            },
                            SchemaRef {
                                schema: &candidate.schema,
                                base_uri: &candidate.uri,
                            },
                            &documents,
                            &PairOracle { old, new: &new },
                            mode,
                            policy,
                        ),
                    },
                )
                .collect();
            Ok(compat::combine_transitive(reports))
        })
        .await
        .map_err(Error::internal)?
    }

    /// Checks `schema` as version `declared` of `standard` (as a proposal's schema is checked),
    /// then assesses its compatibility and the declared version.
    pub(crate) async fn assess_candidate(
        &self,
        standard: &Standard,
        declared: &VersionNumber,
        schema: SchemaDocument,
    ) -> Result<(CheckedSchema, Compatibility)> {
        let (checked, documents) = self.check_schema(&standard.slug, declared, &schema).await?;
        let candidate = Candidate {
            uri: self.addresses().canonical(&standard.slug, declared),
            schema: schema.value().clone(),
            documents,
        };
        let compatibility = self.assess_declared(standard, declared, candidate).await?;
        Ok((checked, compatibility))
    }

    /// Assesses `candidate` as version `declared` of `standard` and refuses a declared version
    /// that understates the bump its changes need (`VERSION_BUMP_TOO_SMALL`, listing them).
    pub(crate) async fn assess_declared(
        &self,
        standard: &Standard,
        declared: &VersionNumber,
        candidate: Candidate,
    ) -> Result<Compatibility> {
        let report = self.assess(standard, candidate).await?;
        let published: Vec<semver::Version> = self
            .versions(standard.id)
            .await?
            .into_iter()
            .map(|v| v.version.semver().clone())
            .collect();
        let check = compat::check_report_version(
            &for_version_check(&report),
            &published,
            declared.semver(),
        );
        match check {
            Ok(note) => Ok(Compatibility {
                report,
                version_check: Some(note),
            }),
            Err(error) => Err(bump_error(error, &report)),
        }
    }
}

/// The changes that decide the version check: the latest comparison's, plus what breaks any
/// earlier version (a transitive break needs a MAJOR too).
fn for_version_check(report: &TransitiveReport) -> Report {
    let mut changes = Vec::new();
    for (i, r) in report.reports.iter().enumerate() {
        for change in &r.report.changes {
            let relevant = i == 0 || change.breaking;
            if relevant
                && !changes
                    .iter()
                    .any(|c: &compat::Change| c.pointer == change.pointer && c.kind == change.kind)
            {
                changes.push(change.clone());
            }
        }
    }
    Report {
        mode: report.mode,
        policy: report.policy,
        compatible: report.compatible,
        required_bump: report.required_bump,
        changes,
    }
}

/// The registry error for a refused version.
fn bump_error(error: VersionError, report: &TransitiveReport) -> Error {
    let message = error.to_string();
    match error {
        VersionError::BumpTooSmall {
            declared,
            latest,
            needed,
            changes,
            ..
        } => {
            let broken = if report.broken_versions.len() > 1 {
                format!(
                    " (it breaks {} under {})",
                    report
                        .broken_versions
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(", "),
                    report.mode
                )
            } else {
                String::new()
            };
            Error::VersionBumpTooSmall {
                message: format!("{message}{broken}"),
                declared: declared.to_string(),
                latest: Some(latest.to_string()),
                required: Some(needed.as_str().to_owned()),
                changes: changes
                    .iter()
                    .filter_map(|c| serde_json::to_value(c).ok())
                    .collect(),
            }
        }
        VersionError::NotGreater { declared, latest } => Error::VersionBumpTooSmall {
            message,
            declared: declared.to_string(),
            latest: Some(latest.to_string()),
            required: None,
            changes: Vec::new(),
        },
        VersionError::Qualified { declared } => {
            Error::bad_input("version", format!("{declared}: {message}"))
        }
    }
}

/// The answer to "what if we published this?", without proposing anything.
#[derive(Debug)]
pub struct DryRun {
    /// The standard compared against.
    pub standard: Standard,
    /// The engine's report against the published versions.
    pub report: TransitiveReport,
    /// The declared version, if one was given, and what the registry would say about it.
    pub declared: Option<(VersionNumber, std::result::Result<BumpNote, Error>)>,
}

impl Registry {
    /// Compares a candidate schema with a standard's published versions, as a proposal would be
    /// judged, without storing anything (Confluent's "test compatibility"). Anyone may ask.
    pub async fn dry_run_compatibility(
        &self,
        slug: &crate::domain::Slug,
        schema: SchemaDocument,
        declared: Option<VersionNumber>,
    ) -> Result<DryRun> {
        let standard = self.standard(slug).await?;
        let versions = self.versions(standard.id).await?;
        // The candidate's own URI only matters to references relative to it; with no declared
        // version, the next major stands in.
        let stand_in = declared.clone().unwrap_or_else(|| {
            versions.first().map_or(VersionNumber::new(1, 0, 0), |v| {
                VersionNumber::new(v.version.major() + 1, 0, 0)
            })
        });
        let (_, documents) = self.check_schema(slug, &stand_in, &schema).await?;
        let candidate = Candidate {
            uri: self.addresses().canonical(slug, &stand_in),
            schema: schema.value().clone(),
            documents,
        };
        let report = self.assess(&standard, candidate).await?;
        let declared = declared.map(|declared| {
            let published: Vec<semver::Version> = versions
                .iter()
                .map(|v| v.version.semver().clone())
                .collect();
            let check = compat::check_report_version(
                &for_version_check(&report),
                &published,
                declared.semver(),
            )
            .map_err(|e| bump_error(e, &report));
            (declared, check)
        });
        Ok(DryRun {
            standard,
            report,
            declared,
        })
    }

    /// The changes between two published versions of a standard, under its mode and policy.
    pub async fn diff_versions(
        &self,
        slug: &crate::domain::Slug,
        from: &VersionNumber,
        to: &VersionNumber,
    ) -> Result<(Standard, Report)> {
        let (standard, old) = self.version(slug, from).await?;
        let (_, new) = self.version(slug, to).await?;
        let old_compiled = self.compiled(&standard, &old).await?;
        let new_compiled = self.compiled(&standard, &new).await?;
        let mut documents: HashMap<String, Value> =
            self.documents_of(&old).await?.into_iter().collect();
        documents.extend(self.documents_of(&new).await?);
        let old_uri = self.addresses().canonical(&standard.slug, &old.version);
        let new_uri = self.addresses().canonical(&standard.slug, &new.version);
        let (mode, policy) = (standard.mode, standard.policy);
        let report = tokio::task::spawn_blocking(move || {
            compat::compare(
                SchemaRef {
                    schema: &old.schema,
                    base_uri: &old_uri,
                },
                SchemaRef {
                    schema: &new.schema,
                    base_uri: &new_uri,
                },
                &documents,
                &PairOracle {
                    old: &old_compiled,
                    new: &new_compiled,
                },
                mode,
                policy,
            )
        })
        .await
        .map_err(Error::internal)?;
        Ok((standard, report))
    }
}
