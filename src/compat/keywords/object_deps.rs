//! Dependencies between properties: `dependentRequired`, `dependentSchemas`, and draft 7
//! `dependencies` (array values are required names, schema values are dependent schemas; the
//! validator honours `dependencies` in every draft, so the engine does too).

use serde_json::Value;

use super::super::kinds::ChangeKind;
use super::super::messages;
use super::super::model::{Direction, Side};
use super::super::node::Node;
use super::super::plan::{Hop, Tweak};
use super::super::resolve::Loc;
use super::super::walk::{Dependent, Emit, Frame, Walker};
use super::joined;

/// trigger → (required names, part, keyword).
fn required_deps<'a>(node: &Node<'a>) -> Vec<(String, Vec<String>, Loc<'a>, &'static str)> {
    let mut out: Vec<(String, Vec<String>, Loc<'a>, &'static str)> = Vec::new();
    for keyword in ["dependentRequired", "dependencies"] {
        for (loc, map) in node.all(keyword) {
            let Some(map) = map.as_object() else { continue };
            for (trigger, names) in map {
                let Some(names) = names.as_array() else {
                    continue;
                };
                let names: Vec<String> = names
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect();
                match out.iter_mut().find(|(t, ..)| t == trigger) {
                    Some(entry) => {
                        for name in names {
                            if !entry.1.contains(&name) {
                                entry.1.push(name);
                            }
                        }
                    }
                    None => out.push((trigger.clone(), names, loc.clone(), keyword)),
                }
            }
        }
    }
    out
}

/// trigger → (schemas, first part, keyword).
fn schema_deps<'a>(node: &Node<'a>) -> Vec<(String, Vec<Loc<'a>>, Loc<'a>, &'static str)> {
    let mut out: Vec<(String, Vec<Loc<'a>>, Loc<'a>, &'static str)> = Vec::new();
    for keyword in ["dependentSchemas", "dependencies"] {
        for part in &node.parts {
            let Some(Value::Object(map)) = part.get(keyword) else {
                continue;
            };
            for (trigger, schema) in map {
                if schema.is_array() {
                    continue;
                }
                let Some(loc) = part.descend(&[keyword, trigger]) else {
                    continue;
                };
                match out.iter_mut().find(|(t, ..)| t == trigger) {
                    Some(entry) => entry.1.push(loc),
                    None => out.push((trigger.clone(), vec![loc], part.clone(), keyword)),
                }
            }
        }
    }
    out
}

/// Whether the dependent schemas `locs` declare `trigger` only in their own `properties`, where
/// the object reads the declaration as its own (`shape::dependent_declaration`); not when one
/// reaches it through `$ref` or `allOf`.
fn restated<'a>(w: &mut Walker<'a>, side: Side, locs: &[Loc<'a>], trigger: &str) -> bool {
    let node = Node::expand(&mut w.ctx, side, locs.to_vec());
    node.parts
        .iter()
        .filter(|p| p.descend(&["properties", trigger]).is_some())
        .all(|p| locs.iter().any(|l| l.doc == p.doc && l.ptr == p.ptr))
}

/// The sentence for a dependent schema added (`side` New) or removed (`side` Old), whose
/// comparison with nothing gave `direction`: one that only restates what applies anyway (its
/// declaration of the trigger, compared as the object's) changes no valid document.
fn schema_message(trigger: &str, within: &str, side: Side, direction: Direction) -> String {
    let restates = direction == Direction::Annotation;
    match (side, restates) {
        (Side::New, true) => format!(
            "When `{trigger}` is present{within}, the object must now also satisfy an extra schema, which only restates what already applied; valid documents are unchanged."
        ),
        (Side::New, false) => format!(
            "When `{trigger}` is present{within}, the object must now also satisfy an extra schema: documents that do not are no longer valid."
        ),
        (Side::Old, true) => format!(
            "When `{trigger}` is present{within}, the object no longer has to satisfy an extra schema, which only restated what still applies; valid documents are unchanged."
        ),
        (Side::Old, false) => format!(
            "When `{trigger}` is present{within}, the object no longer has to satisfy an extra schema."
        ),
    }
}

pub(crate) fn compare<'a>(w: &mut Walker<'a>, old: &Node<'a>, new: &Node<'a>, f: &Frame<'a>) {
    required(w, old, new, f);
    schemas(w, old, new, f);
}

fn required<'a>(w: &mut Walker<'a>, old: &Node<'a>, new: &Node<'a>, f: &Frame<'a>) {
    let o = required_deps(old);
    let n = required_deps(new);
    let within = messages::within(&f.ipath);
    for (trigger, names, loc, keyword) in &n {
        let before: Vec<String> = o
            .iter()
            .find(|(t, ..)| t == trigger)
            .map(|e| e.1.clone())
            .unwrap_or_default();
        let added: Vec<&String> = names.iter().filter(|x| !before.contains(x)).collect();
        if added.is_empty() {
            continue;
        }
        let message = format!(
            "When `{trigger}` is present{within}, {} must now be present too: documents without {} are no longer valid.",
            messages::list(&messages::ticks(&added)),
            if added.len() == 1 { "it" } else { "them" }
        );
        let plans = added
            .iter()
            .map(|a| {
                f.routes.tweak(
                    Side::Old,
                    vec![Tweak::Present(trigger.clone()), Tweak::Absent((*a).clone())],
                )
            })
            .collect();
        let e = Emit::new(
            ChangeKind::DependentRequiredAdded,
            Side::New,
            loc,
            &[keyword, trigger],
            message,
        );
        w.emit(f, e.plans(plans));
    }
    for (trigger, names, loc, keyword) in &o {
        let after: Vec<String> = n
            .iter()
            .find(|(t, ..)| t == trigger)
            .map(|e| e.1.clone())
            .unwrap_or_default();
        let removed: Vec<&String> = names.iter().filter(|x| !after.contains(x)).collect();
        if removed.is_empty() {
            continue;
        }
        let message = format!(
            "When `{trigger}` is present{within}, {} no longer has to be present.",
            messages::list(&messages::ticks(&removed))
        );
        let plans = removed
            .iter()
            .map(|r| {
                f.routes.tweak(
                    Side::New,
                    vec![Tweak::Present(trigger.clone()), Tweak::Absent((*r).clone())],
                )
            })
            .collect();
        let (side, at, tokens) = match n.iter().find(|(t, ..)| t == trigger) {
            Some((_, _, nloc, nkw)) => (Side::New, nloc.clone(), [*nkw, trigger.as_str()]),
            None => (Side::Old, loc.clone(), [*keyword, trigger.as_str()]),
        };
        let e = Emit::new(
            ChangeKind::DependentRequiredRemoved,
            side,
            &at,
            &tokens,
            message,
        );
        w.emit(f, e.plans(plans));
    }
}

fn schemas<'a>(w: &mut Walker<'a>, old: &Node<'a>, new: &Node<'a>, f: &Frame<'a>) {
    let o = schema_deps(old);
    let n = schema_deps(new);
    let within = messages::within(&f.ipath);
    let mut triggers: Vec<String> = n.iter().map(|e| e.0.clone()).collect();
    triggers.extend(
        o.iter()
            .map(|e| e.0.clone())
            .filter(|t| !n.iter().any(|e| &e.0 == t)),
    );
    for trigger in triggers {
        let oe = o.iter().find(|e| e.0 == trigger);
        let ne = n.iter().find(|e| e.0 == trigger);
        let mut frame = f.with_routes(f.routes.with(Hop::Require(trigger.clone())));
        let o_locs = oe.map(|e| e.1.clone()).unwrap_or_default();
        let n_locs = ne.map(|e| e.1.clone()).unwrap_or_default();
        let trigger_restated =
            restated(w, Side::Old, &o_locs, &trigger) && restated(w, Side::New, &n_locs, &trigger);
        frame.dependent = Some(std::rc::Rc::new(Dependent {
            trigger: trigger.clone(),
            trigger_restated,
            old: old.clone(),
            new: new.clone(),
        }));
        match (oe, ne) {
            (Some(_), Some(_)) => w.compare_locs(o_locs, n_locs, &frame),
            (None, Some((_, _, loc, keyword))) => {
                let changes = w.capture(|w| w.compare_locs(o_locs, n_locs, &frame));
                let direction = joined(&changes);
                let message = schema_message(&trigger, &within, Side::New, direction);
                let plans = changes.into_iter().flat_map(|c| c.plans).collect();
                let e = Emit::new(
                    ChangeKind::DependentSchemaAdded,
                    Side::New,
                    loc,
                    &[keyword, &trigger],
                    message,
                );
                w.emit(f, e.direction(direction).plans(plans));
            }
            (Some((_, _, loc, keyword)), None) => {
                let changes = w.capture(|w| w.compare_locs(o_locs, n_locs, &frame));
                let direction = joined(&changes);
                let message = schema_message(&trigger, &within, Side::Old, direction);
                let plans = changes.into_iter().flat_map(|c| c.plans).collect();
                let e = Emit::new(
                    ChangeKind::DependentSchemaRemoved,
                    Side::Old,
                    loc,
                    &[keyword, &trigger],
                    message,
                );
                w.emit(f, e.direction(direction).plans(plans));
            }
            (None, None) => {}
        }
    }
}
