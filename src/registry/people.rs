//! The CDO's account administration: inviting people (an account with their e-mail address and
//! a one-time sign-in link), the directory of accounts by organisation, changing a role, and
//! deactivating an account, which stops its tokens and sessions at once. The operator (the CLI
//! on the server) may do the same without a caller; only it manages CDO accounts.

use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::json;

use super::accounts::NewAccount;
use super::audit::{Event, record};
use super::sessions::{SignInLink, end_sessions};
use super::{Account, Error, Organisation, Registry, Result};
use crate::auth::{Caller, Principal};
use crate::db::begin_write;
use crate::db::entities::{account, api_token, session};
use crate::domain::{AuditAction, Email, OrgSlug, Role};
use crate::governance::{Action, authorise};

/// Someone to invite: the account to create (or find, by e-mail address).
#[derive(Debug, Clone, Copy)]
pub struct Invitation<'a> {
    /// The address they sign in with.
    pub email: &'a Email,
    /// Their organisation.
    pub organisation: &'a OrgSlug,
    /// Their role.
    pub role: Role,
    /// Their name.
    pub name: &'a str,
}

/// An organisation's accounts, for the directory.
#[derive(Debug, Clone)]
pub struct OrganisationAccounts {
    /// The organisation.
    pub organisation: Organisation,
    /// Its accounts, by name.
    pub accounts: Vec<Account>,
}

impl Registry {
    /// Invites someone as the CDO: any role but `cdo`, which only the operator grants.
    #[tracing::instrument(skip_all, fields(organisation = caller.organisation()))]
    pub async fn invite(
        &self,
        caller: &Caller,
        invitation: Invitation<'_>,
    ) -> Result<(Account, SignInLink)> {
        authorise(
            caller.actor(),
            Action::CreateAccount {
                role: invitation.role,
            },
        )?;
        self.invite_as(caller.principal(), invitation).await
    }

    /// Invites someone as the operator (the CLI, which holds the database).
    pub async fn invite_as_operator(
        &self,
        invitation: Invitation<'_>,
    ) -> Result<(Account, SignInLink)> {
        self.invite_as(None, invitation).await
    }

    async fn invite_as(
        &self,
        actor: Option<&Principal>,
        invitation: Invitation<'_>,
    ) -> Result<(Account, SignInLink)> {
        let txn = begin_write(self.db()).await?;
        let existing = account::Entity::find()
            .filter(account::Column::Email.eq(invitation.email.as_str()))
            .one(&txn)
            .await?;
        let account = match existing {
            Some(row) => {
                let found: Account = row.try_into()?;
                let org = self.organisation_by_id(found.organisation_id).await?;
                if found.deactivated_at.is_some() {
                    return Err(Error::bad_input(
                        "email",
                        format!(
                            "{} belongs to a deactivated account; it cannot be invited again",
                            invitation.email
                        ),
                    ));
                }
                if org.slug != *invitation.organisation || found.role != invitation.role {
                    return Err(Error::bad_input(
                        "email",
                        format!(
                            "{} already has an account in {} as {}; change that account instead",
                            invitation.email,
                            org.slug,
                            found.role.as_str()
                        ),
                    ));
                }
                found
            }
            None => {
                self.insert_account_row(
                    &txn,
                    actor,
                    NewAccount {
                        organisation: invitation.organisation,
                        role: invitation.role,
                        name: invitation.name,
                        email: Some(invitation.email),
                    },
                    None,
                )
                .await?
            }
        };
        let link = self.issue_link(&txn, actor, &account).await?;
        self.commit(txn).await?;
        Ok((account, link))
    }

    /// A new sign-in link for an existing account (the CDO's "send a new link").
    #[tracing::instrument(skip_all, fields(organisation = caller.organisation()))]
    pub async fn new_sign_in_link(&self, caller: &Caller, account_id: i64) -> Result<SignInLink> {
        let account = self.account(account_id).await?;
        authorise(caller.actor(), Action::ManageAccount { role: account.role })?;
        if account.deactivated_at.is_some() || account.email.is_none() {
            return Err(Error::bad_input(
                "account",
                "only an active account with an e-mail address can sign in with a link",
            ));
        }
        let txn = begin_write(self.db()).await?;
        let link = self.issue_link(&txn, caller.principal(), &account).await?;
        self.commit(txn).await?;
        Ok(link)
    }

    /// Every account, by organisation (the CDO's directory).
    pub async fn account_directory(&self, caller: &Caller) -> Result<Vec<OrganisationAccounts>> {
        authorise(caller.actor(), Action::Administer)?;
        let organisations = self.organisations(None).await?;
        let mut accounts: Vec<Account> = account::Entity::find()
            .order_by_asc(account::Column::Name)
            .all(self.db())
            .await?
            .into_iter()
            .map(Account::try_from)
            .collect::<Result<_>>()?;
        Ok(organisations
            .into_iter()
            .map(|organisation| {
                let (mine, rest) = accounts
                    .drain(..)
                    .partition(|a| a.organisation_id == organisation.id);
                accounts = rest;
                OrganisationAccounts {
                    organisation,
                    accounts: mine,
                }
            })
            .filter(|o| !o.accounts.is_empty())
            .collect())
    }

    /// Changes an account's role. Neither the old nor the new role may be `cdo`: only the
    /// operator grants or removes that.
    #[tracing::instrument(skip_all, fields(organisation = caller.organisation()))]
    pub async fn change_role(
        &self,
        caller: &Caller,
        account_id: i64,
        role: Role,
    ) -> Result<Account> {
        let account = self.account(account_id).await?;
        authorise(caller.actor(), Action::ManageAccount { role: account.role })?;
        authorise(caller.actor(), Action::CreateAccount { role })?;
        if account.deactivated_at.is_some() {
            return Err(Error::bad_input(
                "account",
                "this account has been deactivated",
            ));
        }
        if account.role == role {
            return Ok(account);
        }
        let txn = begin_write(self.db()).await?;
        let mut row: account::ActiveModel = account::Entity::find_by_id(account_id)
            .one(&txn)
            .await?
            .ok_or_else(|| Error::not_found("account", account_id))?
            .into();
        row.role = Set(role.as_str().to_owned());
        let updated = row.update(&txn).await?;
        record(
            &txn,
            self.now(),
            Event {
                actor: caller.principal(),
                action: AuditAction::AccountRoleChanged,
                subject_id: account_id.to_string(),
                details: json!({ "from": account.role.as_str(), "to": role.as_str() }),
            },
        )
        .await?;
        self.commit(txn).await?;
        updated.try_into()
    }

    /// Deactivates an account: every token and session it has stops working at once.
    #[tracing::instrument(skip_all, fields(organisation = caller.organisation()))]
    pub async fn deactivate_account(&self, caller: &Caller, account_id: i64) -> Result<Account> {
        let account = self.account(account_id).await?;
        authorise(caller.actor(), Action::ManageAccount { role: account.role })?;
        self.deactivate(caller.principal(), account).await
    }

    /// Deactivates an account as the operator.
    pub async fn deactivate_account_as_operator(&self, account_id: i64) -> Result<Account> {
        let account = self.account(account_id).await?;
        self.deactivate(None, account).await
    }

    async fn deactivate(&self, actor: Option<&Principal>, account: Account) -> Result<Account> {
        if account.deactivated_at.is_some() {
            return Ok(account);
        }
        let now = self.now();
        let txn = begin_write(self.db()).await?;
        let mut row: account::ActiveModel = account::Entity::find_by_id(account.id)
            .one(&txn)
            .await?
            .ok_or_else(|| Error::not_found("account", account.id))?
            .into();
        row.deactivated_at = Set(Some(now));
        let updated = row.update(&txn).await?;
        api_token::Entity::update_many()
            .col_expr(
                api_token::Column::RevokedAt,
                sea_orm::sea_query::Expr::value(now),
            )
            .filter(api_token::Column::AccountId.eq(account.id))
            .filter(api_token::Column::RevokedAt.is_null())
            .exec(&txn)
            .await?;
        end_sessions(&txn, session::Column::AccountId.eq(account.id), now).await?;
        record(
            &txn,
            now,
            Event {
                actor,
                action: AuditAction::AccountDeactivated,
                subject_id: account.id.to_string(),
                details: json!({ "name": account.name }),
            },
        )
        .await?;
        self.commit(txn).await?;
        updated.try_into()
    }
}
