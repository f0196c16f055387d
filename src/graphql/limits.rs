//! Limits on one GraphQL operation: its shape, checked on the query text before anything else
//! looks at it, and the budget its fields share (documents validated, schemas compared). async-graphql's complexity check expands every fragment spread where it stands,
//! so fragments that spread each other several times grow exponentially: a 1.5 KB query could
//! keep a core busy for minutes before being refused. Here each fragment's expanded size is
//! computed once (memoised), so measuring costs time linear in the document, and an operation
//! that would expand to more fields or aliases than any real client sends is refused.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextParseQuery, NextPrepareRequest,
};
use async_graphql::parser::types::{
    DocumentOperations, ExecutableDocument, Selection, SelectionSet,
};
use async_graphql::{ErrorExtensionValues, Pos, ServerError, ServerResult, Variables};

/// Most field selections an operation may expand to (GraphiQL's introspection query expands to
/// a few hundred).
pub const MAX_FIELDS: u64 = 2_000;
/// Most aliased fields an operation may expand to.
pub const MAX_ALIASES: u64 = 50;
/// Most fragment spreads written in one document.
pub const MAX_SPREADS: usize = 100;

/// What an operation expands to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Size {
    fields: u64,
    aliases: u64,
}

impl Size {
    fn add(self, other: Size) -> Size {
        Size {
            fields: self.fields.saturating_add(other.fields),
            aliases: self.aliases.saturating_add(other.aliases),
        }
    }
}

struct Measure<'d> {
    doc: &'d ExecutableDocument,
    fragments: HashMap<&'d str, Size>,
    visiting: Vec<&'d str>,
}

impl<'d> Measure<'d> {
    fn selection_set(&mut self, set: &'d SelectionSet) -> Size {
        let mut size = Size::default();
        for item in &set.items {
            let here = match &item.node {
                Selection::Field(field) => Size {
                    fields: 1,
                    aliases: u64::from(field.node.alias.is_some()),
                }
                .add(self.selection_set(&field.node.selection_set.node)),
                Selection::InlineFragment(inline) => {
                    self.selection_set(&inline.node.selection_set.node)
                }
                Selection::FragmentSpread(spread) => self.fragment(&spread.node.fragment_name.node),
            };
            size = size.add(here);
        }
        size
    }

    fn fragment(&mut self, name: &'d str) -> Size {
        if let Some(size) = self.fragments.get(name) {
            return *size;
        }
        // A cycle, or a fragment that does not exist: validation refuses both later.
        if self.visiting.contains(&name) {
            return Size::default();
        }
        let Some(definition) = self.doc.fragments.get(name) else {
            return Size::default();
        };
        self.visiting.push(name);
        let size = self.selection_set(&definition.node.selection_set.node);
        self.visiting.pop();
        self.fragments.insert(name, size);
        size
    }
}

fn spreads(set: &SelectionSet) -> usize {
    set.items
        .iter()
        .map(|item| match &item.node {
            Selection::Field(field) => spreads(&field.node.selection_set.node),
            Selection::InlineFragment(inline) => spreads(&inline.node.selection_set.node),
            Selection::FragmentSpread(_) => 1,
        })
        .sum()
}

/// Checks `doc` against the limits, naming the first one exceeded.
pub fn check(doc: &ExecutableDocument) -> Result<(), String> {
    let written: usize = doc
        .operations
        .iter()
        .map(|(_, op)| spreads(&op.node.selection_set.node))
        .chain(
            doc.fragments
                .values()
                .map(|f| spreads(&f.node.selection_set.node)),
        )
        .sum();
    if written > MAX_SPREADS {
        return Err(format!(
            "the query spreads fragments {written} times; the limit is {MAX_SPREADS}"
        ));
    }
    let mut measure = Measure {
        doc,
        fragments: HashMap::new(),
        visiting: Vec::new(),
    };
    let operations: Vec<_> = match &doc.operations {
        DocumentOperations::Single(op) => vec![op],
        DocumentOperations::Multiple(ops) => ops.values().collect(),
    };
    for op in operations {
        let size = measure.selection_set(&op.node.selection_set.node);
        if size.fields > MAX_FIELDS {
            return Err(format!(
                "the query expands to {} fields; the limit is {MAX_FIELDS}",
                size.fields
            ));
        }
        if size.aliases > MAX_ALIASES {
            return Err(format!(
                "the query asks for {} aliased fields; the limit is {MAX_ALIASES}",
                size.aliases
            ));
        }
    }
    Ok(())
}

/// The extension that applies [`check`] to every operation as soon as it is parsed.
pub struct ShapeLimits;

impl ExtensionFactory for ShapeLimits {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(ShapeLimitsExtension)
    }
}

struct ShapeLimitsExtension;

#[async_graphql::async_trait::async_trait]
impl Extension for ShapeLimitsExtension {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        // Measured on a parse of our own, before async-graphql's: its recursive-depth check,
        // part of its parsing, already follows every spread where it stands.
        if let Ok(doc) = async_graphql::parser::parse_query(query) {
            check(&doc).map_err(|message| {
                let mut error = ServerError::new(message, Some(Pos::default()));
                let mut extensions = ErrorExtensionValues::default();
                extensions.set("code", "LIMIT_EXCEEDED");
                extensions.set("limit", "queryShape");
                error.extensions = Some(extensions);
                error
            })?;
        }
        next.run(ctx, query, variables).await
    }
}

/// Gives every operation (over HTTP or a WebSocket) its own [`crate::registry::RequestBudget`], so the limits on
/// documents and comparisons hold for the operation as a whole, across every field and alias.
pub struct Budgets(pub crate::registry::Limits);

impl ExtensionFactory for Budgets {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(BudgetsExtension(self.0))
    }
}

struct BudgetsExtension(crate::registry::Limits);

#[async_graphql::async_trait::async_trait]
impl Extension for BudgetsExtension {
    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        request: async_graphql::Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<async_graphql::Request> {
        let request = request.data(crate::registry::RequestBudget::new(self.0));
        next.run(ctx, request).await
    }
}

/// What a list costs in the complexity check: its expected length times what each item asks
/// for, so nested lists multiply (`organisations { standards { versions { bundle } } }` costs
/// far more than it looks). Connections count `first` (20 when not given).
pub fn page_cost(first: Option<i32>, child_complexity: usize) -> usize {
    let first = first.map_or(20, |n| usize::try_from(n.clamp(1, 100)).unwrap_or(100));
    first.saturating_mul(child_complexity)
}

/// The organisations list's expected length (London's authorities and their partners).
pub const ORGANISATIONS: usize = 40;
/// The standards an organisation owns, as the complexity check counts them.
pub const STANDARDS_PER_OWNER: usize = 10;
/// The versions of a standard, as the complexity check counts them.
pub const VERSIONS_PER_STANDARD: usize = 5;
/// The adopters of a standard (or a standard's adoptions), as the complexity check counts them.
pub const ADOPTERS: usize = 10;
/// What one whole schema or bundle costs: it may be a megabyte.
pub const DOCUMENT_COST: usize = 20;
/// What one impact report costs: every adopter's fixtures validated, comparisons for consumers.
pub const IMPACT_COST: usize = 100;
/// What one fixture's document costs: fixtures are small (64 KiB at most by default).
pub const FIXTURE_COST: usize = 2;
/// The fixtures of one adoption, as the complexity check counts them.
pub const FIXTURES: usize = 10;
/// The usage rows of an organisation or standard, as the complexity check counts them.
pub const USAGE_ROWS: usize = 30;

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(query: &str) -> ExecutableDocument {
        async_graphql::parser::parse_query(query).expect("a query")
    }

    #[test]
    fn nested_fragment_spreads_are_measured_once_each_not_expanded_exponentially() {
        // Each fragment spreads the one below twice: 2^30 fields if expanded where they stand.
        let mut query = String::from("query { ...F0 }\n");
        for i in 0..30 {
            query.push_str(&format!(
                "fragment F{i} on Query {{ ...F{n} ...F{n} }}\n",
                n = i + 1
            ));
        }
        query.push_str("fragment F30 on Query { standards { totalCount } }\n");
        let refused = check(&parse(&query)).expect_err("too large");
        assert!(refused.contains("expands to"), "{refused}");
    }

    #[test]
    fn aliases_and_spreads_are_capped_and_ordinary_queries_pass() {
        let aliases: String = (0..60)
            .map(|i| format!("a{i}: standards {{ totalCount }} "))
            .collect();
        assert!(check(&parse(&format!("{{ {aliases} }}"))).is_err());
        assert!(check(&parse("{ standards { totalCount } a: me { name } }")).is_ok());
    }
}
