//! Numeric keywords: bounds (draft 4 boolean and draft 6+ numeric exclusivity) and `multipleOf`.
//!
//! Bounds are compared as effective bounds, so `minimum: 5` to `exclusiveMinimum: 4` is judged by
//! what it accepts; for integer-only schemas the bounds are rounded to integers first.

use super::super::kinds::ChangeKind;
use super::super::messages;
use super::super::model::{Direction, Side};
use super::super::node::{Node, TypeSet};
use super::super::plan::Tweak;
use super::super::resolve::{Draft, Loc};
use super::super::walk::{Emit, Frame, Walker};

#[derive(Clone)]
struct Bound<'a> {
    value: f64,
    exclusive: bool,
    /// The keyword that makes it exclusive or inclusive (and names the change).
    keyword: &'static str,
    loc: Loc<'a>,
}

fn bound<'a>(node: &Node<'a>, lower: bool) -> Option<Bound<'a>> {
    let (inclusive, exclusive) = if lower {
        ("minimum", "exclusiveMinimum")
    } else {
        ("maximum", "exclusiveMaximum")
    };
    let mut best: Option<Bound<'a>> = None;
    for part in &node.parts {
        let mut candidates = Vec::new();
        if let Some(v) = part.get(inclusive).and_then(|v| v.as_f64()) {
            let flagged = part.draft == Draft::D4
                && part.get(exclusive).and_then(|v| v.as_bool()) == Some(true);
            candidates.push(Bound {
                value: v,
                exclusive: flagged,
                keyword: if flagged { exclusive } else { inclusive },
                loc: part.clone(),
            });
        }
        if part.draft > Draft::D4
            && let Some(v) = part.get(exclusive).and_then(|v| v.as_f64())
        {
            candidates.push(Bound {
                value: v,
                exclusive: true,
                keyword: exclusive,
                loc: part.clone(),
            });
        }
        for c in candidates {
            best = match best {
                Some(b) if !stricter(&c, &b, lower) => Some(b),
                _ => Some(c),
            };
        }
    }
    best
}

/// Whether bound `a` admits fewer values than `b`.
fn stricter(a: &Bound<'_>, b: &Bound<'_>, lower: bool) -> bool {
    if a.value == b.value {
        a.exclusive && !b.exclusive
    } else if lower {
        a.value > b.value
    } else {
        a.value < b.value
    }
}

/// The same bound over integers, as an inclusive integer bound.
fn integral<'a>(b: Bound<'a>, lower: bool) -> Bound<'a> {
    let value = match (lower, b.exclusive) {
        (true, true) => b.value.floor() + 1.0,
        (true, false) => b.value.ceil(),
        (false, true) => b.value.ceil() - 1.0,
        (false, false) => b.value.floor(),
    };
    Bound {
        value,
        exclusive: false,
        ..b
    }
}

fn describe(b: &Bound<'_>, lower: bool) -> String {
    let v = messages::num(b.value);
    match (lower, b.exclusive) {
        (true, false) => format!("at least {v}"),
        (true, true) => format!("greater than {v}"),
        (false, false) => format!("at most {v}"),
        (false, true) => format!("less than {v}"),
    }
}

fn kinds(keyword: &str) -> [ChangeKind; 4] {
    match keyword {
        "minimum" => [
            ChangeKind::MinimumAdded,
            ChangeKind::MinimumRemoved,
            ChangeKind::MinimumIncreased,
            ChangeKind::MinimumDecreased,
        ],
        "exclusiveMinimum" => [
            ChangeKind::ExclusiveMinimumAdded,
            ChangeKind::ExclusiveMinimumRemoved,
            ChangeKind::ExclusiveMinimumIncreased,
            ChangeKind::ExclusiveMinimumDecreased,
        ],
        "maximum" => [
            ChangeKind::MaximumAdded,
            ChangeKind::MaximumRemoved,
            ChangeKind::MaximumIncreased,
            ChangeKind::MaximumDecreased,
        ],
        _ => [
            ChangeKind::ExclusiveMaximumAdded,
            ChangeKind::ExclusiveMaximumRemoved,
            ChangeKind::ExclusiveMaximumIncreased,
            ChangeKind::ExclusiveMaximumDecreased,
        ],
    }
}

/// A tweak asking for a value just outside `b` (on the side `b` excludes).
fn outside<'a>(b: &Bound<'_>, lower: bool) -> Tweak<'a> {
    if lower {
        Tweak::Upper(b.value, !b.exclusive)
    } else {
        Tweak::Lower(b.value, !b.exclusive)
    }
}

pub(crate) fn compare<'a>(w: &mut Walker<'a>, old: &Node<'a>, new: &Node<'a>, f: &Frame<'a>) {
    let integers_only = !old.types().union(new.types()).overlaps(TypeSet::FRACTION);
    for lower in [true, false] {
        let norm = |b: Option<Bound<'a>>| {
            if integers_only {
                b.map(|b| integral(b, lower))
            } else {
                b
            }
        };
        let o = norm(bound(old, lower));
        let n = norm(bound(new, lower));
        compare_bound(w, f, o, n, lower);
    }
    multiple_of(w, old, new, f);
}

fn compare_bound<'a>(
    w: &mut Walker<'a>,
    f: &Frame<'a>,
    o: Option<Bound<'a>>,
    n: Option<Bound<'a>>,
    lower: bool,
) {
    let at = messages::at_cap(&f.ipath);
    let beyond = if lower { "smaller" } else { "larger" };
    let (kind, side, b, message, plan) = match (&o, &n) {
        (None, None) => return,
        (None, Some(nb)) => (
            kinds(nb.keyword)[0],
            Side::New,
            nb,
            format!(
                "{at} must now be {}: {beyond} values are no longer valid.",
                describe(nb, lower)
            ),
            f.routes.tweak(Side::Old, vec![outside(nb, lower)]),
        ),
        (Some(ob), None) => (
            kinds(ob.keyword)[1],
            Side::Old,
            ob,
            format!("{at} no longer has to be {}.", describe(ob, lower)),
            f.routes.tweak(Side::New, vec![outside(ob, lower)]),
        ),
        (Some(ob), Some(nb)) => {
            if ob.value == nb.value && ob.exclusive == nb.exclusive {
                return;
            }
            let narrows = stricter(nb, ob, lower);
            let raised = nb.value > ob.value || (nb.value == ob.value && (nb.exclusive == lower));
            let k = kinds(nb.keyword);
            let message = if narrows {
                format!(
                    "{at} must now be {} (was {}): {beyond} values are no longer valid.",
                    describe(nb, lower),
                    describe(ob, lower)
                )
            } else {
                format!(
                    "{at} must now be {} (was {}), which accepts more values.",
                    describe(nb, lower),
                    describe(ob, lower)
                )
            };
            let plan = if narrows {
                f.routes.tweak(Side::Old, vec![outside(nb, lower)])
            } else {
                f.routes.tweak(Side::New, vec![outside(ob, lower)])
            };
            (
                if raised { k[2] } else { k[3] },
                Side::New,
                nb,
                message,
                plan,
            )
        }
    };
    let e = Emit::new(kind, side, &b.loc, &[b.keyword], message).plans(vec![plan]);
    w.emit(f, e);
}

fn multiples<'a>(node: &Node<'a>) -> Vec<(f64, Loc<'a>)> {
    node.all("multipleOf")
        .into_iter()
        .filter_map(|(l, v)| v.as_f64().filter(|m| *m > 0.0).map(|m| (m, l.clone())))
        .collect()
}

/// Whether `a` is an integer multiple of `b`.
pub(crate) fn divides(a: f64, b: f64) -> bool {
    let q = a / b;
    (q - q.round()).abs() < 1e-9
}

fn multiple_of<'a>(w: &mut Walker<'a>, old: &Node<'a>, new: &Node<'a>, f: &Frame<'a>) {
    let o = multiples(old);
    let n = multiples(new);
    let at = messages::at_cap(&f.ipath);
    let same = |a: &[(f64, Loc<'a>)], b: &[(f64, Loc<'a>)]| {
        a.iter().all(|(x, _)| b.iter().any(|(y, _)| x == y))
    };
    if same(&o, &n) && same(&n, &o) {
        return;
    }
    match (o.first(), n.first()) {
        (None, Some((m, loc))) => {
            let message = format!(
                "{at} must now be a multiple of {}: other values are no longer valid.",
                messages::num(*m)
            );
            let plans = vec![f.routes.tweak(Side::Old, vec![Tweak::NotMultipleOf(*m)])];
            w.emit(
                f,
                Emit::new(
                    ChangeKind::MultipleOfAdded,
                    Side::New,
                    loc,
                    &["multipleOf"],
                    message,
                )
                .plans(plans),
            );
        }
        (Some((m, loc)), None) => {
            let message = format!(
                "{at} no longer has to be a multiple of {}.",
                messages::num(*m)
            );
            let plans = vec![f.routes.tweak(Side::New, vec![Tweak::NotMultipleOf(*m)])];
            w.emit(
                f,
                Emit::new(
                    ChangeKind::MultipleOfRemoved,
                    Side::Old,
                    loc,
                    &["multipleOf"],
                    message,
                )
                .plans(plans),
            );
        }
        (Some((a, _)), Some((b, loc))) => {
            let direction = if divides(*b, *a) {
                Direction::Narrows
            } else if divides(*a, *b) {
                Direction::Widens
            } else {
                Direction::Both
            };
            let message = format!(
                "{at} must now be a multiple of {} (was {}){}.",
                messages::num(*b),
                messages::num(*a),
                match direction {
                    Direction::Narrows => ": some values that were valid no longer are",
                    Direction::Widens => ", which accepts more values",
                    _ => ": some values that were valid no longer are, and others now are",
                }
            );
            let plans = vec![
                f.routes.tweak(Side::Old, vec![Tweak::NotMultipleOf(*b)]),
                f.routes.tweak(Side::New, vec![Tweak::NotMultipleOf(*a)]),
            ];
            let e = Emit::new(
                ChangeKind::MultipleOfChanged,
                Side::New,
                loc,
                &["multipleOf"],
                message,
            );
            w.emit(f, e.direction(direction).plans(plans));
        }
        (None, None) => {}
    }
}
