//! Loading the catalogue folder: organisations, then every standard and version, through the same
//! checks as a proposal. Idempotent: what is already published is compared, never rewritten.

pub mod demo;
mod files;
mod order;

use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::json;

use super::audit::{Event, record};
use super::publish::{NewVersion, insert_version};
use super::{BumpRefusal, Error, NewOrganisation, Registry, Result, Standard, Version};
use crate::db::begin_write;
use crate::db::entities::{organisation, standard};
use crate::domain::AuditAction;
use crate::domain::{OrgSlug, VersionStatus};
use crate::governance::VersionStep;
use crate::registry::versions::StatusChange;
use files::{CatalogueStandard, CatalogueVersion, read_catalogue};
pub use files::{load_organisations_file, parse_organisations_toml};

/// What a seed run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SeedReport {
    /// Organisations added.
    pub organisations_added: usize,
    /// Standards created.
    pub standards_added: usize,
    /// Versions published.
    pub versions_added: usize,
    /// Versions already published with identical content.
    pub versions_unchanged: usize,
    /// Versions whose status moved forward to match the catalogue.
    pub statuses_changed: usize,
}

fn at_midday(date: Option<NaiveDate>, fallback: DateTime<Utc>) -> DateTime<Utc> {
    date.and_then(|d| d.and_hms_opt(12, 0, 0))
        .map(|t| t.and_utc())
        .unwrap_or(fallback)
}

impl Registry {
    /// Adds each organisation that does not exist yet (matched by slug).
    pub async fn load_organisations(&self, organisations: Vec<NewOrganisation>) -> Result<usize> {
        let mut added = 0;
        for org in organisations {
            let exists = organisation::Entity::find()
                .filter(organisation::Column::Slug.eq(org.slug.as_str()))
                .one(self.db())
                .await?;
            if exists.is_none() {
                self.create_organisation_as_operator(org).await?;
                added += 1;
            }
        }
        Ok(added)
    }

    /// Loads `dir/organisations.toml` and every `dir/<slug>/standard.toml` with its versions.
    #[tracing::instrument(skip_all, fields(dir = %dir.display()))]
    pub async fn seed(&self, dir: &Path) -> Result<SeedReport> {
        let mut report = SeedReport::default();
        let organisations = dir.join("organisations.toml");
        if organisations.exists() {
            report.organisations_added = self
                .load_organisations(load_organisations_file(&organisations)?)
                .await?;
        }
        let catalogue = read_catalogue(dir)?;
        for (standard_index, version_index) in
            order::publication_order(&catalogue, self.addresses())?
        {
            let entry = &catalogue[standard_index];
            let standard = match self.find_standard(&entry.slug).await? {
                Some(s) => s,
                None => {
                    report.standards_added += 1;
                    self.create_seeded_standard(entry).await?
                }
            };
            let version = &entry.versions[version_index];
            self.seed_version(&standard, entry, version, &mut report)
                .await?;
        }
        Ok(report)
    }

    async fn create_seeded_standard(&self, entry: &CatalogueStandard) -> Result<Standard> {
        let owner = OrgSlug::parse(&entry.file.owner)
            .map_err(|e| Error::bad_input(entry.path("standard.toml"), format!("owner: {e}")))?;
        let owner = self.organisation(&owner).await.map_err(|_| {
            Error::bad_input(
                entry.path("standard.toml"),
                format!("owner `{owner}` is not an organisation"),
            )
        })?;
        let now = self.now();
        let txn = begin_write(self.db()).await?;
        let row = standard::ActiveModel {
            slug: Set(entry.slug.to_string()),
            title: Set(entry.file.title.clone()),
            summary: Set(entry.file.summary.clone()),
            theme: Set(entry.theme.to_string()),
            owner_organisation_id: Set(owner.id),
            compatibility_mode: Set(entry.mode.as_str().to_owned()),
            compatibility_policy: Set(entry.policy.as_str().to_owned()),
            tags: Set(json!(entry.tags.iter().map(|t| t.as_str()).collect::<Vec<_>>()).to_string()),
            upstream: Set(entry
                .file
                .upstream
                .as_ref()
                .map(serde_json::to_string)
                .transpose()
                .map_err(Error::internal)?),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        record(
            &txn,
            now,
            Event {
                actor: None,
                action: AuditAction::StandardCreated,
                subject_id: entry.slug.to_string(),
                details: json!({ "source": "catalogue", "title": entry.file.title }),
            },
        )
        .await?;
        self.commit(txn).await?;
        row.try_into()
    }

    async fn seed_version(
        &self,
        standard: &Standard,
        entry: &CatalogueStandard,
        version: &CatalogueVersion,
        report: &mut SeedReport,
    ) -> Result<()> {
        let file = entry.path(&format!("{}.json", version.number));
        let published = self.find_version(&entry.slug, &version.number).await?;
        let published = match published {
            Some(existing) => {
                if existing.content_hash != version.schema.hash() {
                    return Err(Error::Conflict(format!(
                        "{file} differs from the published {} {}; published content never \
                         changes, so give the new content a new version",
                        entry.slug, version.number
                    )));
                }
                report.versions_unchanged += 1;
                existing
            }
            None => {
                let (checked, compatibility) = self
                    .assess_candidate(standard, &version.number, version.schema.clone())
                    .await
                    .map_err(|e| explain(&file, e))?;
                let has_predecessor = compatibility.latest().is_some();
                let change_report = has_predecessor
                    .then(|| serde_json::to_value(&compatibility))
                    .transpose()
                    .map_err(Error::internal)?;
                let txn = begin_write(self.db()).await?;
                let approved_at = at_midday(version.meta.published, self.now());
                let row = insert_version(
                    &txn,
                    NewVersion {
                        standard_id: standard.id,
                        number: &version.number,
                        checked: &checked,
                        changelog: &version.meta.changelog,
                        change_report,
                        proposal_id: None,
                        approved_by_account_id: None,
                        approved_at,
                    },
                )
                .await?;
                record(
                    &txn,
                    self.now(),
                    Event {
                        actor: None,
                        action: AuditAction::VersionPublished,
                        subject_id: format!("{}@{}", entry.slug, version.number),
                        details: json!({ "source": "catalogue", "contentHash": checked.hash.as_str() }),
                    },
                )
                .await?;
                self.commit(txn).await?;
                report.versions_added += 1;
                Version::try_from(row)?
            }
        };
        if version.status > published.status {
            self.seed_status(entry, version, &published).await?;
            report.statuses_changed += 1;
        }
        Ok(())
    }

    /// Moves a published version to the status the catalogue gives it, through the same
    /// transition as the CDO's mutations.
    async fn seed_status(
        &self,
        entry: &CatalogueStandard,
        version: &CatalogueVersion,
        published: &Version,
    ) -> Result<()> {
        let step = match version.status {
            VersionStatus::Retired => VersionStep::Retire,
            _ => VersionStep::Deprecate,
        };
        let standard = self.standard(&entry.slug).await?;
        let change = StatusChange {
            step,
            successor: version.meta.successor.clone(),
            sunset: version.meta.sunset.map(|d| at_midday(Some(d), self.now())),
            note: version.meta.note.clone(),
        };
        self.change_status(None, &standard, published, change)
            .await
            .map_err(|e| explain(&entry.path(&format!("{}.json", version.number)), e))?;
        Ok(())
    }
}

/// A catalogue file's refusal, in the words of the check that refused it.
fn explain(file: &str, error: Error) -> Error {
    match error {
        Error::InvalidSchema(problems) => Error::bad_input(
            file,
            format!(
                "not a publishable schema: {}",
                problems
                    .iter()
                    .map(|p| format!("at `{}`: {}", p.pointer, p.message))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
        ),
        Error::VersionBumpTooSmall(refusal) => {
            let BumpRefusal {
                message, changes, ..
            } = *refusal;
            let listed: Vec<String> = changes
                .iter()
                .map(|c| format!("{} at `{}`: {}", c.kind, c.pointer, c.message))
                .collect();
            Error::bad_input(
                file,
                format!(
                    "{message}. The changes that need more: {}",
                    listed.join("; ")
                ),
            )
        }
        other => other,
    }
}
