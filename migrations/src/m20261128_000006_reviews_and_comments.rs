//! Board review and public comment: the reviewers the CDO convenes for each round, their
//! reviews, threaded comments anchored to JSON Pointers, and the round and required bump the
//! proposal tables now carry.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("proposals")
                    .add_column(integer("review_round").default(0))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("proposal_revisions")
                    .add_column(string("required_bump").default("MAJOR"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("proposal_reviewers")
                    .col(big_pk_auto("id"))
                    .col(big_integer("proposal_id"))
                    .col(integer("round"))
                    .col(big_integer("account_id"))
                    .foreign_key(
                        ForeignKey::create()
                            .from("proposal_reviewers", "proposal_id")
                            .to("proposals", "id"),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from("proposal_reviewers", "account_id")
                            .to("accounts", "id"),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("proposal_reviewers_round")
                    .table("proposal_reviewers")
                    .col("proposal_id")
                    .col("round")
                    .col("account_id")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("reviews")
                    .col(big_pk_auto("id"))
                    .col(big_integer("proposal_id"))
                    .col(integer("round"))
                    .col(big_integer("reviewer_account_id"))
                    .col(string("verdict"))
                    .col(text("comment"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .from("reviews", "proposal_id")
                            .to("proposals", "id"),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("reviews_one_per_reviewer")
                    .table("reviews")
                    .col("proposal_id")
                    .col("round")
                    .col("reviewer_account_id")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("comments")
                    .col(big_pk_auto("id"))
                    .col(big_integer("proposal_id"))
                    .col(integer("revision_number"))
                    .col(big_integer("author_account_id"))
                    .col(text("body"))
                    .col(string_null("pointer"))
                    .col(big_integer_null("reply_to"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .from("comments", "proposal_id")
                            .to("proposals", "id"),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("comments_proposal")
                    .table("comments")
                    .col("proposal_id")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["comments", "reviews", "proposal_reviewers"] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table("proposal_revisions")
                    .drop_column("required_bump")
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("proposals")
                    .drop_column("review_round")
                    .to_owned(),
            )
            .await
    }
}
