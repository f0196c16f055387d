//! API tokens for an existing account: creating one with a label and an expiry, and revoking
//! one by its prefix. Holders manage their own; the CDO manages anyone's but a CDO's.

use async_graphql::{Context, ID, InputObject, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};

use crate::graphql::context::ContextExt;
use crate::registry::{Error, TokenInfo, TokenRequest};

/// An API token as listings show it: never its secret.
pub struct TokenNode(pub TokenInfo);

/// An API token (its secret is shown only when it is created).
#[Object(name = "ApiToken")]
impl TokenNode {
    /// Its first characters (`concord_` and six more), to recognise it.
    async fn prefix(&self) -> &str {
        &self.0.prefix
    }

    /// What it is for.
    async fn label(&self) -> Option<&str> {
        self.0.label.as_deref()
    }

    /// When it was created.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    /// When it was last used (to the minute).
    async fn last_used_at(&self) -> Option<DateTime<Utc>> {
        self.0.last_used_at
    }

    /// When it stops working by itself.
    async fn expires_at(&self) -> Option<DateTime<Utc>> {
        self.0.expires_at
    }

    /// When it was revoked.
    async fn revoked_at(&self) -> Option<DateTime<Utc>> {
        self.0.revoked_at
    }
}

/// A token to add to an account.
#[derive(InputObject)]
pub struct AddTokenInput {
    /// The account's id.
    pub account: ID,
    /// What it is for, such as "Camden CI".
    pub label: Option<String>,
    /// Days until it stops working by itself (1 to 730); none: until revoked.
    pub expires_in_days: Option<u32>,
}

/// The token added, with its secret shown only this once.
#[derive(SimpleObject)]
pub struct AddTokenPayload {
    /// The token.
    pub token: TokenNode,
    /// The API token (`concord_…`). Only its hash is stored: copy it now.
    pub secret: String,
}

/// The token revoked.
#[derive(SimpleObject)]
pub struct RevokeTokenPayload {
    /// The token, with `revokedAt` set.
    pub token: TokenNode,
}

/// Managing API tokens.
#[derive(Default)]
pub struct TokenMutation;

#[Object]
impl TokenMutation {
    /// Adds a token to an account: your own, or (the CDO) any account but a CDO's.
    async fn add_token(&self, ctx: &Context<'_>, input: AddTokenInput) -> Result<AddTokenPayload> {
        let account = input
            .account
            .parse::<i64>()
            .map_err(|_| Error::bad_input("account", "not an account id"))?;
        let request = TokenRequest {
            label: input.label,
            expires_in_days: input.expires_in_days,
        };
        let (info, token) = ctx
            .registry()
            .add_token(ctx.caller(), account, &request)
            .await?;
        Ok(AddTokenPayload {
            token: TokenNode(info),
            secret: token.secret,
        })
    }

    /// Revokes the token that starts with `prefix`: your own, or (the CDO) any but a CDO's. It
    /// stops working at once.
    async fn revoke_token(&self, ctx: &Context<'_>, prefix: String) -> Result<RevokeTokenPayload> {
        let info = ctx.registry().revoke_token(ctx.caller(), &prefix).await?;
        Ok(RevokeTokenPayload {
            token: TokenNode(info),
        })
    }
}
