//! The adoption matrix: London's 33 authorities, the GLA and TfL against the catalogue's
//! standards, each cell the authority's declaration (status and range) if it made one. The
//! `/adoption` page, its map and its CSV and JSON downloads all read this one value.

use std::collections::{BTreeSet, HashMap};

use super::{
    Adoption, AdoptionFilter, Organisation, PageRequest, Registry, Result, Standard, StandardFilter,
};
use crate::domain::{AdoptionStatus, OrganisationKind};

/// Authorities against standards.
#[derive(Debug, Clone)]
pub struct AdoptionMatrix {
    /// The standards shown (of the chosen theme, or all), by slug.
    pub standards: Vec<Standard>,
    /// The authorities: the boroughs and the City, the GLA and its functional bodies, by name.
    pub authorities: Vec<Organisation>,
    /// Every declaration of a shown standard, by anyone (vendors and partners too).
    pub adoptions: Vec<Adoption>,
    /// Every organisation that made one of them, by id.
    pub organisations: HashMap<i64, Organisation>,
    /// Every theme in the catalogue, for the filter.
    pub themes: Vec<String>,
}

impl AdoptionMatrix {
    /// The authority's declaration for the standard.
    pub fn cell(&self, organisation_id: i64, standard_id: i64) -> Option<&Adoption> {
        self.adoptions
            .iter()
            .find(|a| a.organisation_id == organisation_id && a.standard_id == standard_id)
    }

    /// How many of the shown standards the organisation has adopted (declared and not retired).
    pub fn adopted(&self, organisation_id: i64) -> usize {
        self.adoptions
            .iter()
            .filter(|a| a.organisation_id == organisation_id && a.status != AdoptionStatus::Retired)
            .count()
    }

    /// The standard with this id, if shown.
    pub fn standard(&self, id: i64) -> Option<&Standard> {
        self.standards.iter().find(|s| s.id == id)
    }
}

impl Registry {
    /// The matrix, for standards of `theme` (all when `None`).
    #[tracing::instrument(skip(self))]
    pub async fn adoption_matrix(&self, theme: Option<&str>) -> Result<AdoptionMatrix> {
        let everything = self
            .standards(
                &StandardFilter::default(),
                &PageRequest::new(Some(100), None)?,
            )
            .await?
            .items
            .into_iter()
            .map(|(_, s)| s)
            .collect::<Vec<_>>();
        let themes: BTreeSet<String> = everything.iter().map(|s| s.theme.clone()).collect();
        let mut standards: Vec<Standard> = everything
            .into_iter()
            .filter(|s| theme.is_none_or(|t| s.theme == t))
            .collect();
        standards.sort_by(|a, b| a.slug.as_str().cmp(b.slug.as_str()));
        let shown: Vec<i64> = standards.iter().map(|s| s.id).collect();
        let adoptions: Vec<Adoption> = self
            .all_adoptions(AdoptionFilter::default())
            .await?
            .into_iter()
            .filter(|a| shown.contains(&a.standard_id))
            .collect();
        let mut authorities = self.organisations(None).await?;
        authorities.retain(|o| {
            matches!(
                o.kind,
                OrganisationKind::Borough
                    | OrganisationKind::Gla
                    | OrganisationKind::FunctionalBody
            )
        });
        let ids: Vec<i64> = adoptions.iter().map(|a| a.organisation_id).collect();
        let organisations = self.organisations_by_ids(&ids).await?;
        Ok(AdoptionMatrix {
            standards,
            authorities,
            adoptions,
            organisations,
            themes: themes.into_iter().collect(),
        })
    }
}
