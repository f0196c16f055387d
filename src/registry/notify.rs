//! Telling live subscriptions that something was committed. Every commit bumps this replica's
//! `changes` counter; on PostgreSQL it also sends `NOTIFY concord_changes` inside the committing
//! transaction (delivered when it commits), and each replica listens, so a subscription on one
//! replica wakes for a commit on another without re-querying the database on a timer. SQLite has
//! one server per database file, so the in-process counter is all it needs.

use sea_orm::{ConnectionTrait, DatabaseTransaction, DbBackend, Statement};

use super::{Registry, Result};

/// The PostgreSQL channel commits are announced on.
pub const CHANNEL: &str = "concord_changes";

/// Announces a commit to the other replicas (PostgreSQL only), inside `txn`.
pub(super) async fn announce(txn: &DatabaseTransaction) -> Result<()> {
    if txn.get_database_backend() == DbBackend::Postgres {
        txn.execute_raw(Statement::from_string(
            DbBackend::Postgres,
            format!("SELECT pg_notify('{CHANNEL}', '')"),
        ))
        .await?;
    }
    Ok(())
}

impl Registry {
    /// On PostgreSQL, starts the task that listens for other replicas' commits and wakes this
    /// replica's subscriptions; elsewhere does nothing. The listener reconnects by itself.
    pub fn listen_for_commits(&self) {
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        if self.db().get_database_backend() != DbBackend::Postgres {
            return;
        }
        let pool = self.db().get_postgres_connection_pool().clone();
        let registry = self.clone();
        runtime.spawn(async move {
            loop {
                let mut listener =
                    match sea_orm::sqlx::postgres::PgListener::connect_with(&pool).await {
                        Ok(listener) => listener,
                        Err(error) => {
                            tracing::warn!(%error, "cannot listen for commits; retrying");
                            tokio::time::sleep(std::time::Duration::from_secs(5)).await;
                            continue;
                        }
                    };
                if let Err(error) = listener.listen(CHANNEL).await {
                    tracing::warn!(%error, "cannot listen for commits; retrying");
                    tokio::time::sleep(std::time::Duration::from_secs(5)).await;
                    continue;
                }
                loop {
                    match listener.recv().await {
                        Ok(_) => registry.changed(),
                        Err(error) => {
                            tracing::warn!(%error, "lost the commit listener; reconnecting");
                            // Whatever was missed while reconnecting is read on the next wake.
                            registry.changed();
                            break;
                        }
                    }
                }
            }
        });
    }

    /// Wakes this replica's live subscriptions.
    pub(super) fn changed(&self) {
        self.inner.changes.send_modify(|n| *n = n.wrapping_add(1));
    }
}
