//! `proposals`.

use sea_orm::entity::prelude::*;

/// A row of `proposals`.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "proposals")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub kind: String,
    pub standard_slug: String,
    pub standard_id: Option<i64>,
    pub title: String,
    pub summary: String,
    pub theme: String,
    pub tags: String,
    pub compatibility_mode: String,
    pub compatibility_policy: String,
    pub rationale: String,
    pub state: String,
    pub author_account_id: i64,
    pub author_organisation_id: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub submitted_at: Option<DateTimeUtc>,
    pub consultation_closes_at: Option<DateTimeUtc>,
    pub review_deadline: Option<DateTimeUtc>,
    pub decided_at: Option<DateTimeUtc>,
    pub decided_by_account_id: Option<i64>,
    pub decision: Option<String>,
    pub decision_note: Option<String>,
    pub published_version_id: Option<i64>,
    pub review_round: i32,
}

impl ActiveModelBehavior for ActiveModel {}
