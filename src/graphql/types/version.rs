//! `Version`.

use async_graphql::{Context, Json, Object, Result};
use chrono::{DateTime, Utc};

use super::{AccountNode, CompatibilityReportNode, ProposalNode, StandardNode};
use crate::graphql::context::{ContextExt, SchemaJson, schema_json};
use crate::graphql::enums::VersionStatus;
use crate::graphql::loaders;
use crate::registry::{Standard, Version};

/// A published version of a standard. Its schema never changes.
pub struct VersionNode {
    standard: Standard,
    version: Version,
}

impl VersionNode {
    /// Wraps a version with its standard.
    pub fn new(standard: Standard, version: Version) -> Self {
        Self { standard, version }
    }
}

/// A published version of a standard. Its schema never changes.
#[Object(name = "Version")]
impl VersionNode {
    /// The standard it belongs to.
    async fn standard(&self) -> StandardNode {
        StandardNode(self.standard.clone())
    }

    /// The semver version, such as `1.2.0`.
    async fn version(&self) -> String {
        self.version.version.to_string()
    }

    /// Its canonical URI: `{base_url}/schemas/{slug}/{version}`. Other schemas reference it by
    /// this URI (or by the path `/schemas/{slug}/{version}`).
    async fn uri(&self, ctx: &Context<'_>) -> String {
        ctx.registry()
            .addresses()
            .canonical(&self.standard.slug, &self.version.version)
    }

    /// The JSON Schema, exactly as published.
    #[graphql(complexity = "crate::graphql::limits::DOCUMENT_COST")]
    async fn schema(&self) -> Result<SchemaJson> {
        Ok(schema_json(&self.version.schema_text)?)
    }

    /// For a version made of several files, the documents beside the root schema, each served
    /// at `{uri}/{path}` (empty for one file).
    async fn documents(&self, ctx: &Context<'_>) -> Result<Vec<DocumentNode>> {
        let uri = ctx
            .registry()
            .addresses()
            .canonical(&self.standard.slug, &self.version.version);
        DocumentNode::list(&self.version.documents, Some(&uri))
    }

    /// SHA-256 of the schema's canonical JSON (`sha256:…`), over the root and its documents
    /// for a version of several files; also its HTTP ETag.
    async fn content_hash(&self) -> &str {
        self.version.content_hash.as_str()
    }

    /// What changed in this version.
    async fn changelog(&self) -> &str {
        &self.version.changelog
    }

    /// Its life-cycle status.
    async fn status(&self) -> VersionStatus {
        self.version.status.into()
    }

    /// The version to move to, when deprecated.
    async fn successor(&self) -> Option<&str> {
        self.version.successor.as_deref()
    }

    /// When support ends, when deprecated.
    async fn sunset_at(&self) -> Option<DateTime<Utc>> {
        self.version.sunset_at
    }

    /// Why its status changed.
    async fn status_note(&self) -> Option<&str> {
        self.version.status_note.as_deref()
    }

    /// When it was approved.
    async fn approved_at(&self) -> DateTime<Utc> {
        self.version.approved_at
    }

    /// Who approved it (null for versions loaded from the seed catalogue).
    async fn approved_by(&self, ctx: &Context<'_>) -> Result<Option<AccountNode>> {
        match self.version.approved_by_account_id {
            Some(id) => Ok(Some(AccountNode(loaders::account(ctx, id).await?))),
            None => Ok(None),
        }
    }

    /// The proposal that published it (null for seeded versions).
    async fn proposal(&self, ctx: &Context<'_>) -> Result<Option<ProposalNode>> {
        match self.version.proposal_id {
            Some(id) => Ok(Some(ProposalNode(ctx.registry().proposal(id).await?))),
            None => Ok(None),
        }
    }

    /// The published versions this version's schema references.
    async fn references(&self, ctx: &Context<'_>) -> Result<Vec<VersionNode>> {
        let pairs = ctx.registry().references(&self.version).await?;
        Ok(pairs
            .into_iter()
            .map(|(s, v)| VersionNode::new(s, v))
            .collect())
    }

    /// The published versions whose schemas reference this version.
    async fn referenced_by(&self, ctx: &Context<'_>) -> Result<Vec<VersionNode>> {
        let pairs = ctx.registry().referenced_by(&self.version).await?;
        Ok(pairs
            .into_iter()
            .map(|(s, v)| VersionNode::new(s, v))
            .collect())
    }

    /// The organisations whose declared range takes in this version.
    #[graphql(complexity = "crate::graphql::limits::ADOPTERS * child_complexity")]
    async fn adopters(&self, ctx: &Context<'_>) -> Result<Vec<super::AdoptionNode>> {
        let filter = crate::registry::AdoptionFilter {
            standard_id: Some(self.standard.id),
            ..Default::default()
        };
        Ok(ctx
            .registry()
            .all_adoptions(filter)
            .await?
            .into_iter()
            .filter(|a| a.selects(&self.version.version))
            .map(super::AdoptionNode)
            .collect())
    }

    /// The schema as one self-contained document, every reference inlined under `$defs` by its
    /// canonical URI (also at `GET /schemas/{slug}/{version}/bundle`).
    #[graphql(complexity = "crate::graphql::limits::DOCUMENT_COST")]
    async fn bundle(&self, ctx: &Context<'_>) -> Result<Json<serde_json::Value>> {
        Ok(Json(
            ctx.registry().bundle(&self.standard, &self.version).await?,
        ))
    }

    /// What changed against the version published before it, as the compatibility engine
    /// judged it when this version was approved (null for a standard's first version).
    async fn changes(&self) -> Option<CompatibilityReportNode> {
        self.version.change_report.clone().map(Into::into)
    }
}

/// One named document of a version made of several files.
#[derive(async_graphql::SimpleObject)]
#[graphql(name = "SchemaFile")]
pub struct DocumentNode {
    /// Its path inside the version, by which the root and the other documents reference it.
    pub path: String,
    /// Where it is served (`{version uri}/{path}`); null for a proposal's revision, which is
    /// not published.
    pub uri: Option<String>,
    /// The document, exactly as given.
    #[graphql(complexity = "crate::graphql::limits::DOCUMENT_COST")]
    pub schema: SchemaJson,
}

impl DocumentNode {
    /// The documents of a version (at `version_uri`) or a revision (none).
    pub(crate) fn list(
        documents: &[crate::domain::NamedDocument],
        version_uri: Option<&str>,
    ) -> Result<Vec<Self>> {
        documents
            .iter()
            .map(|d| {
                Ok(Self {
                    path: d.path.to_string(),
                    uri: version_uri.map(|u| crate::validate::document_uri(u, d.path.as_str())),
                    schema: schema_json(d.document.text())?,
                })
            })
            .collect()
    }
}
