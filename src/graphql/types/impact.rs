//! Impact reports and usage counts: whom a proposal affects, and how much each organisation
//! validates.

use async_graphql::{Context, Json, Object, Result};
use chrono::NaiveDate;

use super::validation::ViolationNode;
use super::{AdoptionNode, OrganisationNode, StandardNode, VersionNode};
use crate::graphql::context::ContextExt;
use crate::graphql::loaders;
use crate::registry::{Affected, BrokenFixture, Impact, UnreadableDocument, UsageCount};

/// A proposal's impact on the organisations that adopted its standard.
pub struct ImpactNode(pub Impact);

/// Whom a proposed version affects among the organisations that declared adoption of its
/// standard, computed from the adoptions and fixtures as they are now.
#[Object(name = "Impact")]
impl ImpactNode {
    /// The version proposed.
    async fn proposed(&self) -> String {
        self.0.proposed.to_string()
    }

    /// How many organisations have a declared adoption in use (not retired).
    async fn adopters(&self) -> usize {
        self.0.adopters
    }

    /// The adopters the proposed version affects.
    async fn affected(&self) -> Vec<AffectedAdopterNode> {
        self.0
            .affected
            .iter()
            .cloned()
            .map(AffectedAdopterNode)
            .collect()
    }

    /// One sentence for a board member ("2 of 11 adopters affected: Hackney (1 fixture breaks
    /// at /address/uprn) and …").
    async fn summary(&self) -> &str {
        &self.0.summary
    }
}

/// One adopter a proposal affects.
pub struct AffectedAdopterNode(pub Affected);

/// An adopter the proposed version affects, and how.
#[Object(name = "AffectedAdopter")]
impl AffectedAdopterNode {
    /// The adopting organisation.
    async fn organisation(&self, ctx: &Context<'_>) -> Result<OrganisationNode> {
        Ok(OrganisationNode(
            loaders::organisation(ctx, self.0.adoption.organisation_id).await?,
        ))
    }

    /// Its declaration.
    async fn adoption(&self) -> AdoptionNode {
        AdoptionNode(self.0.adoption.clone())
    }

    /// Whether the proposed version falls in the adoption's declared range.
    async fn in_range(&self) -> bool {
        self.0.in_range
    }

    /// The version the adoption's range resolves to now.
    async fn current_version(&self) -> Option<String> {
        self.0.current.as_ref().map(ToString::to_string)
    }

    /// Its `PRODUCES` fixtures the proposed version rejects, with where.
    async fn broken_fixtures(&self) -> Vec<BrokenFixtureNode> {
        self.0
            .broken_fixtures
            .iter()
            .cloned()
            .map(BrokenFixtureNode)
            .collect()
    }

    /// Documents valid under the proposed version that its current version rejects: what it
    /// would receive and could not read (only for an adopter with `CONSUMES` fixtures, under
    /// FORWARD and FULL).
    async fn unreadable_documents(&self) -> Vec<UnreadableDocumentNode> {
        self.0
            .unreadable
            .iter()
            .cloned()
            .map(UnreadableDocumentNode)
            .collect()
    }
}

/// A fixture the proposed version rejects.
pub struct BrokenFixtureNode(pub BrokenFixture);

/// An adopter's fixture that the proposed version rejects.
#[Object(name = "BrokenFixture")]
impl BrokenFixtureNode {
    /// The fixture.
    async fn fixture(&self) -> super::adoption::FixtureNode {
        super::adoption::FixtureNode(self.0.fixture.clone())
    }

    /// Why the proposed version rejects it, with JSON Pointers into the fixture and the schema.
    async fn errors(&self) -> Vec<ViolationNode> {
        self.0
            .errors
            .iter()
            .cloned()
            .map(ViolationNode::from)
            .collect()
    }
}

/// A document a consumer would receive and could not read.
pub struct UnreadableDocumentNode(pub UnreadableDocument);

/// A document valid under the proposed version that the consumer's version rejects.
#[Object(name = "UnreadableDocument")]
impl UnreadableDocumentNode {
    /// The change that lets it through: a JSON Pointer into the proposed schema.
    async fn pointer(&self) -> &str {
        &self.0.pointer
    }

    /// The change, in a sentence.
    async fn change(&self) -> &str {
        &self.0.change
    }

    /// The document (the compatibility engine's witness, checked by both validators).
    async fn document(&self) -> Json<serde_json::Value> {
        Json(self.0.document.clone())
    }

    /// Why the consumer's version rejects it.
    async fn errors(&self) -> Vec<ViolationNode> {
        self.0
            .errors
            .iter()
            .cloned()
            .map(ViolationNode::from)
            .collect()
    }
}

/// Validations counted for one organisation, version and day.
pub struct UsageNode(pub UsageCount);

/// Documents one organisation validated against one version on one day (counts only; Concord
/// never keeps payloads).
#[Object(name = "Usage")]
impl UsageNode {
    /// The validating organisation.
    async fn organisation(&self, ctx: &Context<'_>) -> Result<OrganisationNode> {
        Ok(OrganisationNode(
            loaders::organisation(ctx, self.0.organisation_id).await?,
        ))
    }

    /// The standard.
    async fn standard(&self, ctx: &Context<'_>) -> Result<StandardNode> {
        Ok(StandardNode(
            ctx.registry().standard_by_id(self.0.standard_id).await?,
        ))
    }

    /// The version validated against.
    async fn version(&self, ctx: &Context<'_>) -> Result<VersionNode> {
        let registry = ctx.registry();
        let version = registry.version_by_id(self.0.version_id).await?;
        let standard = registry.standard_by_id(self.0.standard_id).await?;
        Ok(VersionNode::new(standard, version))
    }

    /// The day (UTC).
    async fn day(&self) -> NaiveDate {
        self.0.day
    }

    /// Documents validated.
    async fn validations(&self) -> u64 {
        self.0.validations
    }
}

/// The usage counts of the last `days` days, newest first.
pub async fn usage_of(
    ctx: &Context<'_>,
    filter: crate::registry::UsageFilter,
    days: i32,
) -> Result<Vec<UsageNode>> {
    Ok(ctx
        .registry()
        .recent_usage(filter, i64::from(days))
        .await?
        .into_iter()
        .map(UsageNode)
        .collect())
}
