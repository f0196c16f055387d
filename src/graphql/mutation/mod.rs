//! The root `Mutation`, merged from one object per area. Each mutation returns a payload object
//! carrying what it changed.

mod admin;
mod adoptions;
mod proposals;
mod review;
mod tokens;
mod versions;

use async_graphql::MergedObject;

/// The root mutation type.
#[derive(MergedObject, Default)]
pub struct Mutation(
    admin::AdminMutation,
    adoptions::AdoptionMutation,
    proposals::ProposalMutation,
    review::ReviewMutation,
    tokens::TokenMutation,
    versions::VersionMutation,
);
