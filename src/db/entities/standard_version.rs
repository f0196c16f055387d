//! `standard_versions`: `schema` and `content_hash` are written once and never updated.

use sea_orm::entity::prelude::*;

/// A row of `standard_versions`.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "standard_versions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub standard_id: i64,
    pub version: String,
    pub major: i64,
    pub minor: i64,
    pub patch: i64,
    pub schema: String,
    pub content_hash: String,
    /// The named documents beside the root, `[{"path", "text"}]` (`[]` for one file).
    pub documents: String,
    pub changelog: String,
    pub change_report: Option<String>,
    pub status: String,
    pub successor: Option<String>,
    pub sunset_at: Option<DateTimeUtc>,
    pub status_note: Option<String>,
    pub proposal_id: Option<i64>,
    pub approved_by_account_id: Option<i64>,
    pub approved_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
