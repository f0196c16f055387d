//! Fixtures: the documents an adopter really exchanges under a standard (consumer-driven
//! contracts). Each is public, checked when it is added against the version its adoption's
//! range resolves to, and read back by impact analysis when a new version is proposed.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, ModelTrait, QueryFilter, QueryOrder, Set,
};
use serde_json::{Value, json};

use super::audit::{Event, record};
use super::{Adoption, Error, Registry, Result, Standard, Version};
use crate::auth::Caller;
use crate::db::begin_write;
use crate::db::entities::{adoption, fixture};
use crate::domain::{AdoptionStatus, AuditAction, FixtureRole, Name, Text, json_depth};
use crate::governance::{Action, authorise};

/// The most fixtures one adoption may publish.
pub const MAX_FIXTURES: usize = 50;

/// A document an adopter exchanges, published with its adoption.
#[derive(Debug, Clone, PartialEq)]
pub struct Fixture {
    /// Internal id.
    pub id: i64,
    /// The adoption it belongs to.
    pub adoption_id: i64,
    /// Its name, unique within the adoption ("collection round, one street").
    pub name: String,
    /// Whether the adopter sends or reads documents like it.
    pub role: FixtureRole,
    /// The document.
    pub document: Value,
    /// When it was added.
    pub added_at: DateTime<Utc>,
}

impl TryFrom<fixture::Model> for Fixture {
    type Error = Error;
    fn try_from(row: fixture::Model) -> Result<Self> {
        use super::model::{stored, stored_json};
        Ok(Self {
            id: row.id,
            adoption_id: row.adoption_id,
            role: stored("fixtures.role", FixtureRole::parse(&row.role))?,
            document: stored_json("fixtures.document", &row.document)?,
            name: row.name,
            added_at: row.added_at,
        })
    }
}

/// A fixture as the caller sent it.
#[derive(Debug, Clone)]
pub struct NewFixture<'a> {
    /// The adoption's id.
    pub adoption: &'a str,
    /// Its name.
    pub name: &'a str,
    /// Which way it travels.
    pub role: FixtureRole,
    /// The document.
    pub document: Value,
}

impl Registry {
    /// One adoption by id.
    pub async fn adoption(&self, id: i64) -> Result<Adoption> {
        adoption::Entity::find_by_id(id)
            .one(self.db())
            .await?
            .ok_or_else(|| Error::not_found("adoption", id))?
            .try_into()
    }

    /// The version an adoption's range resolves to: the greatest active version it takes in,
    /// else the greatest deprecated one, never a retired one (as a validation request's range
    /// resolves).
    pub async fn adopted_version(
        &self,
        adoption: &Adoption,
    ) -> Result<Option<(Standard, Version)>> {
        let standard = self.standard_by_id(adoption.standard_id).await?;
        let versions = self.versions(standard.id).await?;
        Ok(adoption
            .resolves_to(&versions)
            .cloned()
            .map(|version| (standard, version)))
    }

    /// Publishes a fixture for one of the caller's organisation's adoptions, once it is valid
    /// under the version the adoption resolves to.
    #[tracing::instrument(skip_all, fields(adoption = new.adoption, organisation = caller.organisation()))]
    pub async fn add_fixture(&self, caller: &Caller, new: NewFixture<'_>) -> Result<Fixture> {
        let me = caller
            .principal()
            .ok_or_else(|| Error::Unauthenticated("this needs a token".to_owned()))?;
        let adoption = self.adoption(parse_id("adoption", new.adoption)?).await?;
        authorise(
            caller.actor(),
            Action::ManageFixture {
                own_organisation: adoption.organisation_id == me.organisation_id,
            },
        )?;
        let name = Name::parse(new.name)
            .map(Text::into_string)
            .map_err(|e| Error::bad_input("name", e))?;
        let limits = self.settings().limits;
        let text = serde_json::to_string(&new.document).map_err(Error::internal)?;
        if text.len() > limits.max_fixture_bytes {
            return Err(Error::LimitExceeded {
                limit: "fixtureBytes",
                message: format!(
                    "the fixture is {} bytes of JSON; the limit is {}",
                    text.len(),
                    limits.max_fixture_bytes
                ),
            });
        }
        let depth = json_depth(&new.document);
        if depth > limits.max_depth {
            return Err(Error::LimitExceeded {
                limit: "depth",
                message: format!(
                    "the fixture nests {depth} levels deep; the limit is {}",
                    limits.max_depth
                ),
            });
        }
        if adoption.status == AdoptionStatus::Retired {
            return Err(Error::bad_input(
                "adoption",
                "the adoption is retired: declare it again as planned, implementing or live before adding fixtures",
            ));
        }
        let Some((standard, version)) = self.adopted_version(&adoption).await? else {
            return Err(Error::bad_input(
                "adoption",
                format!(
                    "every version that `{}` takes in is retired: fixtures are checked against a version in use, so declare a range that takes one in",
                    adoption.range
                ),
            ));
        };
        let compiled = self.compiled(&standard, &version).await?;
        let outcome = crate::validate::validate(&compiled, &new.document, limits.max_violations);
        if !outcome.valid {
            let first = outcome
                .violations
                .first()
                .map(|v| format!(" (at `{}`: {})", v.instance_path, v.message))
                .unwrap_or_default();
            return Err(Error::InvalidDocument {
                message: format!(
                    "the fixture is not valid under {} {}, the version `{}` resolves to{first}",
                    standard.slug, version.version, adoption.range
                ),
                violations: outcome.violations,
            });
        }
        let now = self.now();
        let txn = begin_write(self.db()).await?;
        let existing = fixture::Entity::find()
            .filter(fixture::Column::AdoptionId.eq(adoption.id))
            .all(&txn)
            .await?;
        if existing.iter().any(|f| f.name == name) {
            return Err(Error::Conflict(format!(
                "this adoption already has a fixture named `{name}`: remove it first, or choose another name"
            )));
        }
        if existing.len() >= MAX_FIXTURES {
            return Err(Error::LimitExceeded {
                limit: "fixtures",
                message: format!("an adoption publishes at most {MAX_FIXTURES} fixtures"),
            });
        }
        let row = fixture::ActiveModel {
            adoption_id: Set(adoption.id),
            name: Set(name.clone()),
            role: Set(new.role.as_str().to_owned()),
            document: Set(text),
            added_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        record(
            &txn,
            now,
            Event {
                actor: Some(me),
                action: AuditAction::FixtureAdded,
                subject_id: adoption.id.to_string(),
                details: json!({
                    "fixture": row.id,
                    "name": name,
                    "role": new.role.as_str(),
                    "standard": standard.slug.as_str(),
                    "checkedAgainst": version.version.to_string(),
                }),
            },
        )
        .await?;
        self.commit(txn).await?;
        row.try_into()
    }

    /// Removes one of the caller's organisation's fixtures.
    #[tracing::instrument(skip_all, fields(fixture = id, organisation = caller.organisation()))]
    pub async fn remove_fixture(&self, caller: &Caller, id: &str) -> Result<Fixture> {
        let me = caller
            .principal()
            .ok_or_else(|| Error::Unauthenticated("this needs a token".to_owned()))?;
        let id = parse_id("id", id)?;
        let row = fixture::Entity::find_by_id(id)
            .one(self.db())
            .await?
            .ok_or_else(|| Error::not_found("fixture", id))?;
        let adoption = self.adoption(row.adoption_id).await?;
        authorise(
            caller.actor(),
            Action::ManageFixture {
                own_organisation: adoption.organisation_id == me.organisation_id,
            },
        )?;
        let now = self.now();
        let txn = begin_write(self.db()).await?;
        let removed: Fixture = row.clone().try_into()?;
        row.delete(&txn).await?;
        record(
            &txn,
            now,
            Event {
                actor: Some(me),
                action: AuditAction::FixtureRemoved,
                subject_id: adoption.id.to_string(),
                details: json!({
                    "fixture": removed.id,
                    "name": removed.name,
                    "role": removed.role.as_str(),
                }),
            },
        )
        .await?;
        self.commit(txn).await?;
        Ok(removed)
    }

    /// The fixtures of these adoptions, oldest first.
    pub async fn fixtures_of(&self, adoption_ids: &[i64]) -> Result<Vec<Fixture>> {
        if adoption_ids.is_empty() {
            return Ok(Vec::new());
        }
        fixture::Entity::find()
            .filter(fixture::Column::AdoptionId.is_in(adoption_ids.iter().copied()))
            .order_by_asc(fixture::Column::Id)
            .all(self.db())
            .await?
            .into_iter()
            .map(Fixture::try_from)
            .collect()
    }
}

/// An id from the API: digits only.
fn parse_id(field: &'static str, text: &str) -> Result<i64> {
    text.trim()
        .parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| {
            Error::bad_input(
                field,
                format!("`{}` is not an id", crate::domain::Quoted(text)),
            )
        })
}
