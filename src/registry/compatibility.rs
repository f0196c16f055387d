//! Running the compatibility engine on a candidate schema: against the latest published version,
//! or every earlier one for the `_TRANSITIVE` modes; then checking the declared version against
//! the bump the changes need.

use std::collections::HashMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::heavy::CancelOnDrop;
use super::publish::{CheckedSchema, Documents, ensure_newer};
use super::{Error, Registry, Result, Standard, Version};
use crate::compat::{
    self, BumpNote, Report, SchemaRef, TransitiveReport, VersionError, VersionReport, WorkBudget,
};
use crate::domain::{Bump, SchemaFiles, Slug, VersionNumber};
use crate::validate::{Compiled, PairOracle};

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
        compat::needed_bump(Some(&self.report))
    }

    /// The comparison against the latest published version.
    pub fn latest(&self) -> Option<&Report> {
        self.report.reports.first().map(|r| &r.report)
    }
}

/// A candidate schema with the documents it references and its validator, compiled once.
pub(crate) struct Candidate {
    pub schema: Value,
    pub uri: String,
    pub documents: Documents,
    pub compiled: Compiled,
}

impl Registry {
    /// Compares `candidate` with `published` (the standard's versions, newest first) under the
    /// standard's mode and policy: the latest only, or every one for a `_TRANSITIVE` mode.
    pub(crate) async fn assess(
        &self,
        standard: &Standard,
        published: &[Version],
        candidate: Candidate,
    ) -> Result<TransitiveReport> {
        let compared = if standard.mode.is_transitive() {
            published
        } else {
            &published[..published.len().min(1)]
        };
        let mut earlier = Vec::with_capacity(compared.len());
        let mut documents: HashMap<String, Value> = candidate.documents.iter().cloned().collect();
        for version in compared {
            let compiled = self.compiled(standard, version).await?;
            for (uri, doc) in self.documents_of(standard, version).await? {
                documents.entry(uri).or_insert(doc);
            }
            let uri = self.root_uri(standard, version);
            earlier.push((
                version.version.semver().clone(),
                version.schema.clone(),
                uri,
                compiled,
            ));
        }
        let (mode, policy) = (standard.mode, standard.policy);
        let cancel = CancelOnDrop::default();
        let budget = WorkBudget::new(
            self.settings().limits.max_compare_steps,
            Some(cancel.flag()),
        );
        let reports = self
            .inner
            .heavy
            .run(&cancel, move || {
                let reports = earlier
                    .iter()
                    .map(
                        |(version, schema, uri, old): &(_, Arc<Value>, String, Arc<Compiled>)| {
                            VersionReport {
                                version: version.clone(),
                                report: compat::compare_within(
                                    SchemaRef {
                                        schema,
                                        base_uri: uri,
                                    },
                                    SchemaRef {
                                        schema: &candidate.schema,
                                        base_uri: &candidate.uri,
                                    },
                                    &documents,
                                    &PairOracle {
                                        old,
                                        new: &candidate.compiled,
                                    },
                                    mode,
                                    policy,
                                    budget.clone(),
                                ),
                            }
                        },
                    )
                    .collect();
                compat::combine_transitive(reports)
            })
            .await;
        drop(cancel);
        reports
    }

    /// Checks `schema` as version `declared` of `standard` (as a proposal's schema is checked),
    /// then assesses its compatibility and the declared version. The standard's published
    /// versions are read once, here, for every check that needs them.
    pub(crate) async fn assess_candidate(
        &self,
        standard: &Standard,
        declared: &VersionNumber,
        schema: SchemaFiles,
    ) -> Result<(CheckedSchema, Compatibility)> {
        let published = self.versions(standard.id).await?;
        ensure_newer(declared, published.first().map(|v| &v.version))?;
        let (checked, candidate) = self.candidate(&standard.slug, declared, &schema).await?;
        let report = self.assess(standard, &published, candidate).await?;
        let note = judge_version(&report, &published, declared)?;
        Ok((
            checked,
            Compatibility {
                report,
                version_check: Some(note),
            },
        ))
    }

    /// `schema` checked for publication as `slug` `version`, and compiled once for comparing.
    async fn candidate(
        &self,
        slug: &Slug,
        version: &VersionNumber,
        schema: &SchemaFiles,
    ) -> Result<(CheckedSchema, Candidate)> {
        let (checked, documents, compiled) = self.check_schema(slug, version, schema).await?;
        let candidate = Candidate {
            uri: crate::validate::root_uri(
                &self.addresses().canonical(slug, version),
                schema.is_multi_file(),
            ),
            schema: schema.root().value().clone(),
            documents,
            compiled,
        };
        Ok((checked, candidate))
    }
}

/// The declared version judged against the published ones and the bump the report's changes
/// need; a refusal lists the changes that need more (`VERSION_BUMP_TOO_SMALL`).
fn judge_version(
    report: &TransitiveReport,
    published: &[Version],
    declared: &VersionNumber,
) -> Result<BumpNote> {
    let numbers: Vec<semver::Version> = published
        .iter()
        .map(|v| v.version.semver().clone())
        .collect();
    compat::check_report_version(&for_version_check(report), &numbers, declared.semver())
        .map_err(|e| bump_error(e, report))
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

/// The registry error for a refused version: a transitive mode's refusal also names every
/// version the candidate breaks.
fn bump_error(error: VersionError, report: &TransitiveReport) -> Error {
    let mut error = Error::from(error);
    if let Error::VersionBumpTooSmall(refusal) = &mut error
        && refusal.required.is_some()
        && report.broken_versions.len() > 1
    {
        let broken: Vec<String> = report
            .broken_versions
            .iter()
            .map(ToString::to_string)
            .collect();
        refusal.message.push_str(&format!(
            " (it breaks {} under {})",
            broken.join(", "),
            report.mode
        ));
    }
    error
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
    #[tracing::instrument(skip_all, fields(standard = %slug))]
    pub async fn dry_run_compatibility(
        &self,
        slug: &Slug,
        schema: SchemaFiles,
        declared: Option<VersionNumber>,
    ) -> Result<DryRun> {
        let standard = self.standard(slug).await?;
        let published = self.versions(standard.id).await?;
        // The candidate's own URI only matters to references relative to it; with no declared
        // version, the next major stands in.
        let stand_in = declared.clone().unwrap_or_else(|| {
            published.first().map_or(VersionNumber::new(1, 0, 0), |v| {
                VersionNumber::new(v.version.major() + 1, 0, 0)
            })
        });
        let (_, candidate) = self.candidate(slug, &stand_in, &schema).await?;
        let report = self.assess(&standard, &published, candidate).await?;
        let declared = declared.map(|declared| {
            let check = judge_version(&report, &published, &declared);
            (declared, check)
        });
        Ok(DryRun {
            standard,
            report,
            declared,
        })
    }

    /// The changes between two published versions of a standard, under its mode and policy.
    #[tracing::instrument(skip_all, fields(standard = %slug, from = %from, to = %to))]
    pub async fn diff_versions(
        &self,
        slug: &Slug,
        from: &VersionNumber,
        to: &VersionNumber,
    ) -> Result<(Standard, Report)> {
        let (standard, old) = self.version(slug, from).await?;
        let (_, new) = self.version(slug, to).await?;
        let old_compiled = self.compiled(&standard, &old).await?;
        let new_compiled = self.compiled(&standard, &new).await?;
        let mut documents: HashMap<String, Value> = self
            .documents_of(&standard, &old)
            .await?
            .into_iter()
            .collect();
        documents.extend(self.documents_of(&standard, &new).await?);
        let old_uri = self.root_uri(&standard, &old);
        let new_uri = self.root_uri(&standard, &new);
        let (mode, policy) = (standard.mode, standard.policy);
        let cancel = CancelOnDrop::default();
        let budget = WorkBudget::new(
            self.settings().limits.max_compare_steps,
            Some(cancel.flag()),
        );
        let report = self
            .inner
            .heavy
            .run(&cancel, move || {
                compat::compare_within(
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
                    budget,
                )
            })
            .await?;
        // The guard lives until the work is done: dropping this future early raises the flag.
        drop(cancel);
        Ok((standard, report))
    }
}
