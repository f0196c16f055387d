//! Deciding how two `pattern`s' languages relate, exactly, with deterministic automata.
//!
//! A string satisfies `pattern` when the pattern matches somewhere in it (JSON Schema patterns
//! are not anchored). Each pattern, read as the validator reads it (jsonschema's ECMA-262 to
//! Rust translation), becomes an unanchored dense DFA over bytes; a breadth-first walk of the
//! product of the two DFAs with a UTF-8 automaton finds the shortest string (valid UTF-8) that
//! one pattern accepts and the other rejects, or proves there is none. Patterns a DFA cannot
//! express (look-around, backreferences, Unicode word boundaries) or that outgrow the budgets
//! are left undecided, as before.

use std::collections::{HashMap, VecDeque};

use std::rc::Rc;

use regex_automata::dfa::{Automaton, StartKind, dense};
use regex_automata::util::primitives::StateID;
use regex_automata::util::{start, syntax};
use regex_automata::{Anchored, MatchKind};

/// Memory one pattern's DFA may take (and its determinisation).
const DFA_BYTES: usize = 2 << 20;
/// Product states one question may visit before it is left undecided.
const MAX_VISITED: usize = 100_000;

/// A pattern compiled into a DFA that tells whether a string contains a match.
pub(crate) struct Language {
    dfa: dense::DFA<Vec<u32>>,
    start: StateID,
}

impl Language {
    /// The language of `pattern`, or `None` when no DFA within budget expresses it.
    pub(crate) fn of(pattern: &str) -> Option<Language> {
        let translated = jsonschema_regex::to_rust_regex(pattern).ok()?;
        let dfa = dense::Builder::new()
            .configure(
                dense::DFA::config()
                    .match_kind(MatchKind::All)
                    .start_kind(StartKind::Unanchored)
                    .dfa_size_limit(Some(DFA_BYTES))
                    .determinize_size_limit(Some(DFA_BYTES)),
            )
            .syntax(syntax::Config::new().unicode(true).utf8(true))
            .build(&translated)
            .ok()?;
        let start = dfa
            .start_state(&start::Config::new().anchored(Anchored::No))
            .ok()?;
        Some(Language { dfa, start })
    }

    fn next(&self, state: StateID, byte: u8) -> StateID {
        self.dfa.next_state(state, byte)
    }

    /// Whether the string read so far, ending here, matches (end-of-text assertions hold).
    fn matches_at_end(&self, state: StateID) -> bool {
        self.dfa.is_match_state(self.dfa.next_eoi_state(state))
    }

    /// Whether a match ended before the byte that led to `state`: every extension matches too.
    fn matched_before(&self, state: StateID) -> bool {
        self.dfa.is_match_state(state)
    }

    fn is_dead(&self, state: StateID) -> bool {
        self.dfa.is_dead_state(state)
    }
}

/// How two patterns' languages relate: a shortest string each accepts and the other does not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Difference {
    /// A shortest string the old pattern accepts and the new one rejects (none: the new one
    /// accepts every string the old one does).
    pub old_only: Option<String>,
    /// A shortest string the new pattern accepts and the old one rejects.
    pub new_only: Option<String>,
}

/// Bounds on a string's length in code points (`minLength`, `maxLength`), which the strings a
/// question is about must also meet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub(crate) struct Lengths {
    pub min: u64,
    pub max: Option<u64>,
}

impl Lengths {
    /// Any length at all.
    pub(crate) const ANY: Lengths = Lengths { min: 0, max: None };

    /// The length a walk needs to count up to: past `max` nothing fits, and past `min` (with no
    /// `max`) every length fits alike. `None` when the bounds leave nothing to count.
    fn cap(self) -> Option<u32> {
        let cap = match self.max {
            Some(max) => max.saturating_add(1),
            None => self.min,
        };
        (cap > 0).then(|| u32::try_from(cap).unwrap_or(u32::MAX))
    }

    /// Whether no length fits.
    fn empty(self) -> bool {
        self.max.is_some_and(|max| max < self.min)
    }
}

/// The answers one comparison has already worked out. Real schemas repeat the same patterns in
/// many places (an identifier format in every definition), and building a DFA costs far more
/// than asking it, so each language is built once and each question answered once.
#[derive(Default)]
pub(crate) struct Answers {
    languages: HashMap<String, Option<Rc<Language>>>,
    differences: HashMap<(String, String, Lengths), Option<Difference>>,
    overlaps: HashMap<(String, String), Option<Option<String>>>,
    universal: HashMap<(String, Lengths), Option<bool>>,
}

impl Answers {
    fn language(&mut self, pattern: &str) -> Option<Rc<Language>> {
        if let Some(known) = self.languages.get(pattern) {
            return known.clone();
        }
        let built = Language::of(pattern).map(Rc::new);
        self.languages.insert(pattern.to_owned(), built.clone());
        built
    }

    /// Compares `old` and `new` on strings whose length is within `lengths`, or `None` when
    /// either cannot be decided within the budgets.
    pub(crate) fn compare(&mut self, old: &str, new: &str, lengths: Lengths) -> Option<Difference> {
        let key = (old.to_owned(), new.to_owned(), lengths);
        if let Some(known) = self.differences.get(&key) {
            return known.clone();
        }
        let answer = match (self.language(old), self.language(new)) {
            (Some(old), Some(new)) => difference(&old, &new, lengths),
            _ => None,
        };
        self.differences.insert(key, answer.clone());
        answer
    }

    /// Whether `pattern` matches every string whose length is within `lengths` (an unanchored
    /// pattern such as `[a-z]*` matches the empty string somewhere in each); `None` when it
    /// cannot be decided.
    pub(crate) fn matches_every_string(&mut self, pattern: &str, lengths: Lengths) -> Option<bool> {
        let key = (pattern.to_owned(), lengths);
        if let Some(known) = self.universal.get(&key) {
            return *known;
        }
        let answer = match (self.language(""), self.language(pattern)) {
            (Some(everything), Some(language)) => {
                shortest_difference(&everything, &language, lengths).map(|d| d.is_none())
            }
            _ => None,
        };
        self.universal.insert(key, answer);
        answer
    }

    /// Whether `pattern` matches `text`, by the same automaton; `None` when it cannot be built.
    pub(crate) fn accepts(&mut self, pattern: &str, text: &str) -> Option<bool> {
        let language = self.language(pattern)?;
        let mut state = language.start;
        for &byte in text.as_bytes() {
            state = language.next(state, byte);
            if language.matched_before(state) {
                return Some(true);
            }
            if language.is_dead(state) {
                return Some(false);
            }
        }
        Some(language.matches_at_end(state))
    }

    /// A shortest string both `a` and `b` accept: `Some(None)` when no string matches both
    /// (their languages are disjoint), `None` when either cannot be decided within the budgets.
    pub(crate) fn overlap(&mut self, a: &str, b: &str) -> Option<Option<String>> {
        let key = (a.to_owned(), b.to_owned());
        if let Some(known) = self.overlaps.get(&key) {
            return known.clone();
        }
        let answer = match (self.language(a), self.language(b)) {
            (Some(a), Some(b)) => shortest(
                Side {
                    language: &a,
                    goal: Goal::Want,
                },
                Side {
                    language: &b,
                    goal: Goal::Want,
                },
                Lengths::ANY,
            ),
            _ => None,
        };
        self.overlaps.insert(key, answer.clone());
        answer
    }
}

fn difference(old: &Language, new: &Language, lengths: Lengths) -> Option<Difference> {
    Some(Difference {
        old_only: shortest_difference(old, new, lengths)?,
        new_only: shortest_difference(new, old, lengths)?,
    })
}

/// The UTF-8 automaton's states: where a code point's bytes stand (Unicode's Table 3-7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Utf8 {
    /// Between code points: the only state a string may end in.
    Boundary,
    /// This many continuation bytes (80–BF) still due.
    Continue(u8),
    /// After E0: A0–BF, then one more.
    AfterE0,
    /// After ED: 80–9F (no surrogates), then one more.
    AfterED,
    /// After F0: 90–BF, then two more.
    AfterF0,
    /// After F4: 80–8F (nothing above U+10FFFF), then two more.
    AfterF4,
}

impl Utf8 {
    fn next(self, byte: u8) -> Option<Utf8> {
        let continuation = (0x80..=0xBF).contains(&byte);
        match self {
            Utf8::Boundary => match byte {
                0x00..=0x7F => Some(Utf8::Boundary),
                0xC2..=0xDF => Some(Utf8::Continue(1)),
                0xE0 => Some(Utf8::AfterE0),
                0xE1..=0xEC | 0xEE..=0xEF => Some(Utf8::Continue(2)),
                0xED => Some(Utf8::AfterED),
                0xF0 => Some(Utf8::AfterF0),
                0xF1..=0xF3 => Some(Utf8::Continue(3)),
                0xF4 => Some(Utf8::AfterF4),
                _ => None,
            },
            Utf8::Continue(1) if continuation => Some(Utf8::Boundary),
            Utf8::Continue(n) if continuation => Some(Utf8::Continue(n - 1)),
            Utf8::AfterE0 if (0xA0..=0xBF).contains(&byte) => Some(Utf8::Continue(1)),
            Utf8::AfterED if (0x80..=0x9F).contains(&byte) => Some(Utf8::Continue(1)),
            Utf8::AfterF0 if (0x90..=0xBF).contains(&byte) => Some(Utf8::Continue(2)),
            Utf8::AfterF4 if (0x80..=0x8F).contains(&byte) => Some(Utf8::Continue(2)),
            _ => None,
        }
    }
}

/// Whether a string's walk must end inside a language (`Want`) or outside it (`Avoid`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Goal {
    Want,
    Avoid,
}

/// Where one language's walk stands: `None` once a `Want` language has matched (every extension
/// is in it). An `Avoid` language never gets there: such strings are dropped, since every
/// extension would be in the language too.
type Track = Option<StateID>;

/// One language and what the walk wants of it.
#[derive(Clone, Copy)]
struct Side<'l> {
    language: &'l Language,
    goal: Goal,
}

impl Side<'_> {
    /// The track after `byte`, or `None` when no extension can meet the goal.
    fn step(self, track: Track, byte: u8) -> Option<Track> {
        let Some(state) = track else {
            return Some(None);
        };
        let next = self.language.next(state, byte);
        match self.goal {
            Goal::Want if self.language.matched_before(next) => Some(None),
            Goal::Want if self.language.is_dead(next) => None,
            Goal::Avoid if self.language.matched_before(next) => None,
            _ => Some(Some(next)),
        }
    }

    /// Whether a string ending here meets the goal.
    fn met(self, track: Track) -> bool {
        match (self.goal, track) {
            (Goal::Want, None) => true,
            (goal, Some(state)) => self.language.matches_at_end(state) == (goal == Goal::Want),
            (Goal::Avoid, None) => false,
        }
    }
}

/// One point of the walk: where each language's walk and the UTF-8 automaton stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Point {
    first: Track,
    second: Track,
    utf8: Utf8,
    /// Code points read, counted up to the lengths' cap.
    length: u32,
}

/// A shortest valid UTF-8 string in L(`yes`) ∖ L(`no`) whose length is within `lengths`:
/// `Some(None)` when there is none, `None` when the walk outgrew its budget.
fn shortest_difference(yes: &Language, no: &Language, lengths: Lengths) -> Option<Option<String>> {
    shortest(
        Side {
            language: yes,
            goal: Goal::Want,
        },
        Side {
            language: no,
            goal: Goal::Avoid,
        },
        lengths,
    )
}

/// The breadth-first walk of the product of two languages' DFAs with the UTF-8 automaton and a
/// length counter: a shortest string meeting both sides' goals and the lengths.
fn shortest(first: Side<'_>, second: Side<'_>, lengths: Lengths) -> Option<Option<String>> {
    if lengths.empty() {
        return Some(None);
    }
    let cap = lengths.cap();
    let origin = Point {
        first: Some(first.language.start),
        second: Some(second.language.start),
        utf8: Utf8::Boundary,
        length: 0,
    };
    let fits = |length: u32| {
        u64::from(length) >= lengths.min && lengths.max.is_none_or(|max| u64::from(length) <= max)
    };
    let mut came_from: HashMap<Point, Option<(Point, u8)>> = HashMap::new();
    came_from.insert(origin, None);
    let mut queue = VecDeque::from([origin]);
    while let Some(point) = queue.pop_front() {
        if point.utf8 == Utf8::Boundary
            && fits(point.length)
            && first.met(point.first)
            && second.met(point.second)
        {
            return Some(Some(spell(&came_from, point)));
        }
        for byte in 0..=u8::MAX {
            let Some(utf8) = point.utf8.next(byte) else {
                continue;
            };
            let (Some(a), Some(b)) = (
                first.step(point.first, byte),
                second.step(point.second, byte),
            ) else {
                continue;
            };
            // A code point is counted when its last byte is read.
            let length = match (utf8, cap) {
                (Utf8::Boundary, Some(cap)) => (point.length + 1).min(cap),
                _ => point.length,
            };
            if lengths.max.is_some_and(|max| u64::from(length) > max) {
                continue;
            }
            let next = Point {
                first: a,
                second: b,
                utf8,
                length,
            };
            if !came_from.contains_key(&next) {
                if came_from.len() >= MAX_VISITED {
                    return None;
                }
                came_from.insert(next, Some((point, byte)));
                queue.push_back(next);
            }
        }
    }
    Some(None)
}

/// The string that leads from the origin to `point`.
fn spell(came_from: &HashMap<Point, Option<(Point, u8)>>, mut point: Point) -> String {
    let mut bytes = Vec::new();
    while let Some(Some((previous, byte))) = came_from.get(&point) {
        bytes.push(*byte);
        point = *previous;
    }
    bytes.reverse();
    // The UTF-8 automaton admits only whole, valid code points.
    String::from_utf8(bytes).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether the validator (jsonschema itself, not these automata) accepts `text`.
    fn matches(pattern: &str, text: &str) -> bool {
        jsonschema::validator_for(&serde_json::json!({ "pattern": pattern }))
            .expect("compiles")
            .is_valid(&serde_json::json!(text))
    }

    fn compare(old: &str, new: &str) -> Option<Difference> {
        Answers::default().compare(old, new, Lengths::ANY)
    }

    fn overlap(a: &str, b: &str) -> Option<Option<String>> {
        Answers::default().overlap(a, b)
    }

    fn matches_every_string(pattern: &str) -> Option<bool> {
        Answers::default().matches_every_string(pattern, Lengths::ANY)
    }

    #[test]
    fn a_widened_pattern_has_no_old_only_string_and_a_shortest_new_one() {
        let was = r"^-?[0-9]{1,2}\.[0-9]{6}$";
        let now = r"^-?[0-9]{1,2}\.[0-9]{5,7}$";
        let difference = compare(was, now).expect("decidable");
        assert_eq!(difference.old_only, None);
        let word = difference.new_only.expect("wider");
        assert!(matches(now, &word) && !matches(was, &word), "{word}");
        assert_eq!(word.len(), "0.00000".len(), "shortest: {word}");
    }

    #[test]
    fn incomparable_patterns_give_a_string_each_way() {
        let difference = compare("^[A-Z]{2}$", "^[A-Z]{3}$").expect("decidable");
        let old = difference.old_only.expect("old only");
        let new = difference.new_only.expect("new only");
        assert!(matches("^[A-Z]{2}$", &old) && !matches("^[A-Z]{3}$", &old));
        assert!(matches("^[A-Z]{3}$", &new) && !matches("^[A-Z]{2}$", &new));
    }

    #[test]
    fn patterns_are_searches_not_anchored() {
        // `[a-z]*` matches the empty string, so every string: it contains `^[a-z]+$`'s language.
        let difference = compare("^[a-z]+$", "[a-z]*").expect("decidable");
        assert_eq!(difference.old_only, None);
        assert_eq!(difference.new_only.as_deref(), Some(""));
        let same = compare("abc", r"^[\s\S]*abc").expect("decidable");
        assert_eq!(
            same,
            Difference {
                old_only: None,
                new_only: None
            }
        );
        // `.` does not match a line break, so `^.*abc` misses "\nabc".
        let line_break = compare("abc", "^.*abc").expect("decidable");
        assert_eq!(line_break.old_only.as_deref(), Some("\nabc"));
    }

    #[test]
    fn strings_beyond_ascii_are_valid_utf8_witnesses() {
        let difference = compare(r"^\w+$", "^[a-z]+$").expect("decidable");
        let word = difference.old_only.expect("digits and capitals");
        assert!(
            matches(r"^\w+$", &word) && !matches("^[a-z]+$", &word),
            "{word}"
        );
        let difference = compare("^.$", "^[a-z]$").expect("decidable");
        assert!(difference.old_only.is_some());
        let accented = compare("^[é]$", "^[e]$").expect("decidable");
        assert_eq!(accented.old_only.as_deref(), Some("é"));
    }

    #[test]
    fn overlapping_languages_share_a_shortest_string_and_disjoint_ones_none() {
        assert_eq!(overlap("^[A-Z]{2}$", "^[0-9]+$"), Some(None));
        assert_eq!(overlap("^urn:a:", "^urn:b:"), Some(None));
        let shared = overlap("^[a-z]+$", "x")
            .expect("decidable")
            .expect("shared");
        assert!(matches("^[a-z]+$", &shared) && matches("x", &shared));
        assert_eq!(shared, "x");
        assert_eq!(overlap("[a-z]*", "^[0-9]$"), Some(Some("0".to_owned())));
        assert_eq!(overlap("^(?=a)a$", "a"), None);
    }

    #[test]
    fn an_unanchored_pattern_that_matches_the_empty_string_matches_every_string() {
        assert_eq!(matches_every_string("[a-z]*"), Some(true));
        assert_eq!(matches_every_string(""), Some(true));
        assert_eq!(matches_every_string("^[a-z]*$"), Some(false));
        assert_eq!(matches_every_string("x"), Some(false));
        assert_eq!(matches_every_string("(?=a)"), None);
    }

    #[test]
    fn lengths_bound_the_strings_a_difference_is_sought_among() {
        let mut answers = Answers::default();
        let at_most_five = Lengths {
            min: 0,
            max: Some(5),
        };
        let same = answers
            .compare("^[0-9]+$", "^[0-9]{1,5}$", at_most_five)
            .expect("decidable");
        assert_eq!((same.old_only, same.new_only), (None, None));
        let unbounded = answers
            .compare("^[0-9]+$", "^[0-9]{1,5}$", Lengths::ANY)
            .expect("decidable");
        assert_eq!(unbounded.old_only.as_deref(), Some("000000"));
        let at_least_four = Lengths { min: 4, max: None };
        let gap = answers
            .compare("^a*$", "^(a{0,2}|a{4,})$", at_least_four)
            .expect("decidable");
        assert_eq!((gap.old_only, gap.new_only), (None, None));
        assert_eq!(
            answers.matches_every_string(
                r"^[\s\S]{0,10}$",
                Lengths {
                    min: 0,
                    max: Some(10)
                }
            ),
            Some(true)
        );
        assert_eq!(
            answers.accepts(r"^-?[0-9]{1,2}\.[0-9]{6}$", "51.501000"),
            Some(true)
        );
        assert_eq!(answers.accepts("^[a-z]+$", "A"), Some(false));
    }

    #[test]
    fn what_no_dfa_expresses_is_left_undecided() {
        assert_eq!(compare("^(?!x)[a-z]+$", "^[a-z]+$"), None);
        assert_eq!(compare(r"^(a)\1$", "^aa$"), None);
    }
}
