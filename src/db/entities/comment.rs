//! `comments`: public comments on proposals, threaded by `reply_to`.

use sea_orm::entity::prelude::*;

/// A row of `comments`.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "comments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub proposal_id: i64,
    pub revision_number: i32,
    pub author_account_id: i64,
    pub body: String,
    pub pointer: Option<String>,
    pub reply_to: Option<i64>,
    pub created_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
