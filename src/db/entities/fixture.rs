//! `fixtures`: a document an adopter exchanges under a standard.

use sea_orm::entity::prelude::*;

/// A row of `fixtures`.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "fixtures")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub adoption_id: i64,
    pub name: String,
    pub role: String,
    #[sea_orm(column_type = "Text")]
    pub document: String,
    pub added_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
