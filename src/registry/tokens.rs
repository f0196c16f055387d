//! An account's API tokens: listing them (never their secrets), creating one with a label and an
//! expiry, and revoking one by its prefix. Holders manage their own; the CDO manages anyone's
//! but a CDO's, which is the operator's.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::json;

use super::accounts::insert_token_row;
use super::audit::{Event, record};
use super::{Error, Registry, Result};
use crate::auth::{Caller, NewToken, Principal, generate_token};
use crate::db::begin_write;
use crate::db::entities::api_token;
use crate::domain::AuditAction;
use crate::governance::{Action, authorise};

/// The longest a token may be created for, in days.
pub const MAX_TOKEN_DAYS: u32 = 730;

/// A token as its listing shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenInfo {
    /// Internal id.
    pub id: i64,
    /// The account holding it.
    pub account_id: i64,
    /// Its first characters, to recognise it.
    pub prefix: String,
    /// What it is for ("Camden CI").
    pub label: Option<String>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it was last used (to the minute).
    pub last_used_at: Option<DateTime<Utc>>,
    /// When it stops working by itself.
    pub expires_at: Option<DateTime<Utc>>,
    /// When it was revoked.
    pub revoked_at: Option<DateTime<Utc>>,
}

impl From<api_token::Model> for TokenInfo {
    fn from(row: api_token::Model) -> Self {
        Self {
            id: row.id,
            account_id: row.account_id,
            prefix: row.prefix,
            label: row.label,
            created_at: row.created_at,
            last_used_at: row.last_used_at,
            expires_at: row.expires_at,
            revoked_at: row.revoked_at,
        }
    }
}

/// A token to create.
#[derive(Debug, Clone, Default)]
pub struct TokenRequest {
    /// What it is for.
    pub label: Option<String>,
    /// Days until it stops working by itself (none: until revoked).
    pub expires_in_days: Option<u32>,
}

impl TokenRequest {
    fn expiry(&self, now: DateTime<Utc>) -> Result<Option<DateTime<Utc>>> {
        match self.expires_in_days {
            None => Ok(None),
            Some(days) if (1..=MAX_TOKEN_DAYS).contains(&days) => {
                Ok(Some(now + Duration::days(i64::from(days))))
            }
            Some(_) => Err(Error::bad_input(
                "expiresInDays",
                format!("a token lasts between 1 and {MAX_TOKEN_DAYS} days"),
            )),
        }
    }

    fn label(&self) -> Result<Option<String>> {
        self.label
            .as_deref()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| {
                crate::domain::Name::parse(l)
                    .map(|n| n.into_string())
                    .map_err(|e| Error::bad_input("label", e))
            })
            .transpose()
    }
}

impl Registry {
    fn may_manage_tokens_of(&self, caller: &Caller, account: &super::Account) -> Result<()> {
        let own = caller
            .principal()
            .is_some_and(|p| p.account_id == account.id);
        authorise(
            caller.actor(),
            Action::RevokeToken {
                own,
                owner_role: account.role,
            },
        )?;
        Ok(())
    }

    /// An account's tokens, newest first.
    pub async fn tokens_of(&self, caller: &Caller, account_id: i64) -> Result<Vec<TokenInfo>> {
        let account = self.account(account_id).await?;
        self.may_manage_tokens_of(caller, &account)?;
        Ok(api_token::Entity::find()
            .filter(api_token::Column::AccountId.eq(account_id))
            .order_by_desc(api_token::Column::Id)
            .all(self.db())
            .await?
            .into_iter()
            .map(TokenInfo::from)
            .collect())
    }

    /// Creates a token for an existing account: its holder's own, or any but a CDO's for the
    /// CDO.
    #[tracing::instrument(skip_all, fields(organisation = caller.organisation()))]
    pub async fn add_token(
        &self,
        caller: &Caller,
        account_id: i64,
        request: &TokenRequest,
    ) -> Result<(TokenInfo, NewToken)> {
        let account = self.account(account_id).await?;
        self.may_manage_tokens_of(caller, &account)?;
        if account.deactivated_at.is_some() {
            return Err(Error::bad_input(
                "account",
                "this account has been deactivated",
            ));
        }
        let now = self.now();
        let (label, expires_at) = (request.label()?, request.expiry(now)?);
        let token = generate_token();
        let txn = begin_write(self.db()).await?;
        insert_token_row(&txn, account_id, &token, label.clone(), expires_at, now).await?;
        record(
            &txn,
            now,
            Event {
                actor: caller.principal(),
                action: AuditAction::AccountTokenCreated,
                subject_id: account_id.to_string(),
                details: json!({ "tokenPrefix": token.prefix, "label": label, "expiresAt": expires_at }),
            },
        )
        .await?;
        self.commit(txn).await?;
        let info = api_token::Entity::find()
            .filter(api_token::Column::TokenHash.eq(token.hash.as_str()))
            .one(self.db())
            .await?
            .ok_or_else(|| Error::not_found("token", &token.prefix))?;
        Ok((info.into(), token))
    }

    /// Revokes the token with this prefix: it stops working at once.
    #[tracing::instrument(skip_all, fields(organisation = caller.organisation()))]
    pub async fn revoke_token(&self, caller: &Caller, prefix: &str) -> Result<TokenInfo> {
        let row = self.token_by_prefix(prefix).await?;
        let account = self.account(row.account_id).await?;
        self.may_manage_tokens_of(caller, &account)?;
        self.revoke(caller.principal(), row).await
    }

    /// Revokes the token with this prefix as the operator.
    pub async fn revoke_token_as_operator(&self, prefix: &str) -> Result<TokenInfo> {
        let row = self.token_by_prefix(prefix).await?;
        self.revoke(None, row).await
    }

    async fn token_by_prefix(&self, prefix: &str) -> Result<api_token::Model> {
        let prefix = prefix.trim();
        let mut rows = api_token::Entity::find()
            .filter(api_token::Column::Prefix.eq(prefix))
            .all(self.db())
            .await?;
        match rows.len() {
            0 => Err(Error::not_found("token", crate::domain::Quoted(prefix))),
            1 => Ok(rows.remove(0)),
            n => Err(Error::bad_input(
                "prefix",
                format!("{n} tokens start with {prefix}; revoke them from the account's page"),
            )),
        }
    }

    async fn revoke(&self, actor: Option<&Principal>, row: api_token::Model) -> Result<TokenInfo> {
        if row.revoked_at.is_some() {
            return Ok(row.into());
        }
        let now = self.now();
        let txn = begin_write(self.db()).await?;
        let (account_id, prefix) = (row.account_id, row.prefix.clone());
        let mut active: api_token::ActiveModel = row.into();
        active.revoked_at = Set(Some(now));
        let updated = active.update(&txn).await?;
        record(
            &txn,
            now,
            Event {
                actor,
                action: AuditAction::AccountTokenRevoked,
                subject_id: account_id.to_string(),
                details: json!({ "tokenPrefix": prefix }),
            },
        )
        .await?;
        self.commit(txn).await?;
        Ok(updated.into())
    }
}
