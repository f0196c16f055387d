//! `registry_marks`: facts about the deployment's data as a whole, such as that demonstration
//! data was loaded.

use sea_orm::entity::prelude::*;

/// A row of `registry_marks`.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "registry_marks")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub name: String,
    pub set_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
