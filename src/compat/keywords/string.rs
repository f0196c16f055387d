//! String keywords: `minLength`, `maxLength` and `format` (`pattern` is in [`super::pattern`]).

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

/// Whether the validator checks this format under some draft (for sampling, where a witness is
/// checked by the validator anyway).
pub(crate) fn asserted(format: &str) -> bool {
    FORMAT_SAMPLES.iter().any(|(f, _)| *f == format)
}

/// Whether the validator checks `format` written at `loc`, under that location's draft: asked of
/// the validator itself, so a format a later draft defines (`duration` under draft-07) is an
/// annotation there, and one the validator checks in every draft (`date`) is not.
pub(crate) fn checked(loc: &Loc<'_>, format: &str) -> bool {
    use super::super::resolve::Draft;
    use crate::validate::SchemaDraft;
    let draft = match loc.draft {
        Draft::D4 => SchemaDraft::Draft4,
        Draft::D6 => SchemaDraft::Draft6,
        Draft::D7 => SchemaDraft::Draft7,
        Draft::D2019 => SchemaDraft::Draft201909,
        Draft::D2020 => SchemaDraft::Draft202012,
    };
    asserted(format) && crate::validate::is_checked_format(draft, format)
}

/// Patterns every valid string of a format matches (RFC 3339 shapes: a `full-date` is exactly
/// `YYYY-MM-DD`, a `date-time` is a full date followed by more, a `partial-time` starts
/// `HH:MM`), so a format can be told apart from a pattern or another format by automata.
const FORMAT_OUTLINES: &[(&str, &str)] = &[
    ("date", "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"),
    ("date-time", "^[0-9]{4}-[0-9]{2}-[0-9]{2}."),
    ("time", "^[0-9]{2}:[0-9]{2}"),
];

/// A pattern every string valid for `format` matches, when one is known.
pub(crate) fn outline(format: &str) -> Option<&'static str> {
    FORMAT_OUTLINES
        .iter()
        .find(|(f, _)| *f == format)
        .map(|(_, p)| *p)
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
    super::pattern::compare(w, old, new, f);
    formats(w, old, new, f);
}

pub(crate) fn strings<'a>(node: &Node<'a>, keyword: &str) -> Vec<(String, Loc<'a>)> {
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
            let (direction, message) = if checked(&loc, &b) {
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
            let (direction, message) = if checked(&loc, &a) {
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
        (Some((a, was)), Some((b, loc))) => {
            let direction = match (checked(&was, &a), checked(&loc, &b)) {
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

#[cfg(test)]
mod tests {
    use super::super::super::automata::Answers;
    use super::outline;
    use serde_json::json;

    /// Strings near the edges of RFC 3339 and of what validators accept.
    const CANDIDATES: &[&str] = &[
        "2024-02-29",
        "2023-02-29",
        "1111-11-31",
        "0000-01-01",
        "2024-1-01",
        "2024-01-01T00:00:00Z",
        "2024-01-01t00:00:00z",
        "2024-01-01 00:00:00Z",
        "2024-01-01T23:59:60Z",
        "2024-01-01T12:00:00.123456+01:00",
        "2024-01-01T12:00:00-00:00",
        "2024-01-01",
        "12:00:00Z",
        "12:00:00.5+05:30",
        "23:59:60Z",
        "12:00:00",
        "1:00:00Z",
        "",
        "２０２４-01-01",
    ];

    #[test]
    fn every_string_the_validator_accepts_for_a_date_format_matches_its_outline() {
        let mut automata = Answers::default();
        let mut accepted = 0;
        for format in ["date", "date-time", "time"] {
            let pattern = outline(format).expect("an outline for each date format");
            let validator = jsonschema::options()
                .should_validate_formats(true)
                .build(&json!({"format": format}))
                .expect("a format schema compiles");
            for candidate in CANDIDATES {
                if validator.is_valid(&json!(candidate)) {
                    accepted += 1;
                    assert_eq!(
                        automata.accepts(pattern, candidate),
                        Some(true),
                        "{candidate:?} is a valid {format} but does not match {pattern}"
                    );
                }
            }
        }
        // The candidates include valid strings of each format, so the check ran.
        assert!(accepted >= 8, "only {accepted} candidates were valid");
    }
}
