//! An organisation's declared adoption of a standard.

use async_graphql::{Context, ID, Object, Result};
use chrono::{DateTime, Utc};

use super::{OrganisationNode, StandardNode};
use crate::graphql::context::ContextExt;
use crate::graphql::enums::AdoptionStatus;
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
}
