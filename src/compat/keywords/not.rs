//! `not`: a change inside the negated schema moves the valid set the other way.
//!
//! Inner changes are compared on their own (fresh routes) and folded into one change whose
//! direction is the inner direction flipped; witnesses built for the inner change swap sides.

use super::super::kinds::ChangeKind;
use super::super::messages;
use super::super::model::{Direction, Side};
use super::super::node::Node;
use super::super::plan::{Plan, Routes, Target, Tweak};
use super::super::walk::{Emit, Frame, Walker};
use super::{joined, reason};

pub(crate) fn compare<'a>(w: &mut Walker<'a>, old: &Node<'a>, new: &Node<'a>, f: &Frame<'a>) {
    let nots = |n: &Node<'a>| {
        n.parts
            .iter()
            .filter_map(|p| p.child("not"))
            .collect::<Vec<_>>()
    };
    let (o, n) = (nots(old), nots(new));
    let at = messages::at_cap(&f.ipath);
    for i in 0..o.len().max(n.len()) {
        match (o.get(i), n.get(i)) {
            (Some(a), Some(b)) => {
                let inner = Frame {
                    routes: Routes::default(),
                    ipath: f.ipath.clone(),
                    undeclared: false,
                    unsure: None,
                    dependent: None,
                };
                let changes =
                    w.capture(|w| w.compare_locs(vec![a.clone()], vec![b.clone()], &inner));
                let direction = joined(&changes).flip();
                if changes.is_empty() || direction == Direction::Annotation {
                    continue;
                }
                let why = reason(&changes)
                    .map(|r| format!(" Inside `not`: {r}."))
                    .unwrap_or_default();
                let message = format!(
                    "The schema that {} must NOT match changed, so the values it excludes changed.{why}",
                    messages::at(&f.ipath)
                );
                let mut plans = Vec::new();
                for plan in changes.into_iter().flat_map(|c| c.plans) {
                    // A value valid under the old inner schema but not the new one is excluded by the
                    // old `not` and allowed by the new one: the sides swap.
                    let outer = plan.valid_under.other();
                    let start = if plan.valid_under == Side::Old {
                        a.clone()
                    } else {
                        b.clone()
                    };
                    plans.push(Plan {
                        valid_under: outer,
                        route: f.routes.side(outer).clone(),
                        target: Target::Inner {
                            start: vec![start],
                            side: plan.valid_under,
                            route: plan.route,
                            target: Box::new(plan.target),
                        },
                    });
                }
                let e = Emit::new(ChangeKind::NotChanged, Side::New, b, &[], message)
                    .direction(direction);
                w.emit(f, e.plans(plans));
            }
            (None, Some(b)) => {
                let message = format!(
                    "{at} must now NOT match an excluded schema: values matching it are no longer valid."
                );
                let plans = vec![f.routes.tweak(Side::Old, vec![Tweak::Also(b.clone())])];
                w.emit(
                    f,
                    Emit::new(ChangeKind::NotAdded, Side::New, b, &[], message).plans(plans),
                );
            }
            (Some(a), None) => {
                let message =
                    format!("{at} no longer excludes the values matched by its `not` schema.");
                let plans = vec![f.routes.tweak(Side::New, vec![Tweak::Also(a.clone())])];
                w.emit(
                    f,
                    Emit::new(ChangeKind::NotRemoved, Side::Old, a, &[], message).plans(plans),
                );
            }
            (None, None) => {}
        }
    }
}
