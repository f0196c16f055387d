//! `version_references`: the reference graph between published versions.

use sea_orm::entity::prelude::*;

/// A row of `version_references`.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "version_references")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub version_id: i64,
    pub target_version_id: i64,
    pub pointer: String,
}

impl ActiveModelBehavior for ActiveModel {}
