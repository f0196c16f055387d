//! A small regular-expression engine over `regex-syntax`'s parse tree.
//!
//! The engine needs two things no validator gives it: which property names a `patternProperties`
//! entry covers, and strings that match (or avoid) a `pattern` for witnesses. Matching simulates
//! position sets, so it runs in polynomial time whatever the pattern; user patterns cannot stall it.

use regex_syntax::hir::{Class, Hir, HirKind, Look};

/// Patterns bigger than this are not analysed (the engine reports what it cannot decide instead).
const MAX_NODES: usize = 2_000;

#[derive(Debug, Clone)]
enum Node {
    Empty,
    Lit(Vec<char>),
    Class(Vec<(char, char)>),
    Look(Look),
    Rep {
        min: u32,
        max: Option<u32>,
        sub: Box<Node>,
    },
    Cat(Vec<Node>),
    Alt(Vec<Node>),
}

/// A parsed `pattern` (ECMA-262 semantics approximated by `regex-syntax`; searches, not anchored).
#[derive(Debug, Clone)]
pub(crate) struct Pattern {
    root: Node,
}

fn convert(hir: &Hir, budget: &mut usize) -> Option<Node> {
    *budget = budget.checked_sub(1)?;
    Some(match hir.kind() {
        HirKind::Empty => Node::Empty,
        HirKind::Literal(lit) => Node::Lit(std::str::from_utf8(&lit.0).ok()?.chars().collect()),
        HirKind::Class(Class::Unicode(class)) => Node::Class(
            class
                .ranges()
                .iter()
                .map(|r| (r.start(), r.end()))
                .collect(),
        ),
        HirKind::Class(Class::Bytes(class)) => Node::Class(
            class
                .ranges()
                .iter()
                .filter(|r| r.start() < 0x80)
                .map(|r| (r.start() as char, r.end().min(0x7f) as char))
                .collect(),
        ),
        HirKind::Look(look) => Node::Look(*look),
        HirKind::Repetition(rep) => Node::Rep {
            min: rep.min,
            max: rep.max,
            sub: Box::new(convert(&rep.sub, budget)?),
        },
        HirKind::Capture(cap) => convert(&cap.sub, budget)?,
        HirKind::Concat(parts) => Node::Cat(
            parts
                .iter()
                .map(|h| convert(h, budget))
                .collect::<Option<_>>()?,
        ),
        HirKind::Alternation(parts) => Node::Alt(
            parts
                .iter()
                .map(|h| convert(h, budget))
                .collect::<Option<_>>()?,
        ),
    })
}

fn is_word(c: Option<&char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric() || *c == '_')
}

fn look_holds(look: Look, s: &[char], p: usize) -> bool {
    let before = if p == 0 { None } else { s.get(p - 1) };
    let after = s.get(p);
    match look {
        Look::Start => p == 0,
        Look::End => p == s.len(),
        Look::StartLF | Look::StartCRLF => p == 0 || matches!(before, Some('\n') | Some('\r')),
        Look::EndLF | Look::EndCRLF => p == s.len() || matches!(after, Some('\n') | Some('\r')),
        Look::WordAscii | Look::WordUnicode => is_word(before) != is_word(after),
        Look::WordAsciiNegate | Look::WordUnicodeNegate => is_word(before) == is_word(after),
        Look::WordStartAscii
        | Look::WordStartUnicode
        | Look::WordStartHalfAscii
        | Look::WordStartHalfUnicode => !is_word(before) && is_word(after),
        Look::WordEndAscii
        | Look::WordEndUnicode
        | Look::WordEndHalfAscii
        | Look::WordEndHalfUnicode => is_word(before) && !is_word(after),
    }
}

fn in_class(ranges: &[(char, char)], c: char) -> bool {
    ranges.iter().any(|(a, b)| *a <= c && c <= *b)
}

/// Positions reachable after matching `node` from any position set in `from`.
fn step(node: &Node, s: &[char], from: &[bool]) -> Vec<bool> {
    let n = s.len();
    let mut out = vec![false; n + 1];
    match node {
        Node::Empty => out.copy_from_slice(from),
        Node::Lit(chars) => {
            for p in (0..=n).filter(|p| from[*p]) {
                if s[p..].starts_with(chars) {
                    out[p + chars.len()] = true;
                }
            }
        }
        Node::Class(ranges) => {
            for p in (0..n).filter(|p| from[*p]) {
                if in_class(ranges, s[p]) {
                    out[p + 1] = true;
                }
            }
        }
        Node::Look(look) => {
            for p in (0..=n).filter(|p| from[*p]) {
                out[p] = look_holds(*look, s, p);
            }
        }
        Node::Cat(parts) => {
            let mut cur = from.to_vec();
            for part in parts {
                cur = step(part, s, &cur);
            }
            out = cur;
        }
        Node::Alt(parts) => {
            for part in parts {
                for (o, r) in out.iter_mut().zip(step(part, s, from)) {
                    *o |= r;
                }
            }
        }
        Node::Rep { min, max, sub } => {
            let mut cur = from.to_vec();
            let mut done = 0u32;
            while done < *min {
                let next = step(sub, s, &cur);
                done += 1;
                if next == cur {
                    // A nullable body that stopped moving: further rounds change nothing.
                    done = *min;
                }
                cur = next;
                if !cur.iter().any(|b| *b) {
                    return out;
                }
            }
            out.copy_from_slice(&cur);
            let mut rounds = 0u32;
            loop {
                if max.is_some_and(|m| *min + rounds >= m) {
                    break;
                }
                let next = step(sub, s, &cur);
                rounds += 1;
                let mut grew = false;
                for (o, r) in out.iter_mut().zip(&next) {
                    if *r && !*o {
                        *o = true;
                        grew = true;
                    }
                }
                if !grew || rounds as usize > n + 1 {
                    break;
                }
                cur = next;
            }
        }
    }
    out
}

/// Characters the generator prefers, so samples stay readable.
const NICE: &str = "a0A_bcxyz19-.@ ";

impl Pattern {
    /// Parses a pattern; `None` when it does not parse or is too big to analyse.
    pub(crate) fn parse(pattern: &str) -> Option<Pattern> {
        let hir = regex_syntax::ParserBuilder::new()
            .nest_limit(64)
            .build()
            .parse(pattern)
            .ok()?;
        let mut budget = MAX_NODES;
        Some(Pattern {
            root: convert(&hir, &mut budget)?,
        })
    }

    /// Whether the pattern matches somewhere in `text` (JSON Schema patterns are not anchored).
    pub(crate) fn is_match(&self, text: &str) -> bool {
        let chars: Vec<char> = text.chars().collect();
        let from = vec![true; chars.len() + 1];
        step(&self.root, &chars, &from).iter().any(|b| *b)
    }

    /// A string built to match. `variant` picks other branches and characters; `extra` repeats
    /// open-ended repetitions more often (to reach a minimum length).
    pub(crate) fn generate(&self, variant: u32, extra: u32) -> String {
        let mut out = String::new();
        let mut counter = variant;
        gen_node(&self.root, variant, extra, &mut counter, &mut out);
        out
    }
}

fn gen_node(node: &Node, variant: u32, extra: u32, counter: &mut u32, out: &mut String) {
    if out.len() > 4_096 {
        return;
    }
    match node {
        Node::Empty | Node::Look(_) => {}
        Node::Lit(chars) => out.extend(chars),
        Node::Class(ranges) => {
            let nice: Vec<char> = NICE.chars().filter(|c| in_class(ranges, *c)).collect();
            let c = if nice.is_empty() {
                ranges.first().map(|r| r.0).unwrap_or('a')
            } else {
                nice[(variant as usize) % nice.len()]
            };
            out.push(c);
        }
        Node::Rep { min, max, sub } => {
            let want = min.saturating_add(extra);
            let count = max.map_or(want, |m| want.min(m)).min(*min + 64);
            for _ in 0..count {
                gen_node(sub, variant, extra, counter, out);
            }
        }
        Node::Cat(parts) => {
            for part in parts {
                gen_node(part, variant, extra, counter, out);
            }
        }
        Node::Alt(parts) => {
            if let Some(part) = parts.get((*counter as usize) % parts.len().max(1)) {
                *counter = counter.wrapping_add(1);
                gen_node(part, variant, extra, counter, out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Pattern {
        Pattern::parse(s).expect("parses")
    }

    #[test]
    fn matching_is_a_search_not_an_anchored_match() {
        assert!(p("b").is_match("abc"));
        assert!(!p("^b").is_match("abc"));
        assert!(p("^[A-Z]{2}[0-9]+$").is_match("SW1"));
        assert!(!p("^[A-Z]{2}[0-9]+$").is_match("SW1A"));
        assert!(p("^x-").is_match("x-owner"));
        assert!(p("(a|ab)(c|bcd)(d*)$").is_match("abcd"));
    }

    #[test]
    fn catastrophic_patterns_finish_quickly() {
        let evil = p("^(a+)+$");
        let text = format!("{}!", "a".repeat(200));
        assert!(!evil.is_match(&text));
        assert!(evil.is_match(&"a".repeat(200)));
    }

    #[test]
    fn generated_strings_match_their_pattern() {
        for pat in [
            "^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$",
            "^\\d{12}$",
            "^(foo|bar)+-[a-f0-9]{4}$",
            "x*",
        ] {
            let parsed = p(pat);
            for variant in 0..4 {
                for extra in 0..3 {
                    let s = parsed.generate(variant, extra);
                    assert!(parsed.is_match(&s), "{pat} did not match {s}");
                }
            }
        }
    }
}
