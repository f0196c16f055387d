//! After publication: deprecating and retiring versions (the CDO's).

use async_graphql::{Context, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};

use crate::domain::{Slug, VersionNumber};
use crate::graphql::context::ContextExt;
use crate::graphql::types::VersionNode;
use crate::registry::Error;

/// The version whose status changed.
#[derive(SimpleObject)]
pub struct VersionPayload {
    /// The version as it is now.
    pub version: VersionNode,
}

fn parse(standard: &str, version: &str) -> Result<(Slug, VersionNumber), Error> {
    Ok((
        Slug::parse(standard).map_err(|e| Error::bad_input("standard", e))?,
        VersionNumber::parse(version).map_err(|e| Error::bad_input("version", e))?,
    ))
}

/// The life of published versions.
#[derive(Default)]
pub struct VersionMutation;

#[Object]
impl VersionMutation {
    /// Deprecates an active version, optionally naming its successor (a later published version)
    /// and a sunset date. Ranges then prefer active versions; validating against it warns. CDO
    /// only.
    async fn deprecate_version(
        &self,
        ctx: &Context<'_>,
        standard: String,
        version: String,
        successor: Option<String>,
        sunset: Option<DateTime<Utc>>,
        note: Option<String>,
    ) -> Result<VersionPayload> {
        let (slug, number) = parse(&standard, &version)?;
        let successor = successor
            .map(|s| VersionNumber::parse(&s).map_err(|e| Error::bad_input("successor", e)))
            .transpose()?;
        let (standard, version) = ctx
            .registry()
            .deprecate_version(
                ctx.caller(),
                &slug,
                &number,
                successor.as_ref(),
                sunset,
                note.as_deref(),
            )
            .await?;
        Ok(VersionPayload {
            version: VersionNode::new(standard, version),
        })
    }

    /// Retires an active or deprecated version: it stays resolvable by its exact version (its
    /// URL never breaks) but no range chooses it and no new schema may reference it. CDO only.
    async fn retire_version(
        &self,
        ctx: &Context<'_>,
        standard: String,
        version: String,
        note: Option<String>,
    ) -> Result<VersionPayload> {
        let (slug, number) = parse(&standard, &version)?;
        let (standard, version) = ctx
            .registry()
            .retire_version(ctx.caller(), &slug, &number, note.as_deref())
            .await?;
        Ok(VersionPayload {
            version: VersionNode::new(standard, version),
        })
    }
}
