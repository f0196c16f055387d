//! `pattern`, decided exactly by automata on the strings the rest of the schema allows.
//!
//! A pattern's change only matters on strings that both sides' other string keywords accept:
//! lengths outside `minLength`/`maxLength`, and values outside a `const`/`enum`, are reported by
//! those keywords' own changes. So `^[0-9]+$` becoming `^[0-9]{1,5}$` beside `maxLength: 5`
//! changes nothing, and a pattern added that every listed value already matches constrains
//! nothing.

use super::super::automata::{Difference, Lengths};
use super::super::kinds::ChangeKind;
use super::super::messages;
use super::super::model::{Direction, Side};
use super::super::node::Node;
use super::super::plan::Tweak;
use super::super::resolve::Loc;
use super::super::walk::{Emit, Frame, Walker};
use super::disjoint::values;
use super::string::strings;

/// The strings both sides' other string keywords accept.
struct Allowed {
    lengths: Lengths,
    /// The strings a `const`/`enum` lists (on both sides, when both list some).
    listed: Option<Vec<String>>,
}

impl Allowed {
    fn of(old: &Node<'_>, new: &Node<'_>) -> Allowed {
        let (a, b) = (lengths(old), lengths(new));
        let lengths = Lengths {
            min: a.min.max(b.min),
            max: match (a.max, b.max) {
                (Some(x), Some(y)) => Some(x.min(y)),
                (x, y) => x.or(y),
            },
        };
        let strings = |node: &Node<'_>| {
            values(node).map(|v| {
                v.iter()
                    .filter_map(|x| x.as_str().map(str::to_owned))
                    .collect::<Vec<_>>()
            })
        };
        let listed = match (strings(old), strings(new)) {
            (Some(x), Some(y)) => Some(x.into_iter().filter(|s| y.contains(s)).collect()),
            (x, y) => x.or(y),
        };
        let listed = listed.map(|all: Vec<String>| {
            all.into_iter()
                .filter(|s| {
                    let count = s.chars().count() as u64;
                    count >= lengths.min && lengths.max.is_none_or(|max| count <= max)
                })
                .collect()
        });
        Allowed { lengths, listed }
    }

    /// How a sentence names these strings: nothing when every string is allowed.
    fn scope(&self) -> String {
        if self.listed.is_some() {
            return " among the values `const`/`enum` allows".to_owned();
        }
        match (self.lengths.min, self.lengths.max) {
            (0, None) => String::new(),
            (min, None) => format!(" among strings of at least {min} characters"),
            (0, Some(max)) => format!(" among strings of at most {max} characters"),
            (min, Some(max)) => format!(" among strings of {min} to {max} characters"),
        }
    }
}

/// The tightest `minLength` and `maxLength` of a conjunction.
fn lengths(node: &Node<'_>) -> Lengths {
    let numbers = |keyword| {
        node.all(keyword)
            .into_iter()
            .filter_map(|(_, v)| v.as_u64())
            .collect::<Vec<_>>()
    };
    Lengths {
        min: numbers("minLength").into_iter().max().unwrap_or(0),
        max: numbers("maxLength").into_iter().min(),
    }
}

/// How the languages of `was` and `now` differ on the allowed strings; `None` when undecided.
fn differ(w: &mut Walker<'_>, was: &str, now: &str, allowed: &Allowed) -> Option<Difference> {
    let Some(listed) = &allowed.listed else {
        return w.ctx.automata.compare(was, now, allowed.lengths);
    };
    let mut one_way = |yes: &str, no: &str| -> Option<Option<String>> {
        for s in listed {
            if w.ctx.automata.accepts(yes, s)? && !w.ctx.automata.accepts(no, s)? {
                return Some(Some(s.clone()));
            }
        }
        Some(None)
    };
    Some(Difference {
        old_only: one_way(was, now)?,
        new_only: one_way(now, was)?,
    })
}

/// Whether `pattern` matches every allowed string (`Some(false)` with none decided otherwise).
fn matches_all(w: &mut Walker<'_>, pattern: &str, allowed: &Allowed) -> Option<bool> {
    match &allowed.listed {
        Some(listed) => {
            for s in listed {
                if !w.ctx.automata.accepts(pattern, s)? {
                    return Some(false);
                }
            }
            Some(true)
        }
        None => w
            .ctx
            .automata
            .matches_every_string(pattern, allowed.lengths),
    }
}

pub(crate) fn compare<'a>(w: &mut Walker<'a>, old: &Node<'a>, new: &Node<'a>, f: &Frame<'a>) {
    let o = strings(old, "pattern");
    let n = strings(new, "pattern");
    let removed: Vec<_> = o
        .iter()
        .filter(|(p, _)| !n.iter().any(|(q, _)| q == p))
        .collect();
    let added: Vec<_> = n
        .iter()
        .filter(|(p, _)| !o.iter().any(|(q, _)| q == p))
        .collect();
    if removed.is_empty() && added.is_empty() {
        return;
    }
    let allowed = Allowed::of(old, new);
    let at = messages::at_cap(&f.ipath);
    if let ([(was, _)], [(now, loc)]) = (removed.as_slice(), added.as_slice()) {
        changed(w, f, &at, (was, now), loc, &allowed);
        return;
    }
    for (p, loc) in added {
        if without_effect(w, f, &at, (p, loc), Side::New, &allowed) {
            continue;
        }
        let message = format!(
            "{at} must now match the pattern `{p}`: strings that do not are no longer valid."
        );
        let plans = vec![
            f.routes
                .tweak(Side::Old, vec![Tweak::NotPattern(p.clone())]),
        ];
        let e = Emit::new(
            ChangeKind::PatternAdded,
            Side::New,
            loc,
            &["pattern"],
            message,
        );
        w.emit(f, e.plans(plans));
    }
    for (p, loc) in removed {
        if without_effect(w, f, &at, (p, loc), Side::Old, &allowed) {
            continue;
        }
        let message = format!("{at} no longer has to match the pattern `{p}`.");
        let plans = vec![
            f.routes
                .tweak(Side::New, vec![Tweak::NotPattern(p.clone())]),
        ];
        let e = Emit::new(
            ChangeKind::PatternRemoved,
            Side::Old,
            loc,
            &["pattern"],
            message,
        );
        w.emit(f, e.plans(plans));
    }
}

/// A pattern added or removed that every allowed string matches constrains nothing: an
/// unanchored pattern that matches the empty string (such as `[a-z]*`), or one the lengths or
/// listed values already imply. Reported as changing no valid document.
fn without_effect<'a>(
    w: &mut Walker<'a>,
    f: &Frame<'a>,
    at: &str,
    (pattern, loc): (&str, &Loc<'a>),
    side: Side,
    allowed: &Allowed,
) -> bool {
    if matches_all(w, pattern, allowed) != Some(true) {
        return false;
    }
    let (kind, verb) = match side {
        Side::New => (ChangeKind::PatternAdded, "now has"),
        Side::Old => (ChangeKind::PatternRemoved, "no longer has"),
    };
    let scope = allowed.scope();
    let message = if scope.is_empty() {
        format!(
            "{at} {verb} the pattern `{pattern}`, which matches every string (a pattern is a search, and this one matches the empty string), so valid documents are unchanged."
        )
    } else {
        format!(
            "{at} {verb} the pattern `{pattern}`, which every string allowed here matches{scope}, so valid documents are unchanged."
        )
    };
    let e = Emit::new(kind, side, loc, &["pattern"], message);
    w.emit(f, e.direction(Direction::Annotation));
    true
}

/// One `pattern` replaced by another: decided exactly when both are regular (the automata find
/// a shortest allowed string each way, or prove there is none), undecided otherwise.
fn changed<'a>(
    w: &mut Walker<'a>,
    f: &Frame<'a>,
    at: &str,
    (was, now): (&str, &str),
    loc: &Loc<'a>,
    allowed: &Allowed,
) {
    let emit = |direction: Option<Direction>, message: String, plans| {
        let mut e = Emit::new(
            ChangeKind::PatternChanged,
            Side::New,
            loc,
            &["pattern"],
            message,
        )
        .plans(plans);
        if let Some(direction) = direction {
            e = e.direction(direction);
        }
        e
    };
    // A witness under OLD is a string the old pattern takes and the new one refuses.
    let old_witness = |word: &Option<String>| {
        let mut tweaks = vec![Tweak::NotPattern(now.to_owned())];
        tweaks.extend(word.clone().map(Tweak::TryString));
        f.routes.tweak(Side::Old, tweaks)
    };
    let new_witness = |word: &Option<String>| {
        let mut tweaks = vec![Tweak::NotPattern(was.to_owned())];
        tweaks.extend(word.clone().map(Tweak::TryString));
        f.routes.tweak(Side::New, tweaks)
    };
    let Some(difference) = differ(w, was, now, allowed) else {
        let message = format!(
            "{at} must now match the pattern `{now}` instead of `{was}`. Concord cannot decide which strings fit one pattern and not the other (one of them uses look-around, backreferences or more states than the engine allows), so this counts as breaking."
        );
        let plans = vec![old_witness(&None), new_witness(&None)];
        w.emit(f, emit(None, message, plans));
        return;
    };
    let quoted = |word: &str| serde_json::Value::String(word.to_owned()).to_string();
    let scope = allowed.scope();
    let e = match (&difference.old_only, &difference.new_only) {
        (None, None) => emit(
            Some(Direction::Annotation),
            format!(
                "{at} must now match `{now}` instead of `{was}`; both match exactly the same strings{scope}, so nothing changes."
            ),
            Vec::new(),
        ),
        (None, Some(gained)) => emit(
            Some(Direction::Widens),
            format!(
                "{at} must now match `{now}` instead of `{was}`, which every string matching `{was}`{scope} also matches: the pattern widens ({} is valid now).",
                quoted(gained)
            ),
            vec![new_witness(&difference.new_only)],
        ),
        (Some(lost), None) => emit(
            Some(Direction::Narrows),
            format!(
                "{at} must now match `{now}` instead of `{was}`, and every string matching `{now}`{scope} matched `{was}`: the pattern narrows ({} is no longer valid).",
                quoted(lost)
            ),
            vec![old_witness(&difference.old_only)],
        ),
        (Some(lost), Some(gained)) => emit(
            Some(Direction::Both),
            format!(
                "{at} must now match `{now}` instead of `{was}`; neither contains the other{scope}: {} matched only the old pattern and {} matches only the new one.",
                quoted(lost),
                quoted(gained)
            ),
            vec![
                old_witness(&difference.old_only),
                new_witness(&difference.new_only),
            ],
        ),
    };
    w.emit(f, e);
}
