//! Versions made of several files: the named documents beside a revision's or a published
//! version's root schema, stored with it as a JSON array of `{path, text}` (each text exactly as
//! its author wrote it). They are part of the version's value, immutable and always read with
//! it, so they live in its row; `[]` for a single-file version, which every existing row is.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLES: [&str; 2] = ["proposal_revisions", "standard_versions"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in TABLES {
            manager
                .alter_table(
                    Table::alter()
                        .table(table)
                        .add_column(text("documents").default("[]"))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in TABLES {
            manager
                .alter_table(
                    Table::alter()
                        .table(table)
                        .drop_column("documents")
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
