//! What every resolver reads from the request context: the registry and the caller.

use async_graphql::{Context, ID, InputObject};

use crate::auth::Caller;
use crate::domain::{SchemaDocument, SchemaFiles};
use crate::registry::{Error, Registry, RequestBudget};

/// Shortcuts for resolvers.
pub(crate) trait ContextExt {
    /// The registry.
    fn registry(&self) -> &Registry;
    /// Who is calling (public when no token was sent).
    fn caller(&self) -> &Caller;
    /// What the rest of this request may still validate and compare.
    fn budget(&self) -> &RequestBudget;
}

impl ContextExt for Context<'_> {
    fn registry(&self) -> &Registry {
        self.data_unchecked::<Registry>()
    }

    fn caller(&self) -> &Caller {
        self.data_opt::<Caller>().unwrap_or(&Caller::Public)
    }

    fn budget(&self) -> &RequestBudget {
        // `Budgets` gives every operation its own, whichever transport carried it.
        self.data_unchecked::<RequestBudget>()
    }
}

/// Parses a numeric GraphQL `ID`, naming the argument when it is not one.
pub(crate) fn numeric_id(field: &str, id: &ID) -> Result<i64, Error> {
    id.parse::<i64>().ok().filter(|n| *n > 0).ok_or_else(|| {
        Error::bad_input(
            field,
            format!("`{}` is not an id", crate::domain::Quoted(id.as_str())),
        )
    })
}

/// A schema as a GraphQL argument or field. async-graphql keeps the key order of the JSON it
/// reads, where serde_json's values do not, so schemas cross this surface in its own values.
pub(crate) type SchemaJson = async_graphql::Json<async_graphql::Value>;

/// A schema argument as the registry's document: its text printed in the author's key order.
pub(crate) fn schema_document(field: &str, schema: SchemaJson) -> Result<SchemaDocument, Error> {
    serde_json::to_string_pretty(&schema.0)
        .and_then(SchemaDocument::parse)
        .map_err(|e| Error::bad_input(field, format!("not a JSON document: {e}")))
}

/// A stored schema's text as a GraphQL value, in its author's key order.
pub(crate) fn schema_json(text: &str) -> Result<SchemaJson, Error> {
    serde_json::from_str(text)
        .map(async_graphql::Json)
        .map_err(Error::internal)
}

/// One named document of a version made of several files, beside its root `schema`.
#[derive(InputObject)]
pub struct DocumentInput {
    /// Its path inside the version, such as `definitions.json` or `common/address.json`: the
    /// root and the other documents reference it by that relative path, and it is served at
    /// `/schemas/{slug}/{version}/{path}`.
    pub path: String,
    /// The document, a JSON Schema.
    pub schema: SchemaJson,
}

/// A root schema argument and its named documents as the registry's files; a wrong path names
/// its place (`input.documents[1].path`).
pub(crate) fn schema_files(
    field: &str,
    schema: SchemaJson,
    documents: Vec<DocumentInput>,
    documents_field: &str,
) -> Result<SchemaFiles, Error> {
    let root = schema_document(field, schema)?;
    let mut named = Vec::with_capacity(documents.len());
    for (i, document) in documents.into_iter().enumerate() {
        let at = format!("{documents_field}[{i}].schema");
        named.push((document.path, schema_document(&at, document.schema)?));
    }
    SchemaFiles::parse(root, named).map_err(|(place, e)| {
        let place = place.strip_prefix("documents").unwrap_or(&place);
        Error::bad_input(format!("{documents_field}{place}"), e)
    })
}
