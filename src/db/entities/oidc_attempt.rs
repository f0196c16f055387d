//! `oidc_attempts`: an OpenID Connect sign-in between leaving for the provider and coming back,
//! keyed by the SHA-256 of its `state`.

use sea_orm::entity::prelude::*;

/// A row of `oidc_attempts`.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "oidc_attempts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub state_hash: String,
    pub nonce: String,
    pub pkce_verifier: String,
    pub created_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
