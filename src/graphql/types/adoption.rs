//! An organisation's declared adoption of a standard.

use async_graphql::{Context, ID, Object, Result};
use chrono::{DateTime, Utc};

use super::{OrganisationNode, StandardNode};
use crate::graphql::context::ContextExt;
use crate::graphql::enums::{AdoptionStatus, FixtureRole};
use crate::graphql::loaders;
use crate::registry::Adoption;

/// An adoption, as the registry records it.
pub struct AdoptionNode(pub Adoption);

/// An organisation's declared use of a standard: over which versions, how far along, in which
/// systems. Public, as the registry is.
#[Object(name = "Adoption")]
impl AdoptionNode {
    /// Its id.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    /// The adopting organisation.
    async fn organisation(&self, ctx: &Context<'_>) -> Result<OrganisationNode> {
        Ok(OrganisationNode(
            loaders::organisation(ctx, self.0.organisation_id).await?,
        ))
    }

    /// The standard adopted.
    async fn standard(&self, ctx: &Context<'_>) -> Result<StandardNode> {
        Ok(StandardNode(
            ctx.registry().standard_by_id(self.0.standard_id).await?,
        ))
    }

    /// The versions it uses, as a semver range (such as `^2`).
    async fn range(&self) -> String {
        self.0.range.to_string()
    }

    /// How far along it is.
    async fn status(&self) -> AdoptionStatus {
        self.0.status.into()
    }

    /// The systems that use it.
    async fn systems(&self) -> &[String] {
        &self.0.systems
    }

    /// Anything else the organisation wants known.
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }

    /// When it was first declared.
    async fn declared_at(&self) -> DateTime<Utc> {
        self.0.declared_at
    }

    /// When it last changed.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }

    /// The version its range resolves to now (the greatest active version it takes in, else
    /// the greatest deprecated one; none when every version it takes in is retired): the one
    /// its fixtures are checked against.
    async fn resolves_to(&self, ctx: &Context<'_>) -> Result<Option<super::VersionNode>> {
        Ok(ctx
            .registry()
            .adopted_version(&self.0)
            .await?
            .map(|(s, v)| super::VersionNode::new(s, v)))
    }

    /// The documents it exchanges, oldest first.
    #[graphql(complexity = "crate::graphql::limits::FIXTURES * child_complexity")]
    async fn fixtures(&self, ctx: &Context<'_>) -> Result<Vec<FixtureNode>> {
        Ok(ctx
            .registry()
            .fixtures_of(&[self.0.id])
            .await?
            .into_iter()
            .map(FixtureNode)
            .collect())
    }
}

/// A fixture, as the registry records it.
pub struct FixtureNode(pub crate::registry::Fixture);

/// A document an adopter really exchanges under the standard, published with its adoption
/// (public: it must hold no personal data).
#[Object(name = "Fixture")]
impl FixtureNode {
    /// Its id.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    /// Its name, unique within the adoption.
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// Whether the adopter sends (`PRODUCES`) or reads (`CONSUMES`) documents like it.
    async fn role(&self) -> FixtureRole {
        self.0.role.into()
    }

    /// The document.
    #[graphql(complexity = "crate::graphql::limits::FIXTURE_COST")]
    async fn document(&self) -> async_graphql::Json<serde_json::Value> {
        async_graphql::Json(self.0.document.clone())
    }

    /// When it was added.
    async fn added_at(&self) -> DateTime<Utc> {
        self.0.added_at
    }

    /// The adoption it belongs to.
    async fn adoption(&self, ctx: &Context<'_>) -> Result<AdoptionNode> {
        Ok(AdoptionNode(
            ctx.registry().adoption(self.0.adoption_id).await?,
        ))
    }
}

/// Every adoption `filter` selects, oldest first (for `Standard.adopters` and
/// `Organisation.adoptions`).
pub async fn adoptions_of(
    ctx: &Context<'_>,
    filter: crate::registry::AdoptionFilter,
) -> Result<Vec<AdoptionNode>> {
    Ok(ctx
        .registry()
        .all_adoptions(filter)
        .await?
        .into_iter()
        .map(AdoptionNode)
        .collect())
}
