//! `contains` with `minContains`/`maxContains`.
//!
//! Witnesses for the counts are arrays with a chosen number of items matching `contains`. With
//! `maxContains`, `contains` is not monotone: an item one version's `contains` accepts and the
//! other's rejects also shows a break when it is put after as many matching items as the other
//! version allows, because it adds one match too many there.

use super::super::kinds::ChangeKind;
use super::super::messages;
use super::super::model::Side;
use super::super::node::Node;
use super::super::plan::{Hop, Plan, Target, Tweak};
use super::super::resolve::{Draft, Loc};
use super::super::walk::{Emit, Frame, Raw, Walker};
use super::{CountRule, compare_count, count_bound};

pub(crate) fn compare<'a>(w: &mut Walker<'a>, old: &Node<'a>, new: &Node<'a>, f: &Frame<'a>) {
    contains(w, old, new, f);
    if !(has_contains(old) && has_contains(new)) {
        return;
    }
    let at_least = |n: u64| Tweak::ContainsAtLeast(n);
    let at_most = |n: u64| Tweak::ContainsAtMost(n);
    for (keyword, lower, kinds) in [
        (
            "minContains",
            true,
            [
                ChangeKind::MinContainsAdded,
                ChangeKind::MinContainsRemoved,
                ChangeKind::MinContainsIncreased,
                ChangeKind::MinContainsDecreased,
            ],
        ),
        (
            "maxContains",
            false,
            [
                ChangeKind::MaxContainsAdded,
                ChangeKind::MaxContainsRemoved,
                ChangeKind::MaxContainsIncreased,
                ChangeKind::MaxContainsDecreased,
            ],
        ),
    ] {
        let rule = CountRule {
            keyword,
            lower,
            kinds,
            unit: "items matching `contains`",
            at_least: &at_least,
            at_most: &at_most,
            // Without `minContains`, `contains` asks for one match.
            missing_lower: 1,
        };
        compare_count(w, old, new, f, &rule);
    }
}

/// Whether `contains` constrains arrays at all: `minContains: 0` drops the need for a match, but
/// a `maxContains` still limits how many items may match.
fn has_contains(node: &Node<'_>) -> bool {
    node.first("contains").is_some()
        && (requires_match(node) || count_bound(node, "maxContains", false).is_some())
}

/// Whether `contains` asks for at least one matching item (`minContains` is not 0).
fn requires_match(node: &Node<'_>) -> bool {
    count_bound(node, "minContains", true).is_none_or(|(n, _)| n > 0)
}

/// Whether an `unevaluatedItems` sees the items `contains` matches (2020-12 on): it then decides
/// only the items `contains` does not match, so adding, removing or changing `contains` can move
/// items either way.
fn sees_contains(node: &Node<'_>) -> bool {
    node.parts.iter().any(|p| {
        p.draft >= Draft::D2020
            && p.get("unevaluatedItems")
                .is_some_and(|v| v.as_bool() != Some(true))
    })
}

fn contains<'a>(w: &mut Walker<'a>, old: &Node<'a>, new: &Node<'a>, f: &Frame<'a>) {
    let unevaluated = sees_contains(old) || sees_contains(new);
    let unsure = f
        .clone()
        .unsure("`unevaluatedItems` accepts the items `contains` matches");
    let f = if unevaluated { &unsure } else { f };
    let loc = |n: &Node<'a>| n.parts.iter().find_map(|p| p.child("contains"));
    let at = messages::at_cap(&f.ipath);
    match (has_contains(old), has_contains(new)) {
        (true, true) => {
            let (Some(o), Some(n)) = (loc(old), loc(new)) else {
                return;
            };
            let frame = f.down("*", f.routes.with(Hop::Index(0)));
            let limits = [
                count_bound(old, "maxContains", false).map(|b| b.0),
                count_bound(new, "maxContains", false).map(|b| b.0),
            ];
            if limits == [None, None] {
                w.compare_locs(vec![o], vec![n], &frame);
                return;
            }
            let frame =
                frame.unsure("with `maxContains`, a wider `contains` can also reject arrays");
            let changes = w.capture(|w| w.compare_locs(vec![o.clone()], vec![n.clone()], &frame));
            let changes = changes
                .into_iter()
                .map(|mut c| {
                    let extra = overflow_plans(f, &c, [&o, &n], limits);
                    c.plans.extend(extra);
                    c
                })
                .collect();
            w.replay(changes);
        }
        (false, true) => {
            let Some(n) = loc(new) else { return };
            let (message, plans) = if requires_match(new) {
                let message = format!(
                    "{at} must now contain at least one item matching `contains`: arrays without one are no longer valid."
                );
                let mut plans = vec![
                    f.routes.tweak(Side::Old, vec![Tweak::MaxItems(0)]),
                    f.routes.tweak(Side::Old, vec![Tweak::ItemsAvoidContains]),
                ];
                if unevaluated {
                    plans.push(f.routes.tweak(Side::New, Vec::new()));
                }
                (message, plans)
            } else {
                // Only `maxContains` applies; the sampler cannot aim items at `contains` on the
                // side without one, so no witness is planned.
                let message = format!(
                    "{at} may now hold only a limited number of items matching `contains` (`maxContains`)."
                );
                (message, Vec::new())
            };
            w.emit(
                f,
                Emit::new(ChangeKind::ContainsAdded, Side::New, &n, &[], message).plans(plans),
            );
        }
        (true, false) => {
            let Some(o) = loc(old) else { return };
            let (message, plans) = if requires_match(old) {
                let message = format!("{at} no longer has to contain an item matching `contains`.");
                let mut plans = vec![
                    f.routes.tweak(Side::New, vec![Tweak::MaxItems(0)]),
                    f.routes.tweak(Side::New, vec![Tweak::ItemsAvoidContains]),
                ];
                if unevaluated {
                    plans.push(f.routes.tweak(Side::Old, Vec::new()));
                }
                (message, plans)
            } else {
                let message = format!(
                    "{at} no longer limits how many items may match `contains` (`maxContains`)."
                );
                (message, Vec::new())
            };
            w.emit(
                f,
                Emit::new(ChangeKind::ContainsRemoved, Side::Old, &o, &[], message).plans(plans),
            );
        }
        (false, false) => {}
    }
}

/// For each plan of a change inside `contains` (an item one side's `contains` accepts and, it is
/// hoped, the other's rejects), an array of the other side holding as many items matching its own
/// `contains` as its `maxContains` allows, followed by that item: when the item also matches the
/// first side's `contains`, the first side sees one match too many.
fn overflow_plans<'a>(
    f: &Frame<'a>,
    change: &Raw<'a>,
    contains: [&Loc<'a>; 2],
    limits: [Option<u64>; 2],
) -> Vec<Plan<'a>> {
    let mut out = Vec::new();
    for plan in &change.plans {
        let from = plan.valid_under;
        let to = from.other();
        // The item comes from the first side's `contains`; the count limit is the other side's.
        let (item_schema, limit) = match to {
            Side::Old => (contains[1], limits[0]),
            Side::New => (contains[0], limits[1]),
        };
        let Some(limit) = limit else { continue };
        // The plan's route runs from the array's route through `Hop::Index(0)` into `contains`.
        let skip = f.routes.side(from).len() + 1;
        let Some(inner) = plan.route.get(skip..) else {
            continue;
        };
        let mut route = f.routes.side(to).clone();
        route.push(Hop::Tweaks(vec![Tweak::ContainsAtLeast(limit)]));
        route.push(Hop::Index(limit as usize));
        out.push(Plan {
            valid_under: to,
            route,
            target: Target::Inner {
                start: vec![item_schema.clone()],
                side: from,
                route: inner.to_vec(),
                target: Box::new(plan.target.clone()),
            },
        });
    }
    out
}
