//! Undeclared properties: `additionalProperties`, `unevaluatedProperties` and `patternProperties`.
//!
//! Comparisons here run on a property name no version declares; declared names a pattern matches
//! are compared with their own property in `object`. `LENIENT` relaxes what concerns extension
//! points: opening, closing or restricting one (`additionalProperties` absent or boolean on a
//! side), and pattern properties added or removed. A schema kept on both sides (an
//! `additionalProperties` or a `patternProperties` schema in both versions) is a map whose keys
//! are data (environment variables, translations by language code): a change inside its value
//! schema changes the values every document carries, and `LENIENT` does not excuse it.

use super::super::automata::Lengths;
use super::super::kinds::ChangeKind;
use super::super::messages;
use super::super::model::{Direction, Side};
use super::super::node::Node;
use super::super::plan::Hop;
use super::super::resolve::Loc;
use super::super::shape;
use super::super::walk::{Emit, Frame, Walker};
use super::joined;
use super::object::describe;

/// A property name no part declares and no pattern of either side matches, for witnesses about
/// undeclared properties.
pub(crate) fn fresh_name<'a>(w: &mut Walker<'a>, old: &Node<'a>, new: &Node<'a>) -> String {
    let declared: Vec<String> = shape::declared_names(old)
        .into_iter()
        .chain(shape::declared_names(new))
        .collect();
    let patterns: Vec<String> = shape::pattern_keys(old)
        .into_iter()
        .chain(shape::pattern_keys(new))
        .map(|(p, _)| p)
        .collect();
    for candidate in ["undeclared", "extra", "zz_undeclared", "x_other", "_"] {
        let clash = declared.iter().any(|d| d == candidate)
            || patterns
                .iter()
                .any(|p| w.ctx.matches(p, candidate) != Some(false));
        if !clash {
            return candidate.to_string();
        }
    }
    "undeclared_property".to_string()
}

pub(crate) fn undeclared<'a>(w: &mut Walker<'a>, old: &Node<'a>, new: &Node<'a>, f: &Frame<'a>) {
    pattern_properties(w, old, new, f);
    let (o, o_kw) = shape::rest(&mut w.ctx, Side::Old, old);
    let (n, n_kw) = shape::rest(&mut w.ctx, Side::New, new);
    if o.is_empty() && n.is_empty() {
        return;
    }
    let name = fresh_name(w, old, new);
    let map = f.down("*", f.routes.with(Hop::Key(name)));
    let boolean = |locs: &[Loc<'a>]| locs.iter().all(|l| l.value.is_boolean());
    if !(boolean(&o) || boolean(&n)) {
        // A map on both sides: its value schema is compared without relief.
        w.compare_locs(o, n, &map);
        return;
    }
    let frame = map.undeclared();
    let at_new = n.first().map(|l| (Side::New, l.clone()));
    let at = at_new.or_else(|| o.first().map(|l| (Side::Old, l.clone())));
    let changes = w.capture(|w| w.compare_locs(o, n, &frame));
    let direction = joined(&changes);
    if direction == Direction::Annotation {
        return;
    }
    let Some((side, loc)) = at else { return };
    let keyword = if side == Side::New { n_kw } else { o_kw }.unwrap_or("additionalProperties");
    let unevaluated = keyword == "unevaluatedProperties";
    let kind = match (direction, unevaluated) {
        (Direction::Widens, false) => ChangeKind::AdditionalPropertiesWidened,
        (Direction::Widens, true) => ChangeKind::UnevaluatedPropertiesWidened,
        (_, false) => ChangeKind::AdditionalPropertiesNarrowed,
        (_, true) => ChangeKind::UnevaluatedPropertiesNarrowed,
    };
    let within = messages::within(&f.ipath);
    let message = match direction {
        Direction::Widens => format!(
            "Properties not declared{within} are now accepted more widely (`{keyword}` was relaxed)."
        ),
        _ => format!(
            "Properties not declared{within} are now restricted by `{keyword}`: documents carrying undeclared properties may no longer be valid."
        ),
    };
    let plans = changes.into_iter().flat_map(|c| c.plans).collect();
    w.emit(
        f,
        Emit::new(kind, side, &loc, &[], message)
            .direction(direction)
            .plans(plans),
    );
}

fn pattern_properties<'a>(w: &mut Walker<'a>, old: &Node<'a>, new: &Node<'a>, f: &Frame<'a>) {
    let o = shape::pattern_keys(old);
    let n = shape::pattern_keys(new);
    let declared: Vec<String> = shape::declared_names(old)
        .into_iter()
        .chain(shape::declared_names(new))
        .collect();
    let mut seen: Vec<String> = Vec::new();
    for (pattern, _) in n.iter().chain(&o) {
        if seen.contains(pattern) {
            continue;
        }
        seen.push(pattern.clone());
        let in_old = o.iter().find(|(p, _)| p == pattern).map(|(_, l)| l.clone());
        let in_new = n.iter().find(|(p, _)| p == pattern).map(|(_, l)| l.clone());
        // The comparison runs on sampled names no version declares: declared names that match
        // the pattern are compared with their own property, so what is left here only concerns
        // undeclared properties (and `LENIENT` relaxes it).
        let others: Option<Vec<String>> = match (&in_old, &in_new) {
            (None, Some(_)) => Some(o.iter().map(|(p, _)| p.clone()).collect()),
            (Some(_), None) => Some(n.iter().map(|(p, _)| p.clone()).collect()),
            _ => None,
        };
        // A pattern on both sides is compared on one name: the names only one side's patterns
        // match are those patterns' to compare.
        let names = match others {
            Some(others) => names_for(w, pattern, &others, &declared),
            None => sample_name(w, pattern, &declared).into_iter().collect(),
        };
        let Some(first) = names.first() else {
            continue;
        };
        let on = |w: &mut Walker<'a>, name: &str, undeclared: bool| {
            let map = f.down("*", f.routes.with(Hop::Key(name.to_string())));
            let frame = if undeclared { map.undeclared() } else { map };
            let o_slot = shape::property(&mut w.ctx, Side::Old, old, name);
            let n_slot = shape::property(&mut w.ctx, Side::New, new, name);
            w.compare_locs(o_slot.locs, n_slot.locs, &frame);
        };
        match (in_old, in_new) {
            // The same pattern on both sides is a map: its value schema has no relief.
            (Some(_), Some(_)) => on(w, first, false),
            (None, Some(loc)) => {
                let changes = w.capture(|w| names.iter().for_each(|name| on(w, name, true)));
                let direction = joined(&changes);
                let message = format!(
                    "Properties whose names match `{pattern}`{} are now described by a pattern property, which {}.",
                    messages::within(&f.ipath),
                    describe(direction)
                );
                let plans = changes.into_iter().flat_map(|c| c.plans).collect();
                let e = Emit::new(
                    ChangeKind::PatternPropertyAdded,
                    Side::New,
                    &loc,
                    &["patternProperties", pattern],
                    message,
                );
                w.emit(f, e.direction(direction).plans(plans));
            }
            (Some(loc), None) => {
                let changes = w.capture(|w| names.iter().for_each(|name| on(w, name, true)));
                let direction = joined(&changes);
                let message = format!(
                    "The pattern property `{pattern}`{} was removed; matching properties now fall under the rest of the schema, which {}.",
                    messages::within(&f.ipath),
                    describe(direction)
                );
                let plans = changes.into_iter().flat_map(|c| c.plans).collect();
                let e = Emit::new(
                    ChangeKind::PatternPropertyRemoved,
                    Side::Old,
                    &loc,
                    &["patternProperties", pattern],
                    message,
                );
                w.emit(f, e.direction(direction).plans(plans));
            }
            (None, None) => {}
        }
    }
}

/// Patterns of the other side beyond this many are not searched for names (each costs two
/// automata questions).
const MAX_OTHERS: usize = 8;

/// Undeclared names to compare a pattern on one side only by: one it matches, a shortest one no
/// pattern of the other side matches, and for each pattern of the other side a shortest name
/// both match and a shortest name only this one matches (from the automata; each avoids the
/// declared names). A pattern rewritten narrower or wider is then compared on the names it lost
/// or gained too, not only on a name both versions describe alike.
fn names_for(
    w: &mut Walker<'_>,
    pattern: &str,
    others: &[String],
    declared: &[String],
) -> Vec<String> {
    let mut names: Vec<String> = sample_name(w, pattern, declared).into_iter().collect();
    // Declared names are compared as properties: the names searched for avoid them too.
    let declared_names = (!declared.is_empty() && declared.len() <= MAX_DECLARED).then(|| {
        let listed: Vec<String> = declared.iter().map(|d| ecma_escape(d)).collect();
        format!("^(?:{})$", listed.join("|"))
    });
    let avoiding = |patterns: &[&String]| -> Option<String> {
        let parts: Vec<String> = patterns
            .iter()
            .map(|p| format!("(?:{p})"))
            .chain(declared_names.clone())
            .collect();
        (!parts.is_empty()).then(|| parts.join("|"))
    };
    let mut found = Vec::new();
    // A name no pattern of the other side matches: it falls to their rest.
    let all: Vec<&String> = others.iter().take(MAX_OTHERS * 4).collect();
    if let Some(union) = avoiding(&all) {
        found.push(only_in(w, pattern, &union));
    }
    for other in others.iter().take(MAX_OTHERS) {
        found.push(w.ctx.automata.overlap(pattern, other).flatten());
        if let Some(union) = avoiding(&[other]) {
            found.push(only_in(w, pattern, &union));
        }
    }
    for name in found.into_iter().flatten() {
        if !declared.contains(&name) && !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

/// Declared names beyond this many are not listed in the patterns a name must avoid.
const MAX_DECLARED: usize = 64;

/// A shortest string `pattern` matches and `avoid` does not.
fn only_in(w: &mut Walker<'_>, pattern: &str, avoid: &str) -> Option<String> {
    w.ctx
        .automata
        .compare(pattern, avoid, Lengths::ANY)
        .and_then(|d| d.old_only)
}

/// `text` as an ECMA-262 pattern that matches it literally.
fn ecma_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "^$\\.*+?()[]{}|/".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A property name that matches `pattern` and is not declared.
fn sample_name(w: &mut Walker<'_>, pattern: &str, declared: &[String]) -> Option<String> {
    let parsed = w.ctx.pattern(pattern)?.clone();
    (0..6)
        .map(|v| parsed.generate(v, 0))
        .find(|s| parsed.is_match(s) && !declared.contains(s))
}

#[cfg(test)]
mod tests {
    use super::super::super::automata::Answers;
    use super::ecma_escape;

    #[test]
    fn a_declared_name_escaped_matches_itself_and_nothing_else() {
        let mut automata = Answers::default();
        for name in [
            "$ref",
            "a.b",
            "x-(y)",
            "[0]",
            "a|b",
            "^c$",
            "back\\slash",
            "q?*+{2}",
            "ü/é",
        ] {
            let pattern = format!("^(?:{})$", ecma_escape(name));
            assert_eq!(
                automata.accepts(&pattern, name),
                Some(true),
                "{pattern} on {name}"
            );
            let other = format!("{name}z");
            assert_eq!(
                automata.accepts(&pattern, &other),
                Some(false),
                "{pattern} on {other}"
            );
        }
        // Metacharacters are literal: `a.b` does not match `axb`.
        assert_eq!(
            automata.accepts(&format!("^(?:{})$", ecma_escape("a.b")), "axb"),
            Some(false)
        );
    }
}
