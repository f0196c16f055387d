//! Whether `oneOf` branches can overlap. When no value can match two of them, `oneOf` behaves
//! like `anyOf` and a widening inside one branch is a widening. Decided from types, fixed values
//! (`const`/`enum`), discriminating required properties, patterns no string matches both of
//! (with automata; a checked `date`, `date-time` or `time` format counts as its RFC 3339 outline),
//! and required properties another branch's closed model forbids.

use super::super::model::Side;
use super::super::node::{Ctx, Node, TypeSet, json_equal};
use super::combinators::Disjunction;
use super::string::{checked, outline};

/// Required properties restricted to fixed values (`const`/`enum`), which tell branches apart.
pub(crate) fn discriminators(node: &Node<'_>) -> Vec<(String, Vec<serde_json::Value>)> {
    let required: Vec<String> = node
        .all("required")
        .into_iter()
        .flat_map(|(_, v)| v.as_array().cloned().unwrap_or_default())
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect();
    let mut out = Vec::new();
    for name in required {
        for (_, props) in node.all("properties") {
            let Some(schema) = props.get(&name) else {
                continue;
            };
            if let Some(c) = schema.get("const") {
                out.push((name.clone(), vec![c.clone()]));
            } else if let Some(e) = schema.get("enum").and_then(|v| v.as_array()) {
                out.push((name.clone(), e.clone()));
            }
        }
    }
    out
}

/// Whether no value can match two of these branches (decided from types, fixed values and
/// discriminating properties; `false` when unsure). A `type` beside the disjunction holds for
/// every value it sees, so only those types are considered (a string `oneOf` of two formats).
pub(crate) fn pairwise_disjoint<'a>(ctx: &mut Ctx<'a>, side: Side, d: &Disjunction<'a>) -> bool {
    let beside = d
        .part
        .get("type")
        .map_or(TypeSet::ALL, TypeSet::from_keyword);
    disjoint_within(ctx, side, d, beside)
}

/// Whether a `oneOf` of two or more branches that constrain strings only (`pattern`, `format`,
/// lengths, annotations) has branches no string matches two of. Every other value matches every
/// branch, so the `oneOf` rejects it, in any version written this way: only strings can change,
/// and among strings the branches behave as `anyOf`. 360Giving's `valueDate` is
/// `type: [string, null]` beside `oneOf: [{format: date-time}, {pattern: "^[0-9]{4}-…$"}]`.
pub(crate) fn apart_on_strings<'a>(ctx: &mut Ctx<'a>, side: Side, d: &Disjunction<'a>) -> bool {
    let string_only = |v: &serde_json::Value| {
        v.as_object().is_some_and(|m| {
            m.keys().all(|k| {
                ["pattern", "format", "minLength", "maxLength"].contains(&k.as_str())
                    || super::annotations::is_annotation(k)
            })
        })
    };
    d.keyword == "oneOf"
        && d.branches.len() >= 2
        && d.branches.iter().all(|b| string_only(b.value))
        && disjoint_within(ctx, side, d, TypeSet::STRING)
}

fn disjoint_within<'a>(
    ctx: &mut Ctx<'a>,
    side: Side,
    d: &Disjunction<'a>,
    beside: TypeSet,
) -> bool {
    let nodes: Vec<Node<'a>> = d
        .branches
        .iter()
        .map(|b| Node::expand(ctx, side, vec![b.clone()]))
        .collect();
    for i in 0..nodes.len() {
        for j in i + 1..nodes.len() {
            if !disjoint(ctx, &nodes[i], &nodes[j], beside) {
                return false;
            }
        }
    }
    true
}

/// Whether no value can match both `a` and `b` (the same rules as between branches; `false` when
/// unsure).
pub(crate) fn never_both(ctx: &mut Ctx<'_>, a: &Node<'_>, b: &Node<'_>) -> bool {
    disjoint(ctx, a, b, TypeSet::ALL)
}

/// The values `const` or `enum` allows here, when one of them is written.
pub(crate) fn values(node: &Node<'_>) -> Option<Vec<serde_json::Value>> {
    if let Some((_, c)) = node.first("const") {
        return Some(vec![c.clone()]);
    }
    node.first("enum").and_then(|(_, e)| e.as_array().cloned())
}

fn disjoint(ctx: &mut Ctx<'_>, a: &Node<'_>, b: &Node<'_>, beside: TypeSet) -> bool {
    if a.false_at.is_some() || b.false_at.is_some() {
        return true;
    }
    let (ta, tb) = (a.types().intersect(beside), b.types().intersect(beside));
    let ta = values(a)
        .map(|v| {
            v.iter()
                .fold(TypeSet::EMPTY, |t, x| t.union(TypeSet::of(x)))
        })
        .map_or(ta, |v| ta.intersect(v));
    let tb = values(b)
        .map(|v| {
            v.iter()
                .fold(TypeSet::EMPTY, |t, x| t.union(TypeSet::of(x)))
        })
        .map_or(tb, |v| tb.intersect(v));
    if !ta.overlaps(tb) {
        return true;
    }
    if let (Some(va), Some(vb)) = (values(a), values(b))
        && !va.iter().any(|x| vb.iter().any(|y| json_equal(x, y)))
    {
        return true;
    }
    let shared = ta.intersect(tb);
    // Strings told apart by patterns no string matches both of.
    if shared.minus(TypeSet::STRING).is_empty() && patterns_apart(ctx, a, b) {
        return true;
    }
    // Objects told apart by a required property with disjoint fixed values, or by a property
    // one requires and the other's closed model forbids.
    if !shared.minus(TypeSet::OBJECT).is_empty() {
        return false;
    }
    if closed_against(a, b) || closed_against(b, a) {
        return true;
    }
    let da = discriminators(a);
    let db = discriminators(b);
    da.iter().any(|(name, va)| {
        db.iter().any(|(other, vb)| {
            other == name && !va.iter().any(|x| vb.iter().any(|y| json_equal(x, y)))
        })
    })
}

/// Whether a pattern of `a` and a pattern of `b` share no string (decided exactly by automata;
/// `false` when either cannot be decided). A format the validator checks counts as the pattern
/// its valid strings all match ([`outline`]): a `date` is never a `date-time`.
fn patterns_apart(ctx: &mut Ctx<'_>, a: &Node<'_>, b: &Node<'_>) -> bool {
    let patterns = |n: &Node<'_>| -> Vec<String> {
        let written = n
            .all("pattern")
            .into_iter()
            .filter_map(|(_, v)| v.as_str().map(str::to_owned));
        let formats = n.all("format").into_iter().filter_map(|(loc, v)| {
            let format = v.as_str()?;
            if !checked(loc, format) {
                return None;
            }
            outline(format).map(str::to_owned)
        });
        written.chain(formats).collect()
    };
    let (pa, pb) = (patterns(a), patterns(b));
    pa.iter()
        .any(|x| pb.iter().any(|y| ctx.automata.overlap(x, y) == Some(None)))
}

/// Whether `closed` forbids a property `other` requires: `closed` has one part, closed by
/// `additionalProperties: false` without `patternProperties`, that does not declare it.
fn closed_against(closed: &Node<'_>, other: &Node<'_>) -> bool {
    let [part] = closed.parts.as_slice() else {
        return false;
    };
    if part.get("additionalProperties") != Some(&serde_json::Value::Bool(false))
        || part.get("patternProperties").is_some()
    {
        return false;
    }
    let declared = part.get("properties").and_then(|p| p.as_object());
    other
        .all("required")
        .into_iter()
        .flat_map(|(_, v)| v.as_array().into_iter().flatten())
        .filter_map(|v| v.as_str())
        .any(|name| declared.is_none_or(|d| !d.contains_key(name)))
}
