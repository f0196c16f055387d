//! Reading the catalogue: standards, their versions, and which version a request means.

use sea_orm::sea_query::{Expr, Func};
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, ExprTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use std::collections::HashMap;

use super::model::stored;
use super::pagination::cursor;
use super::{Error, Organisation, Page, PageRequest, Registry, Result, Standard, Version};
use crate::db::entities::{standard, standard_version};
use crate::domain::{Slug, VersionNumber, VersionSelector, VersionStatus};

/// Which standards to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StandardFilter {
    /// Words to find in the slug, title, summary or tags (case-insensitive).
    pub search: Option<String>,
    /// Only this theme.
    pub theme: Option<String>,
    /// Only standards owned by this organisation.
    pub owner_organisation_id: Option<i64>,
}

/// A catalogue row: a standard with its owner and the version `latest` means now.
#[derive(Debug, Clone)]
pub struct CatalogueEntry {
    /// The standard.
    pub standard: Standard,
    /// Its owning organisation.
    pub owner: Organisation,
    /// Its latest version (active, else deprecated), if any is not retired.
    pub latest: Option<VersionNumber>,
}

impl Registry {
    /// Lists standards by slug.
    pub async fn standards(
        &self,
        filter: &StandardFilter,
        page: &PageRequest,
    ) -> Result<Page<Standard>> {
        let mut query = standard::Entity::find();
        if let Some(theme) = &filter.theme {
            query = query.filter(standard::Column::Theme.eq(theme.as_str()));
        }
        if let Some(owner) = filter.owner_organisation_id {
            query = query.filter(standard::Column::OwnerOrganisationId.eq(owner));
        }
        for word in filter.search.iter().flat_map(|s| s.split_whitespace()) {
            let escaped = word
                .to_lowercase()
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            let pattern = format!("%{escaped}%");
            let mut any = Condition::any();
            for column in [
                standard::Column::Slug,
                standard::Column::Title,
                standard::Column::Summary,
                standard::Column::Tags,
            ] {
                any = any.add(
                    Expr::expr(Func::lower(Expr::col(column)))
                        .like(sea_orm::sea_query::LikeExpr::new(pattern.clone()).escape('\\')),
                );
            }
            query = query.filter(any);
        }
        let total = query.clone().count(self.db()).await?;
        if let Some(after) = page.after_key("standard")? {
            query = query.filter(standard::Column::Slug.gt(after));
        }
        let rows = query
            .order_by_asc(standard::Column::Slug)
            .limit(page.first + 1)
            .all(self.db())
            .await?;
        let standards = rows
            .into_iter()
            .map(Standard::try_from)
            .collect::<Result<Vec<_>>>()?;
        Ok(Page::from_rows(standards, page, total, |s| {
            cursor("standard", &s.slug)
        }))
    }

    /// The standard with this slug.
    pub async fn standard(&self, slug: &Slug) -> Result<Standard> {
        self.find_standard(slug)
            .await?
            .ok_or_else(|| Error::not_found("standard", slug))
    }

    pub(crate) async fn find_standard(&self, slug: &Slug) -> Result<Option<Standard>> {
        standard::Entity::find()
            .filter(standard::Column::Slug.eq(slug.as_str()))
            .one(self.db())
            .await?
            .map(Standard::try_from)
            .transpose()
    }

    /// The standard with this id.
    pub async fn standard_by_id(&self, id: i64) -> Result<Standard> {
        standard::Entity::find_by_id(id)
            .one(self.db())
            .await?
            .ok_or_else(|| Error::not_found("standard", id))?
            .try_into()
    }

    /// Every published version of a standard, newest first.
    pub async fn versions(&self, standard_id: i64) -> Result<Vec<Version>> {
        let mut versions = standard_version::Entity::find()
            .filter(standard_version::Column::StandardId.eq(standard_id))
            .all(self.db())
            .await?
            .into_iter()
            .map(Version::try_from)
            .collect::<Result<Vec<_>>>()?;
        versions.sort_by(|a, b| b.version.cmp(&a.version));
        Ok(versions)
    }

    /// The published version with this id.
    pub async fn version_by_id(&self, id: i64) -> Result<Version> {
        standard_version::Entity::find_by_id(id)
            .one(self.db())
            .await?
            .ok_or_else(|| Error::not_found("version", id))?
            .try_into()
    }

    /// Exactly this version of this standard.
    pub async fn version(
        &self,
        slug: &Slug,
        number: &VersionNumber,
    ) -> Result<(Standard, Version)> {
        self.resolve_version(slug, &VersionSelector::Exact(number.clone()))
            .await
    }

    /// The version a selector means: an exact version whatever its status; for a range or
    /// `latest`, the greatest active match, else the greatest deprecated match, never a retired
    /// one.
    pub async fn resolve_version(
        &self,
        slug: &Slug,
        selector: &VersionSelector,
    ) -> Result<(Standard, Version)> {
        let standard = self.standard(slug).await?;
        let versions = self.versions(standard.id).await?;
        let chosen = selector.choose(versions.iter().map(|v| (&v.version, v.status)));
        let Some(version) = chosen.map(|i| versions[i].clone()) else {
            return Err(Error::NotFound {
                what: "version",
                key: match selector {
                    VersionSelector::Latest => format!("{slug} (no active version)"),
                    other => format!("{slug} {other}"),
                },
            });
        };
        Ok((standard, version))
    }

    /// A page of the catalogue as people read it: each standard with its owner and latest
    /// version, in three queries whatever the page's length.
    pub async fn catalogue_page(
        &self,
        filter: &StandardFilter,
        page: &PageRequest,
    ) -> Result<Page<CatalogueEntry>> {
        let listed = self.standards(filter, page).await?;
        let ids: Vec<i64> = listed.items.iter().map(|(_, s)| s.id).collect();
        let owners: Vec<i64> = listed
            .items
            .iter()
            .map(|(_, s)| s.owner_organisation_id)
            .collect();
        let owners = self.organisations_by_ids(&owners).await?;
        // Only numbers and statuses: the schemas are not needed to pick the latest.
        let rows: Vec<(i64, String, String)> = standard_version::Entity::find()
            .select_only()
            .column(standard_version::Column::StandardId)
            .column(standard_version::Column::Version)
            .column(standard_version::Column::Status)
            .filter(standard_version::Column::StandardId.is_in(ids))
            .into_tuple()
            .all(self.db())
            .await?;
        let mut versions: HashMap<i64, Vec<(VersionNumber, VersionStatus)>> = HashMap::new();
        for (standard_id, number, status) in rows {
            versions.entry(standard_id).or_default().push((
                stored("standard_versions.version", VersionNumber::parse(&number))?,
                stored("standard_versions.status", VersionStatus::parse(&status))?,
            ));
        }
        listed.try_map(|standard| {
            let owner = owners
                .get(&standard.owner_organisation_id)
                .cloned()
                .ok_or_else(|| Error::not_found("organisation", standard.owner_organisation_id))?;
            let mine = versions.remove(&standard.id).unwrap_or_default();
            let latest = VersionSelector::Latest
                .choose(mine.iter().map(|(n, s)| (n, *s)))
                .map(|i| mine[i].0.clone());
            Ok(CatalogueEntry {
                standard,
                owner,
                latest,
            })
        })
    }
}
