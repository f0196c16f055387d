//! `usage_counts`: validations made with a token, per organisation, version and day.

use sea_orm::entity::prelude::*;

/// A row of `usage_counts`.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "usage_counts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub organisation_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub standard_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub version_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub day: Date,
    pub validations: i64,
}

impl ActiveModelBehavior for ActiveModel {}
