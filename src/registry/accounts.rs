//! Accounts and their tokens: issuing one (the CDO, or the operator through the CLI), the first
//! CDO token on an empty database, and resolving a presented token to its account.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter,
    Set,
};
use serde_json::json;

use super::audit::{Event, record};
use super::{Account, Error, Registry, Result};
use crate::auth::{Caller, NewToken, Principal, generate_token, hash_token};
use crate::db::begin_write;
use crate::db::entities::{account, api_token, organisation};
use crate::domain::AuditAction;
use crate::domain::{OrgSlug, Role};
use crate::governance::{Action, authorise};

/// An account to create.
#[derive(Debug, Clone, Copy)]
pub struct NewAccount<'a> {
    /// Its organisation.
    pub organisation: &'a OrgSlug,
    /// Its role.
    pub role: Role,
    /// A label for its holder.
    pub name: &'a str,
    /// The address its holder signs in with.
    pub email: Option<&'a crate::domain::Email>,
}

/// Stores a token's hash for `account_id`, inside `txn`.
pub(super) async fn insert_token_row(
    txn: &DatabaseTransaction,
    account_id: i64,
    token: &NewToken,
    label: Option<String>,
    expires_at: Option<chrono::DateTime<chrono::Utc>>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    api_token::ActiveModel {
        account_id: Set(account_id),
        prefix: Set(token.prefix.clone()),
        token_hash: Set(token.hash.clone()),
        created_at: Set(now),
        revoked_at: Set(None),
        label: Set(label),
        expires_at: Set(expires_at),
        last_used_at: Set(None),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}

/// The organisation that holds the first CDO account: the CDO is a GLA post.
const CDO_ORGANISATION: &str = "gla";

impl Registry {
    /// Creates an account with a token; only the CDO may, and never a CDO account (only the
    /// operator creates those, so a CDO refused for a conflict of interest cannot make another).
    #[tracing::instrument(skip_all, fields(organisation = caller.organisation()))]
    pub async fn create_token(
        &self,
        caller: &Caller,
        organisation: &OrgSlug,
        role: Role,
        name: &str,
    ) -> Result<(Account, NewToken)> {
        authorise(caller.actor(), Action::CreateAccount { role })?;
        self.issue_token(caller.principal(), organisation, role, name)
            .await
    }

    /// Creates an account with a token as the operator (the CLI, which holds the database).
    pub async fn create_token_as_operator(
        &self,
        organisation: &OrgSlug,
        role: Role,
        name: &str,
    ) -> Result<(Account, NewToken)> {
        self.issue_token(None, organisation, role, name).await
    }

    /// On a database with no accounts at all, creates the first CDO account and returns its
    /// token (to be printed once); otherwise does nothing.
    pub async fn bootstrap_first_cdo(&self) -> Result<Option<NewToken>> {
        let gla = OrgSlug::parse(CDO_ORGANISATION).map_err(Error::internal)?;
        let txn = begin_write(self.db()).await?;
        // Counted under the write lock: replicas starting together on an empty database must not
        // each mint a first CDO token.
        if account::Entity::find().count(&txn).await? > 0 {
            return Ok(None);
        }
        let (_, token) = match self
            .insert_account(&txn, None, &gla, Role::Cdo, "Chief Digital Officer")
            .await
        {
            Err(Error::NotFound { .. }) => {
                return Err(Error::bad_input(
                    "organisations.toml",
                    "the first CDO account belongs to the GLA, so the organisations must include `gla`",
                ));
            }
            other => other?,
        };
        self.commit(txn).await?;
        Ok(Some(token))
    }

    async fn issue_token(
        &self,
        actor: Option<&Principal>,
        organisation_slug: &OrgSlug,
        role: Role,
        name: &str,
    ) -> Result<(Account, NewToken)> {
        let txn = begin_write(self.db()).await?;
        let (account, token) = self
            .insert_account(&txn, actor, organisation_slug, role, name)
            .await?;
        self.commit(txn).await?;
        Ok((account, token))
    }

    /// Inserts an account and its token with the audit event, inside `txn`.
    async fn insert_account(
        &self,
        txn: &DatabaseTransaction,
        actor: Option<&Principal>,
        organisation_slug: &OrgSlug,
        role: Role,
        name: &str,
    ) -> Result<(Account, NewToken)> {
        let token = generate_token();
        let account = self
            .insert_account_row(
                txn,
                actor,
                NewAccount {
                    organisation: organisation_slug,
                    role,
                    name,
                    email: None,
                },
                Some(&token.prefix),
            )
            .await?;
        insert_token_row(txn, account.id, &token, None, None, self.now()).await?;
        Ok((account, token))
    }

    /// Inserts an account with its `account.created` event (naming its first token's prefix,
    /// when it has one), inside `txn`.
    pub(super) async fn insert_account_row(
        &self,
        txn: &DatabaseTransaction,
        actor: Option<&Principal>,
        new: NewAccount<'_>,
        token_prefix: Option<&str>,
    ) -> Result<Account> {
        let name = crate::domain::Name::parse(new.name)
            .map_err(|e| Error::bad_input("name", e))?
            .into_string();
        let org = organisation::Entity::find()
            .filter(organisation::Column::Slug.eq(new.organisation.as_str()))
            .one(txn)
            .await?
            .ok_or_else(|| Error::not_found("organisation", new.organisation))?;
        let now = self.now();
        let account = account::ActiveModel {
            organisation_id: Set(org.id),
            name: Set(name.clone()),
            role: Set(new.role.as_str().to_owned()),
            created_at: Set(now),
            email: Set(new.email.map(|e| e.as_str().to_owned())),
            deactivated_at: Set(None),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        let mut details = json!({
            "name": name,
            "role": new.role.as_str(),
            "organisation": new.organisation.as_str(),
        });
        if let Some(prefix) = token_prefix {
            details["tokenPrefix"] = json!(prefix);
        }
        record(
            txn,
            now,
            Event {
                actor,
                action: AuditAction::AccountCreated,
                subject_id: account.id.to_string(),
                details,
            },
        )
        .await?;
        account.try_into()
    }

    /// Resolves a presented token to its account: refused when unknown, revoked, expired, or
    /// when its account has been deactivated. Records its last use (at most once a minute).
    pub async fn authenticate(&self, token: &str) -> Result<Principal> {
        let unknown = || Error::Unauthenticated("the API token is not recognised".to_owned());
        let stored = api_token::Entity::find()
            .filter(api_token::Column::TokenHash.eq(hash_token(token)))
            .one(self.db())
            .await?
            .ok_or_else(unknown)?;
        let now = self.now();
        if stored.revoked_at.is_some() {
            return Err(Error::Unauthenticated(
                "the API token has been revoked".to_owned(),
            ));
        }
        if stored.expires_at.is_some_and(|at| now >= at) {
            return Err(Error::Unauthenticated(
                "the API token has expired".to_owned(),
            ));
        }
        let principal = self.principal_of(stored.account_id).await?;
        if stored
            .last_used_at
            .is_none_or(|at| now - at >= crate::auth::session::TOUCH_EVERY)
        {
            // Bookkeeping, outside the audit's write lock.
            api_token::Entity::update_many()
                .col_expr(
                    api_token::Column::LastUsedAt,
                    sea_orm::sea_query::Expr::value(now),
                )
                .filter(api_token::Column::Id.eq(stored.id))
                .exec(self.db())
                .await?;
        }
        Ok(principal)
    }

    /// The account with this id as a caller, unless it has been deactivated.
    pub(super) async fn principal_of(&self, account_id: i64) -> Result<Principal> {
        let account = self.account(account_id).await?;
        if account.deactivated_at.is_some() {
            return Err(Error::Unauthenticated(
                "this account has been deactivated".to_owned(),
            ));
        }
        let org = self.organisation_by_id(account.organisation_id).await?;
        Ok(Principal {
            account_id: account.id,
            name: account.name,
            role: account.role,
            organisation_id: org.id,
            organisation_slug: org.slug,
        })
    }

    /// The account with this id.
    pub async fn account(&self, id: i64) -> Result<Account> {
        account::Entity::find_by_id(id)
            .one(self.db())
            .await?
            .ok_or_else(|| Error::not_found("account", id))?
            .try_into()
    }

    /// The accounts with these ids, in one query (ids that do not exist are left out).
    pub async fn accounts_by_ids(
        &self,
        ids: &[i64],
    ) -> Result<std::collections::HashMap<i64, Account>> {
        account::Entity::find()
            .filter(account::Column::Id.is_in(ids.iter().copied()))
            .all(self.db())
            .await?
            .into_iter()
            .map(|row| Account::try_from(row).map(|a| (a.id, a)))
            .collect()
    }
}
