//! Proposing, revising, submitting, commenting, deciding and withdrawing.

use async_graphql::{Context, ID, InputObject, Object, Result, SimpleObject};

use crate::graphql::context::{ContextExt, DocumentInput, SchemaJson, numeric_id, schema_files};
use crate::graphql::enums::{CompatibilityMode, CompatibilityPolicy, Decision};
use crate::graphql::types::{CommentNode, ProposalNode};
use crate::registry::{NewStandardProposal, NewVersionProposal, RawStandardProposal};

/// A proposal for a new standard with its first version.
#[derive(InputObject)]
pub struct ProposeStandardInput {
    /// The new standard's slug: one or two kebab segments, such as `mobility/ev-chargepoint`.
    pub slug: String,
    /// Its title.
    pub title: String,
    /// What it describes and who publishes it.
    pub summary: String,
    /// Its theme, such as `mobility`.
    pub theme: String,
    /// Its tags.
    #[graphql(default)]
    pub tags: Vec<String>,
    /// Its compatibility mode (default BACKWARD).
    pub compatibility_mode: Option<CompatibilityMode>,
    /// Its policy for open content models (default LENIENT).
    pub policy: Option<CompatibilityPolicy>,
    /// The first version (such as `1.0.0`, or `0.1.0` for a candidate).
    pub version: String,
    /// The JSON Schema (the version's root).
    pub schema: SchemaJson,
    /// For a version made of several files, the documents the root references relatively.
    #[graphql(default)]
    pub documents: Vec<DocumentInput>,
    /// Why London needs it.
    pub rationale: String,
}

/// A proposal for a new version of an existing standard.
#[derive(InputObject)]
pub struct ProposeVersionInput {
    /// The standard's slug.
    pub standard: String,
    /// The new version, greater than every published one.
    pub version: String,
    /// The new JSON Schema (the version's root).
    pub schema: SchemaJson,
    /// For a version made of several files, the documents the root references relatively.
    #[graphql(default)]
    pub documents: Vec<DocumentInput>,
    /// What changed.
    pub changelog: String,
    /// Why.
    pub rationale: String,
}

/// The proposal created or moved.
#[derive(SimpleObject)]
pub struct ProposalPayload {
    /// The proposal as it is now.
    pub proposal: ProposalNode,
}

/// The comment added, and its proposal.
#[derive(SimpleObject)]
pub struct CommentPayload {
    /// The new comment.
    pub comment: CommentNode,
    /// The proposal it is on.
    pub proposal: ProposalNode,
}

/// The life of a proposal, from the proposer's side and the CDO's decision.
#[derive(Default)]
pub struct ProposalMutation;

#[Object]
impl ProposalMutation {
    /// Proposes a new standard, as a draft of the caller's organisation. The schema must be a
    /// valid JSON Schema whose references are local or to published versions.
    async fn propose_standard(
        &self,
        ctx: &Context<'_>,
        input: ProposeStandardInput,
    ) -> Result<ProposalPayload> {
        let mode = input
            .compatibility_mode
            .map(crate::domain::CompatibilityMode::from);
        let policy = input.policy.map(crate::domain::CompatibilityPolicy::from);
        let proposal = NewStandardProposal::parse(
            RawStandardProposal {
                slug: &input.slug,
                title: &input.title,
                summary: &input.summary,
                theme: &input.theme,
                tags: &input.tags,
                mode: mode.map(|m| m.as_str()),
                policy: policy.map(|p| p.as_str()),
                version: &input.version,
                rationale: &input.rationale,
            },
            schema_files(
                "input.schema",
                input.schema,
                input.documents,
                "input.documents",
            )?,
        )?;
        let proposal = ctx
            .registry()
            .propose_standard(ctx.caller(), proposal)
            .await?;
        Ok(ProposalPayload {
            proposal: ProposalNode(proposal),
        })
    }

    /// Proposes a new version of a standard, as a draft of the caller's organisation.
    async fn propose_version(
        &self,
        ctx: &Context<'_>,
        input: ProposeVersionInput,
    ) -> Result<ProposalPayload> {
        let proposal = NewVersionProposal::parse(
            &input.standard,
            &input.version,
            schema_files(
                "input.schema",
                input.schema,
                input.documents,
                "input.documents",
            )?,
            &input.changelog,
            &input.rationale,
        )?;
        let proposal = ctx
            .registry()
            .propose_version(ctx.caller(), proposal)
            .await?;
        Ok(ProposalPayload {
            proposal: ProposalNode(proposal),
        })
    }

    /// Submits a draft for public consultation. Its authoring organisation only.
    async fn submit_proposal(&self, ctx: &Context<'_>, id: ID) -> Result<ProposalPayload> {
        let id = numeric_id("id", &id)?;
        let proposal = ctx.registry().submit_proposal(ctx.caller(), id).await?;
        Ok(ProposalPayload {
            proposal: ProposalNode(proposal),
        })
    }

    /// Decides a proposal under review; CDO only, and never for a proposal from the CDO's own
    /// organisation. APPROVE needs the consultation closed (`CONSULTATION_OPEN` otherwise), more
    /// than the quorum of the convened reviewers approving and more approvals than rejections
    /// (`QUORUM_NOT_MET` otherwise), and publishes the version in the same transaction. REJECT
    /// and REQUEST_CHANGES need a note; REQUEST_CHANGES returns the proposal to draft.
    async fn decide_proposal(
        &self,
        ctx: &Context<'_>,
        id: ID,
        decision: Decision,
        note: Option<String>,
    ) -> Result<ProposalPayload> {
        let id = numeric_id("id", &id)?;
        let proposal = ctx
            .registry()
            .decide_proposal(ctx.caller(), id, decision.into(), note.as_deref())
            .await?;
        Ok(ProposalPayload {
            proposal: ProposalNode(proposal),
        })
    }

    /// Adds a revision (a schema, with its named documents for a version of several files, and
    /// its declared version) to a draft or a proposal in consultation; a revision during
    /// consultation restarts its window. Its authoring organisation only.
    async fn revise_proposal(
        &self,
        ctx: &Context<'_>,
        id: ID,
        schema: SchemaJson,
        #[graphql(default)] documents: Vec<DocumentInput>,
        version: String,
        changelog: String,
    ) -> Result<ProposalPayload> {
        let id = numeric_id("id", &id)?;
        let proposal = ctx
            .registry()
            .revise_proposal(
                ctx.caller(),
                id,
                schema_files("schema", schema, documents, "documents")?,
                &version,
                &changelog,
            )
            .await?;
        Ok(ProposalPayload {
            proposal: ProposalNode(proposal),
        })
    }

    /// Comments on an undecided proposal; anyone with a token. `pointer` anchors the comment to
    /// a location in the proposed schema (it must exist there); `replyTo` threads it under
    /// another comment on the same proposal.
    async fn comment_on_proposal(
        &self,
        ctx: &Context<'_>,
        id: ID,
        body: String,
        pointer: Option<String>,
        reply_to: Option<ID>,
    ) -> Result<CommentPayload> {
        let id = numeric_id("id", &id)?;
        let reply_to = reply_to.map(|r| numeric_id("replyTo", &r)).transpose()?;
        let registry = ctx.registry();
        let comment = registry
            .comment_on_proposal(ctx.caller(), id, &body, pointer.as_deref(), reply_to)
            .await?;
        Ok(CommentPayload {
            comment: CommentNode(comment),
            proposal: ProposalNode(registry.proposal(id).await?),
        })
    }

    /// Withdraws a proposal before a decision. Its authoring organisation only.
    async fn withdraw_proposal(
        &self,
        ctx: &Context<'_>,
        id: ID,
        note: Option<String>,
    ) -> Result<ProposalPayload> {
        let id = numeric_id("id", &id)?;
        let proposal = ctx
            .registry()
            .withdraw_proposal(ctx.caller(), id, note.as_deref())
            .await?;
        Ok(ProposalPayload {
            proposal: ProposalNode(proposal),
        })
    }
}
