//! Array keywords: positional items (`prefixItems`, array-form `items` before 2020-12), the schema
//! for the remaining items (`items`, `additionalItems`, `unevaluatedItems`), counts,
//! `uniqueItems`; `contains` with its counts is in `contains`.
//!
//! Tuple positions follow the content-model logic of properties, without `LENIENT` relief (as in
//! Confluent: an extra array item is not something a consumer can ignore).

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
    positions(w, old, new, f);
    let at_least = |n: u64| Tweak::MinItems(n);
    let at_most = |n: u64| Tweak::MaxItems(n);
    for (keyword, lower, kinds, unit) in [
        (
            "minItems",
            true,
            [
                ChangeKind::MinItemsAdded,
                ChangeKind::MinItemsRemoved,
                ChangeKind::MinItemsIncreased,
                ChangeKind::MinItemsDecreased,
            ],
            "items",
        ),
        (
            "maxItems",
            false,
            [
                ChangeKind::MaxItemsAdded,
                ChangeKind::MaxItemsRemoved,
                ChangeKind::MaxItemsIncreased,
                ChangeKind::MaxItemsDecreased,
            ],
            "items",
        ),
    ] {
        let rule = CountRule {
            keyword,
            lower,
            kinds,
            unit,
            at_least: &at_least,
            at_most: &at_most,
            missing_lower: 0,
        };
        compare_count(w, old, new, f, &rule);
    }
    unique(w, old, new, f);
    super::contains::compare(w, old, new, f);
}

fn positions<'a>(w: &mut Walker<'a>, old: &Node<'a>, new: &Node<'a>, f: &Frame<'a>) {
    let (po, pn) = (
        shape::declared_positions(old),
        shape::declared_positions(new),
    );
    let within = messages::within(&f.ipath);
    for i in 0..po.max(pn) {
        let o = shape::item(&mut w.ctx, Side::Old, old, i);
        let n = shape::item(&mut w.ctx, Side::New, new, i);
        let frame = f.down(&i.to_string(), f.routes.with(Hop::Index(i)));
        match (o.coverage, n.coverage) {
            (Coverage::Declared, Coverage::Declared) => w.compare_locs(o.locs, n.locs, &frame),
            (was, Coverage::Declared) => {
                let Some(at) = n.declared_at.clone() else {
                    continue;
                };
                let changes = w.capture(|w| w.compare_locs(o.locs, n.locs, &frame));
                let direction = joined(&changes);
                let why = reason_in_brackets(&changes);
                let (kind, message) = match was {
                    Coverage::Closed => (
                        ChangeKind::ItemAddedToClosedContentModel,
                        format!(
                            "Position {i}{within} is now allowed: arrays may now have an item there."
                        ),
                    ),
                    Coverage::Partial => (
                        ChangeKind::ItemAddedToPartiallyOpenContentModel,
                        format!(
                            "Position {i}{within} now has its own item schema instead of `{}`{why}.",
                            o.covered_by.unwrap_or("items")
                        ),
                    ),
                    _ => (
                        ChangeKind::ItemAddedToOpenContentModel,
                        format!(
                            "Position {i}{within} now has an item schema; before, any value was allowed there{why}."
                        ),
                    ),
                };
                let tokens = [tuple_keyword(&at), &i.to_string()];
                let plans = changes.into_iter().flat_map(|c| c.plans).collect();
                w.emit(
                    f,
                    Emit::new(kind, Side::New, &at, &tokens, message)
                        .direction(direction)
                        .plans(plans),
                );
            }
            (Coverage::Declared, now) => {
                let Some(at) = o.declared_at.clone() else {
                    continue;
                };
                let changes = w.capture(|w| w.compare_locs(o.locs, n.locs, &frame));
                let direction = joined(&changes);
                let why = reason_in_brackets(&changes);
                let (kind, message) = match now {
                    Coverage::Closed => (
                        ChangeKind::ItemRemovedFromClosedContentModel,
                        format!(
                            "Position {i}{within} was removed and no further items are allowed: longer arrays are no longer valid."
                        ),
                    ),
                    Coverage::Partial => (
                        ChangeKind::ItemRemovedFromPartiallyOpenContentModel,
                        format!(
                            "Position {i}{within} lost its own item schema; `{}` now decides it{why}.",
                            n.covered_by.unwrap_or("items")
                        ),
                    ),
                    _ => (
                        ChangeKind::ItemRemovedFromOpenContentModel,
                        format!(
                            "Position {i}{within} lost its item schema: any value is now allowed there."
                        ),
                    ),
                };
                let tokens = [tuple_keyword(&at), &i.to_string()];
                let plans = changes.into_iter().flat_map(|c| c.plans).collect();
                w.emit(
                    f,
                    Emit::new(kind, Side::Old, &at, &tokens, message)
                        .direction(direction)
                        .plans(plans),
                );
            }
            _ => {}
        }
    }
    rest(w, old, new, f, po.max(pn), po > 0 || pn > 0);
}

fn tuple_keyword(part: &Loc<'_>) -> &'static str {
    shape::item_keywords(part).0.unwrap_or("prefixItems")
}

/// The schema for items past every declared position.
fn rest<'a>(
    w: &mut Walker<'a>,
    old: &Node<'a>,
    new: &Node<'a>,
    f: &Frame<'a>,
    from: usize,
    tuple: bool,
) {
    let o = shape::item(&mut w.ctx, Side::Old, old, from);
    let n = shape::item(&mut w.ctx, Side::New, new, from);
    if o.locs.is_empty() && n.locs.is_empty() {
        return;
    }
    let frame = f.down("*", f.routes.with(Hop::Index(from)));
    let boolean = |locs: &[Loc<'a>]| locs.iter().all(|l| l.value.is_boolean());
    if !tuple || !(boolean(&o.locs) || boolean(&n.locs)) {
        w.compare_locs(o.locs, n.locs, &frame);
        return;
    }
    let at = n
        .locs
        .first()
        .map(|l| (Side::New, l.clone(), n.covered_by))
        .or_else(|| o.locs.first().map(|l| (Side::Old, l.clone(), o.covered_by)));
    let changes = w.capture(|w| w.compare_locs(o.locs, n.locs, &frame));
    let direction = joined(&changes);
    let Some((side, loc, keyword)) = at else {
        return;
    };
    if direction == Direction::Annotation {
        return;
    }
    let unevaluated = keyword == Some("unevaluatedItems");
    let kind = match (direction, unevaluated) {
        (Direction::Widens, false) => ChangeKind::AdditionalItemsWidened,
        (Direction::Widens, true) => ChangeKind::UnevaluatedItemsWidened,
        (_, false) => ChangeKind::AdditionalItemsNarrowed,
        (_, true) => ChangeKind::UnevaluatedItemsNarrowed,
    };
    let within = messages::within(&f.ipath);
    let message = if direction == Direction::Widens {
        format!(
            "Items after position {}{within} are now accepted more widely.",
            from.saturating_sub(1)
        )
    } else {
        format!(
            "Items after the declared positions{within} are now restricted: longer arrays may no longer be valid."
        )
    };
    let plans = changes.into_iter().flat_map(|c| c.plans).collect();
    w.emit(
        f,
        Emit::new(kind, side, &loc, &[], message)
            .direction(direction)
            .plans(plans),
    );
}

fn unique<'a>(w: &mut Walker<'a>, old: &Node<'a>, new: &Node<'a>, f: &Frame<'a>) {
    let flag = |n: &Node<'a>| {
        n.all("uniqueItems")
            .into_iter()
            .find(|(_, v)| v.as_bool() == Some(true))
            .map(|(l, _)| l.clone())
    };
    let at = messages::at_cap(&f.ipath);
    match (flag(old), flag(new)) {
        (None, Some(loc)) => {
            let message = format!(
                "{at} must now hold unique items: arrays with repeated items are no longer valid."
            );
            let plans = vec![f.routes.tweak(Side::Old, vec![Tweak::Duplicates])];
            w.emit(
                f,
                Emit::new(
                    ChangeKind::UniqueItemsAdded,
                    Side::New,
                    &loc,
                    &["uniqueItems"],
                    message,
                )
                .plans(plans),
            );
        }
        (Some(loc), None) => {
            let message = format!("{at} may now hold repeated items.");
            let plans = vec![f.routes.tweak(Side::New, vec![Tweak::Duplicates])];
            w.emit(
                f,
                Emit::new(
                    ChangeKind::UniqueItemsRemoved,
                    Side::Old,
                    &loc,
                    &["uniqueItems"],
                    message,
                )
                .plans(plans),
            );
        }
        _ => {}
    }
}
