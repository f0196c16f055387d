//! `if`/`then`/`else`.
//!
//! With the same `if`, `then` and `else` are monotone and compared like any subschema (witnesses
//! are steered into the matching branch). A changed `if` moves documents between branches. When
//! it changed only for values of types that neither version's `then` nor `else` accepts (OpenAPI
//! 3.1 adding and dropping `type: object` beside `required: ["$ref"]`), those values are invalid
//! either way: the change has no effect and the branches are compared as under an unchanged `if`.
//! Otherwise it is reported as undecided, with witnesses when some are found.

use super::super::kinds::ChangeKind;
use super::super::messages;
use super::super::model::{Direction, Side};
use super::super::node::{Ctx, Node, TypeSet, equal_without_refs};
use super::super::plan::{Hop, Plan, Routes};
use super::super::resolve::Loc;
use super::super::walk::{Emit, Frame, Walker};
use super::joined;

struct Conditional<'a> {
    part: Loc<'a>,
    cond: Loc<'a>,
    then: Option<Loc<'a>>,
    otherwise: Option<Loc<'a>>,
}

fn conditional<'a>(node: &Node<'a>) -> Option<Conditional<'a>> {
    node.parts.iter().find_map(|p| {
        Some(Conditional {
            part: p.clone(),
            cond: p.child("if")?,
            then: p.child("then"),
            otherwise: p.child("else"),
        })
    })
}

fn hop<'a>(c: &Conditional<'a>, then: bool) -> Hop<'a> {
    Hop::Cond {
        doc: c.part.doc,
        ptr: c.part.ptr.clone(),
        then,
    }
}

pub(crate) fn compare<'a>(w: &mut Walker<'a>, old: &Node<'a>, new: &Node<'a>, f: &Frame<'a>) {
    let at = messages::at_cap(&f.ipath);
    match (conditional(old), conditional(new)) {
        (None, None) => {}
        (Some(o), Some(n)) => {
            let inner = Frame {
                routes: Routes::default(),
                ipath: f.ipath.clone(),
                undeclared: false,
                unsure: None,
                dependent: None,
            };
            let changes =
                w.capture(|w| w.compare_locs(vec![o.cond.clone()], vec![n.cond.clone()], &inner));
            let moved = joined(&changes) != Direction::Annotation;
            if moved && idle_types(&mut w.ctx, &o, &n) {
                let message = format!(
                    "The `if` condition of {} changed only for values of types that neither `then` nor `else` accepts in either version, so valid documents are unchanged.",
                    messages::at(&f.ipath)
                );
                let e = Emit::new(
                    ChangeKind::KeywordWithoutEffectChanged,
                    Side::New,
                    &n.cond,
                    &[],
                    message,
                );
                w.emit(f, e);
            } else if moved {
                let message = format!(
                    "The `if` condition of {} changed, so documents move between its `then` and `else` rules; Concord cannot decide which way, so this counts as breaking.",
                    messages::at(&f.ipath)
                );
                // Documents one version accepts that land in the other version's `then` (or `else`)
                // and break it: valid under old, matching the new `if`, violating the new `then`.
                let mut plans = Vec::new();
                for (side, c, other) in [(Side::Old, &n, &o), (Side::New, &o, &n)] {
                    for (branch, then) in [(&c.then, true), (&c.otherwise, false)] {
                        let Some(branch) = branch else { continue };
                        let mut routes = f.routes.clone();
                        if then {
                            routes = routes.with_on(side, Hop::Also(c.cond.clone()));
                        }
                        routes = routes.with_on(side, hop(other, !then));
                        let frame = f.with_routes(routes);
                        let sub = w.capture(|w| match side {
                            Side::Old => w.compare_locs(Vec::new(), vec![branch.clone()], &frame),
                            Side::New => w.compare_locs(vec![branch.clone()], Vec::new(), &frame),
                        });
                        plans.extend(
                            sub.into_iter()
                                .flat_map(|c| c.plans)
                                .filter(|p| p.valid_under == side),
                        );
                    }
                }
                for side in [Side::Old, Side::New] {
                    for then in [true, false] {
                        let c = if side == Side::Old { &o } else { &n };
                        plans.push(f.routes.with_on(side, hop(c, then)).tweak(side, Vec::new()));
                    }
                }
                w.emit(
                    f,
                    Emit::new(ChangeKind::IfChanged, Side::New, &n.cond, &[], message).plans(plans),
                );
                return;
            }
            for then in [true, false] {
                let routes = f
                    .routes
                    .with_on(Side::Old, hop(&o, then))
                    .with_on(Side::New, hop(&n, then));
                let frame = f.with_routes(routes);
                let (a, b) = if then {
                    (o.then.clone(), n.then.clone())
                } else {
                    (o.otherwise.clone(), n.otherwise.clone())
                };
                let (added, removed, name) = if then {
                    (ChangeKind::ThenAdded, ChangeKind::ThenRemoved, "then")
                } else {
                    (ChangeKind::ElseAdded, ChangeKind::ElseRemoved, "else")
                };
                let case = if then { "match" } else { "do not match" };
                match (a, b) {
                    (Some(a), Some(b)) => w.compare_locs(vec![a], vec![b], &frame),
                    (None, Some(b)) => {
                        let changes =
                            w.capture(|w| w.compare_locs(Vec::new(), vec![b.clone()], &frame));
                        let message = format!(
                            "{at}: documents that {case} the `if` condition must now also satisfy a new `{name}` schema."
                        );
                        let plans: Vec<Plan<'a>> =
                            changes.iter().flat_map(|c| c.plans.clone()).collect();
                        let e = Emit::new(added, Side::New, &b, &[], message)
                            .direction(joined(&changes));
                        w.emit(f, e.plans(plans));
                    }
                    (Some(a), None) => {
                        let changes =
                            w.capture(|w| w.compare_locs(vec![a.clone()], Vec::new(), &frame));
                        let message = format!(
                            "{at}: documents that {case} the `if` condition no longer have to satisfy the `{name}` schema."
                        );
                        let plans: Vec<Plan<'a>> =
                            changes.iter().flat_map(|c| c.plans.clone()).collect();
                        let e = Emit::new(removed, Side::Old, &a, &[], message)
                            .direction(joined(&changes));
                        w.emit(f, e.plans(plans));
                    }
                    (None, None) => {}
                }
            }
        }
        (None, Some(n)) => one_sided(w, Side::New, &n, f),
        (Some(o), None) => one_sided(w, Side::Old, &o, f),
    }
}

/// Whether the two `if`s differ only in `type`, each admitting every type some `then` or `else`
/// accepts: the values moved between branches are then of types every branch rejects, so
/// they are invalid under both versions wherever they land. Needs all four branches (a missing
/// one accepts every type) and `if`s without references (whose targets may differ).
fn idle_types<'a>(ctx: &mut Ctx<'a>, o: &Conditional<'a>, n: &Conditional<'a>) -> bool {
    let mut accepted = TypeSet::EMPTY;
    for (side, branch) in [
        (Side::Old, &o.then),
        (Side::Old, &o.otherwise),
        (Side::New, &n.then),
        (Side::New, &n.otherwise),
    ] {
        let Some(branch) = branch else { return false };
        accepted = accepted.union(Node::expand(ctx, side, vec![branch.clone()]).types());
    }
    let rest = |cond: &Loc<'a>| -> Option<(serde_json::Map<String, serde_json::Value>, TypeSet)> {
        let mut map = cond.value.as_object()?.clone();
        let types = map
            .remove("type")
            .map_or(TypeSet::ALL, |t| TypeSet::from_keyword(&t));
        Some((map, types))
    };
    let (Some((old_rest, old_types)), Some((new_rest, new_types))) = (rest(&o.cond), rest(&n.cond))
    else {
        return false;
    };
    old_types.contains(accepted)
        && new_types.contains(accepted)
        && equal_without_refs(
            &serde_json::Value::Object(old_rest),
            &serde_json::Value::Object(new_rest),
        )
}

/// A conditional present on one side only: it narrows (added) or widens (removed) by what its
/// `then`/`else` demand.
fn one_sided<'a>(w: &mut Walker<'a>, side: Side, c: &Conditional<'a>, f: &Frame<'a>) {
    let mut changes = Vec::new();
    for (branch, then) in [(&c.then, true), (&c.otherwise, false)] {
        let Some(branch) = branch else { continue };
        // Steer the sample on the other side into the same branch: it must (not) match `if`.
        let routes = if then {
            f.routes
                .with_on(side.other(), Hop::Also(c.cond.clone()))
                .with_on(side, hop(c, true))
        } else {
            f.routes.with_on(side, hop(c, false))
        };
        let frame = f.with_routes(routes);
        changes.extend(w.capture(|w| match side {
            Side::New => w.compare_locs(Vec::new(), vec![branch.clone()], &frame),
            Side::Old => w.compare_locs(vec![branch.clone()], Vec::new(), &frame),
        }));
    }
    let direction = joined(&changes);
    if direction == Direction::Annotation {
        return;
    }
    let at = messages::at_cap(&f.ipath);
    let (kind, message) = match side {
        Side::New => (
            ChangeKind::ConditionalAdded,
            format!(
                "{at} now has an `if`/`then`/`else` rule: documents that break it are no longer valid."
            ),
        ),
        Side::Old => (
            ChangeKind::ConditionalRemoved,
            format!("{at} no longer has its `if`/`then`/`else` rule."),
        ),
    };
    let plans: Vec<Plan<'a>> = changes.into_iter().flat_map(|c| c.plans).collect();
    w.emit(
        f,
        Emit::new(kind, side, &c.cond, &[], message)
            .direction(direction)
            .plans(plans),
    );
}
