//! `Standard`.

use async_graphql::{Context, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};

use super::{OrganisationNode, VersionNode};
use crate::domain::VersionSelector;
use crate::graphql::context::ContextExt;
use crate::graphql::enums::{CompatibilityMode, CompatibilityPolicy};
use crate::graphql::loaders;
use crate::registry::{Error, Standard, Upstream};

/// A shared data or service standard, versioned with semver.
pub struct StandardNode(pub Standard);

/// Where a standard comes from, when it renders an upstream specification.
#[derive(SimpleObject)]
#[graphql(name = "Upstream")]
pub struct UpstreamNode {
    /// The upstream specification's name.
    name: String,
    /// Where to read it.
    url: Option<String>,
    /// Its licence.
    licence: Option<String>,
    /// The upstream version rendered.
    version: Option<String>,
    /// What this rendering leaves out or simplifies.
    simplified: Option<String>,
}

impl From<Upstream> for UpstreamNode {
    fn from(u: Upstream) -> Self {
        Self {
            name: u.name,
            url: u.url,
            licence: u.licence,
            version: u.version,
            simplified: u.simplified,
        }
    }
}

/// A shared data or service standard, versioned with semver.
#[Object(name = "Standard")]
impl StandardNode {
    /// Its slug: one or two kebab segments, such as `common/address`.
    async fn slug(&self) -> &str {
        self.0.slug.as_str()
    }

    /// Its title.
    async fn title(&self) -> &str {
        &self.0.title
    }

    /// What it describes and who publishes it.
    async fn summary(&self) -> &str {
        &self.0.summary
    }

    /// Its theme, such as `mobility` or `planning`.
    async fn theme(&self) -> &str {
        &self.0.theme
    }

    /// Its tags.
    async fn tags(&self) -> &[String] {
        &self.0.tags
    }

    /// The organisation that stewards it.
    async fn owner(&self, ctx: &Context<'_>) -> Result<OrganisationNode> {
        Ok(OrganisationNode(
            loaders::organisation(ctx, self.0.owner_organisation_id).await?,
        ))
    }

    /// Which documents must stay valid from one version to the next.
    async fn compatibility_mode(&self) -> CompatibilityMode {
        self.0.mode.into()
    }

    /// How strictly open content models are judged.
    async fn policy(&self) -> CompatibilityPolicy {
        self.0.policy.into()
    }

    /// The upstream specification it renders, if any.
    async fn upstream(&self) -> Option<UpstreamNode> {
        self.0.upstream.clone().map(Into::into)
    }

    /// The standard's address; append `/{version}` for a version's canonical URI.
    async fn uri(&self, ctx: &Context<'_>) -> String {
        ctx.registry().addresses().standard(&self.0.slug)
    }

    /// Documents organisations validated with a token, per organisation, version and day, over the last
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
                standard_id: Some(self.0.id),
                ..Default::default()
            },
            days,
        )
        .await
    }

    /// The organisations that have declared they adopt it.
    #[graphql(complexity = "crate::graphql::limits::ADOPTERS * child_complexity")]
    async fn adopters(&self, ctx: &Context<'_>) -> Result<Vec<super::AdoptionNode>> {
        let filter = crate::registry::AdoptionFilter {
            standard_id: Some(self.0.id),
            ..Default::default()
        };
        super::adoption::adoptions_of(ctx, filter).await
    }

    /// Every published version, newest first.
    #[graphql(complexity = "crate::graphql::limits::VERSIONS_PER_STANDARD * child_complexity")]
    async fn versions(&self, ctx: &Context<'_>) -> Result<Vec<VersionNode>> {
        let versions = ctx.registry().versions(self.0.id).await?;
        Ok(versions
            .into_iter()
            .map(|v| VersionNode::new(self.0.clone(), v))
            .collect())
    }

    /// One version: an exact version (`1.2.0`, whatever its status), a semver range (`^1.2`:
    /// the greatest active match, else the greatest deprecated one, never a retired one), or,
    /// when omitted, the latest active version. Null when nothing matches.
    async fn version(&self, ctx: &Context<'_>, req: Option<String>) -> Result<Option<VersionNode>> {
        let selector = VersionSelector::parse(req.as_deref().unwrap_or(""))
            .map_err(|e| Error::bad_input("req", e))?;
        match ctx
            .registry()
            .resolve_version(&self.0.slug, &selector)
            .await
        {
            Ok((standard, version)) => Ok(Some(VersionNode::new(standard, version))),
            Err(Error::NotFound { .. }) => Ok(None),
            Err(other) => Err(other.into()),
        }
    }

    /// When it was created.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    /// When its metadata last changed.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}
