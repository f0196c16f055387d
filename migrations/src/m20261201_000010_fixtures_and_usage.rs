//! Fixtures (the documents an adopter really exchanges under a standard, public, checked against
//! the version its adoption resolves to) and usage counts (validations made with a token, per
//! organisation, standard, version and day: counts only, never payloads), and the registry's
//! marks (such as "demonstration data loaded", which every page then says).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("fixtures")
                    .col(big_pk_auto("id"))
                    .col(big_integer("adoption_id"))
                    .col(string("name"))
                    .col(string("role"))
                    .col(text("document"))
                    .col(timestamp_with_time_zone("added_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .from("fixtures", "adoption_id")
                            .to("adoptions", "id"),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("fixtures_adoption_name")
                    .table("fixtures")
                    .col("adoption_id")
                    .col("name")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("usage_counts")
                    .col(big_integer("organisation_id"))
                    .col(big_integer("standard_id"))
                    .col(big_integer("version_id"))
                    .col(date("day"))
                    .col(big_integer("validations"))
                    .primary_key(
                        Index::create()
                            .col("organisation_id")
                            .col("standard_id")
                            .col("version_id")
                            .col("day"),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from("usage_counts", "organisation_id")
                            .to("organisations", "id"),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from("usage_counts", "version_id")
                            .to("standard_versions", "id"),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("registry_marks")
                    .col(string("name").primary_key())
                    .col(timestamp_with_time_zone("set_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("usage_counts_standard_day")
                    .table("usage_counts")
                    .col("standard_id")
                    .col("day")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("registry_marks").to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table("usage_counts").to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table("fixtures").to_owned())
            .await
    }
}
