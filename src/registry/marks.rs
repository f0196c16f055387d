//! Marks on the deployment's data as a whole. One so far: demonstration data was loaded
//! (`concord seed --demo`), which every page then says plainly, so that no one takes the
//! illustrative adoptions for real boroughs' commitments.

use std::sync::Mutex;

use sea_orm::sea_query::OnConflict;
use sea_orm::{EntityTrait, Set};

use super::{Registry, Result};
use crate::db::entities::registry_mark;

/// The mark set by `concord seed --demo`.
pub const DEMO_DATA: &str = "demo_data";

/// How long a read of the mark is trusted when nothing was committed on this replica.
const TRUSTED: std::time::Duration = std::time::Duration::from_secs(30);

/// The mark as last read: (change counter then, when, loaded).
#[derive(Debug, Default)]
pub(crate) struct DemoMark(Mutex<Option<(u64, std::time::Instant, bool)>>);

impl Registry {
    /// Whether demonstration data is loaded (read again after any commit, or every 30 s).
    pub async fn demo_data(&self) -> bool {
        let generation = *self.inner.changes.borrow();
        if let Some((seen, at, loaded)) =
            *self.inner.demo.0.lock().unwrap_or_else(|e| e.into_inner())
            && seen == generation
            && at.elapsed() < TRUSTED
        {
            return loaded;
        }
        let loaded = match registry_mark::Entity::find_by_id(DEMO_DATA.to_owned())
            .one(self.db())
            .await
        {
            Ok(found) => found.is_some(),
            Err(error) => {
                tracing::warn!(%error, "cannot read the demonstration-data mark");
                return false;
            }
        };
        *self.inner.demo.0.lock().unwrap_or_else(|e| e.into_inner()) =
            Some((generation, std::time::Instant::now(), loaded));
        loaded
    }

    /// Records that demonstration data is loaded.
    pub(crate) async fn set_demo_mark(&self) -> Result<()> {
        let txn = crate::db::begin_write(self.db()).await?;
        registry_mark::Entity::insert(registry_mark::ActiveModel {
            name: Set(DEMO_DATA.to_owned()),
            set_at: Set(self.now()),
        })
        .on_conflict(
            OnConflict::column(registry_mark::Column::Name)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;
        self.commit(txn).await
    }
}
