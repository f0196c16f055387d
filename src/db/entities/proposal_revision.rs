//! `proposal_revisions`: every revision of a proposal is kept.

use sea_orm::entity::prelude::*;

/// A row of `proposal_revisions`.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "proposal_revisions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub proposal_id: i64,
    pub number: i32,
    pub version: String,
    pub schema: String,
    pub content_hash: String,
    /// The named documents beside the root, `[{"path", "text"}]` (`[]` for one file).
    pub documents: String,
    pub changelog: String,
    pub compatibility: Option<String>,
    pub created_by_account_id: i64,
    pub created_at: DateTimeUtc,
    pub required_bump: String,
}

impl ActiveModelBehavior for ActiveModel {}
