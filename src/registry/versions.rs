//! After publication: the CDO deprecates a version (naming a successor and a sunset date) or
//! retires it. Content never changes; only the status does, and only forward.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait, IntoActiveModel};
use serde_json::json;

use super::audit::{Event, record};
use super::proposals::inputs_text as text;
use super::{Error, Registry, Result, Standard, Version};
use crate::auth::Caller;
use crate::db::begin_write;
use crate::db::entities::standard_version;
use crate::domain::{Slug, VersionNumber, VersionStatus};
use crate::governance::{Action, VersionStep, authorise, next_version_status};

impl Registry {
    /// Deprecates an active version; CDO only. `successor` must be a later published version of
    /// the same standard that is not retired; `sunset` must be in the future.
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
        if let Some(successor) = successor {
            let later = self
                .versions(standard.id)
                .await?
                .into_iter()
                .find(|v| &v.version == successor);
            match later {
                None => {
                    return Err(Error::bad_input(
                        "successor",
                        format!("{slug} {successor} is not a published version"),
                    ));
                }
                Some(v) if v.version <= *number || v.status == VersionStatus::Retired => {
                    return Err(Error::bad_input(
                        "successor",
                        format!(
                            "the successor must be a later version that is not retired, not {successor}"
                        ),
                    ));
                }
                Some(_) => {}
            }
        }
        if let Some(sunset) = sunset
            && sunset <= self.now()
        {
            return Err(Error::bad_input(
                "sunset",
                "the sunset date must be in the future",
            ));
        }
        self.change_status(
            caller,
            &standard,
            &version,
            VersionStep::Deprecate,
            successor.map(ToString::to_string),
            sunset,
            note,
        )
        .await
    }

    /// Retires an active or deprecated version; CDO only. It stays resolvable by exact version
    /// but ranges never choose it, and new schemas may not reference it.
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
        let successor = version.successor.clone();
        let sunset = version.sunset_at;
        self.change_status(
            caller,
            &standard,
            &version,
            VersionStep::Retire,
            successor,
            sunset,
            note,
        )
        .await
    }

    #[allow(clippy::too_many_arguments)]
    async fn change_status(
        &self,
        caller: &Caller,
        standard: &Standard,
        version: &Version,
        step: VersionStep,
        successor: Option<String>,
        sunset: Option<DateTime<Utc>>,
        note: Option<&str>,
    ) -> Result<(Standard, Version)> {
        let note = note
            .map(|n| text("note", n, 0, 10_000))
            .transpose()?
            .filter(|n| !n.is_empty());
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
                actor: caller.principal(),
                action: match step {
                    VersionStep::Deprecate => "version.deprecated",
                    VersionStep::Retire => "version.retired",
                },
                subject_type: "version",
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
