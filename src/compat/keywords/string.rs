//! String keywords: `minLength`, `maxLength`, `pattern`, `format`.

use super::super::kinds::ChangeKind;
use super::super::messages;
use super::super::model::{Direction, Side};
use super::super::node::Node;
use super::super::plan::Tweak;
use super::super::resolve::Loc;
use super::super::walk::{Emit, Frame, Walker};
use super::{CountRule, compare_count};

/// Formats the validator asserts, each with a value it accepts. `idn-email` and `idn-hostname`
/// are missing on purpose: Concord's validator is built without the `idna` feature, so it ignores
/// them (see docs/COMPATIBILITY.md).
pub(crate) const FORMAT_SAMPLES: &[(&str, &str)] = &[
    ("date", "2024-01-31"),
    ("date-time", "2024-01-31T12:00:00Z"),
    ("time", "12:00:00Z"),
    ("duration", "P1D"),
    ("email", "user@example.com"),
    ("idn-email", "user@example.com"),
    ("hostname", "example.com"),
    ("idn-hostname", "example.com"),
    ("ipv4", "192.0.2.1"),
    ("ipv6", "2001:db8::1"),
    ("uri", "https://example.com/"),
    ("uri-reference", "/example"),
    ("iri", "https://example.com/"),
    ("iri-reference", "/example"),
    ("uri-template", "https://example.com/{id}"),
    ("json-pointer", "/a"),
    ("relative-json-pointer", "0/a"),
    ("regex", "^a$"),
    ("uuid", "123e4567-e89b-12d3-a456-426614174000"),
];

/// A value each asserted format rejects.
pub(crate) const FORMAT_COUNTER_SAMPLES: &[(&str, &str)] = &[
    ("date", "31/01/2024"),
    ("date-time", "2024-01-31 noon"),
    ("time", "noon"),
    ("duration", "one day"),
    ("email", "not-an-email"),
    ("idn-email", "not-an-email"),
    ("hostname", "-bad-host-"),
    ("idn-hostname", "-bad-host-"),
    ("ipv4", "999.0.0.1"),
    ("ipv6", "not:an:ipv6:address"),
    ("uri", "not a uri"),
    ("uri-reference", "\\\\bad"),
    ("iri", "not an iri"),
    ("iri-reference", "\\\\bad"),
    ("uri-template", "{bad"),
    ("json-pointer", "no-slash"),
    ("relative-json-pointer", "/a"),
    ("regex", "(unclosed"),
    ("uuid", "not-a-uuid"),
];

/// Whether the validator checks this format.
pub(crate) fn asserted(format: &str) -> bool {
    FORMAT_SAMPLES.iter().any(|(f, _)| *f == format)
}

/// Formats whose valid strings are all valid for another format (subset, superset).
const FORMAT_SUBSETS: &[(&str, &str)] = &[
    ("uri", "uri-reference"),
    ("uri", "iri"),
    ("iri", "iri-reference"),
    ("uri-reference", "iri-reference"),
    ("uri", "iri-reference"),
];

fn subset(a: &str, b: &str) -> bool {
    FORMAT_SUBSETS.contains(&(a, b))
}

pub(crate) fn compare<'a>(w: &mut Walker<'a>, old: &Node<'a>, new: &Node<'a>, f: &Frame<'a>) {
    let at_least = |n: u64| Tweak::MinLength(n);
    let at_most = |n: u64| Tweak::MaxLength(n);
    for (keyword, lower, kinds) in [
        (
            "minLength",
            true,
            [
                ChangeKind::MinLengthAdded,
                ChangeKind::MinLengthRemoved,
                ChangeKind::MinLengthIncreased,
                ChangeKind::MinLengthDecreased,
            ],
        ),
        (
            "maxLength",
            false,
            [
                ChangeKind::MaxLengthAdded,
                ChangeKind::MaxLengthRemoved,
                ChangeKind::MaxLengthIncreased,
                ChangeKind::MaxLengthDecreased,
            ],
        ),
    ] {
        let rule = CountRule {
            keyword,
            lower,
            kinds,
            unit: "characters",
            at_least: &at_least,
            at_most: &at_most,
            missing_lower: 0,
        };
        compare_count(w, old, new, f, &rule);
    }
    patterns(w, old, new, f);
    formats(w, old, new, f);
}

fn strings<'a>(node: &Node<'a>, keyword: &str) -> Vec<(String, Loc<'a>)> {
    let mut out: Vec<(String, Loc<'a>)> = Vec::new();
    for (loc, v) in node.all(keyword) {
        if let Some(s) = v.as_str()
            && !out.iter().any(|(x, _)| x == s)
        {
            out.push((s.to_string(), loc.clone()));
        }
    }
    out
}

fn patterns<'a>(w: &mut Walker<'a>, old: &Node<'a>, new: &Node<'a>, f: &Frame<'a>) {
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
    let at = messages::at_cap(&f.ipath);
    if let ([(was, _)], [(now, loc)]) = (removed.as_slice(), added.as_slice()) {
        changed_pattern(w, f, &at, was, now, loc);
        return;
    }
    for (p, loc) in added {
        if universal(w, f, &at, p, loc, Side::New) {
            continue;
        }
        let message = format!(
            "{at} must now match the pattern `{p}`: strings that do not are no longer valid."
        );
        let plans = vec![
            f.routes
                .tweak(Side::Old, vec![Tweak::NotPattern(p.clone())]),
        ];
        w.emit(
            f,
            Emit::new(
                ChangeKind::PatternAdded,
                Side::New,
                loc,
                &["pattern"],
                message,
            )
            .plans(plans),
        );
    }
    for (p, loc) in removed {
        if universal(w, f, &at, p, loc, Side::Old) {
            continue;
        }
        let message = format!("{at} no longer has to match the pattern `{p}`.");
        let plans = vec![
            f.routes
                .tweak(Side::New, vec![Tweak::NotPattern(p.clone())]),
        ];
        w.emit(
            f,
            Emit::new(
                ChangeKind::PatternRemoved,
                Side::Old,
                loc,
                &["pattern"],
                message,
            )
            .plans(plans),
        );
    }
}

fn formats<'a>(w: &mut Walker<'a>, old: &Node<'a>, new: &Node<'a>, f: &Frame<'a>) {
    let o = strings(old, "format").into_iter().next();
    let n = strings(new, "format").into_iter().next();
    let at = messages::at_cap(&f.ipath);
    let unchecked = |name: &str| {
        format!(
            "Concord's validator does not check the format `{name}`, so valid documents are unchanged."
        )
    };
    match (o, n) {
        (None, None) => {}
        (Some((a, _)), Some((b, _))) if a == b => {}
        (None, Some((b, loc))) => {
            let (direction, message) = if asserted(&b) {
                (
                    Direction::Narrows,
                    format!("{at} must now be a valid `{b}`: other strings are no longer valid."),
                )
            } else {
                (
                    Direction::Annotation,
                    format!("{at} now declares the format `{b}`. {}", unchecked(&b)),
                )
            };
            let plans = vec![f.routes.tweak(Side::Old, vec![Tweak::NotFormat(b.clone())])];
            let e = Emit::new(
                ChangeKind::FormatAdded,
                Side::New,
                &loc,
                &["format"],
                message,
            );
            w.emit(f, e.direction(direction).plans(plans));
        }
        (Some((a, loc)), None) => {
            let (direction, message) = if asserted(&a) {
                (
                    Direction::Widens,
                    format!("{at} no longer has to be a valid `{a}`."),
                )
            } else {
                (
                    Direction::Annotation,
                    format!(
                        "{at} no longer declares the format `{a}`. {}",
                        unchecked(&a)
                    ),
                )
            };
            let plans = vec![f.routes.tweak(Side::New, vec![Tweak::NotFormat(a.clone())])];
            let e = Emit::new(
                ChangeKind::FormatRemoved,
                Side::Old,
                &loc,
                &["format"],
                message,
            );
            w.emit(f, e.direction(direction).plans(plans));
        }
        (Some((a, _)), Some((b, loc))) => {
            let direction = match (asserted(&a), asserted(&b)) {
                (false, false) => Direction::Annotation,
                (false, true) => Direction::Narrows,
                (true, false) => Direction::Widens,
                _ if subset(&a, &b) => Direction::Widens,
                _ if subset(&b, &a) => Direction::Narrows,
                _ => Direction::Both,
            };
            let message = match direction {
                Direction::Annotation => format!(
                    "{at} now declares the format `{b}` instead of `{a}`. {}",
                    unchecked(&b)
                ),
                Direction::Widens => format!(
                    "{at} must now be a valid `{b}` instead of `{a}`, which accepts more strings."
                ),
                _ => format!(
                    "{at} must now be a valid `{b}` instead of `{a}`: strings that are only a valid `{a}` are no longer valid."
                ),
            };
            let plans = vec![
                f.routes.tweak(Side::Old, vec![Tweak::NotFormat(b.clone())]),
                f.routes.tweak(Side::New, vec![Tweak::NotFormat(a.clone())]),
            ];
            let e = Emit::new(
                ChangeKind::FormatChanged,
                Side::New,
                &loc,
                &["format"],
                message,
            );
            w.emit(f, e.direction(direction).plans(plans));
        }
    }
}

/// A pattern added or removed that matches every string (unanchored and matching the empty
/// string, such as `[a-z]*`) constrains nothing: reported as changing no valid document.
fn universal<'a>(
    w: &mut Walker<'a>,
    f: &Frame<'a>,
    at: &str,
    pattern: &str,
    loc: &Loc<'a>,
    side: Side,
) -> bool {
    if w.ctx.automata.matches_every_string(pattern) != Some(true) {
        return false;
    }
    let (kind, verb) = match side {
        Side::New => (ChangeKind::PatternAdded, "now has"),
        Side::Old => (ChangeKind::PatternRemoved, "no longer has"),
    };
    let message = format!(
        "{at} {verb} the pattern `{pattern}`, which matches every string (a pattern is a search, and this one matches the empty string), so valid documents are unchanged."
    );
    w.emit(
        f,
        Emit::new(kind, side, loc, &["pattern"], message).direction(Direction::Annotation),
    );
    true
}

/// One `pattern` replaced by another: decided exactly when both are regular (the automata find
/// a shortest string each way, or prove there is none), undecided otherwise.
fn changed_pattern<'a>(
    w: &mut Walker<'a>,
    f: &Frame<'a>,
    at: &str,
    was: &str,
    now: &str,
    loc: &Loc<'a>,
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
    let Some(difference) = w.ctx.automata.compare(was, now) else {
        let message = format!(
            "{at} must now match the pattern `{now}` instead of `{was}`. Concord cannot decide which strings fit one pattern and not the other (one of them uses look-around, backreferences or more states than the engine allows), so this counts as breaking."
        );
        let plans = vec![old_witness(&None), new_witness(&None)];
        w.emit(f, emit(None, message, plans));
        return;
    };
    let quoted = |word: &str| serde_json::Value::String(word.to_owned()).to_string();
    let e = match (&difference.old_only, &difference.new_only) {
        (None, None) => emit(
            Some(Direction::Annotation),
            format!(
                "{at} must now match `{now}` instead of `{was}`; both match exactly the same strings, so nothing changes."
            ),
            Vec::new(),
        ),
        (None, Some(gained)) => emit(
            Some(Direction::Widens),
            format!(
                "{at} must now match `{now}` instead of `{was}`, which every string matching `{was}` also matches: the pattern widens ({} is valid now).",
                quoted(gained)
            ),
            vec![new_witness(&difference.new_only)],
        ),
        (Some(lost), None) => emit(
            Some(Direction::Narrows),
            format!(
                "{at} must now match `{now}` instead of `{was}`, and every string matching `{now}` matched `{was}`: the pattern narrows ({} is no longer valid).",
                quoted(lost)
            ),
            vec![old_witness(&difference.old_only)],
        ),
        (Some(lost), Some(gained)) => emit(
            Some(Direction::Both),
            format!(
                "{at} must now match `{now}` instead of `{was}`; neither contains the other: {} matched only the old pattern and {} matches only the new one.",
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
