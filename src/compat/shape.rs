//! Which schemas apply to one property or one array position of a conjunction, and how open the
//! content model is there. Shared by the comparison and the sampler so both read objects and
//! arrays the same way.

use serde_json::Value;

use super::model::Side;
use super::node::{Ctx, Node};
use super::resolve::{Draft, Loc};

/// How a content model treats a property name or array position it does not declare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Coverage {
    /// Declared explicitly (`properties`, `prefixItems`).
    Declared,
    /// Nothing constrains it.
    Open,
    /// A schema (`patternProperties`, `additionalProperties`, `unevaluated*`, `items`) covers it.
    Partial,
    /// It is forbidden (`false`).
    Closed,
}

/// The schemas that apply at one property or position, the coverage, and where it is declared.
pub(crate) struct Slot<'a> {
    pub(crate) locs: Vec<Loc<'a>>,
    pub(crate) coverage: Coverage,
    pub(crate) declared_at: Option<Loc<'a>>,
    /// The keyword that covers it when undeclared.
    pub(crate) covered_by: Option<&'static str>,
}

fn trivial(value: &Value) -> bool {
    match value {
        Value::Bool(b) => *b,
        Value::Object(m) => m
            .keys()
            .all(|k| super::keywords::annotations::is_annotation(k)),
        _ => true,
    }
}

fn coverage(contributions: &[Loc<'_>]) -> Coverage {
    if contributions.iter().any(|l| l.value == &Value::Bool(false)) {
        Coverage::Closed
    } else if contributions.iter().all(|l| trivial(l.value)) {
        Coverage::Open
    } else {
        Coverage::Partial
    }
}

/// Property names declared in `properties` by any part, or by the dependent schema their own
/// presence triggers ([`dependent_declaration`]), in order.
pub(crate) fn declared_names(node: &Node<'_>) -> Vec<String> {
    // A set beside the list: a schema of thousands of properties must not cost their square.
    let mut seen = std::collections::HashSet::new();
    let mut out: Vec<String> = Vec::new();
    for (_, props) in node.all("properties") {
        if let Some(map) = props.as_object() {
            for key in map.keys() {
                if seen.insert(key.as_str()) {
                    out.push(key.clone());
                }
            }
        }
    }
    for part in &node.parts {
        for keyword in DEPENDENT {
            let Some(Value::Object(deps)) = part.get(keyword) else {
                continue;
            };
            for trigger in deps.keys() {
                if dependent_declaration(part, trigger).is_some() && seen.insert(trigger.as_str()) {
                    out.push(trigger.clone());
                }
            }
        }
    }
    out
}

/// Whether any part declares `name` in `properties` (or in the dependent schema it triggers).
pub(crate) fn declares(node: &Node<'_>, name: &str) -> bool {
    node.parts.iter().any(|p| {
        p.descend(&["properties", name]).is_some() || dependent_declaration(p, name).is_some()
    })
}

/// The keywords holding dependent schemas (draft 7 `dependencies` holds them beside required
/// names; the validator honours both keywords in every draft).
const DEPENDENT: [&str; 2] = ["dependentSchemas", "dependencies"];

/// `dependentSchemas/NAME/properties/NAME` of `part` (or the same under `dependencies`): the
/// schema applies exactly when `NAME` is present, so this declaration of `NAME` validates and
/// evaluates it exactly as `properties/NAME` beside it would (OpenAPI 3.1 declares a header's
/// `schema` and `content` this way). Only the dependent schema's own keywords are read, not what
/// it brings in through `$ref`. Returns the dependent schema and the declaration.
pub(crate) fn dependent_declaration<'a>(part: &Loc<'a>, name: &str) -> Option<(Loc<'a>, Loc<'a>)> {
    DEPENDENT.iter().find_map(|keyword| {
        part.get(keyword)?.get(name)?.as_object()?;
        let schema = part.descend(&[keyword, name])?;
        let declaration = schema.descend(&["properties", name])?;
        Some((schema, declaration))
    })
}

/// The `patternProperties` regexes of every part, with the part.
pub(crate) fn pattern_keys<'a>(node: &Node<'a>) -> Vec<(String, Loc<'a>)> {
    let mut out = Vec::new();
    for (loc, pp) in node.all("patternProperties") {
        if let Some(map) = pp.as_object() {
            for key in map.keys() {
                out.push((key.clone(), loc.clone()));
            }
        }
    }
    out
}

/// What `part` evaluates for an `unevaluated*` keyword of its own: its own keywords, what it brings
/// in through `allOf`/`$ref`, and the branches of its disjunctions and conditionals that the
/// conjunction has taken in — not its siblings, which a nested `unevaluated*` does not see.
fn evaluation_scope<'a>(
    ctx: &mut Ctx<'a>,
    side: Side,
    node: &Node<'a>,
    part: &Loc<'a>,
) -> Vec<Loc<'a>> {
    let mut scope = Node::expand(ctx, side, vec![part.clone()]).parts;
    while let Some(branch) = node
        .parts
        .iter()
        .find(|q| !scope.iter().any(|s| same(s, q)) && scope.iter().any(|s| in_place_child(s, q)))
    {
        for p in Node::expand(ctx, side, vec![branch.clone()]).parts {
            if !scope.iter().any(|s| same(s, &p)) {
                scope.push(p);
            }
        }
    }
    scope
}

fn same(a: &Loc<'_>, b: &Loc<'_>) -> bool {
    a.doc == b.doc && a.ptr == b.ptr
}

/// Whether a subschema below `part` has an `unevaluated*` keyword of its own: once that passes it
/// has evaluated everything left, so the one in `part` never decides anything.
fn nested_unevaluated(p: &Loc<'_>, part: &Loc<'_>, keyword: &str) -> bool {
    !same(p, part) && p.draft >= Draft::D2019 && p.get(keyword).is_some()
}

/// Whether the `unevaluatedProperties` of `part` applies to property `name` (`None`: a name no
/// part declares or matches), given what `part` evaluates (`evaluation_scope`): a nested
/// `unevaluatedProperties: false` rejects a property declared next to it.
fn unevaluated_applies<'a>(
    ctx: &mut Ctx<'a>,
    side: Side,
    node: &Node<'a>,
    part: &Loc<'a>,
    name: Option<&str>,
) -> bool {
    for p in &evaluation_scope(ctx, side, node, part) {
        if p.get("additionalProperties").is_some()
            || nested_unevaluated(p, part, "unevaluatedProperties")
        {
            return false;
        }
        let Some(name) = name else { continue };
        if p.descend(&["properties", name]).is_some() || dependent_declaration(p, name).is_some() {
            return false;
        }
        if let Some(Value::Object(pp)) = p.get("patternProperties")
            && pp.keys().any(|k| ctx.matches(k, name) == Some(true))
        {
            return false;
        }
    }
    true
}

/// Whether the `unevaluatedItems` of `part` applies at position `index`, given what `part`
/// evaluates (`evaluation_scope`): positional items or an `items` brought in through `allOf`
/// evaluate their positions, while those declared next to a nested `unevaluatedItems` do not.
/// `contains` evaluates only the items it matches, so it is left out: the slot then reads
/// narrower than the schema, and `contains` changes under `unevaluatedItems` are not monotone
/// (see `keywords::contains`).
fn unevaluated_items_apply<'a>(
    ctx: &mut Ctx<'a>,
    side: Side,
    node: &Node<'a>,
    part: &Loc<'a>,
    index: usize,
) -> bool {
    !evaluation_scope(ctx, side, node, part).iter().any(|p| {
        let rest = item_keywords(p).1;
        index < prefix_len(p)
            || rest.is_some_and(|k| p.get(k).is_some())
            || nested_unevaluated(p, part, "unevaluatedItems")
    })
}

/// Whether `child` sits in an in-place applicator of `parent` (a branch it was expanded from).
fn in_place_child(parent: &Loc<'_>, child: &Loc<'_>) -> bool {
    let rest = child
        .ptr
        .strip_prefix(parent.ptr.as_str())
        .and_then(|r| r.strip_prefix('/'));
    parent.doc == child.doc
        && rest.and_then(|r| r.split('/').next()).is_some_and(|k| {
            [
                "allOf",
                "anyOf",
                "oneOf",
                "if",
                "then",
                "else",
                "dependentSchemas",
            ]
            .contains(&k)
        })
}

/// The schemas that apply to the value of property `name`.
pub(crate) fn property<'a>(ctx: &mut Ctx<'a>, side: Side, node: &Node<'a>, name: &str) -> Slot<'a> {
    let declared = declares(node, name);
    let mut locs = Vec::new();
    let mut contributions = Vec::new();
    let mut declared_at = None;
    let mut covered_by = None;
    for part in &node.parts {
        let mut here = false;
        // `declared_at` holds the schema whose `properties` declares it, for the change's pointer.
        if let Some(child) = part.descend(&["properties", name]) {
            declared_at.get_or_insert_with(|| part.clone());
            locs.push(child);
            here = true;
        }
        // A dependent declaration evaluates the property for `unevaluatedProperties` (see
        // `unevaluated_applies`), but `additionalProperties` sees only its siblings, so it still
        // applies beside one.
        if let Some((holder, child)) = dependent_declaration(part, name) {
            declared_at.get_or_insert(holder);
            locs.push(child);
        }
        if let Some(Value::Object(pp)) = part.get("patternProperties") {
            for pattern in pp.keys() {
                if ctx.matches(pattern, name) == Some(true)
                    && let Some(child) = part.descend(&["patternProperties", pattern])
                {
                    contributions.push(child.clone());
                    locs.push(child);
                    covered_by.get_or_insert("patternProperties");
                    here = true;
                }
            }
        }
        if here {
            continue;
        }
        for keyword in ["additionalProperties", "unevaluatedProperties"] {
            if keyword == "unevaluatedProperties"
                && (part.draft < Draft::D2019
                    || !unevaluated_applies(ctx, side, node, part, Some(name)))
            {
                continue;
            }
            if let Some(child) = part.child(keyword) {
                contributions.push(child.clone());
                locs.push(child);
                covered_by.get_or_insert(keyword);
                break;
            }
        }
    }
    let coverage = if declared {
        Coverage::Declared
    } else {
        coverage(&contributions)
    };
    Slot {
        locs,
        coverage,
        declared_at,
        covered_by,
    }
}

/// The schemas that apply to a property no part declares and no pattern matches, with the keyword
/// that states them.
pub(crate) fn rest<'a>(
    ctx: &mut Ctx<'a>,
    side: Side,
    node: &Node<'a>,
) -> (Vec<Loc<'a>>, Option<&'static str>) {
    let mut locs = Vec::new();
    let mut keyword = None;
    for part in &node.parts {
        for k in ["additionalProperties", "unevaluatedProperties"] {
            if k == "unevaluatedProperties"
                && (part.draft < Draft::D2019 || !unevaluated_applies(ctx, side, node, part, None))
            {
                continue;
            }
            if let Some(child) = part.child(k) {
                locs.push(child);
                keyword.get_or_insert(k);
                break;
            }
        }
    }
    (locs, keyword)
}

/// Where a part keeps its positional item schemas and the schema for the rest of the items.
pub(crate) fn item_keywords(part: &Loc<'_>) -> (Option<&'static str>, Option<&'static str>) {
    if part.draft >= Draft::D2020 {
        (
            part.get("prefixItems")
                .filter(|v| v.is_array())
                .map(|_| "prefixItems"),
            Some("items"),
        )
    } else if part.get("items").is_some_and(Value::is_array) {
        (Some("items"), Some("additionalItems"))
    } else {
        (None, Some("items"))
    }
}

fn prefix_len(part: &Loc<'_>) -> usize {
    match item_keywords(part).0.and_then(|k| part.get(k)) {
        Some(Value::Array(items)) => items.len(),
        _ => 0,
    }
}

/// The number of positions any part declares.
pub(crate) fn declared_positions(node: &Node<'_>) -> usize {
    node.parts.iter().map(prefix_len).max().unwrap_or(0)
}

/// The schemas that apply to array position `index`.
pub(crate) fn item<'a>(ctx: &mut Ctx<'a>, side: Side, node: &Node<'a>, index: usize) -> Slot<'a> {
    let mut locs = Vec::new();
    let mut contributions = Vec::new();
    let mut declared_at = None;
    let mut covered_by = None;
    for part in &node.parts {
        let (prefix, rest) = item_keywords(part);
        if let Some(prefix) = prefix.filter(|_| index < prefix_len(part)) {
            if let Some(child) = part.descend(&[prefix, &index.to_string()]) {
                declared_at.get_or_insert_with(|| part.clone());
                locs.push(child);
            }
            continue;
        }
        let fallback = rest
            .and_then(|k| part.child(k).map(|c| (k, c)))
            .or_else(|| {
                let child = part
                    .child("unevaluatedItems")
                    .filter(|_| part.draft >= Draft::D2019)?;
                unevaluated_items_apply(ctx, side, node, part, index)
                    .then_some(("unevaluatedItems", child))
            });
        if let Some((keyword, child)) = fallback {
            contributions.push(child.clone());
            locs.push(child);
            covered_by.get_or_insert(keyword);
        }
    }
    let coverage = if declared_at.is_some() {
        Coverage::Declared
    } else {
        coverage(&contributions)
    };
    Slot {
        locs,
        coverage,
        declared_at,
        covered_by,
    }
}
