//! `adoptions`: an organisation's declared use of a standard.

use sea_orm::entity::prelude::*;

/// A row of `adoptions`.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "adoptions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub organisation_id: i64,
    pub standard_id: i64,
    pub version_range: String,
    pub status: String,
    #[sea_orm(column_type = "Text")]
    pub systems: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub note: Option<String>,
    pub declared_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
