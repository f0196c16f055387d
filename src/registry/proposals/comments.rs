//! Public comments on a proposal, optionally anchored to a JSON Pointer in the proposed schema
//! and threaded by reply.

use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::json;

use super::create::principal;
use super::inputs::prose;
use super::queries::latest_revision_in;
use super::{locked, proposal_event};
use crate::auth::Caller;
use crate::db::begin_write;
use crate::db::entities::comment;
use crate::domain::AuditAction;
use crate::domain::JsonPointer;
use crate::governance::{Action, Step, authorise, next_state};
use crate::registry::{Comment, Error, Registry, Result};

impl Registry {
    /// Comments on a proposal that is not yet decided. A `pointer` must exist in the current
    /// revision's schema; `reply_to` must be a comment on the same proposal.
    #[tracing::instrument(skip_all, fields(proposal = id, organisation = caller.organisation()))]
    pub async fn comment_on_proposal(
        &self,
        caller: &Caller,
        id: i64,
        body: &str,
        pointer: Option<&str>,
        reply_to: Option<i64>,
    ) -> Result<Comment> {
        authorise(caller.actor(), Action::Comment)?;
        let author = principal(caller)?;
        let body = prose("body", body)?;
        let pointer = pointer
            .map(|p| JsonPointer::parse(p).map_err(|e| Error::bad_input("pointer", e)))
            .transpose()?;

        let txn = begin_write(self.db()).await?;
        let (_, proposal) = locked(&txn, id).await?;
        next_state(proposal.state, Step::Comment)?;
        let revision = latest_revision_in(&txn, id).await?;
        if let Some(pointer) = &pointer
            && !pointer.exists_in(&revision.schema)
        {
            return Err(Error::bad_input(
                "pointer",
                format!(
                    "`{pointer}` is not a location in revision {} of the proposed schema",
                    revision.number
                ),
            ));
        }
        if let Some(parent) = reply_to {
            let found = comment::Entity::find_by_id(parent).one(&txn).await?;
            if found.is_none_or(|c| c.proposal_id != id) {
                return Err(Error::bad_input(
                    "replyTo",
                    format!("comment {parent} is not a comment on proposal {id}"),
                ));
            }
        }
        // Counted only once the comment is known to be acceptable.
        self.inner.comments.take(author.account_id)?;
        let now = self.now();
        let row = comment::ActiveModel {
            proposal_id: Set(id),
            revision_number: Set(revision.number),
            author_account_id: Set(author.account_id),
            body: Set(body),
            pointer: Set(pointer.as_ref().map(|p| p.to_string())),
            reply_to: Set(reply_to),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        proposal_event(
            &txn,
            now,
            author,
            AuditAction::ProposalCommented,
            id,
            json!({
                "comment": row.id,
                "revision": revision.number,
                "pointer": row.pointer,
                "replyTo": reply_to,
            }),
        )
        .await?;
        self.commit(txn).await?;
        Ok(row.into())
    }

    /// The comments on a proposal, oldest first: only those that start a thread when
    /// `threads` is true, every one otherwise.
    pub async fn comments(&self, proposal_id: i64, threads: bool) -> Result<Vec<Comment>> {
        let mut query = comment::Entity::find().filter(comment::Column::ProposalId.eq(proposal_id));
        if threads {
            query = query.filter(comment::Column::ReplyTo.is_null());
        }
        Ok(query
            .order_by_asc(comment::Column::Id)
            .all(self.db())
            .await?
            .into_iter()
            .map(Comment::from)
            .collect())
    }

    /// The replies to a comment, oldest first.
    pub async fn replies(&self, comment_id: i64) -> Result<Vec<Comment>> {
        Ok(comment::Entity::find()
            .filter(comment::Column::ReplyTo.eq(comment_id))
            .order_by_asc(comment::Column::Id)
            .all(self.db())
            .await?
            .into_iter()
            .map(Comment::from)
            .collect())
    }
}
