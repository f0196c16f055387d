//! `audit_checkpoints`: a signed statement of the audit log's head at a commit.

use sea_orm::entity::prelude::*;

/// A row of `audit_checkpoints`.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_checkpoints")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub position: i64,
    pub head_hash: String,
    pub public_key: String,
    pub signature: String,
    pub signed_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
