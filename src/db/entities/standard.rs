//! `standards`.

use sea_orm::entity::prelude::*;

/// A row of `standards`. `tags` is a JSON array; `upstream` a JSON object or null.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "standards")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub theme: String,
    pub owner_organisation_id: i64,
    pub compatibility_mode: String,
    pub compatibility_policy: String,
    pub tags: String,
    pub upstream: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
