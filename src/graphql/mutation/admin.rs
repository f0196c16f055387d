//! Organisations and accounts.

use async_graphql::{Context, InputObject, Object, Result, SimpleObject};

use crate::domain::OrgSlug;
use crate::graphql::context::ContextExt;
use crate::graphql::enums::{OrganisationKind, Role};
use crate::graphql::types::{AccountNode, OrganisationNode};
use crate::registry::{Error, NewOrganisation};

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

/// Managing organisations and accounts (the CDO's).
#[derive(Default)]
pub struct AdminMutation;

#[Object]
impl AdminMutation {
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
}
