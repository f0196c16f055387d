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
        let name = crate::domain::Name::parse(name)
            .map_err(|e| Error::bad_input("name", e))?
            .into_string();
        let name = name.as_str();
        let org = organisation::Entity::find()
            .filter(organisation::Column::Slug.eq(organisation_slug.as_str()))
            .one(txn)
            .await?
            .ok_or_else(|| Error::not_found("organisation", organisation_slug))?;
        let now = self.now();
        let account = account::ActiveModel {
            organisation_id: Set(org.id),
            name: Set(name.to_owned()),
            role: Set(role.as_str().to_owned()),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        let token = generate_token();
        api_token::ActiveModel {
            account_id: Set(account.id),
            prefix: Set(token.prefix.clone()),
            token_hash: Set(token.hash.clone()),
            created_at: Set(now),
            revoked_at: Set(None),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        record(
            txn,
            now,
            Event {
                actor,
                action: AuditAction::AccountCreated,
                subject_id: account.id.to_string(),
                details: json!({
                    "name": name,
                    "role": role.as_str(),
                    "organisation": organisation_slug.as_str(),
                    "tokenPrefix": token.prefix,
                }),
            },
        )
        .await?;
        Ok((account.try_into()?, token))
    }

    /// Resolves a presented token to its account.
    pub async fn authenticate(&self, token: &str) -> Result<Principal> {
        let unknown = || Error::Unauthenticated("the API token is not recognised".to_owned());
        let stored = api_token::Entity::find()
            .filter(api_token::Column::TokenHash.eq(hash_token(token)))
            .one(self.db())
            .await?
            .ok_or_else(unknown)?;
        if stored.revoked_at.is_some() {
            return Err(Error::Unauthenticated(
                "the API token has been revoked".to_owned(),
            ));
        }
        let account: Account = account::Entity::find_by_id(stored.account_id)
            .one(self.db())
            .await?
            .ok_or_else(unknown)?
            .try_into()?;
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
