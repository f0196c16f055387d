//! The root `Mutation`: each takes an input object (or an id) and returns a payload object
//! carrying what it changed.

use async_graphql::{Context, ID, InputObject, Json, Object, Result, SimpleObject};

use super::context::{ContextExt, numeric_id};
use super::enums::{CompatibilityMode, CompatibilityPolicy, Decision, OrganisationKind, Role};
use super::types::{AccountNode, OrganisationNode, ProposalNode};
use crate::domain::OrgSlug;
use crate::registry::{
    Error, NewOrganisation, NewStandardProposal, NewVersionProposal, RawStandardProposal,
};

/// A new organisation.
#[derive(InputObject)]
pub struct CreateOrganisationInput {
    /// Lowercase kebab slug, such as `acme-mobility`.
    pub slug: String,
    /// Official name.
    pub name: String,
    /// What sort of body it is.
    pub kind: OrganisationKind,
    /// ONS GSS code, for authorities.
    pub gss_code: Option<String>,
    /// Three-letter register code, for authorities.
    pub register_code: Option<String>,
}

/// The organisation created.
#[derive(SimpleObject)]
pub struct CreateOrganisationPayload {
    /// The new organisation.
    pub organisation: OrganisationNode,
}

/// A new account and its API token.
#[derive(InputObject)]
pub struct CreateTokenInput {
    /// The organisation's slug.
    pub organisation: String,
    /// What the account may do.
    pub role: Role,
    /// A label for the holder, such as "Camden data team".
    pub name: String,
}

/// The account created and its token, shown only this once.
#[derive(SimpleObject)]
pub struct CreateTokenPayload {
    /// The new account.
    pub account: AccountNode,
    /// The API token (`concord_…`). Only its hash is stored: copy it now.
    pub token: String,
}

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
    pub compatibility: Option<CompatibilityMode>,
    /// Its policy for open content models (default LENIENT).
    pub policy: Option<CompatibilityPolicy>,
    /// The first version (such as `1.0.0`, or `0.1.0` for a candidate).
    pub version: String,
    /// The JSON Schema.
    pub schema: Json<serde_json::Value>,
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
    /// The new JSON Schema.
    pub schema: Json<serde_json::Value>,
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

/// The root mutation type.
pub struct Mutation;

#[Object]
impl Mutation {
    /// Adds an organisation, such as a vendor. CDO only.
    async fn create_organisation(
        &self,
        ctx: &Context<'_>,
        input: CreateOrganisationInput,
    ) -> Result<CreateOrganisationPayload> {
        let kind: crate::domain::OrganisationKind = input.kind.into();
        let new = NewOrganisation::parse(
            &input.slug,
            &input.name,
            kind.as_str(),
            input.gss_code.as_deref(),
            input.register_code.as_deref(),
        )?;
        let organisation = ctx
            .registry()
            .create_organisation(ctx.caller(), new)
            .await?;
        Ok(CreateOrganisationPayload {
            organisation: OrganisationNode(organisation),
        })
    }

    /// Creates an account in an organisation with an API token. CDO only.
    async fn create_token(
        &self,
        ctx: &Context<'_>,
        input: CreateTokenInput,
    ) -> Result<CreateTokenPayload> {
        let org =
            OrgSlug::parse(&input.organisation).map_err(|e| Error::bad_input("organisation", e))?;
        let (account, token) = ctx
            .registry()
            .create_token(ctx.caller(), &org, input.role.into(), &input.name)
            .await?;
        Ok(CreateTokenPayload {
            account: AccountNode(account),
            token: token.secret,
        })
    }

    /// Proposes a new standard, as a draft of the caller's organisation. The schema must be a
    /// valid JSON Schema whose references are local or to published versions.
    async fn propose_standard(
        &self,
        ctx: &Context<'_>,
        input: ProposeStandardInput,
    ) -> Result<ProposalPayload> {
        let mode = input
            .compatibility
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
            input.schema.0,
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
            input.schema.0,
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

    /// Decides a proposal. APPROVE publishes its version in the same transaction. CDO only, and
    /// never for a proposal from the CDO's own organisation.
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
}
