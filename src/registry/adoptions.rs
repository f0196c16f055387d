//! Adoption: an organisation declares that it uses a standard, over a semver range of its
//! versions, how far along it is and in which systems. A steward or partner declares for their
//! own organisation; declaring again updates the declaration; every change is an audit event.
//! Anyone may read who has adopted what.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use serde_json::json;

use super::audit::{Event, record};
use super::pagination::cursor;
use super::{Error, Page, PageRequest, Registry, Result};
use crate::auth::Caller;
use crate::db::begin_write;
use crate::db::entities::adoption;
use crate::domain::{AdoptionStatus, AuditAction, Name, Prose, Slug, Text, VersionNumber};
use crate::governance::{Action, authorise};

/// The most systems one declaration names.
const MAX_SYSTEMS: usize = 20;

/// An organisation's declared use of a standard.
#[derive(Debug, Clone, PartialEq)]
pub struct Adoption {
    /// Internal id.
    pub id: i64,
    /// The adopting organisation.
    pub organisation_id: i64,
    /// The standard adopted.
    pub standard_id: i64,
    /// The versions it uses: a semver range such as `^2`.
    pub range: semver::VersionReq,
    /// How far along it is.
    pub status: AdoptionStatus,
    /// The systems that use it ("Bartec", "Open311 gateway").
    pub systems: Vec<String>,
    /// Anything else it wants the board to know.
    pub note: Option<String>,
    /// When it was first declared.
    pub declared_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

impl Adoption {
    /// Whether the declared range takes in `version`.
    pub fn selects(&self, version: &VersionNumber) -> bool {
        self.range.matches(version.semver())
    }

    /// The version among `versions` (a standard's published versions) the range resolves to:
    /// the greatest active version it takes in, else the greatest deprecated one, never a
    /// retired one, as a validation request's range resolves.
    pub fn resolves_to<'v>(&self, versions: &'v [super::Version]) -> Option<&'v super::Version> {
        crate::domain::VersionSelector::Range(self.range.clone())
            .choose(versions.iter().map(|v| (&v.version, v.status)))
            .map(|i| &versions[i])
    }
}

impl TryFrom<adoption::Model> for Adoption {
    type Error = Error;
    fn try_from(row: adoption::Model) -> Result<Self> {
        use super::model::{stored, stored_json};
        let range = semver::VersionReq::parse(&row.version_range)
            .map_err(|e| crate::domain::ParseError(e.to_string()));
        let systems = stored_json("adoptions.systems", &row.systems)?;
        Ok(Self {
            id: row.id,
            organisation_id: row.organisation_id,
            standard_id: row.standard_id,
            range: stored("adoptions.version_range", range)?,
            status: stored("adoptions.status", AdoptionStatus::parse(&row.status))?,
            systems: stored(
                "adoptions.systems",
                serde_json::from_value(systems)
                    .map_err(|e| crate::domain::ParseError(e.to_string())),
            )?,
            note: row.note,
            declared_at: row.declared_at,
            updated_at: row.updated_at,
        })
    }
}

/// A declaration as the caller sent it.
#[derive(Debug, Clone, Copy)]
pub struct RawAdoption<'a> {
    /// The standard's slug.
    pub standard: &'a str,
    /// The semver range of versions used.
    pub range: &'a str,
    /// How far along.
    pub status: AdoptionStatus,
    /// The systems that use it.
    pub systems: &'a [String],
    /// A note.
    pub note: Option<&'a str>,
}

/// Which adoptions to list.
#[derive(Debug, Clone, Copy, Default)]
pub struct AdoptionFilter {
    /// Of this standard.
    pub standard_id: Option<i64>,
    /// By this organisation.
    pub organisation_id: Option<i64>,
    /// In this status.
    pub status: Option<AdoptionStatus>,
}

impl Registry {
    /// Declares, or changes, the caller's organisation's adoption of a standard. The range must
    /// take in at least one published version.
    #[tracing::instrument(skip_all, fields(standard = raw.standard, organisation = caller.organisation()))]
    pub async fn declare_adoption(
        &self,
        caller: &Caller,
        raw: RawAdoption<'_>,
    ) -> Result<Adoption> {
        authorise(caller.actor(), Action::DeclareAdoption)?;
        let me = caller
            .principal()
            .ok_or_else(|| Error::Unauthenticated("this needs a token".to_owned()))?;
        let slug = Slug::parse(raw.standard).map_err(|e| Error::bad_input("standard", e))?;
        let standard = self.standard(&slug).await?;
        let range = semver::VersionReq::parse(raw.range.trim()).map_err(|e| {
            Error::bad_input(
                "range",
                format!(
                    "`{}` is not a semver range (such as ^2, ~1.4 or >=1, <3): {e}",
                    crate::domain::Quoted(raw.range)
                ),
            )
        })?;
        let published = self.versions(standard.id).await?;
        if !published.iter().any(|v| range.matches(v.version.semver())) {
            let listed: Vec<String> = published.iter().map(|v| v.version.to_string()).collect();
            return Err(Error::bad_input(
                "range",
                format!(
                    "`{range}` takes in no published version of {slug} (published: {})",
                    if listed.is_empty() {
                        "none".to_owned()
                    } else {
                        listed.join(", ")
                    }
                ),
            ));
        }
        if raw.systems.len() > MAX_SYSTEMS {
            return Err(Error::bad_input(
                "systems",
                format!("at most {MAX_SYSTEMS} systems"),
            ));
        }
        let systems = raw
            .systems
            .iter()
            .enumerate()
            .map(|(i, s)| {
                Name::parse(s)
                    .map(Text::into_string)
                    .map_err(|e| Error::bad_input(format!("systems[{i}]"), e))
            })
            .collect::<Result<Vec<_>>>()?;
        let note = Prose::parse_optional(raw.note)
            .map(|n| n.map(Text::into_string))
            .map_err(|e| Error::bad_input("note", e))?;
        let now = self.now();
        let txn = begin_write(self.db()).await?;
        let existing = adoption::Entity::find()
            .filter(adoption::Column::OrganisationId.eq(me.organisation_id))
            .filter(adoption::Column::StandardId.eq(standard.id))
            .one(&txn)
            .await?;
        let (row, action) = match existing {
            Some(row) => {
                let mut active: adoption::ActiveModel = row.into();
                active.version_range = Set(range.to_string());
                active.status = Set(raw.status.as_str().to_owned());
                active.systems = Set(json!(systems).to_string());
                active.note = Set(note.clone());
                active.updated_at = Set(now);
                (active.update(&txn).await?, AuditAction::AdoptionUpdated)
            }
            None => (
                adoption::ActiveModel {
                    organisation_id: Set(me.organisation_id),
                    standard_id: Set(standard.id),
                    version_range: Set(range.to_string()),
                    status: Set(raw.status.as_str().to_owned()),
                    systems: Set(json!(systems).to_string()),
                    note: Set(note.clone()),
                    declared_at: Set(now),
                    updated_at: Set(now),
                    ..Default::default()
                }
                .insert(&txn)
                .await?,
                AuditAction::AdoptionDeclared,
            ),
        };
        record(
            &txn,
            now,
            Event {
                actor: Some(me),
                action,
                subject_id: row.id.to_string(),
                details: json!({
                    "standard": slug.as_str(),
                    "organisation": me.organisation_slug.as_str(),
                    "range": range.to_string(),
                    "status": raw.status.as_str(),
                    "systems": systems,
                }),
            },
        )
        .await?;
        self.commit(txn).await?;
        row.try_into()
    }

    /// Adoptions, newest first, narrowed by `filter`.
    pub async fn adoptions(
        &self,
        filter: AdoptionFilter,
        page: &PageRequest,
    ) -> Result<Page<Adoption>> {
        let mut query = adoption::Entity::find();
        if let Some(id) = filter.standard_id {
            query = query.filter(adoption::Column::StandardId.eq(id));
        }
        if let Some(id) = filter.organisation_id {
            query = query.filter(adoption::Column::OrganisationId.eq(id));
        }
        if let Some(status) = filter.status {
            query = query.filter(adoption::Column::Status.eq(status.as_str()));
        }
        let total = query.clone().count(self.db()).await?;
        if let Some(after) = page.after_id("adoption")? {
            query = query.filter(adoption::Column::Id.lt(after));
        }
        let rows = query
            .order_by_desc(adoption::Column::Id)
            .limit(page.first + 1)
            .all(self.db())
            .await?
            .into_iter()
            .map(Adoption::try_from)
            .collect::<Result<Vec<_>>>()?;
        Ok(Page::from_rows(rows, page, total, |a| {
            cursor("adoption", a.id)
        }))
    }

    /// Every adoption of a standard, or by an organisation (for `Standard.adopters` and
    /// `Organisation.adoptions`), oldest first.
    pub async fn all_adoptions(&self, filter: AdoptionFilter) -> Result<Vec<Adoption>> {
        let mut query = adoption::Entity::find();
        if let Some(id) = filter.standard_id {
            query = query.filter(adoption::Column::StandardId.eq(id));
        }
        if let Some(id) = filter.organisation_id {
            query = query.filter(adoption::Column::OrganisationId.eq(id));
        }
        query
            .order_by_asc(adoption::Column::Id)
            .all(self.db())
            .await?
            .into_iter()
            .map(Adoption::try_from)
            .collect()
    }
}
