//! `proposal_reviewers`: who the CDO convened for each review round.

use sea_orm::entity::prelude::*;

/// A row of `proposal_reviewers`.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "proposal_reviewers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub proposal_id: i64,
    pub round: i32,
    pub account_id: i64,
}

impl ActiveModelBehavior for ActiveModel {}
