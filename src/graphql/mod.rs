//! The GraphQL surface: thin resolvers over the registry. Types wrap domain values; errors are
//! mapped in `error`; the SDL is checked in at `schema/concord.graphql`.

mod context;
mod enums;
mod error;
mod limits;
mod loaders;
mod mutation;
mod query;
mod subscription;
mod types;

use async_graphql::Schema;

pub use error::ErrorCodes;
pub use mutation::Mutation;
pub use query::Query;
pub use subscription::{SubscriptionRoot, SubscriptionSlots};

use crate::registry::Registry;

/// Concord's GraphQL schema.
pub type ConcordSchema = Schema<Query, Mutation, SubscriptionRoot>;

/// Deepest query accepted. GraphiQL's introspection query needs 13.
pub const MAX_DEPTH: usize = 16;
/// Most complex query accepted, lists counted at their expected lengths (`limits::page_cost`).
/// GraphiQL's introspection query needs about 220.
pub const MAX_COMPLEXITY: usize = 2000;

/// Builds the schema over a registry.
pub fn schema(registry: Registry) -> ConcordSchema {
    builder()
        .extension(limits::Budgets(registry.settings().limits))
        .data(loaders::loader(registry.clone()))
        .data(registry)
        .finish()
}

fn builder() -> async_graphql::SchemaBuilder<Query, Mutation, SubscriptionRoot> {
    Schema::build(Query, Mutation::default(), SubscriptionRoot)
        .limit_depth(MAX_DEPTH)
        .limit_complexity(MAX_COMPLEXITY)
        // Before the complexity check, which expands fragments where they stand.
        .extension(limits::ShapeLimits)
        .extension(ErrorCodes)
}

/// The schema's SDL, as checked in at `schema/concord.graphql`.
pub fn sdl() -> String {
    builder().finish().sdl()
}
