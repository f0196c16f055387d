//! Storage: the sea-orm entities (rows; never exposed past `registry/`), connecting, migrating,
//! and write transactions that serialise every state change so the audit chain stays linear.

// The model macro generates helper types (`ModelEx`, relation enums) that Concord does not use.
#[allow(dead_code)]
pub(crate) mod entities;

use std::time::Duration;

use migrations::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend,
    DbErr, SqliteTransactionMode, Statement, TransactionOptions, TransactionTrait,
};

/// An arbitrary, fixed key for the PostgreSQL advisory lock that serialises writers across
/// replicas.
const WRITE_LOCK_KEY: i64 = 0x00c0_2c02_d000;

/// Connects to `url` (`sqlite://…` or `postgres://…`). File-backed SQLite runs in WAL mode with a
/// busy timeout so readers never block the writer; `sqlite::memory:` keeps one connection, since
/// every connection to it would be a separate empty database.
pub async fn connect(url: &str, max_connections: u32) -> Result<DatabaseConnection, DbErr> {
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .sqlx_logging(false)
        .acquire_timeout(Duration::from_secs(10));
    if url.starts_with("sqlite:") {
        let in_memory = url.contains(":memory:") || url.contains("mode=memory");
        options.max_connections(if in_memory { 1 } else { max_connections.max(1) });
        options.map_sqlx_sqlite_opts(|o| {
            o.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(10))
                .foreign_keys(true)
        });
    } else {
        options.max_connections(max_connections.max(1));
    }
    Database::connect(options).await
}

/// Applies every pending migration.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}

/// Whether every migration has been applied (for `/readyz`).
pub async fn is_migrated(db: &DatabaseConnection) -> Result<bool, DbErr> {
    Ok(Migrator::get_pending_migrations(db).await?.is_empty())
}

/// Begins a transaction that may write. Writers are serialised: SQLite takes its write lock at
/// `BEGIN IMMEDIATE`, PostgreSQL takes a transaction-scoped advisory lock. Reads inside the
/// transaction therefore see the state the writes will be checked against, and each audit event
/// links to the one committed just before it.
pub async fn begin_write(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    match db.get_database_backend() {
        DbBackend::Sqlite => {
            db.begin_with_options(TransactionOptions {
                sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                ..TransactionOptions::default()
            })
            .await
        }
        backend => {
            let txn = db.begin().await?;
            if backend == DbBackend::Postgres {
                txn.execute_raw(Statement::from_string(
                    backend,
                    format!("SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})"),
                ))
                .await?;
            }
            Ok(txn)
        }
    }
}
