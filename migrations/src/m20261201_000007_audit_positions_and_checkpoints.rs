//! The audit log's positions and signed checkpoints. Each new event records its position in the
//! log (1, 2, 3, …), which its hash covers, so an event cannot be moved; and each committed head
//! of the log is signed with the registry's Ed25519 key, so a log rewritten with recomputed
//! hashes no longer matches what was signed. Events recorded before this migration keep no
//! position and are verified as they were hashed.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("audit_events")
                    .add_column(big_integer_null("position"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("audit_checkpoints")
                    .col(big_pk_auto("id"))
                    .col(big_integer("position"))
                    .col(string("head_hash"))
                    .col(string("public_key"))
                    .col(string("signature"))
                    .col(timestamp_with_time_zone("signed_at"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("audit_checkpoints").to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("audit_events")
                    .drop_column("position")
                    .to_owned(),
            )
            .await
    }
}
