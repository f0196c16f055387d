//! Board review: convening it (the CDO) and casting reviews (board members).

use async_graphql::{Context, ID, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};

use super::proposals::ProposalPayload;
use crate::graphql::context::{ContextExt, numeric_id};
use crate::graphql::enums::Verdict;
use crate::graphql::types::{ProposalNode, ReviewNode};

/// The review cast, and its proposal.
#[derive(SimpleObject)]
pub struct ReviewPayload {
    /// The review as it is now.
    pub review: ReviewNode,
    /// The proposal reviewed.
    pub proposal: ProposalNode,
}

/// The board's review.
#[derive(Default)]
pub struct ReviewMutation;

#[Object]
impl ReviewMutation {
    /// Convenes the Smart London Board on a proposal in consultation, with the date it is asked
    /// to report by (reviews stay open until the decision). `reviewers` are account ids of board members outside the proposing organisation;
    /// by default, every such board member. CDO only.
    async fn convene_review(
        &self,
        ctx: &Context<'_>,
        id: ID,
        deadline: DateTime<Utc>,
        reviewers: Option<Vec<ID>>,
    ) -> Result<ProposalPayload> {
        let id = numeric_id("id", &id)?;
        let reviewers = reviewers
            .map(|list| {
                list.iter()
                    .enumerate()
                    .map(|(i, r)| numeric_id(&format!("reviewers[{i}]"), r))
                    .collect::<Result<Vec<_>, _>>()
            })
            .transpose()?;
        let proposal = ctx
            .registry()
            .convene_review(ctx.caller(), id, deadline, reviewers)
            .await?;
        Ok(ProposalPayload {
            proposal: ProposalNode(proposal),
        })
    }

    /// Casts or changes the caller's review, with a comment. Only board members the CDO
    /// convened, never on their own organisation's proposal, until the decision.
    async fn cast_review(
        &self,
        ctx: &Context<'_>,
        id: ID,
        verdict: Verdict,
        comment: String,
    ) -> Result<ReviewPayload> {
        let id = numeric_id("id", &id)?;
        let registry = ctx.registry();
        let review = registry
            .cast_review(ctx.caller(), id, verdict.into(), &comment)
            .await?;
        Ok(ReviewPayload {
            review: ReviewNode(review),
            proposal: ProposalNode(registry.proposal(id).await?),
        })
    }
}
