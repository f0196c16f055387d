//! Annotations: keywords that document a schema without changing which documents are valid, plus
//! the content keywords, which drafts up to 7 assert.

use serde_json::Value;

use super::super::kinds::ChangeKind;
use super::super::messages;
use super::super::model::{Direction, Side};
use super::super::node::{Node, json_equal};
use super::super::resolve::Draft;
use super::super::walk::{Emit, Frame, Walker};

/// Keywords that take part in validation; every other keyword is an annotation or an extension.
const ASSERTING: &[&str] = &[
    "type",
    "enum",
    "const",
    "multipleOf",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "format",
    "maxItems",
    "minItems",
    "uniqueItems",
    "maxContains",
    "minContains",
    "contains",
    "items",
    "prefixItems",
    "additionalItems",
    "unevaluatedItems",
    "maxProperties",
    "minProperties",
    "required",
    "dependentRequired",
    "dependentSchemas",
    "dependencies",
    "properties",
    "patternProperties",
    "additionalProperties",
    "unevaluatedProperties",
    "propertyNames",
    "allOf",
    "anyOf",
    "oneOf",
    "not",
    "if",
    "then",
    "else",
    "$ref",
    "$dynamicRef",
    "$recursiveRef",
    "contentMediaType",
    "contentEncoding",
    "contentSchema",
];

/// Keywords that structure a schema (identifiers, definitions) and are compared through their use.
const STRUCTURAL: &[&str] = &[
    "$defs",
    "definitions",
    "$anchor",
    "$dynamicAnchor",
    "$recursiveAnchor",
    "$vocabulary",
];

/// Whether a keyword never changes which documents are valid.
pub(crate) fn is_annotation(keyword: &str) -> bool {
    !ASSERTING.contains(&keyword)
}

/// (keyword, kind, noun) for the plain annotations.
const PLAIN: &[(&str, ChangeKind, &str)] = &[
    ("title", ChangeKind::TitleChanged, "title"),
    ("description", ChangeKind::DescriptionChanged, "description"),
    ("examples", ChangeKind::ExamplesChanged, "examples"),
    ("default", ChangeKind::DefaultChanged, "default value"),
    ("$comment", ChangeKind::CommentChanged, "comment"),
    ("readOnly", ChangeKind::ReadOnlyChanged, "read-only flag"),
    ("writeOnly", ChangeKind::WriteOnlyChanged, "write-only flag"),
    ("$schema", ChangeKind::DialectChanged, "JSON Schema draft"),
];

pub(crate) fn compare<'a>(w: &mut Walker<'a>, old: &Node<'a>, new: &Node<'a>, f: &Frame<'a>) {
    let at = messages::at(&f.ipath);
    // A registered document's identifier and dialect differ between its versions by design; only
    // the schemas' own identifiers are worth a line.
    let own = |n: &Node<'a>, k: &str| n.first(k).is_none_or(|(l, _)| l.doc.is_root());
    for (keyword, kind, noun) in PLAIN {
        if *keyword == "$schema" && !(own(old, keyword) && own(new, keyword)) {
            continue;
        }
        let message = format!("The {noun} of {at} changed; valid documents are unchanged.");
        differ(
            w,
            old,
            new,
            f,
            keyword,
            *kind,
            Direction::Annotation,
            message,
        );
    }
    for keyword in ["$id", "id"] {
        if !(own(old, keyword) && own(new, keyword)) {
            continue;
        }
        let message =
            format!("The identifier (`{keyword}`) of {at} changed; valid documents are unchanged.");
        differ(
            w,
            old,
            new,
            f,
            keyword,
            ChangeKind::IdChanged,
            Direction::Annotation,
            message,
        );
    }
    deprecated(w, old, new, f);
    content(w, old, new, f);
    extensions(w, old, new, f);
    without_effect(w, old, new, f);
}

/// Whether `additionalItems` in `part` constrains nothing: it applies only after an array form
/// of `items`, and 2020-12 has no such keyword (`prefixItems` and `items` replaced it).
fn additional_items_idle(part: &super::super::resolve::Loc<'_>) -> bool {
    part.draft == Draft::D2020 || !part.get("items").is_some_and(Value::is_array)
}

/// A keyword that has no effect where it stands changed on both sides (today
/// `additionalItems` without an array `items`): reported, as nothing about valid documents.
fn without_effect<'a>(w: &mut Walker<'a>, old: &Node<'a>, new: &Node<'a>, f: &Frame<'a>) {
    let idle = |n: &Node<'a>| {
        n.all("additionalItems")
            .into_iter()
            .all(|(part, _)| additional_items_idle(part))
    };
    if !(idle(old) && idle(new)) {
        return;
    }
    let message = format!(
        "`additionalItems` of {} changed, but it has no effect there (it applies only after an array form of `items`, and 2020-12 replaced it with `prefixItems`), so valid documents are unchanged.",
        messages::at(&f.ipath)
    );
    differ(
        w,
        old,
        new,
        f,
        "additionalItems",
        ChangeKind::KeywordWithoutEffectChanged,
        Direction::Annotation,
        message,
    );
}

fn value_of<'a, 'n>(
    node: &'n Node<'a>,
    keyword: &str,
) -> Option<(&'n super::super::resolve::Loc<'a>, &'a Value)> {
    node.first(keyword)
}

#[allow(clippy::too_many_arguments)] // one call site per keyword list; a struct would only rename them
fn differ<'a>(
    w: &mut Walker<'a>,
    old: &Node<'a>,
    new: &Node<'a>,
    f: &Frame<'a>,
    keyword: &str,
    kind: ChangeKind,
    direction: Direction,
    message: String,
) {
    let o = value_of(old, keyword);
    let n = value_of(new, keyword);
    let (side, loc) = match (o, n) {
        (Some((_, a)), Some((_, b))) if json_equal(a, b) => return,
        (None, None) => return,
        (_, Some((loc, _))) => (Side::New, loc.clone()),
        (Some((loc, _)), None) => (Side::Old, loc.clone()),
    };
    let e = Emit::new(kind, side, &loc, &[keyword], message).direction(direction);
    w.emit(f, e);
}

fn deprecated<'a>(w: &mut Walker<'a>, old: &Node<'a>, new: &Node<'a>, f: &Frame<'a>) {
    let flag = |n: &Node<'a>| {
        n.first("deprecated")
            .filter(|(_, v)| v.as_bool() == Some(true))
            .map(|(l, _)| l.clone())
    };
    let at = messages::at(&f.ipath);
    match (flag(old), flag(new)) {
        (None, Some(loc)) => {
            let message = format!(
                "{} is now marked deprecated; it is still valid.",
                messages::at_cap(&f.ipath)
            );
            w.emit(
                f,
                Emit::new(
                    ChangeKind::DeprecatedAdded,
                    Side::New,
                    &loc,
                    &["deprecated"],
                    message,
                ),
            );
        }
        (Some(loc), None) => {
            let message = format!("{at} is no longer marked deprecated.");
            let message = capitalise(&message);
            w.emit(
                f,
                Emit::new(
                    ChangeKind::DeprecatedRemoved,
                    Side::Old,
                    &loc,
                    &["deprecated"],
                    message,
                ),
            );
        }
        _ => {}
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Draft 7 and earlier assert `contentMediaType`/`contentEncoding` (the validator checks them);
/// later drafts only annotate.
fn content<'a>(w: &mut Walker<'a>, old: &Node<'a>, new: &Node<'a>, f: &Frame<'a>) {
    let asserted = old
        .parts
        .iter()
        .chain(&new.parts)
        .any(|p| p.draft <= Draft::D7);
    for keyword in ["contentMediaType", "contentEncoding", "contentSchema"] {
        let o = value_of(old, keyword).map(|x| x.1);
        let n = value_of(new, keyword).map(|x| x.1);
        let direction = match (o, n) {
            _ if !asserted || keyword == "contentSchema" => Direction::Annotation,
            (None, Some(_)) => Direction::Narrows,
            (Some(_), None) => Direction::Widens,
            _ => Direction::Both,
        };
        let message = if direction == Direction::Annotation {
            format!(
                "`{keyword}` of {} changed; it is an annotation in this draft, so valid documents are unchanged.",
                messages::at(&f.ipath)
            )
        } else {
            format!(
                "`{keyword}` of {} changed; drafts up to 7 check it, so string values that fit one version may not fit the other.",
                messages::at(&f.ipath)
            )
        };
        let before = w.capture(|w| {
            differ(
                w,
                old,
                new,
                f,
                keyword,
                ChangeKind::ContentAnnotationChanged,
                direction,
                message,
            )
        });
        // Neither valid base64 nor JSON, so it breaks either content keyword.
        let bad = Value::from("{%%%");
        let plans = match direction {
            Direction::Narrows => vec![f.routes.pin(Side::Old, bad)],
            Direction::Widens => vec![f.routes.pin(Side::New, bad)],
            Direction::Both => vec![
                f.routes.pin(Side::Old, bad.clone()),
                f.routes.pin(Side::New, bad),
            ],
            _ => Vec::new(),
        };
        w.replay(
            before
                .into_iter()
                .map(|mut c| {
                    c.plans = plans.clone();
                    c
                })
                .collect(),
        );
    }
}

fn extensions<'a>(w: &mut Walker<'a>, old: &Node<'a>, new: &Node<'a>, f: &Frame<'a>) {
    let known = |k: &str| {
        ASSERTING.contains(&k)
            || STRUCTURAL.contains(&k)
            || PLAIN.iter().any(|(p, _, _)| *p == k)
            || matches!(k, "$id" | "id" | "deprecated")
    };
    let mut names: Vec<&str> = Vec::new();
    for part in old.parts.iter().chain(&new.parts) {
        if let Some(map) = part.value.as_object() {
            for key in map.keys() {
                if !known(key) && !names.contains(&key.as_str()) {
                    names.push(key);
                }
            }
        }
    }
    for name in names {
        let message = format!(
            "The extension keyword `{name}` of {} changed; validators ignore it, so valid documents are unchanged.",
            messages::at(&f.ipath)
        );
        differ(
            w,
            old,
            new,
            f,
            name,
            ChangeKind::ExtensionKeywordChanged,
            Direction::Annotation,
            message,
        );
    }
}
