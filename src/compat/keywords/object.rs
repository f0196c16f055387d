//! Object keywords: declared properties and the content model (open, partially open, closed),
//! `required`, property counts, `propertyNames`, and dependencies (`dependentRequired`,
//! `dependentSchemas`, draft 7 `dependencies`).
//!
//! A property declared on one side only is compared against whatever covered it on the other side
//! (nothing, a pattern or `additionalProperties` schema, or `false`), and reported as one change
//! named after that content model, so `LENIENT` can excuse it as a whole.

use serde_json::Value;

use super::super::kinds::ChangeKind;
use super::super::messages;
use super::super::model::{Direction, Side};
use super::super::node::Node;
use super::super::plan::{Hop, Tweak};
use super::super::resolve::Loc;
use super::super::shape::{self, Coverage};
use super::super::walk::{Emit, Frame, Walker};
use super::{CountRule, compare_count, joined, reason_in_brackets};

pub(crate) fn compare<'a>(w: &mut Walker<'a>, old: &Node<'a>, new: &Node<'a>, f: &Frame<'a>) {
    properties(w, old, new, f);
    required(w, old, new, f);
    let at_least = |n: u64| Tweak::MinProperties(n);
    let at_most = |n: u64| Tweak::MaxProperties(n);
    for (keyword, lower, kinds) in [
        (
            "minProperties",
            true,
            [
                ChangeKind::MinPropertiesAdded,
                ChangeKind::MinPropertiesRemoved,
                ChangeKind::MinPropertiesIncreased,
                ChangeKind::MinPropertiesDecreased,
            ],
        ),
        (
            "maxProperties",
            false,
            [
                ChangeKind::MaxPropertiesAdded,
                ChangeKind::MaxPropertiesRemoved,
                ChangeKind::MaxPropertiesIncreased,
                ChangeKind::MaxPropertiesDecreased,
            ],
        ),
    ] {
        let rule = CountRule {
            keyword,
            lower,
            kinds,
            unit: "properties",
            at_least: &at_least,
            at_most: &at_most,
            missing_lower: 0,
        };
        compare_count(w, old, new, f, &rule);
    }
    property_names(w, old, new, f);
    super::object_deps::compare(w, old, new, f);
    super::object_rest::undeclared(w, old, new, f);
}

fn properties<'a>(w: &mut Walker<'a>, old: &Node<'a>, new: &Node<'a>, f: &Frame<'a>) {
    let mut names = shape::declared_names(new);
    let known: std::collections::HashSet<String> = names.iter().cloned().collect();
    for name in shape::declared_names(old) {
        if !known.contains(&name) {
            names.push(name);
        }
    }
    for name in names {
        let dependent = f.dependent.clone();
        if dependent
            .as_ref()
            .is_some_and(|d| d.trigger_restated && d.trigger == name)
        {
            continue;
        }
        let slot = |w: &mut Walker<'a>, side: Side, node: &Node<'a>| {
            let here = shape::property(&mut w.ctx, side, node, &name);
            match &dependent {
                // What a dependent schema says nothing about, its object decides (a nested
                // `unevaluatedProperties: false` there rejects it), unless the object declares
                // it itself: then the dependent schema only adds a conjunct. One its own
                // `additionalProperties` or `patternProperties` covers is read as it stands.
                Some(d) if here.coverage == Coverage::Open => {
                    let parent = if side == Side::Old { &d.old } else { &d.new };
                    let outer = shape::property(&mut w.ctx, side, parent, &name);
                    if outer.coverage == Coverage::Declared {
                        here
                    } else {
                        outer
                    }
                }
                _ => here,
            }
        };
        let o = slot(w, Side::Old, old);
        let n = slot(w, Side::New, new);
        let frame = f.down(&name, f.routes.with(Hop::Key(name.clone())));
        match (o.coverage, n.coverage) {
            (Coverage::Declared, Coverage::Declared) => w.compare_locs(o.locs, n.locs, &frame),
            (was, Coverage::Declared) => {
                let Some(at) = n.declared_at.clone() else {
                    continue;
                };
                let changes = w.capture(|w| w.compare_locs(o.locs, n.locs, &frame));
                let direction = joined(&changes);
                let (kind, message) =
                    added_message(&name, was, o.covered_by, direction, &f.ipath, &changes);
                let plans = changes.into_iter().flat_map(|c| c.plans).collect();
                let e = Emit::new(kind, Side::New, &at, &["properties", &name], message);
                w.emit(f, e.direction(direction).plans(plans));
            }
            (Coverage::Declared, now) => {
                let Some(at) = o.declared_at.clone() else {
                    continue;
                };
                let changes = w.capture(|w| w.compare_locs(o.locs, n.locs, &frame));
                let direction = joined(&changes);
                let (kind, message) =
                    removed_message(&name, now, n.covered_by, direction, &f.ipath, &changes);
                let plans = changes.into_iter().flat_map(|c| c.plans).collect();
                let e = Emit::new(kind, Side::Old, &at, &["properties", &name], message);
                w.emit(f, e.direction(direction).plans(plans));
            }
            _ => {}
        }
    }
}

fn added_message(
    name: &str,
    was: Coverage,
    covered_by: Option<&str>,
    direction: Direction,
    ipath: &str,
    changes: &[super::super::walk::Raw<'_>],
) -> (ChangeKind, String) {
    let within = messages::within(ipath);
    let why = reason_in_brackets(changes);
    match was {
        Coverage::Closed => (
            ChangeKind::PropertyAddedToClosedContentModel,
            format!(
                "Optional property `{name}` was added{within}: documents may now carry it (before, it was not allowed)."
            ),
        ),
        Coverage::Open | Coverage::Declared => (
            ChangeKind::PropertyAddedToOpenContentModel,
            if direction == Direction::Annotation {
                format!(
                    "Property `{name}` is now declared{within} without constraints; valid documents are unchanged."
                )
            } else {
                format!(
                    "Property `{name}` was added{within}. The object was open, so documents could already carry `{name}` with any value; those whose value does not fit the new definition are no longer valid{why}."
                )
            },
        ),
        Coverage::Partial => (
            ChangeKind::PropertyAddedToPartiallyOpenContentModel,
            format!(
                "Property `{name}` was added{within}; before, `{}` decided its value, and the new definition {}{why}.",
                covered_by.unwrap_or("additionalProperties"),
                describe(direction)
            ),
        ),
    }
}

fn removed_message(
    name: &str,
    now: Coverage,
    covered_by: Option<&str>,
    direction: Direction,
    ipath: &str,
    changes: &[super::super::walk::Raw<'_>],
) -> (ChangeKind, String) {
    let within = messages::within(ipath);
    let why = reason_in_brackets(changes);
    match now {
        Coverage::Closed => (
            ChangeKind::PropertyRemovedFromClosedContentModel,
            format!(
                "Property `{name}` was removed{within} and the object is closed: documents that carry `{name}` are no longer valid."
            ),
        ),
        Coverage::Open | Coverage::Declared => (
            ChangeKind::PropertyRemovedFromOpenContentModel,
            if direction == Direction::Annotation {
                format!(
                    "Property `{name}` is no longer declared{within}; it had no constraints, so valid documents are unchanged."
                )
            } else {
                format!(
                    "Property `{name}` was removed{within}; the object is open, so `{name}` may now carry any value{why}."
                )
            },
        ),
        Coverage::Partial => (
            ChangeKind::PropertyRemovedFromPartiallyOpenContentModel,
            format!(
                "Property `{name}` was removed{within}; `{}` now decides its value, which {}{why}.",
                covered_by.unwrap_or("additionalProperties"),
                describe(direction)
            ),
        ),
    }
}

pub(crate) fn describe(direction: Direction) -> &'static str {
    match direction {
        Direction::Narrows => "accepts fewer values",
        Direction::Widens => "accepts more values",
        Direction::Both => "accepts some values it did not and rejects others it accepted",
        Direction::Annotation => "accepts the same values",
        Direction::Unknown => "may accept different values",
    }
}

fn required_names<'a>(node: &Node<'a>) -> Vec<(String, Loc<'a>)> {
    let mut out: Vec<(String, Loc<'a>)> = Vec::new();
    for (loc, v) in node.all("required") {
        for name in v.as_array().into_iter().flatten().filter_map(Value::as_str) {
            if !out.iter().any(|(n, _)| n == name) {
                out.push((name.to_string(), loc.clone()));
            }
        }
    }
    out
}

fn required<'a>(w: &mut Walker<'a>, old: &Node<'a>, new: &Node<'a>, f: &Frame<'a>) {
    let o = required_names(old);
    let n = required_names(new);
    let within = messages::within(&f.ipath);
    for (name, loc) in n.iter().filter(|(x, _)| !o.iter().any(|(y, _)| x == y)) {
        let message = format!(
            "Property `{name}` is now required{within}: documents without it are no longer valid."
        );
        let plans = vec![f.routes.tweak(Side::Old, vec![Tweak::Absent(name.clone())])];
        w.emit(
            f,
            Emit::new(
                ChangeKind::RequiredPropertyAdded,
                Side::New,
                loc,
                &["required"],
                message,
            )
            .plans(plans),
        );
    }
    for (name, loc) in o.iter().filter(|(x, _)| !n.iter().any(|(y, _)| x == y)) {
        let message = format!(
            "Property `{name}` is no longer required{within}: documents may now leave it out."
        );
        let plans = vec![f.routes.tweak(Side::New, vec![Tweak::Absent(name.clone())])];
        w.emit(
            f,
            Emit::new(
                ChangeKind::RequiredPropertyRemoved,
                Side::Old,
                loc,
                &["required"],
                message,
            )
            .plans(plans),
        );
    }
}

fn property_names<'a>(w: &mut Walker<'a>, old: &Node<'a>, new: &Node<'a>, f: &Frame<'a>) {
    let locs = |n: &Node<'a>| {
        n.parts
            .iter()
            .filter_map(|p| p.child("propertyNames"))
            .collect::<Vec<_>>()
    };
    let (o, n) = (locs(old), locs(new));
    if o.is_empty() && n.is_empty() {
        return;
    }
    let mut frame = f.with_routes(f.routes.with(Hop::Name));
    frame.ipath = format!("{}/(property names)", f.ipath);
    w.compare_locs(o, n, &frame);
}
