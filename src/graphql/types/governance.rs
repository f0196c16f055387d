//! `Comment`, `Review`, `ReviewTally` and `AuditEvent`.

use async_graphql::{Context, ID, Json, Object, Result, SimpleObject};
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
    /// The eligible board: every board member outside the proposing organisation whose account
    /// existed when the proposal was submitted (the quorum is a share of these).
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
        self.0.approval.as_ref().err().cloned()
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

/// The audit log's head: keep it, and later check with `concord audit verify --since-head
/// COUNT:HASH` that the log still holds it (neither cut short nor rewritten).
#[derive(SimpleObject)]
#[graphql(name = "AuditHead")]
pub struct AuditHeadNode {
    /// Events in the log.
    pub count: i64,
    /// The last event's hash.
    pub hash: String,
    /// `COUNT:HASH`, as `--since-head` takes it.
    pub head: String,
    /// The latest head signed with the registry's key (`/.well-known/concord-audit-key`).
    pub checkpoint: Option<AuditCheckpointNode>,
}

/// A head of the audit log signed with the registry's Ed25519 key.
#[derive(SimpleObject)]
#[graphql(name = "AuditCheckpoint")]
pub struct AuditCheckpointNode {
    /// How many events the log held.
    pub position: i64,
    /// The hash of the event at that position.
    pub hash: String,
    /// The signing key's public half, hex.
    pub public_key: String,
    /// The signature of `concord-audit-checkpoint:v1:{position}:{hash}`, hex.
    pub signature: String,
    /// When it was signed.
    pub signed_at: DateTime<Utc>,
}

impl From<crate::registry::AuditHead> for AuditHeadNode {
    fn from(head: crate::registry::AuditHead) -> Self {
        Self {
            head: format!("{}:{}", head.count, head.hash),
            count: head.count,
            hash: head.hash,
            checkpoint: head.checkpoint.map(|c| AuditCheckpointNode {
                position: c.position,
                hash: c.hash,
                public_key: c.public_key,
                signature: c.signature,
                signed_at: c.signed_at,
            }),
        }
    }
}
