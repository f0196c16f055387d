//! Scalar sampling: fixed values, strings (lengths, patterns, formats) and numbers (bounds,
//! `multipleOf`), with the tweaks witness plans ask for.

use serde_json::Value;

use super::keywords::number::divides;
use super::keywords::string::{FORMAT_COUNTER_SAMPLES, FORMAT_SAMPLES};
use super::node::{Ctx, Node, TypeSet, json_equal};
use super::plan::Tweak;

/// The values `enum`/`const` allow (minus excluded ones), when the node fixes them.
pub(crate) fn fixed_values(node: &Node<'_>, tweaks: &[Tweak<'_>]) -> Option<Vec<Value>> {
    let mut out: Option<Vec<Value>> = None;
    for part in &node.parts {
        let values = match (part.get("const"), part.get("enum")) {
            (Some(c), _) => vec![c.clone()],
            (None, Some(Value::Array(e))) => e.clone(),
            _ => continue,
        };
        out = Some(match out {
            None => values,
            Some(prev) => prev
                .into_iter()
                .filter(|x| values.iter().any(|y| json_equal(x, y)))
                .collect(),
        });
    }
    let excluded: Vec<&Value> = tweaks
        .iter()
        .filter_map(|t| {
            if let Tweak::NotIn(v) = t {
                Some(v)
            } else {
                None
            }
        })
        .flatten()
        .collect();
    out.map(|values| {
        values
            .into_iter()
            .filter(|v| !excluded.iter().any(|x| json_equal(x, v)))
            .collect()
    })
}

const OBJECT_WORDS: &[&str] = &[
    "properties",
    "required",
    "additionalProperties",
    "patternProperties",
    "minProperties",
    "maxProperties",
    "dependentRequired",
    "dependentSchemas",
    "propertyNames",
    "unevaluatedProperties",
];
const ARRAY_WORDS: &[&str] = &[
    "items",
    "prefixItems",
    "contains",
    "minItems",
    "maxItems",
    "uniqueItems",
    "additionalItems",
];
const STRING_WORDS: &[&str] = &["minLength", "maxLength", "pattern", "format"];
const NUMBER_WORDS: &[&str] = &[
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
];

/// The types to try, most likely first: those the keywords and tweaks point at, then the rest.
pub(crate) fn type_order(
    node: &Node<'_>,
    tweaks: &[Tweak<'_>],
    allowed: TypeSet,
    variant: u32,
) -> Vec<TypeSet> {
    let has = |words: &[&str]| {
        node.parts
            .iter()
            .any(|p| words.iter().any(|w| p.get(w).is_some()))
    };
    let mut hinted = Vec::new();
    for t in tweaks {
        let ty = match t {
            Tweak::OnlyType(t) => *t,
            Tweak::MinLength(_)
            | Tweak::MaxLength(_)
            | Tweak::NotPattern(_)
            | Tweak::TryString(_)
            | Tweak::NotFormat(_) => TypeSet::STRING,
            Tweak::Lower(..) | Tweak::Upper(..) | Tweak::NotMultipleOf(_) => TypeSet::NUMBER,
            Tweak::MinItems(_)
            | Tweak::MaxItems(_)
            | Tweak::Duplicates
            | Tweak::ItemsAvoidContains
            | Tweak::ContainsAtLeast(_)
            | Tweak::ContainsAtMost(_) => TypeSet::ARRAY,
            Tweak::MinProperties(_)
            | Tweak::MaxProperties(_)
            | Tweak::Absent(_)
            | Tweak::Present(_) => TypeSet::OBJECT,
            _ => continue,
        };
        hinted.push(ty);
    }
    for (words, ty) in [
        (OBJECT_WORDS, TypeSet::OBJECT),
        (ARRAY_WORDS, TypeSet::ARRAY),
        (STRING_WORDS, TypeSet::STRING),
        (NUMBER_WORDS, TypeSet::NUMBER),
    ] {
        if has(words) {
            hinted.push(ty);
        }
    }
    let mut out: Vec<TypeSet> = Vec::new();
    for ty in hinted {
        for piece in ty.intersect(allowed).pieces() {
            if !out.contains(&piece) {
                out.push(piece);
            }
        }
    }
    let mut rest: Vec<TypeSet> = [
        TypeSet::STRING,
        TypeSet::INTEGER,
        TypeSet::BOOLEAN,
        TypeSet::NULL,
        TypeSet::OBJECT,
        TypeSet::ARRAY,
        TypeSet::FRACTION,
    ]
    .into_iter()
    .filter(|t| allowed.contains(*t) && !out.contains(t))
    .collect();
    if out.is_empty() && !rest.is_empty() {
        let shift = (variant as usize) % rest.len();
        rest.rotate_left(shift);
    }
    out.extend(rest);
    out
}

/// A string, number, boolean or null of type `ty`.
pub(crate) fn scalar(
    ctx: &mut Ctx<'_>,
    node: &Node<'_>,
    tweaks: &[Tweak<'_>],
    ty: TypeSet,
    variant: u32,
) -> Option<Value> {
    if ty == TypeSet::STRING {
        string(ctx, node, tweaks, variant).map(Value::String)
    } else if ty == TypeSet::INTEGER || ty == TypeSet::FRACTION {
        number(node, tweaks, ty == TypeSet::INTEGER, variant)
    } else if ty == TypeSet::BOOLEAN {
        Some(Value::Bool(variant.is_multiple_of(2)))
    } else if ty == TypeSet::NULL {
        Some(Value::Null)
    } else {
        None
    }
}

fn strings(node: &Node<'_>, keyword: &str) -> Vec<String> {
    node.all(keyword)
        .into_iter()
        .filter_map(|(_, v)| v.as_str().map(str::to_string))
        .collect()
}

fn string(
    ctx: &mut Ctx<'_>,
    node: &Node<'_>,
    tweaks: &[Tweak<'_>],
    variant: u32,
) -> Option<String> {
    let mut min = super::keywords::count_bound(node, "minLength", true).map_or(0, |b| b.0);
    let mut max = super::keywords::count_bound(node, "maxLength", false).map_or(u64::MAX, |b| b.0);
    let mut not_patterns = Vec::new();
    let mut not_formats = Vec::new();
    let mut candidates: Vec<String> = Vec::new();
    for t in tweaks {
        match t {
            Tweak::TryString(s) => candidates.push(s.clone()),
            Tweak::MinLength(n) => min = min.max(*n),
            Tweak::MaxLength(n) => max = max.min(*n),
            Tweak::NotPattern(p) => not_patterns.push(p.clone()),
            Tweak::NotFormat(f) => not_formats.push(f.clone()),
            _ => {}
        }
    }
    if min > max || min > 10_000 {
        return None;
    }
    let patterns = strings(node, "pattern");
    let formats = strings(node, "format");
    if let Some(format) = formats.first() {
        candidates.extend(
            FORMAT_SAMPLES
                .iter()
                .filter(|(f, _)| f == format)
                .map(|(_, s)| s.to_string()),
        );
    }
    for format in &not_formats {
        candidates.extend(
            FORMAT_COUNTER_SAMPLES
                .iter()
                .filter(|(f, _)| f == format)
                .map(|(_, s)| s.to_string()),
        );
    }
    if let Some(first) = patterns.first()
        && let Some(p) = ctx.pattern(first).cloned()
    {
        for v in 0..8 {
            for extra in [0, 1, 3, 8] {
                candidates.push(p.generate(variant + v, extra));
            }
        }
    }
    let letters: Vec<char> = "abcdefghij".chars().collect();
    let start = (variant as usize) % letters.len();
    for seed in ["", "0", "A", "_", " ", "-", "Z9"] {
        let base: String = std::iter::once(seed.to_string())
            .chain(std::iter::once(letters[start].to_string()))
            .collect();
        candidates.push(base);
    }
    for candidate in candidates {
        for fitted in fit_length(&candidate, min, max) {
            if acceptable(
                ctx,
                &fitted,
                &patterns,
                &not_patterns,
                &formats,
                &not_formats,
            ) {
                return Some(fitted);
            }
        }
    }
    None
}

/// The candidate padded or cut to fit the length bounds (padding at either end keeps an
/// unanchored pattern matching at least somewhere).
fn fit_length(candidate: &str, min: u64, max: u64) -> Vec<String> {
    let len = candidate.chars().count() as u64;
    if len >= min && len <= max {
        return vec![candidate.to_string()];
    }
    if len < min {
        let pad = "a".repeat((min - len) as usize);
        let zeros = "0".repeat((min - len) as usize);
        return vec![
            format!("{candidate}{pad}"),
            format!("{pad}{candidate}"),
            format!("{candidate}{zeros}"),
        ];
    }
    vec![candidate.chars().take(max as usize).collect()]
}

fn acceptable(
    ctx: &mut Ctx<'_>,
    s: &str,
    patterns: &[String],
    not_patterns: &[String],
    formats: &[String],
    not_formats: &[String],
) -> bool {
    let all_match = patterns.iter().all(|p| ctx.matches(p, s) != Some(false));
    let none_match = not_patterns
        .iter()
        .all(|p| ctx.matches(p, s) == Some(false));
    // Known samples stand in for format checks: a value is accepted for a format only when it is
    // that format's sample, and rejected for a format when it is not one of its samples.
    let formats_ok = formats.iter().all(|f| {
        !super::keywords::string::asserted(f)
            || FORMAT_SAMPLES.iter().any(|(g, v)| g == f && *v == s)
    });
    let not_formats_ok = not_formats.iter().all(|f| {
        !FORMAT_SAMPLES.iter().any(|(g, v)| g == f && *v == s)
            && super::keywords::string::asserted(f)
    });
    all_match && none_match && formats_ok && not_formats_ok
}

fn number(node: &Node<'_>, tweaks: &[Tweak<'_>], integer: bool, variant: u32) -> Option<Value> {
    let mut lower: Option<(f64, bool)> = None;
    let mut upper: Option<(f64, bool)> = None;
    let tighten = |slot: &mut Option<(f64, bool)>, v: f64, excl: bool, is_lower: bool| {
        let tighter = match slot {
            None => true,
            Some((x, e)) => {
                (is_lower && (v > *x || (v == *x && excl && !*e)))
                    || (!is_lower && (v < *x || (v == *x && excl && !*e)))
            }
        };
        if tighter {
            *slot = Some((v, excl));
        }
    };
    for part in &node.parts {
        let draft4 = part.draft == super::resolve::Draft::D4;
        for (kw, excl_kw, is_lower) in [
            ("minimum", "exclusiveMinimum", true),
            ("maximum", "exclusiveMaximum", false),
        ] {
            let slot = if is_lower { &mut lower } else { &mut upper };
            if let Some(v) = part.get(kw).and_then(Value::as_f64) {
                let excl = draft4 && part.get(excl_kw).and_then(Value::as_bool) == Some(true);
                tighten(slot, v, excl, is_lower);
            }
            if !draft4 && let Some(v) = part.get(excl_kw).and_then(Value::as_f64) {
                tighten(slot, v, true, is_lower);
            }
        }
    }
    let mut not_multiples = Vec::new();
    for t in tweaks {
        match t {
            Tweak::Lower(v, e) => tighten(&mut lower, *v, *e, true),
            Tweak::Upper(v, e) => tighten(&mut upper, *v, *e, false),
            Tweak::NotMultipleOf(m) => not_multiples.push(*m),
            _ => {}
        }
    }
    let multiples: Vec<f64> = node
        .all("multipleOf")
        .into_iter()
        .filter_map(|(_, v)| v.as_f64())
        .filter(|m| *m > 0.0)
        .collect();
    let mut candidates: Vec<f64> = vec![
        0.0, 1.0, 2.0, 3.0, 5.0, 7.0, 10.0, -1.0, 100.0, 0.5, 1.5, 2.5, 0.25, 0.1, -0.5,
    ];
    for (v, _) in lower.iter().chain(upper.iter()) {
        for d in [0.0, 1.0, -1.0, 0.5, -0.5, 2.0, -2.0, 0.25, -0.25] {
            candidates.push(v + d);
            candidates.push(v.floor() + d);
        }
    }
    for m in multiples.iter().chain(not_multiples.iter()) {
        let anchor = lower
            .map(|l| (l.0 / m).ceil())
            .or(upper.map(|u| (u.0 / m).floor()))
            .unwrap_or(1.0);
        for k in -3..=6 {
            candidates.push((anchor + k as f64) * m);
        }
    }
    let fits = |x: f64| {
        x.is_finite()
            && lower.is_none_or(|(v, e)| if e { x > v } else { x >= v })
            && upper.is_none_or(|(v, e)| if e { x < v } else { x <= v })
            && (integer == (x.fract() == 0.0))
            && multiples.iter().all(|m| divides(x, *m))
            && not_multiples.iter().all(|m| !divides(x, *m))
    };
    let fitting: Vec<f64> = candidates.into_iter().filter(|x| fits(*x)).collect();
    let x = *fitting.get((variant as usize) % fitting.len().max(1))?;
    if integer && x.abs() < 9e15 {
        Some(Value::from(x as i64))
    } else {
        serde_json::Number::from_f64(x).map(Value::Number)
    }
}
