//! The reference graph between published versions: what a version references, and what
//! references it.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use super::{Registry, Result, Standard, Version};
use crate::db::entities::version_reference;

impl Registry {
    /// The published versions `version` references directly, with their standards.
    pub async fn references(&self, version: &Version) -> Result<Vec<(Standard, Version)>> {
        let rows = version_reference::Entity::find()
            .filter(version_reference::Column::VersionId.eq(version.id))
            .order_by_asc(version_reference::Column::Id)
            .all(self.db())
            .await?;
        self.load_pairs(rows.into_iter().map(|r| r.target_version_id))
            .await
    }

    /// The published versions that reference `version` directly, with their standards.
    pub async fn referenced_by(&self, version: &Version) -> Result<Vec<(Standard, Version)>> {
        let rows = version_reference::Entity::find()
            .filter(version_reference::Column::TargetVersionId.eq(version.id))
            .order_by_asc(version_reference::Column::Id)
            .all(self.db())
            .await?;
        self.load_pairs(rows.into_iter().map(|r| r.version_id))
            .await
    }

    async fn load_pairs(&self, ids: impl Iterator<Item = i64>) -> Result<Vec<(Standard, Version)>> {
        let mut pairs: Vec<(Standard, Version)> = Vec::new();
        for id in ids {
            if pairs.iter().any(|(_, v)| v.id == id) {
                continue;
            }
            let version = self.version_by_id(id).await?;
            let standard = self.standard_by_id(version.standard_id).await?;
            pairs.push((standard, version));
        }
        Ok(pairs)
    }
}
