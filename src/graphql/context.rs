//! What every resolver reads from the request context: the registry and the caller.

use async_graphql::{Context, ID};

use crate::auth::Caller;
use crate::registry::{Error, Registry};

/// Shortcuts for resolvers.
pub(crate) trait ContextExt {
    /// The registry.
    fn registry(&self) -> &Registry;
    /// Who is calling (public when no token was sent).
    fn caller(&self) -> &Caller;
}

impl ContextExt for Context<'_> {
    fn registry(&self) -> &Registry {
        self.data_unchecked::<Registry>()
    }

    fn caller(&self) -> &Caller {
        self.data_opt::<Caller>().unwrap_or(&Caller::Public)
    }
}

/// Parses a numeric GraphQL `ID`, naming the argument when it is not one.
pub(crate) fn numeric_id(field: &str, id: &ID) -> Result<i64, Error> {
    id.parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| Error::bad_input(field, format!("`{}` is not an id", id.as_str())))
}
