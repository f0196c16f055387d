//! Declaring adoption.

use async_graphql::{Context, InputObject, Object, Result, SimpleObject};

use crate::graphql::context::ContextExt;
use crate::graphql::enums::AdoptionStatus;
use crate::graphql::types::AdoptionNode;
use crate::registry::RawAdoption;

/// A declaration of adoption, for the caller's own organisation.
#[derive(InputObject)]
pub struct DeclareAdoptionInput {
    /// The standard's slug.
    pub standard: String,
    /// The versions used, as a semver range (`^2`, `~1.4`, `>=1, <3`); it must take in at least
    /// one published version.
    pub range: String,
    /// How far along the organisation is.
    pub status: AdoptionStatus,
    /// The systems that use it (at most 20).
    #[graphql(default)]
    pub systems: Vec<String>,
    /// Anything else worth knowing.
    pub note: Option<String>,
}

/// The adoption declared.
#[derive(SimpleObject)]
pub struct DeclareAdoptionPayload {
    /// The declaration as recorded.
    pub adoption: AdoptionNode,
}

/// Adoption mutations.
#[derive(Default)]
pub struct AdoptionMutation;

#[Object]
impl AdoptionMutation {
    /// Declares, or changes, the caller's organisation's adoption of a standard. Stewards and
    /// partners only; declaring again updates the declaration.
    async fn declare_adoption(
        &self,
        ctx: &Context<'_>,
        input: DeclareAdoptionInput,
    ) -> Result<DeclareAdoptionPayload> {
        let adoption = ctx
            .registry()
            .declare_adoption(
                ctx.caller(),
                RawAdoption {
                    standard: &input.standard,
                    range: &input.range,
                    status: input.status.into(),
                    systems: &input.systems,
                    note: input.note.as_deref(),
                },
            )
            .await?;
        Ok(DeclareAdoptionPayload {
            adoption: AdoptionNode(adoption),
        })
    }
}
