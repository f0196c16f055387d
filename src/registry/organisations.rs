//! Organisations: listing, finding, and adding one (the CDO's job, or the seed's).

use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::json;

use super::audit::{Event, record};
use super::{Error, Organisation, Registry, Result};
use crate::auth::{Caller, Principal};
use crate::db::{begin_write, entities::organisation};
use crate::domain::AuditAction;
use crate::domain::{OrgSlug, OrganisationKind};
use crate::governance::{Action, authorise};

/// A new organisation, its fields already parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOrganisation {
    /// Its slug.
    pub slug: OrgSlug,
    /// Its official name.
    pub name: String,
    /// What sort of body it is.
    pub kind: OrganisationKind,
    /// ONS GSS code, for authorities.
    pub gss_code: Option<String>,
    /// Three-letter register code, for authorities.
    pub register_code: Option<String>,
}

impl NewOrganisation {
    /// Parses the fields a client sent, naming the first that is wrong.
    pub fn parse(
        slug: &str,
        name: &str,
        kind: &str,
        gss_code: Option<&str>,
        register_code: Option<&str>,
    ) -> Result<Self> {
        let slug = OrgSlug::parse(slug).map_err(|e| Error::bad_input("slug", e))?;
        let name = crate::domain::Title::parse(name)
            .map_err(|e| Error::bad_input("name", e))?
            .into_string();
        let name = name.as_str();
        let kind = OrganisationKind::parse(kind).map_err(|e| Error::bad_input("kind", e))?;
        let gss_code = gss_code.map(str::trim).filter(|c| !c.is_empty());
        if let Some(code) = gss_code {
            let well_formed = code.len() == 9
                && code.starts_with(['E', 'W', 'S', 'N'])
                && code[1..].chars().all(|c| c.is_ascii_digit());
            if !well_formed {
                return Err(Error::bad_input(
                    "gssCode",
                    format!(
                        "`{}` is not an ONS GSS code (a letter and 8 digits, e.g. E09000007)",
                        crate::domain::Quoted(code)
                    ),
                ));
            }
        }
        let register_code = register_code.map(str::trim).filter(|c| !c.is_empty());
        if let Some(code) = register_code
            && (code.len() > 8 || !code.chars().all(|c| c.is_ascii_uppercase()))
        {
            return Err(Error::bad_input(
                "registerCode",
                format!(
                    "`{}` is not a register code (up to 8 capital letters, e.g. CMD)",
                    crate::domain::Quoted(code)
                ),
            ));
        }
        Ok(Self {
            slug,
            name: name.to_owned(),
            kind,
            gss_code: gss_code.map(str::to_owned),
            register_code: register_code.map(str::to_owned),
        })
    }
}

impl Registry {
    /// Every organisation, optionally of one kind, by name.
    pub async fn organisations(&self, kind: Option<OrganisationKind>) -> Result<Vec<Organisation>> {
        let mut query = organisation::Entity::find();
        if let Some(kind) = kind {
            query = query.filter(organisation::Column::Kind.eq(kind.as_str()));
        }
        query
            .order_by_asc(organisation::Column::Name)
            .all(self.db())
            .await?
            .into_iter()
            .map(Organisation::try_from)
            .collect()
    }

    /// The organisation with this slug.
    pub async fn organisation(&self, slug: &OrgSlug) -> Result<Organisation> {
        organisation::Entity::find()
            .filter(organisation::Column::Slug.eq(slug.as_str()))
            .one(self.db())
            .await?
            .ok_or_else(|| Error::not_found("organisation", slug))?
            .try_into()
    }

    /// The organisation with this id.
    pub async fn organisation_by_id(&self, id: i64) -> Result<Organisation> {
        organisation::Entity::find_by_id(id)
            .one(self.db())
            .await?
            .ok_or_else(|| Error::not_found("organisation", id))?
            .try_into()
    }

    /// The organisations with these ids, in one query (ids that do not exist are left out).
    pub async fn organisations_by_ids(
        &self,
        ids: &[i64],
    ) -> Result<std::collections::HashMap<i64, Organisation>> {
        organisation::Entity::find()
            .filter(organisation::Column::Id.is_in(ids.iter().copied()))
            .all(self.db())
            .await?
            .into_iter()
            .map(|row| Organisation::try_from(row).map(|o| (o.id, o)))
            .collect()
    }

    /// Adds an organisation; only the CDO may.
    #[tracing::instrument(skip_all, fields(organisation = caller.organisation()))]
    pub async fn create_organisation(
        &self,
        caller: &Caller,
        new: NewOrganisation,
    ) -> Result<Organisation> {
        authorise(caller.actor(), Action::Administer)?;
        self.insert_organisation(caller.principal(), new).await
    }

    /// Adds an organisation as the operator (the CLI, which holds the database itself).
    pub async fn create_organisation_as_operator(
        &self,
        new: NewOrganisation,
    ) -> Result<Organisation> {
        self.insert_organisation(None, new).await
    }

    async fn insert_organisation(
        &self,
        actor: Option<&Principal>,
        new: NewOrganisation,
    ) -> Result<Organisation> {
        let txn = begin_write(self.db()).await?;
        let taken = organisation::Entity::find()
            .filter(organisation::Column::Slug.eq(new.slug.as_str()))
            .one(&txn)
            .await?;
        if taken.is_some() {
            return Err(Error::Conflict(format!(
                "an organisation with slug `{}` already exists",
                new.slug
            )));
        }
        let now = self.now();
        let row = organisation::ActiveModel {
            slug: Set(new.slug.to_string()),
            name: Set(new.name.clone()),
            kind: Set(new.kind.as_str().to_owned()),
            gss_code: Set(new.gss_code.clone()),
            register_code: Set(new.register_code.clone()),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        record(
            &txn,
            now,
            Event {
                actor,
                action: AuditAction::OrganisationCreated,
                subject_id: new.slug.to_string(),
                details: json!({
                    "name": new.name,
                    "kind": new.kind.as_str(),
                    "gssCode": new.gss_code,
                    "registerCode": new.register_code,
                }),
            },
        )
        .await?;
        self.commit(txn).await?;
        row.try_into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organisation_fields_are_parsed_and_named_when_wrong() {
        assert!(
            NewOrganisation::parse(
                "camden",
                "London Borough of Camden",
                "BOROUGH",
                Some("E09000007"),
                Some("CMD")
            )
            .is_ok()
        );
        let field = |r: Result<NewOrganisation>| match r {
            Err(Error::BadInput { field, .. }) => field,
            other => panic!("expected bad input, got {other:?}"),
        };
        assert_eq!(
            field(NewOrganisation::parse("Camden", "x", "BOROUGH", None, None)),
            "slug"
        );
        assert_eq!(
            field(NewOrganisation::parse("camden", " ", "BOROUGH", None, None)),
            "name"
        );
        assert_eq!(
            field(NewOrganisation::parse("camden", "x", "COUNCIL", None, None)),
            "kind"
        );
        assert_eq!(
            field(NewOrganisation::parse(
                "camden",
                "x",
                "BOROUGH",
                Some("X1"),
                None
            )),
            "gssCode"
        );
        assert_eq!(
            field(NewOrganisation::parse(
                "camden",
                "x",
                "BOROUGH",
                None,
                Some("cmd")
            )),
            "registerCode"
        );
    }
}
