//! Declaring adoption.

use async_graphql::{Context, ID, InputObject, Json, Object, Result, SimpleObject};

use crate::graphql::context::ContextExt;
use crate::graphql::enums::{AdoptionStatus, FixtureRole};
use crate::graphql::types::{AdoptionNode, FixtureNode};
use crate::registry::{NewFixture, RawAdoption};

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

/// A fixture to publish with an adoption.
#[derive(InputObject)]
pub struct AddFixtureInput {
    /// The adoption's id (one of the caller's organisation's).
    pub adoption: ID,
    /// Its name, unique within the adoption.
    pub name: String,
    /// Whether the organisation sends or reads documents like it.
    pub role: FixtureRole,
    /// The document: valid under the version the adoption's range resolves to, and public, so
    /// it must hold no personal data.
    pub document: Json<serde_json::Value>,
}

/// The fixture published or removed.
#[derive(SimpleObject)]
pub struct FixturePayload {
    /// The fixture.
    pub fixture: FixtureNode,
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

    /// Publishes a document the caller's organisation exchanges under an adopted standard. It
    /// must be valid under the version the adoption's range resolves to; fixtures are public.
    async fn add_fixture(
        &self,
        ctx: &Context<'_>,
        input: AddFixtureInput,
    ) -> Result<FixturePayload> {
        let fixture = ctx
            .registry()
            .add_fixture(
                ctx.caller(),
                NewFixture {
                    adoption: &input.adoption,
                    name: &input.name,
                    role: input.role.into(),
                    document: input.document.0,
                },
            )
            .await?;
        Ok(FixturePayload {
            fixture: FixtureNode(fixture),
        })
    }

    /// Removes one of the caller's organisation's fixtures.
    async fn remove_fixture(&self, ctx: &Context<'_>, id: ID) -> Result<FixturePayload> {
        let fixture = ctx.registry().remove_fixture(ctx.caller(), &id).await?;
        Ok(FixturePayload {
            fixture: FixtureNode(fixture),
        })
    }
}
