//! After publication: the CDO deprecates a version (naming a successor and a sunset date) or
//! retires it. Content never changes; only the status does, and only forward.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait, IntoActiveModel};
use serde_json::json;

use super::audit::{Event, record};
use super::proposals::optional_prose;
use super::{Error, Registry, Result, Standard, Version};
use crate::auth::{Caller, Principal};
use crate::db::begin_write;
use crate::db::entities::standard_version;
use crate::domain::AuditAction;
use crate::domain::{Slug, VersionNumber};
use crate::governance::{Action, VersionStep, authorise, check_deprecation, next_version_status};

/// One step of a version's life cycle, with what the CDO said about it.
pub(crate) struct StatusChange {
    pub step: VersionStep,
    /// The version that replaces it.
    pub successor: Option<String>,
    /// When it stops being supported.
    pub sunset: Option<DateTime<Utc>>,
    /// Why, already checked as prose.
    pub note: Option<String>,
}

impl Registry {
    /// Deprecates an active version; CDO only. `successor` must be a later published version of
    /// the same standard that is not retired; `sunset` must be in the future.
    #[tracing::instrument(skip_all, fields(standard = %slug, version = %number, organisation = caller.organisation()))]
    pub async fn deprecate_version(
        &self,
        caller: &Caller,
        slug: &Slug,
        number: &VersionNumber,
        successor: Option<&VersionNumber>,
        sunset: Option<DateTime<Utc>>,
        note: Option<&str>,
    ) -> Result<(Standard, Version)> {
        authorise(caller.actor(), Action::ManageVersions)?;
        let (standard, version) = self.version(slug, number).await?;
        next_version_status(version.status, VersionStep::Deprecate)?;
        let published = match successor {
            Some(successor) => Some(
                self.versions(standard.id)
                    .await?
                    .into_iter()
                    .find(|v| &v.version == successor)
                    .map(|v| v.status),
            ),
            None => None,
        };
        check_deprecation(
            number,
            successor.map(|s| (s, published.flatten())),
            sunset,
            self.now(),
        )?;
        let note = optional_prose("note", note)?;
        self.change_status(
            caller.principal(),
            &standard,
            &version,
            StatusChange {
                step: VersionStep::Deprecate,
                successor: successor.map(ToString::to_string),
                sunset,
                note,
            },
        )
        .await
    }

    /// Retires an active or deprecated version; CDO only. It stays resolvable by exact version
    /// but ranges never choose it, and new schemas may not reference it.
    #[tracing::instrument(skip_all, fields(standard = %slug, version = %number, organisation = caller.organisation()))]
    pub async fn retire_version(
        &self,
        caller: &Caller,
        slug: &Slug,
        number: &VersionNumber,
        note: Option<&str>,
    ) -> Result<(Standard, Version)> {
        authorise(caller.actor(), Action::ManageVersions)?;
        let (standard, version) = self.version(slug, number).await?;
        next_version_status(version.status, VersionStep::Retire)?;
        let note = optional_prose("note", note)?;
        let change = StatusChange {
            step: VersionStep::Retire,
            successor: version.successor.clone(),
            sunset: version.sunset_at,
            note,
        };
        self.change_status(caller.principal(), &standard, &version, change)
            .await
    }

    /// Moves a version's status one step, through `next_version_status` under the write lock,
    /// with its audit event: the CDO's mutations and the catalogue's seed both come here.
    pub(crate) async fn change_status(
        &self,
        actor: Option<&Principal>,
        standard: &Standard,
        version: &Version,
        change: StatusChange,
    ) -> Result<(Standard, Version)> {
        let StatusChange {
            step,
            successor,
            sunset,
            note,
        } = change;
        let txn = begin_write(self.db()).await?;
        let row = standard_version::Entity::find_by_id(version.id)
            .one(&txn)
            .await?
            .ok_or_else(|| Error::not_found("version", version.id))?;
        let current = Version::try_from(row.clone())?;
        let status = next_version_status(current.status, step)?;
        let mut update = row.into_active_model();
        update.status = Set(status.as_str().to_owned());
        update.successor = Set(successor.clone());
        update.sunset_at = Set(sunset);
        update.status_note = Set(note.clone().or(current.status_note));
        let updated = update.update(&txn).await?;
        let now = self.now();
        record(
            &txn,
            now,
            Event {
                actor,
                action: match step {
                    VersionStep::Deprecate => AuditAction::VersionDeprecated,
                    VersionStep::Retire => AuditAction::VersionRetired,
                },
                subject_id: format!("{}@{}", standard.slug, version.version),
                details: json!({
                    "from": current.status.as_str(),
                    "to": status.as_str(),
                    "successor": successor,
                    "sunset": sunset.map(|s| s.to_rfc3339()),
                    "note": note,
                }),
            },
        )
        .await?;
        self.commit(txn).await?;
        Ok((standard.clone(), updated.try_into()?))
    }
}
