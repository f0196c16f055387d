//! `audit_events`: append-only; `hash` covers the event, its position and `prev_hash`.

use sea_orm::entity::prelude::*;

/// A row of `audit_events`.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub occurred_at: DateTimeUtc,
    pub actor_account_id: Option<i64>,
    pub actor_name: Option<String>,
    pub actor_organisation: Option<String>,
    pub action: String,
    pub subject_type: String,
    pub subject_id: String,
    pub details: String,
    pub prev_hash: String,
    pub hash: String,
    /// The event's place in the log, from 1; absent on events recorded before positions were.
    pub position: Option<i64>,
}

impl ActiveModelBehavior for ActiveModel {}
