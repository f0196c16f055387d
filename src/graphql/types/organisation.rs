//! `Organisation`.

use async_graphql::{Context, Object, Result};
use chrono::{DateTime, Utc};

use super::StandardNode;
use crate::graphql::context::ContextExt;
use crate::graphql::enums::OrganisationKind;
use crate::registry::{Organisation, PageRequest, StandardFilter};

/// A borough, the GLA, a functional body such as TfL, a partner, or another London body.
pub struct OrganisationNode(pub Organisation);

/// A borough, the GLA, a functional body such as TfL, a partner, or another London body.
#[Object(name = "Organisation")]
impl OrganisationNode {
    /// Its slug, such as `camden` or `barking-and-dagenham`.
    async fn slug(&self) -> &str {
        self.0.slug.as_str()
    }

    /// Its official name.
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// What sort of body it is.
    async fn kind(&self) -> OrganisationKind {
        self.0.kind.into()
    }

    /// The ONS GSS code, for authorities (E09000001 to E09000033 for London's).
    async fn gss_code(&self) -> Option<&str> {
        self.0.gss_code.as_deref()
    }

    /// The three-letter register code, for authorities (`CMD` for Camden).
    async fn register_code(&self) -> Option<&str> {
        self.0.register_code.as_deref()
    }

    /// When it was added to Concord.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    /// Documents this organisation validated with a token, per standard, version and day, over the last
    /// `days` days (30 unless given), newest first. Counts only: Concord never keeps payloads.
    #[graphql(complexity = "crate::graphql::limits::USAGE_ROWS * child_complexity")]
    async fn usage(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 30)] days: i32,
    ) -> Result<Vec<super::UsageNode>> {
        super::usage_of(
            ctx,
            crate::registry::UsageFilter {
                organisation_id: Some(self.0.id),
                ..Default::default()
            },
            days,
        )
        .await
    }

    /// The standards it has declared it adopts.
    #[graphql(complexity = "crate::graphql::limits::ADOPTERS * child_complexity")]
    async fn adoptions(&self, ctx: &Context<'_>) -> Result<Vec<super::AdoptionNode>> {
        let filter = crate::registry::AdoptionFilter {
            organisation_id: Some(self.0.id),
            ..Default::default()
        };
        super::adoption::adoptions_of(ctx, filter).await
    }

    /// The standards it owns, by slug (at most 100).
    #[graphql(complexity = "crate::graphql::limits::STANDARDS_PER_OWNER * child_complexity")]
    async fn standards(&self, ctx: &Context<'_>) -> Result<Vec<StandardNode>> {
        let filter = StandardFilter {
            owner_organisation_id: Some(self.0.id),
            ..StandardFilter::default()
        };
        let page = ctx
            .registry()
            .standards(&filter, &PageRequest::new(Some(100), None)?)
            .await?;
        Ok(page
            .items
            .into_iter()
            .map(|(_, s)| StandardNode(s))
            .collect())
    }
}
