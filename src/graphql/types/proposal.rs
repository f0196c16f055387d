//! `Proposal` and `Revision`.

use async_graphql::{Context, ID, Object, Result};
use chrono::{DateTime, Utc};

use super::{
    AccountNode, AuditEventNode, CommentNode, CompatibilityReportNode, OrganisationNode,
    ReviewNode, ReviewTallyNode, StandardNode, VersionNode,
};
use crate::graphql::context::{ContextExt, SchemaJson, schema_json};
use crate::graphql::enums::{
    Bump, CompatibilityMode, CompatibilityPolicy, ProposalKind, ProposalState,
};
use crate::graphql::loaders;
use crate::registry::{Proposal, Revision};

/// A proposal for a new standard, or a new version of one, on its way through consultation,
/// review and the CDO's decision.
pub struct ProposalNode(pub Proposal);

/// A proposal for a new standard, or a new version of one, on its way through consultation,
/// review and the CDO's decision.
#[Object(name = "Proposal")]
impl ProposalNode {
    /// Its id (also its number).
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    /// New standard or new version.
    async fn kind(&self) -> ProposalKind {
        self.0.kind.into()
    }

    /// Where it is in its life cycle.
    async fn state(&self) -> ProposalState {
        self.0.state.into()
    }

    /// The slug of the standard it creates or extends.
    async fn standard_slug(&self) -> &str {
        self.0.standard_slug.as_str()
    }

    /// The standard, once it exists (for a new standard: after approval).
    async fn standard(&self, ctx: &Context<'_>) -> Result<Option<StandardNode>> {
        match self.0.standard_id {
            Some(id) => Ok(Some(StandardNode(ctx.registry().standard_by_id(id).await?))),
            None => Ok(None),
        }
    }

    /// The standard's title.
    async fn title(&self) -> &str {
        &self.0.title
    }

    /// The standard's summary.
    async fn summary(&self) -> &str {
        &self.0.summary
    }

    /// The standard's theme.
    async fn theme(&self) -> &str {
        &self.0.theme
    }

    /// The standard's tags.
    async fn tags(&self) -> &[String] {
        &self.0.tags
    }

    /// The compatibility mode the standard has (or will have).
    async fn compatibility_mode(&self) -> CompatibilityMode {
        self.0.mode.into()
    }

    /// The standard's policy for open content models.
    async fn policy(&self) -> CompatibilityPolicy {
        self.0.policy.into()
    }

    /// Why the change is wanted.
    async fn rationale(&self) -> &str {
        &self.0.rationale
    }

    /// The account that proposed it.
    async fn author(&self, ctx: &Context<'_>) -> Result<AccountNode> {
        Ok(AccountNode(
            loaders::account(ctx, self.0.author_account_id).await?,
        ))
    }

    /// The organisation that proposed it.
    async fn author_organisation(&self, ctx: &Context<'_>) -> Result<OrganisationNode> {
        Ok(OrganisationNode(
            loaders::organisation(ctx, self.0.author_organisation_id).await?,
        ))
    }

    /// Every revision, first to last.
    async fn revisions(&self, ctx: &Context<'_>) -> Result<Vec<RevisionNode>> {
        Ok(ctx
            .registry()
            .revisions(self.0.id)
            .await?
            .into_iter()
            .map(RevisionNode)
            .collect())
    }

    /// How the current revision compares with the published versions (null for a new standard).
    async fn compatibility(&self, ctx: &Context<'_>) -> Result<Option<CompatibilityReportNode>> {
        let revision = ctx.registry().latest_revision(self.0.id).await?;
        Ok(stored_compatibility(&revision))
    }

    /// The current revision: the schema and version that approval would publish.
    async fn latest_revision(&self, ctx: &Context<'_>) -> Result<RevisionNode> {
        Ok(RevisionNode(
            ctx.registry().latest_revision(self.0.id).await?,
        ))
    }

    /// The latest revision's impact on the organisations that adopted the standard: whom it
    /// affects and how, computed from the adoptions and fixtures as they are now.
    #[graphql(complexity = "crate::graphql::limits::IMPACT_COST + child_complexity")]
    async fn impact(&self, ctx: &Context<'_>) -> Result<super::ImpactNode> {
        let registry = ctx.registry();
        let revision = registry.latest_revision(self.0.id).await?;
        Ok(super::ImpactNode(
            registry.impact(&self.0, &revision).await?,
        ))
    }

    /// When it was created.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    /// When it last changed.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }

    /// When it was submitted for consultation.
    async fn submitted_at(&self) -> Option<DateTime<Utc>> {
        self.0.submitted_at
    }

    /// When its consultation closes.
    async fn consultation_closes_at(&self) -> Option<DateTime<Utc>> {
        self.0.consultation_closes_at
    }

    /// When it was decided.
    async fn decided_at(&self) -> Option<DateTime<Utc>> {
        self.0.decided_at
    }

    /// Who decided it.
    async fn decided_by(&self, ctx: &Context<'_>) -> Result<Option<AccountNode>> {
        match self.0.decided_by_account_id {
            Some(id) => Ok(Some(AccountNode(loaders::account(ctx, id).await?))),
            None => Ok(None),
        }
    }

    /// The CDO's note on the decision.
    async fn decision_note(&self) -> Option<&str> {
        self.0.decision_note.as_deref()
    }

    /// Whether the consultation window is still running: the CDO may approve only once it has
    /// closed.
    async fn consultation_open(&self, ctx: &Context<'_>) -> bool {
        ctx.registry().consultation_open(&self.0)
    }

    /// How many times the board has been convened on it (0 before the first review).
    async fn review_round(&self) -> i32 {
        self.0.review_round
    }

    /// The date the board is asked to report by in the current round; reviews stay open until
    /// the decision.
    async fn review_deadline(&self) -> Option<DateTime<Utc>> {
        self.0.review_deadline
    }

    /// The board members convened for the current round.
    async fn reviewers(&self, ctx: &Context<'_>) -> Result<Vec<AccountNode>> {
        Ok(ctx
            .registry()
            .reviewers(&self.0)
            .await?
            .into_iter()
            .map(AccountNode)
            .collect())
    }

    /// The reviews cast in the current round.
    async fn reviews(&self, ctx: &Context<'_>) -> Result<Vec<ReviewNode>> {
        Ok(ctx
            .registry()
            .reviews(&self.0)
            .await?
            .into_iter()
            .map(ReviewNode)
            .collect())
    }

    /// The current round counted, with what an approval needs.
    async fn tally(&self, ctx: &Context<'_>) -> Result<ReviewTallyNode> {
        Ok(ReviewTallyNode(ctx.registry().review_tally(&self.0).await?))
    }

    /// Its comments, oldest first: top-level comments only when `threads` is true (follow
    /// `replies`), every comment otherwise.
    async fn comments(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = false)] threads: bool,
    ) -> Result<Vec<CommentNode>> {
        Ok(ctx
            .registry()
            .comments(self.0.id, threads)
            .await?
            .into_iter()
            .map(CommentNode)
            .collect())
    }

    /// Everything that happened to it, oldest first, from the audit log: its own events and the
    /// publication of the standard and version its approval created.
    async fn timeline(&self, ctx: &Context<'_>) -> Result<Vec<AuditEventNode>> {
        Ok(ctx
            .registry()
            .proposal_timeline(&self.0)
            .await?
            .into_iter()
            .map(AuditEventNode)
            .collect())
    }

    /// The version its approval published.
    async fn published_version(&self, ctx: &Context<'_>) -> Result<Option<VersionNode>> {
        let Some(id) = self.0.published_version_id else {
            return Ok(None);
        };
        let registry = ctx.registry();
        let version = registry.version_by_id(id).await?;
        let standard = registry.standard_by_id(version.standard_id).await?;
        Ok(Some(VersionNode::new(standard, version)))
    }
}

/// One revision of a proposal: a schema and the version it declares.
pub struct RevisionNode(pub Revision);

/// One revision of a proposal: a schema and the version it declares.
#[Object(name = "Revision")]
impl RevisionNode {
    /// 1 for the first revision, then 2, 3…
    async fn number(&self) -> i32 {
        self.0.number
    }

    /// This revision's impact on the organisations that adopted the standard, computed from
    /// the adoptions and fixtures as they are now.
    #[graphql(complexity = "crate::graphql::limits::IMPACT_COST + child_complexity")]
    async fn impact(&self, ctx: &Context<'_>) -> Result<super::ImpactNode> {
        let registry = ctx.registry();
        let proposal = registry.proposal(self.0.proposal_id).await?;
        Ok(super::ImpactNode(
            registry.impact(&proposal, &self.0).await?,
        ))
    }

    /// The version this revision would publish.
    async fn version(&self) -> String {
        self.0.version.to_string()
    }

    /// The proposed JSON Schema.
    async fn schema(&self) -> Result<SchemaJson> {
        Ok(schema_json(&self.0.schema_text)?)
    }

    /// For a version made of several files, the documents beside the root schema, in the
    /// order given (empty for one file).
    async fn documents(&self) -> Result<Vec<super::DocumentNode>> {
        super::DocumentNode::list(&self.0.documents, None)
    }

    /// What the schema asks for that Concord accepts but does not check (today: `format`s it
    /// does not know, which are annotations), each at its JSON Pointer. The board sees these
    /// before it approves.
    async fn warnings(&self) -> Vec<SchemaWarningNode> {
        self.0
            .warnings()
            .into_iter()
            .map(SchemaWarningNode::from)
            .collect()
    }

    /// SHA-256 of the schema's canonical JSON (with its documents, for several files).
    async fn content_hash(&self) -> &str {
        self.0.content_hash.as_str()
    }

    /// What this revision changes.
    async fn changelog(&self) -> &str {
        &self.0.changelog
    }

    /// How this revision compares with the versions published when it was made (null for a new
    /// standard).
    async fn compatibility(&self) -> Option<CompatibilityReportNode> {
        stored_compatibility(&self.0)
    }

    /// The smallest version bump its changes require; it sets the consultation's length.
    async fn required_bump(&self) -> Bump {
        self.0.required_bump.into()
    }

    /// Who made it.
    async fn author(&self, ctx: &Context<'_>) -> Result<AccountNode> {
        Ok(AccountNode(
            loaders::account(ctx, self.0.created_by_account_id).await?,
        ))
    }

    /// When it was made.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// A revision's stored compatibility report.
fn stored_compatibility(revision: &Revision) -> Option<CompatibilityReportNode> {
    revision.compatibility.clone().map(Into::into)
}

/// Something a schema asks for that Concord accepts but does not check.
#[derive(async_graphql::SimpleObject)]
#[graphql(name = "SchemaWarning")]
pub struct SchemaWarningNode {
    /// Which of the version's named documents it is in (null for the root schema).
    pub document: Option<String>,
    /// Where in the schema (a JSON Pointer to the keyword).
    pub pointer: String,
    /// The keyword, such as `format`.
    pub keyword: String,
    /// What is not checked, in a sentence.
    pub message: String,
}

impl From<crate::validate::SchemaWarning> for SchemaWarningNode {
    fn from(w: crate::validate::SchemaWarning) -> Self {
        Self {
            document: w.document,
            pointer: w.pointer,
            keyword: w.keyword,
            message: w.message,
        }
    }
}
