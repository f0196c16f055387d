//! Proposals (a new standard, or a new version of one) and their revisions. Every revision is kept.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("proposals")
                    .col(big_pk_auto("id"))
                    .col(string("kind"))
                    .col(string("standard_slug"))
                    .col(big_integer_null("standard_id"))
                    .col(string("title"))
                    .col(text("summary"))
                    .col(string("theme"))
                    .col(text("tags"))
                    .col(string("compatibility_mode"))
                    .col(string("compatibility_policy"))
                    .col(text("rationale"))
                    .col(string("state"))
                    .col(big_integer("author_account_id"))
                    .col(big_integer("author_organisation_id"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .col(timestamp_with_time_zone_null("submitted_at"))
                    .col(timestamp_with_time_zone_null("consultation_closes_at"))
                    .col(timestamp_with_time_zone_null("review_deadline"))
                    .col(timestamp_with_time_zone_null("decided_at"))
                    .col(big_integer_null("decided_by_account_id"))
                    .col(string_null("decision"))
                    .col(text_null("decision_note"))
                    .col(big_integer_null("published_version_id"))
                    .foreign_key(
                        ForeignKey::create()
                            .from("proposals", "author_organisation_id")
                            .to("organisations", "id"),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("proposals_state")
                    .table("proposals")
                    .col("state")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("proposal_revisions")
                    .col(big_pk_auto("id"))
                    .col(big_integer("proposal_id"))
                    .col(integer("number"))
                    .col(string("version"))
                    .col(text("schema"))
                    .col(string("content_hash"))
                    .col(text("changelog"))
                    .col(text_null("compatibility"))
                    .col(big_integer("created_by_account_id"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .from("proposal_revisions", "proposal_id")
                            .to("proposals", "id"),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("proposal_revisions_number")
                    .table("proposal_revisions")
                    .col("proposal_id")
                    .col("number")
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("proposal_revisions").to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table("proposals").to_owned())
            .await
    }
}
