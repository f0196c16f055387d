//! Standards and their published versions. Published content is immutable: the registry never
//! updates `schema` or `content_hash`; only the life-cycle columns change.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("standards")
                    .col(big_pk_auto("id"))
                    .col(string_uniq("slug"))
                    .col(string("title"))
                    .col(text("summary"))
                    .col(string("theme"))
                    .col(big_integer("owner_organisation_id"))
                    .col(string("compatibility_mode"))
                    .col(string("compatibility_policy"))
                    .col(text("tags"))
                    .col(text_null("upstream"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .from("standards", "owner_organisation_id")
                            .to("organisations", "id"),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("standard_versions")
                    .col(big_pk_auto("id"))
                    .col(big_integer("standard_id"))
                    .col(string("version"))
                    .col(big_integer("major"))
                    .col(big_integer("minor"))
                    .col(big_integer("patch"))
                    .col(text("schema"))
                    .col(string("content_hash"))
                    .col(text("changelog"))
                    .col(text_null("change_report"))
                    .col(string("status"))
                    .col(string_null("successor"))
                    .col(timestamp_with_time_zone_null("sunset_at"))
                    .col(text_null("status_note"))
                    .col(big_integer_null("proposal_id"))
                    .col(big_integer_null("approved_by_account_id"))
                    .col(timestamp_with_time_zone("approved_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .from("standard_versions", "standard_id")
                            .to("standards", "id"),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("standard_versions_standard_version")
                    .table("standard_versions")
                    .col("standard_id")
                    .col("version")
                    .unique()
                    .to_owned(),
            )
            .await?;
        // Which published versions a version's schema references, for the reference graph and
        // for loading a schema's documents before it is compiled.
        manager
            .create_table(
                Table::create()
                    .table("version_references")
                    .col(big_pk_auto("id"))
                    .col(big_integer("version_id"))
                    .col(big_integer("target_version_id"))
                    .col(string("pointer"))
                    .foreign_key(
                        ForeignKey::create()
                            .from("version_references", "version_id")
                            .to("standard_versions", "id"),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from("version_references", "target_version_id")
                            .to("standard_versions", "id"),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("version_references_target")
                    .table("version_references")
                    .col("target_version_id")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("version_references").to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table("standard_versions").to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table("standards").to_owned())
            .await
    }
}
