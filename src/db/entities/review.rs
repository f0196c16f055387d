//! `reviews`: one per reviewer per round, changeable until the decision.

use sea_orm::entity::prelude::*;

/// A row of `reviews`.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reviews")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub proposal_id: i64,
    pub round: i32,
    pub reviewer_account_id: i64,
    pub verdict: String,
    pub comment: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
