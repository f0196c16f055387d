//! `accounts`.

use sea_orm::entity::prelude::*;

/// A row of `accounts`.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "accounts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub organisation_id: i64,
    pub name: String,
    pub role: String,
    pub created_at: DateTimeUtc,
    #[sea_orm(unique)]
    pub email: Option<String>,
    pub deactivated_at: Option<DateTimeUtc>,
}

impl ActiveModelBehavior for ActiveModel {}
