//! Concord's database migrations, run by `concord migrate` and on `concord serve` start-up.
//!
//! One migration per file, named `mYYYYMMDD_NNNNNN_what.rs`; the same migrations run on SQLite and
//! PostgreSQL, so they use only the portable column helpers of sea-orm-migration.

pub use sea_orm_migration::prelude::*;

mod m20261128_000001_organisations;
mod m20261128_000002_accounts_and_tokens;
mod m20261128_000003_standards_and_versions;
mod m20261128_000004_proposals;
mod m20261128_000005_audit_events;
mod m20261128_000006_reviews_and_comments;
mod m20261201_000007_audit_positions_and_checkpoints;
mod m20261201_000008_sessions_and_sign_in;
mod m20261201_000009_adoptions;
mod m20261201_000010_fixtures_and_usage;
mod m20261201_000011_version_documents;

/// The ordered list of Concord's migrations.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261128_000001_organisations::Migration),
            Box::new(m20261128_000002_accounts_and_tokens::Migration),
            Box::new(m20261128_000003_standards_and_versions::Migration),
            Box::new(m20261128_000004_proposals::Migration),
            Box::new(m20261128_000005_audit_events::Migration),
            Box::new(m20261128_000006_reviews_and_comments::Migration),
            Box::new(m20261201_000007_audit_positions_and_checkpoints::Migration),
            Box::new(m20261201_000008_sessions_and_sign_in::Migration),
            Box::new(m20261201_000009_adoptions::Migration),
            Box::new(m20261201_000010_fixtures_and_usage::Migration),
            Box::new(m20261201_000011_version_documents::Migration),
        ]
    }
}
