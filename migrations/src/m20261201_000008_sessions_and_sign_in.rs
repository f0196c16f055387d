//! Signing in from a browser: an account's verified e-mail address (how a person is matched to
//! their account) and its deactivation; tokens with a label, an expiry and their last use;
//! server-side sessions (so they can be revoked); one-time sign-in links, stored hashed; and the
//! state of an OpenID Connect sign-in between leaving for the provider and coming back.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite alters one column per statement.
        for column in [
            string_null("email"),
            timestamp_with_time_zone_null("deactivated_at"),
        ] {
            add_column(manager, "accounts", column).await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("accounts_email")
                    .table("accounts")
                    .col("email")
                    .unique()
                    .to_owned(),
            )
            .await?;
        for column in [
            string_null("label"),
            timestamp_with_time_zone_null("expires_at"),
            timestamp_with_time_zone_null("last_used_at"),
        ] {
            add_column(manager, "api_tokens", column).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table("sessions")
                    .col(big_pk_auto("id"))
                    .col(big_integer("account_id"))
                    .col(string_uniq("secret_hash"))
                    .col(string("csrf_token"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("last_seen_at"))
                    .col(timestamp_with_time_zone("expires_at"))
                    .col(timestamp_with_time_zone_null("ended_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .from("sessions", "account_id")
                            .to("accounts", "id"),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("sign_in_links")
                    .col(big_pk_auto("id"))
                    .col(big_integer("account_id"))
                    .col(string_uniq("secret_hash"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("expires_at"))
                    .col(timestamp_with_time_zone_null("used_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .from("sign_in_links", "account_id")
                            .to("accounts", "id"),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("oidc_attempts")
                    .col(big_pk_auto("id"))
                    .col(string_uniq("state_hash"))
                    .col(string("nonce"))
                    .col(string("pkce_verifier"))
                    .col(timestamp_with_time_zone("created_at"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["oidc_attempts", "sign_in_links", "sessions"] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        for column in ["label", "expires_at", "last_used_at"] {
            drop_column(manager, "api_tokens", column).await?;
        }
        manager
            .drop_index(
                Index::drop()
                    .name("accounts_email")
                    .table("accounts")
                    .to_owned(),
            )
            .await?;
        for column in ["email", "deactivated_at"] {
            drop_column(manager, "accounts", column).await?;
        }
        Ok(())
    }
}

async fn add_column(
    manager: &SchemaManager<'_>,
    table: &'static str,
    column: ColumnDef,
) -> Result<(), DbErr> {
    let mut column = column;
    manager
        .alter_table(
            Table::alter()
                .table(table)
                .add_column(&mut column)
                .to_owned(),
        )
        .await
}

async fn drop_column(
    manager: &SchemaManager<'_>,
    table: &'static str,
    column: &'static str,
) -> Result<(), DbErr> {
    manager
        .alter_table(Table::alter().table(table).drop_column(column).to_owned())
        .await
}
