//! Signing in from a browser: one-time sign-in links, server-side sessions (a row per signed-in
//! browser, so the CDO can end them), and the short-lived state of an OpenID Connect sign-in.
//! Every secret is stored as its SHA-256 only.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    Set, sea_query::Expr,
};
use serde_json::json;

use super::audit::{Event, record};
use super::{Account, Error, Registry, Result};
use crate::auth::session::{LINK_LIFETIME, NewSession, OIDC_ATTEMPT_LIFETIME, TOUCH_EVERY};
use crate::auth::{Principal, Secret, hash_token};
use crate::db::begin_write;
use crate::db::entities::{account, oidc_attempt, session, sign_in_link};
use crate::domain::{AuditAction, Email};

/// A one-time sign-in link, in clear: shown once.
#[derive(Debug)]
pub struct SignInLink {
    /// The address to open.
    pub url: String,
    /// When it stops working.
    pub expires_at: DateTime<Utc>,
}

/// A live session, as a request sees it.
#[derive(Debug, Clone)]
pub struct Session {
    /// The signed-in account.
    pub principal: Principal,
    /// The token this session's forms must carry.
    pub csrf_token: String,
}

/// What an OpenID Connect sign-in keeps while the person is at the provider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OidcAttempt {
    /// The nonce the ID token must carry.
    pub nonce: String,
    /// The PKCE verifier for the code exchange.
    pub pkce_verifier: String,
}

/// Whether a sign-in link may still be used at `now`: once, before it expires.
fn link_usable(link: &sign_in_link::Model, now: DateTime<Utc>) -> bool {
    link.used_at.is_none() && now < link.expires_at
}

fn link_refused() -> Error {
    Error::Unauthenticated(
        "this sign-in link does not work: it has been used, it has expired (links last 24 hours), or it was mistyped. Ask the CDO's office for a new one"
            .to_owned(),
    )
}

impl Registry {
    /// Issues a one-time sign-in link for `account` inside `txn`, recording who issued it.
    pub(super) async fn issue_link(
        &self,
        txn: &DatabaseTransaction,
        actor: Option<&Principal>,
        account: &Account,
    ) -> Result<SignInLink> {
        let secret = Secret::generate();
        let now = self.now();
        let expires_at = now + LINK_LIFETIME;
        sign_in_link::ActiveModel {
            account_id: Set(account.id),
            secret_hash: Set(secret.hash),
            created_at: Set(now),
            expires_at: Set(expires_at),
            used_at: Set(None),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        record(
            txn,
            now,
            Event {
                actor,
                action: AuditAction::AccountInvited,
                subject_id: account.id.to_string(),
                details: json!({ "expiresAt": expires_at }),
            },
        )
        .await?;
        let base = self.settings().base_url.trim_end_matches('/');
        Ok(SignInLink {
            url: format!("{base}/sign-in/link/{}", secret.value),
            expires_at,
        })
    }

    /// Whether a sign-in link would still work, without using it (the page that asks the person
    /// to confirm shows this first, so a mail scanner opening the link does not spend it).
    pub async fn sign_in_link_works(&self, secret: &str) -> Result<()> {
        let link = sign_in_link::Entity::find()
            .filter(sign_in_link::Column::SecretHash.eq(hash_token(secret)))
            .one(self.db())
            .await?
            .ok_or_else(link_refused)?;
        if !link_usable(&link, self.now()) {
            return Err(link_refused());
        }
        Ok(())
    }

    /// Spends a sign-in link and starts a session for its account. A link works once, for 24
    /// hours, and never for a deactivated account.
    #[tracing::instrument(skip_all)]
    pub async fn redeem_sign_in_link(&self, secret: &str) -> Result<NewSession> {
        let now = self.now();
        let txn = begin_write(self.db()).await?;
        let link = sign_in_link::Entity::find()
            .filter(sign_in_link::Column::SecretHash.eq(hash_token(secret)))
            .one(&txn)
            .await?
            .ok_or_else(link_refused)?;
        if !link_usable(&link, now) {
            return Err(link_refused());
        }
        let account_id = link.account_id;
        let mut used: sign_in_link::ActiveModel = link.into();
        used.used_at = Set(Some(now));
        used.update(&txn).await?;
        let session = self.start_session(&txn, account_id).await?;
        txn.commit().await?;
        Ok(session)
    }

    /// Starts a session for the account whose verified e-mail address an identity provider
    /// vouched for. Nobody gets in without an account the CDO created.
    #[tracing::instrument(skip_all)]
    pub async fn sign_in_with_email(&self, email: &Email) -> Result<NewSession> {
        let txn = begin_write(self.db()).await?;
        let account = account::Entity::find()
            .filter(account::Column::Email.eq(email.as_str()))
            .one(&txn)
            .await?
            .ok_or_else(|| {
                Error::Forbidden(format!(
                    "there is no Concord account for {email}: ask the CDO's office to invite you"
                ))
            })?;
        let session = self.start_session(&txn, account.id).await?;
        txn.commit().await?;
        Ok(session)
    }

    async fn start_session(
        &self,
        txn: &DatabaseTransaction,
        account_id: i64,
    ) -> Result<NewSession> {
        let account = account::Entity::find_by_id(account_id)
            .one(txn)
            .await?
            .ok_or_else(|| Error::not_found("account", account_id))?;
        if account.deactivated_at.is_some() {
            return Err(Error::Forbidden(
                "this account has been deactivated; ask the CDO's office if you need access"
                    .to_owned(),
            ));
        }
        let now = self.now();
        let secret = Secret::generate();
        let csrf_token = Secret::generate().value;
        let expires_at = self.settings().sessions.expires_at(now);
        session::ActiveModel {
            account_id: Set(account_id),
            secret_hash: Set(secret.hash.clone()),
            csrf_token: Set(csrf_token.clone()),
            created_at: Set(now),
            last_seen_at: Set(now),
            expires_at: Set(expires_at),
            ended_at: Set(None),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        Ok(NewSession {
            secret,
            csrf_token,
            expires_at,
        })
    }

    /// The live session a cookie names, with its account; refreshes its idle clock.
    pub async fn session(&self, secret: &str) -> Result<Session> {
        let row = session::Entity::find()
            .filter(session::Column::SecretHash.eq(hash_token(secret)))
            .one(self.db())
            .await?
            .ok_or_else(|| Error::Unauthenticated("you are not signed in".to_owned()))?;
        let now = self.now();
        self.settings()
            .sessions
            .check(
                row.expires_at,
                row.last_seen_at,
                row.ended_at.is_some(),
                now,
            )
            .map_err(|ended| Error::Unauthenticated(ended.to_string()))?;
        let principal = self.principal_of(row.account_id).await?;
        if now - row.last_seen_at >= TOUCH_EVERY {
            // A plain update, outside the audit's write lock: the last use is bookkeeping.
            session::Entity::update_many()
                .col_expr(session::Column::LastSeenAt, Expr::value(now))
                .filter(session::Column::Id.eq(row.id))
                .exec(self.db())
                .await?;
        }
        Ok(Session {
            principal,
            csrf_token: row.csrf_token,
        })
    }

    /// Ends the session a cookie names (signing out); an unknown cookie is already signed out.
    pub async fn sign_out(&self, secret: &str) -> Result<()> {
        end_sessions(
            self.db(),
            session::Column::SecretHash.eq(hash_token(secret)),
            self.now(),
        )
        .await
    }

    /// Remembers an OpenID Connect sign-in under its `state` until the person comes back.
    pub async fn begin_oidc_attempt(&self, state: &str, attempt: OidcAttempt) -> Result<()> {
        let now = self.now();
        // Attempts nobody finished are forgotten as new ones begin.
        oidc_attempt::Entity::delete_many()
            .filter(oidc_attempt::Column::CreatedAt.lt(now - OIDC_ATTEMPT_LIFETIME))
            .exec(self.db())
            .await?;
        oidc_attempt::ActiveModel {
            state_hash: Set(hash_token(state)),
            nonce: Set(attempt.nonce),
            pkce_verifier: Set(attempt.pkce_verifier),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(self.db())
        .await?;
        Ok(())
    }

    /// Takes back the sign-in remembered under `state`: once, and within ten minutes.
    pub async fn finish_oidc_attempt(&self, state: &str) -> Result<OidcAttempt> {
        let refused = || {
            Error::Unauthenticated(
                "this sign-in was not started here, was already used, or took longer than 10 minutes: start again"
                    .to_owned(),
            )
        };
        let row = oidc_attempt::Entity::find()
            .filter(oidc_attempt::Column::StateHash.eq(hash_token(state)))
            .one(self.db())
            .await?
            .ok_or_else(refused)?;
        oidc_attempt::Entity::delete_by_id(row.id)
            .exec(self.db())
            .await?;
        if self.now() - row.created_at >= OIDC_ATTEMPT_LIFETIME {
            return Err(refused());
        }
        Ok(OidcAttempt {
            nonce: row.nonce,
            pkce_verifier: row.pkce_verifier,
        })
    }
}

/// Ends every live session matching `filter`.
pub(super) async fn end_sessions(
    db: &impl ConnectionTrait,
    filter: sea_orm::sea_query::SimpleExpr,
    now: DateTime<Utc>,
) -> Result<()> {
    session::Entity::update_many()
        .col_expr(session::Column::EndedAt, Expr::value(now))
        .filter(filter)
        .filter(session::Column::EndedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}
