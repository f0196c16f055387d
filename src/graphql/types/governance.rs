//! `Comment`, `Review`, `ReviewTally` and `AuditEvent`.

use async_graphql::{Context, ID, Json, Object, Result};
use chrono::{DateTime, Utc};

use super::AccountNode;
use crate::graphql::context::ContextExt;
use crate::graphql::enums::Verdict;
use crate::graphql::loaders;
use crate::registry::{AuditEvent, Comment, Review, ReviewTally};

/// A public comment on a proposal.
pub struct CommentNode(pub Comment);

/// A public comment on a proposal.
#[Object(name = "Comment")]
impl CommentNode {
    /// Its id.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    /// What it says.
    async fn body(&self) -> &str {
        &self.0.body
    }

    /// The location in the proposed schema it is about (a JSON Pointer), if any.
    async fn pointer(&self) -> Option<&str> {
        self.0.pointer.as_deref()
    }

    /// The id of the comment it answers, if any.
    async fn reply_to(&self) -> Option<ID> {
        self.0.reply_to.map(|id| ID(id.to_string()))
    }

    /// The revision it was made on.
    async fn revision(&self) -> i32 {
        self.0.revision_number
    }

    /// The replies to it, oldest first.
    async fn replies(&self, ctx: &Context<'_>) -> Result<Vec<CommentNode>> {
        Ok(ctx
            .registry()
            .replies(self.0.id)
            .await?
            .into_iter()
            .map(CommentNode)
            .collect())
    }

    /// Who wrote it.
    async fn author(&self, ctx: &Context<'_>) -> Result<AccountNode> {
        Ok(AccountNode(
            loaders::account(ctx, self.0.author_account_id).await?,
        ))
    }

    /// When.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// A board member's review of a proposal in one review round.
pub struct ReviewNode(pub Review);

/// A board member's review of a proposal in one review round.
#[Object(name = "Review")]
impl ReviewNode {
    /// The board member.
    async fn reviewer(&self, ctx: &Context<'_>) -> Result<AccountNode> {
        Ok(AccountNode(
            loaders::account(ctx, self.0.reviewer_account_id).await?,
        ))
    }

    /// The verdict.
    async fn verdict(&self) -> Verdict {
        self.0.verdict.into()
    }

    /// The reviewer's comment.
    async fn comment(&self) -> &str {
        &self.0.comment
    }

    /// The review round (1 for the first time the board was convened).
    async fn round(&self) -> i32 {
        self.0.round
    }

    /// When it was first cast.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    /// When it was last changed.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

/// The current review round counted, with what an approval needs.
pub struct ReviewTallyNode(pub ReviewTally);

/// The current review round counted, with what an approval needs.
#[Object(name = "ReviewTally")]
impl ReviewTallyNode {
    /// Board members convened.
    async fn eligible(&self) -> usize {
        self.0.tally.eligible
    }

    /// APPROVE verdicts.
    async fn approvals(&self) -> usize {
        self.0.tally.approvals
    }

    /// REQUEST_CHANGES verdicts.
    async fn changes_requested(&self) -> usize {
        self.0.tally.changes_requested
    }

    /// REJECT verdicts.
    async fn rejections(&self) -> usize {
        self.0.tally.rejections
    }

    /// Approvals the quorum needs.
    async fn needed(&self) -> usize {
        self.0.needed
    }

    /// Whether the CDO may approve now: the consultation has closed, approvals reach the quorum
    /// and outnumber rejections (exactly what `decideProposal` checks).
    async fn approvable(&self) -> bool {
        self.0.approval.is_ok()
    }

    /// Why the CDO may not approve yet, in a sentence (null when approvable).
    async fn blocked_by(&self) -> Option<String> {
        self.0.approval.as_ref().err().map(ToString::to_string)
    }
}

/// An entry of the public, append-only audit log. Each carries the SHA-256 of the previous
/// entry, so changing or removing any stored entry is detectable (`concord audit verify`).
pub struct AuditEventNode(pub AuditEvent);

/// An entry of the public, append-only audit log. Each carries the SHA-256 of the previous
/// entry, so changing or removing any stored entry is detectable (`concord audit verify`).
#[Object(name = "AuditEvent")]
impl AuditEventNode {
    /// Its position in the log.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    /// When it happened.
    async fn occurred_at(&self) -> DateTime<Utc> {
        self.0.occurred_at
    }

    /// What happened, such as `proposal.submitted` or `version.published`.
    async fn action(&self) -> &str {
        &self.0.action
    }

    /// The kind of thing it happened to: `proposal`, `standard`, `version`, `organisation` or
    /// `account`.
    async fn subject_type(&self) -> &str {
        &self.0.subject_type
    }

    /// Which one: a proposal id, a slug, `slug@version`…
    async fn subject_id(&self) -> &str {
        &self.0.subject_id
    }

    /// The acting account's name at the time (null for the operator and the seed).
    async fn actor_name(&self) -> Option<&str> {
        self.0.actor_name.as_deref()
    }

    /// The acting account's organisation slug at the time.
    async fn actor_organisation(&self) -> Option<&str> {
        self.0.actor_organisation.as_deref()
    }

    /// The details of the change.
    async fn details(&self) -> Json<serde_json::Value> {
        Json(self.0.details.clone())
    }

    /// The previous entry's hash.
    async fn prev_hash(&self) -> &str {
        &self.0.prev_hash
    }

    /// This entry's hash.
    async fn hash(&self) -> &str {
        &self.0.hash
    }
}
