//! `Account`.

use async_graphql::{Context, ID, Object, Result};
use chrono::{DateTime, Utc};

use super::OrganisationNode;
use crate::graphql::enums::Role;
use crate::graphql::loaders;
use crate::registry::Account;

/// A holder of a role in an organisation, identified by API tokens.
pub struct AccountNode(pub Account);

/// A holder of a role in an organisation, identified by API tokens.
#[Object(name = "Account")]
impl AccountNode {
    /// Its id.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    /// Its label, such as "Camden data team".
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// What it may do.
    async fn role(&self) -> Role {
        self.0.role.into()
    }

    /// Its organisation.
    async fn organisation(&self, ctx: &Context<'_>) -> Result<OrganisationNode> {
        Ok(OrganisationNode(
            loaders::organisation(ctx, self.0.organisation_id).await?,
        ))
    }

    /// When it was created.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}
