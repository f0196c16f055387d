//! A schema seen as a conjunction of located object schemas.
//!
//! `$ref` targets and `allOf` members are flattened into one list of parts, so a keyword moved into
//! an `allOf` member or behind a `$ref` compares equal to the inline original, and the engine and
//! the sampler read every keyword the same way. `anyOf`/`oneOf`/`if`/`not` stay inside their parts.

use super::budget::{Work, WorkBudget};
use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::model::Side;
use super::regex::Pattern;
use super::resolve::{DocId, Docs, Draft, Loc};

/// The documents and compiled patterns shared by the walk and the sampler.
pub(crate) struct Ctx<'a> {
    pub(crate) docs: Docs<'a>,
    patterns: HashMap<String, Option<Pattern>>,
    /// Languages of patterns and the questions already asked of them.
    pub(crate) automata: super::automata::Answers,
    /// The steps spent, against the comparison's budget.
    pub(crate) work: Work,
}

impl<'a> Ctx<'a> {
    pub(crate) fn new(docs: Docs<'a>) -> Ctx<'a> {
        Self::within(docs, WorkBudget::default())
    }

    pub(crate) fn within(docs: Docs<'a>, budget: WorkBudget) -> Ctx<'a> {
        Ctx {
            docs,
            patterns: HashMap::new(),
            automata: super::automata::Answers::default(),
            work: Work::new(budget),
        }
    }

    /// The parsed pattern, cached; `None` when it cannot be analysed.
    pub(crate) fn pattern(&mut self, source: &str) -> Option<&Pattern> {
        self.patterns
            .entry(source.to_string())
            .or_insert_with(|| Pattern::parse(source))
            .as_ref()
    }

    /// Whether `pattern` matches `text`; `None` when the pattern cannot be analysed.
    pub(crate) fn matches(&mut self, pattern: &str, text: &str) -> Option<bool> {
        self.pattern(pattern).map(|p| p.is_match(text))
    }
}

/// A reference the engine did not follow.
#[derive(Debug, Clone)]
pub(crate) struct Unfollowed<'a> {
    pub(crate) at: Loc<'a>,
    pub(crate) reference: String,
    pub(crate) reason: String,
    pub(crate) dynamic: bool,
}

/// The conjunction of schemas that apply at one instance location.
#[derive(Debug, Clone, Default)]
pub(crate) struct Node<'a> {
    pub(crate) parts: Vec<Loc<'a>>,
    /// A `false` conjunct: nothing is valid here.
    pub(crate) false_at: Option<Loc<'a>>,
    pub(crate) unfollowed: Vec<Unfollowed<'a>>,
    /// Disjunctions (part pointer + keyword) already replaced by one of their branches.
    pub(crate) chosen: Vec<(DocId, String, &'static str)>,
    /// Types the comparison is restricted to (when one side's type union is split across the
    /// other side's `anyOf` branches); `None` means no restriction.
    pub(crate) restrict: Option<TypeSet>,
}

/// Nesting beyond which expansion stops (deeply nested `allOf` chains are not worth following).
const MAX_PARTS: usize = 256;

impl<'a> Node<'a> {
    /// Flattens `locs` (following `$ref` and `allOf`) into a conjunction.
    pub(crate) fn expand(ctx: &mut Ctx<'a>, side: Side, locs: Vec<Loc<'a>>) -> Node<'a> {
        let mut node = Node::default();
        node.add(ctx, side, locs);
        node
    }

    /// Adds more conjuncts.
    pub(crate) fn add(&mut self, ctx: &mut Ctx<'a>, side: Side, locs: Vec<Loc<'a>>) {
        let mut seen: HashSet<(DocId, String)> =
            self.parts.iter().map(|p| (p.doc, p.ptr.clone())).collect();
        let mut stack: Vec<Loc<'a>> = locs.into_iter().rev().collect();
        while let Some(loc) = stack.pop() {
            if self.parts.len() >= MAX_PARTS {
                break;
            }
            match loc.value {
                Value::Bool(false) if self.false_at.is_none() => {
                    self.false_at = Some(loc);
                }
                Value::Object(map) => {
                    if !seen.insert((loc.doc, loc.ptr.clone())) {
                        continue;
                    }
                    let mut next = Vec::new();
                    let reference = map.get("$ref").and_then(Value::as_str);
                    if let Some(reference) = reference {
                        match ctx.docs.resolve(side, &loc, reference) {
                            Ok(target) => next.push(target),
                            Err(reason) => self.unfollowed.push(Unfollowed {
                                at: loc.clone(),
                                reference: reference.to_string(),
                                reason,
                                dynamic: false,
                            }),
                        }
                        if loc.draft <= Draft::D7 {
                            // Before 2019-09 a `$ref` replaces its siblings.
                            stack.extend(next.into_iter().rev());
                            continue;
                        }
                    }
                    if let Some(reference) = map.get("$dynamicRef").and_then(Value::as_str)
                        && ctx.docs.dynamic_is_static(side, reference)
                        && let Ok(target) = ctx.docs.resolve(side, &loc, reference)
                    {
                        // No dynamic scope can choose another target: a plain reference.
                        next.push(target);
                    }
                    for key in ["$dynamicRef", "$recursiveRef"] {
                        if let Some(reference) = map.get(key).and_then(Value::as_str)
                            && !(key == "$dynamicRef"
                                && ctx.docs.dynamic_is_static(side, reference)
                                && ctx.docs.resolve(side, &loc, reference).is_ok())
                        {
                            self.unfollowed.push(Unfollowed {
                                at: loc.clone(),
                                reference: reference.to_string(),
                                reason: format!(
                                    "`{key}` depends on the dynamic scope of validation"
                                ),
                                dynamic: true,
                            });
                        }
                    }
                    if let Some(Value::Array(members)) = map.get("allOf") {
                        for i in 0..members.len() {
                            if let Some(member) = loc.descend(&["allOf", &i.to_string()]) {
                                next.push(member);
                            }
                        }
                    }
                    self.parts.push(loc);
                    stack.extend(next.into_iter().rev());
                }
                _ => {}
            }
        }
    }

    /// A stable identity for memoising comparisons.
    pub(crate) fn key(&self) -> String {
        let mut key = String::new();
        for p in &self.parts {
            key.push_str(&format!("{:?}{};", p.doc, p.ptr));
        }
        if let Some(f) = &self.false_at {
            key.push_str(&format!("F{:?}{};", f.doc, f.ptr));
        }
        for (d, p, k) in &self.chosen {
            key.push_str(&format!("C{d:?}{p}{k};"));
        }
        if let Some(r) = self.restrict {
            key.push_str(&format!("R{r:?}"));
        }
        key
    }

    /// Every part's value for `keyword`, with the part.
    pub(crate) fn all(&self, keyword: &str) -> Vec<(&Loc<'a>, &'a Value)> {
        self.parts
            .iter()
            .filter_map(|p| p.get(keyword).map(|v| (p, v)))
            .collect()
    }

    /// The first part that has `keyword`.
    pub(crate) fn first(&self, keyword: &str) -> Option<(&Loc<'a>, &'a Value)> {
        self.parts
            .iter()
            .find_map(|p| p.get(keyword).map(|v| (p, v)))
    }

    /// Whether a disjunction was already replaced by a chosen branch.
    pub(crate) fn is_chosen(&self, part: &Loc<'a>, keyword: &str) -> bool {
        self.chosen
            .iter()
            .any(|(d, p, k)| *d == part.doc && *p == part.ptr && *k == keyword)
    }

    /// The set of JSON types this conjunction allows (by `type` only).
    pub(crate) fn types(&self) -> TypeSet {
        self.all("type")
            .into_iter()
            .fold(self.restrict.unwrap_or(TypeSet::ALL), |acc, (_, v)| {
                acc.intersect(TypeSet::from_keyword(v))
            })
    }
}

/// A set of JSON types; `integer` is the integral part of `number`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct TypeSet(u8);

impl TypeSet {
    pub(crate) const NULL: TypeSet = TypeSet(1);
    pub(crate) const BOOLEAN: TypeSet = TypeSet(2);
    pub(crate) const OBJECT: TypeSet = TypeSet(4);
    pub(crate) const ARRAY: TypeSet = TypeSet(8);
    pub(crate) const STRING: TypeSet = TypeSet(16);
    pub(crate) const INTEGER: TypeSet = TypeSet(32);
    /// Numbers with a fractional part.
    pub(crate) const FRACTION: TypeSet = TypeSet(64);
    pub(crate) const NUMBER: TypeSet = TypeSet(96);
    pub(crate) const ALL: TypeSet = TypeSet(127);
    pub(crate) const EMPTY: TypeSet = TypeSet(0);

    fn from_name(name: &str) -> TypeSet {
        match name {
            "null" => TypeSet::NULL,
            "boolean" => TypeSet::BOOLEAN,
            "object" => TypeSet::OBJECT,
            "array" => TypeSet::ARRAY,
            "string" => TypeSet::STRING,
            "integer" => TypeSet::INTEGER,
            "number" => TypeSet::NUMBER,
            _ => TypeSet::EMPTY,
        }
    }

    /// The types a `type` keyword value allows.
    pub(crate) fn from_keyword(value: &Value) -> TypeSet {
        match value {
            Value::String(s) => TypeSet::from_name(s),
            Value::Array(names) => names
                .iter()
                .filter_map(Value::as_str)
                .fold(TypeSet::EMPTY, |acc, n| acc.union(TypeSet::from_name(n))),
            _ => TypeSet::ALL,
        }
    }

    /// The type of a JSON value.
    pub(crate) fn of(value: &Value) -> TypeSet {
        match value {
            Value::Null => TypeSet::NULL,
            Value::Bool(_) => TypeSet::BOOLEAN,
            Value::Object(_) => TypeSet::OBJECT,
            Value::Array(_) => TypeSet::ARRAY,
            Value::String(_) => TypeSet::STRING,
            Value::Number(n) => {
                if n.as_f64().is_some_and(|f| f.fract() == 0.0) {
                    TypeSet::INTEGER
                } else {
                    TypeSet::FRACTION
                }
            }
        }
    }

    pub(crate) fn union(self, other: TypeSet) -> TypeSet {
        TypeSet(self.0 | other.0)
    }

    pub(crate) fn intersect(self, other: TypeSet) -> TypeSet {
        TypeSet(self.0 & other.0)
    }

    pub(crate) fn minus(self, other: TypeSet) -> TypeSet {
        TypeSet(self.0 & !other.0)
    }

    pub(crate) fn contains(self, other: TypeSet) -> bool {
        self.0 & other.0 == other.0 && other.0 != 0
    }

    pub(crate) fn overlaps(self, other: TypeSet) -> bool {
        self.0 & other.0 != 0
    }

    pub(crate) fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Names for messages (`number` when both numeric parts are present).
    pub(crate) fn names(self) -> Vec<&'static str> {
        let mut out = Vec::new();
        for (set, name) in [
            (TypeSet::NULL, "null"),
            (TypeSet::BOOLEAN, "boolean"),
            (TypeSet::OBJECT, "object"),
            (TypeSet::ARRAY, "array"),
            (TypeSet::STRING, "string"),
        ] {
            if self.contains(set) {
                out.push(name);
            }
        }
        if self.contains(TypeSet::NUMBER) {
            out.push("number");
        } else if self.contains(TypeSet::INTEGER) {
            out.push("integer");
        } else if self.contains(TypeSet::FRACTION) {
            out.push("a non-integer number");
        }
        out
    }

    /// The single-type pieces of this set, for sampling one of each.
    pub(crate) fn pieces(self) -> Vec<TypeSet> {
        [
            TypeSet::OBJECT,
            TypeSet::STRING,
            TypeSet::INTEGER,
            TypeSet::FRACTION,
            TypeSet::BOOLEAN,
            TypeSet::ARRAY,
            TypeSet::NULL,
        ]
        .into_iter()
        .filter(|t| self.contains(*t))
        .collect()
    }
}

/// JSON equality as JSON Schema defines it (`1` equals `1.0`).
pub(crate) fn json_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| json_equal(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_equal(v, w)))
        }
        _ => a == b,
    }
}

/// Whether two schema values are equal and contain no reference whose meaning depends on where it
/// is written (so equal text means equal behaviour).
pub(crate) fn equal_without_refs(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter().all(|(k, v)| {
                    !matches!(k.as_str(), "$ref" | "$dynamicRef" | "$recursiveRef")
                        && y.get(k).is_some_and(|w| equal_without_refs(v, w))
                })
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| equal_without_refs(a, b))
        }
        _ => a == b,
    }
}
