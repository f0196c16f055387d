//! The append-only, hash-chained audit log: each event carries the SHA-256 of the previous one.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("audit_events")
                    .col(big_pk_auto("id"))
                    .col(timestamp_with_time_zone("occurred_at"))
                    .col(big_integer_null("actor_account_id"))
                    .col(string_null("actor_name"))
                    .col(string_null("actor_organisation"))
                    .col(string("action"))
                    .col(string("subject_type"))
                    .col(string("subject_id"))
                    .col(text("details"))
                    .col(string("prev_hash"))
                    .col(string("hash"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("audit_events_subject")
                    .table("audit_events")
                    .col("subject_type")
                    .col("subject_id")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("audit_events").to_owned())
            .await
    }
}
