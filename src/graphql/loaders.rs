//! Batched reads for fields that name another record (a standard's owner, a proposal's author,
//! who decided it): async-graphql's `DataLoader` collects the ids a response needs and the
//! registry reads them in one query, instead of one query per row.

use std::collections::HashMap;

use async_graphql::Context;
use async_graphql::dataloader::{DataLoader, Loader};

use crate::registry::{Account, Organisation, Registry};

/// An organisation's id, as a loader key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct OrganisationId(pub i64);

/// An account's id, as a loader key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AccountId(pub i64);

/// Loads organisations and accounts through the registry, in batches.
pub struct RegistryLoader(pub Registry);

/// The loader's error: the registry's, shared between the waiting fields.
pub type LoadError = std::sync::Arc<crate::registry::Error>;

impl Loader<OrganisationId> for RegistryLoader {
    type Value = Organisation;
    type Error = LoadError;

    async fn load(
        &self,
        keys: &[OrganisationId],
    ) -> Result<HashMap<OrganisationId, Organisation>, LoadError> {
        let ids: Vec<i64> = keys.iter().map(|k| k.0).collect();
        let found = self.0.organisations_by_ids(&ids).await?;
        Ok(found
            .into_iter()
            .map(|(id, o)| (OrganisationId(id), o))
            .collect())
    }
}

impl Loader<AccountId> for RegistryLoader {
    type Value = Account;
    type Error = LoadError;

    async fn load(&self, keys: &[AccountId]) -> Result<HashMap<AccountId, Account>, LoadError> {
        let ids: Vec<i64> = keys.iter().map(|k| k.0).collect();
        let found = self.0.accounts_by_ids(&ids).await?;
        Ok(found
            .into_iter()
            .map(|(id, a)| (AccountId(id), a))
            .collect())
    }
}

/// The loader the schema carries.
pub fn loader(registry: Registry) -> DataLoader<RegistryLoader> {
    DataLoader::new(RegistryLoader(registry), tokio::spawn)
}

/// The organisation with this id, batched with the other fields of the same response.
pub async fn organisation(
    ctx: &Context<'_>,
    id: i64,
) -> Result<Organisation, crate::registry::Error> {
    let loader = ctx.data_unchecked::<DataLoader<RegistryLoader>>();
    loader
        .load_one(OrganisationId(id))
        .await
        .map_err(unshare)?
        .ok_or_else(|| crate::registry::Error::not_found("organisation", id))
}

/// The account with this id, batched with the other fields of the same response.
pub async fn account(ctx: &Context<'_>, id: i64) -> Result<Account, crate::registry::Error> {
    let loader = ctx.data_unchecked::<DataLoader<RegistryLoader>>();
    loader
        .load_one(AccountId(id))
        .await
        .map_err(unshare)?
        .ok_or_else(|| crate::registry::Error::not_found("account", id))
}

/// A batch's failure, for each field that waited on it: the registry's error when this field
/// holds the only reference, an internal error that names it otherwise.
fn unshare(error: LoadError) -> crate::registry::Error {
    std::sync::Arc::try_unwrap(error).unwrap_or_else(|shared| {
        crate::registry::Error::internal(SharedLoadError(shared.to_string()))
    })
}

#[derive(Debug, thiserror::Error)]
#[error("a batched read failed: {0}")]
struct SharedLoadError(String);
