//! Adoption: which organisation uses which standard, over which range of its versions, how far
//! along (planned, implementing, live, retired), in which systems. One row per organisation and
//! standard; declaring again updates it.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("adoptions")
                    .col(big_pk_auto("id"))
                    .col(big_integer("organisation_id"))
                    .col(big_integer("standard_id"))
                    .col(string("version_range"))
                    .col(string("status"))
                    .col(text("systems"))
                    .col(text_null("note"))
                    .col(timestamp_with_time_zone("declared_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .from("adoptions", "organisation_id")
                            .to("organisations", "id"),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from("adoptions", "standard_id")
                            .to("standards", "id"),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("adoptions_organisation_standard")
                    .table("adoptions")
                    .col("organisation_id")
                    .col("standard_id")
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("adoptions").to_owned())
            .await
    }
}
