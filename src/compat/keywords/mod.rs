//! Per-family comparisons. Each module reads its keywords from both conjunctions and emits changes
//! with witness plans; `walk` decides which families apply.

pub(crate) mod annotations;
pub(crate) mod array;
pub(crate) mod boolean;
pub(crate) mod branches;
pub(crate) mod combinators;
pub(crate) mod conditional;
pub(crate) mod contains;
pub(crate) mod disjoint;
pub(crate) mod enums;
pub(crate) mod not;
pub(crate) mod number;
pub(crate) mod object;
pub(crate) mod object_deps;
pub(crate) mod object_rest;
pub(crate) mod overlap;
pub(crate) mod pattern;
pub(crate) mod refs;
pub(crate) mod string;
pub(crate) mod types;

use super::kinds::ChangeKind;
use super::messages;
use super::model::{Direction, Side};
use super::node::Node;
use super::plan::Tweak;
use super::resolve::Loc;
use super::walk::{Emit, Frame, Raw, Walker};

/// The strictest non-negative integer bound of `keyword` across the parts (largest for a lower
/// bound, smallest for an upper one), with the part that sets it.
pub(crate) fn count_bound<'a>(
    node: &Node<'a>,
    keyword: &str,
    lower: bool,
) -> Option<(u64, Loc<'a>)> {
    node.all(keyword)
        .into_iter()
        .filter_map(|(loc, v)| {
            v.as_f64()
                .filter(|f| *f >= 0.0)
                .map(|f| (f as u64, loc.clone()))
        })
        .reduce(|a, b| {
            if (lower && b.0 > a.0) || (!lower && b.0 < a.0) {
                b
            } else {
                a
            }
        })
}

/// The four kinds of a count keyword: added, removed, increased, decreased.
pub(crate) type CountKinds = [ChangeKind; 4];

/// How to phrase and witness one count keyword (`minLength`, `maxItems`, ...).
pub(crate) struct CountRule<'t> {
    pub(crate) keyword: &'static str,
    pub(crate) lower: bool,
    pub(crate) kinds: CountKinds,
    /// Plural noun counted ("characters", "items", "properties").
    pub(crate) unit: &'static str,
    /// Tweaks asking for at least / at most n units.
    pub(crate) at_least: &'t dyn Fn(u64) -> Tweak<'static>,
    pub(crate) at_most: &'t dyn Fn(u64) -> Tweak<'static>,
    /// What a missing lower bound means: 0, except 1 for `minContains`.
    pub(crate) missing_lower: u64,
}

/// Compares one count keyword. A missing lower bound counts as `missing_lower` and a missing upper
/// bound as no limit, so writing `minLength: 0` (or `minContains: 1`) changes nothing.
pub(crate) fn compare_count<'a>(
    w: &mut Walker<'a>,
    old: &Node<'a>,
    new: &Node<'a>,
    f: &Frame<'a>,
    rule: &CountRule<'_>,
) {
    let o = count_bound(old, rule.keyword, rule.lower);
    let n = count_bound(new, rule.keyword, rule.lower);
    let eff = |b: &Option<(u64, Loc<'a>)>| {
        b.as_ref().map(|x| x.0).unwrap_or(if rule.lower {
            rule.missing_lower
        } else {
            u64::MAX
        })
    };
    let (ov, nv) = (eff(&o), eff(&n));
    if ov == nv {
        return;
    }
    let [added, removed, increased, decreased] = rule.kinds;
    let at = messages::at_cap(&f.ipath);
    let unit = rule.unit;
    let narrows = if rule.lower { nv > ov } else { nv < ov };
    // Added/removed name the keyword's presence, but their fixed directions only hold when the
    // bound moves that way: with `missing_lower: 1`, adding `minContains: 0` widens and removing
    // it narrows, which are a decrease and an increase.
    let kind = match (&o, &n) {
        (None, Some(_)) if narrows => added,
        (Some(_), None) if !narrows => removed,
        _ if nv > ov => increased,
        _ => decreased,
    };
    let message = match (rule.lower, &o, &n) {
        (true, None, _) if kind == added => format!(
            "{at} must now have at least {nv} {unit}: values with fewer are no longer valid."
        ),
        (true, _, None) if kind == removed => {
            format!("{at} no longer needs at least {ov} {unit}.")
        }
        (true, _, _) if narrows => {
            format!(
                "{at} must now have at least {nv} {unit} (was {ov}): values with fewer are no longer valid."
            )
        }
        (true, _, _) => format!("{at} may now have as few as {nv} {unit} (was at least {ov})."),
        (false, None, _) => {
            format!("{at} may now have at most {nv} {unit}: values with more are no longer valid.")
        }
        (false, _, None) => format!("{at} may now have any number of {unit} (was at most {ov})."),
        (false, _, _) if narrows => {
            format!(
                "{at} may now have at most {nv} {unit} (was {ov}): values with more are no longer valid."
            )
        }
        (false, _, _) => format!("{at} may now have up to {nv} {unit} (was at most {ov})."),
    };
    // A witness sits between the two bounds, sampled from the side that still accepts it.
    let plan = match (rule.lower, narrows) {
        (true, true) => f.routes.tweak(Side::Old, vec![(rule.at_most)(nv - 1)]),
        (true, false) => f.routes.tweak(Side::New, vec![(rule.at_most)(ov - 1)]),
        (false, true) => f.routes.tweak(Side::Old, vec![(rule.at_least)(nv + 1)]),
        (false, false) => f.routes.tweak(Side::New, vec![(rule.at_least)(ov + 1)]),
    };
    let (side, loc) = match (&n, &o) {
        (Some((_, loc)), _) => (Side::New, loc.clone()),
        (None, Some((_, loc))) => (Side::Old, loc.clone()),
        (None, None) => return,
    };
    let e = Emit::new(kind, side, &loc, &[rule.keyword], message).plans(vec![plan]);
    w.emit(f, e);
}

/// The combined direction of captured changes (`Annotation` when there are none).
pub(crate) fn joined(changes: &[Raw<'_>]) -> Direction {
    changes
        .iter()
        .fold(Direction::Annotation, |d, c| d.join(c.direction))
}

/// The first non-annotation message of captured changes, as a clause.
pub(crate) fn reason(changes: &[Raw<'_>]) -> Option<String> {
    changes
        .iter()
        .find(|c| c.direction != Direction::Annotation)
        .map(|c| c.message.trim_end_matches('.').to_string())
}

/// [`reason`] in parentheses after a leading space, for the end of a sentence; empty when there
/// is none.
pub(crate) fn reason_in_brackets(changes: &[Raw<'_>]) -> String {
    reason(changes)
        .map(|r| format!(" ({r})"))
        .unwrap_or_default()
}
