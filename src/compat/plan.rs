//! Witness plans: how to build a document that lands in the difference a change describes.
//!
//! A plan is a route from the root of one side's schema down to the changed location, plus what
//! to put there: a fixed value, a sample of the local schema with a few constraints tightened
//! ("tweaks"), or a value built from another schema (used under `not`, where sides swap). The
//! sampler realises plans; the caller's oracle decides whether the result is a witness.

use serde_json::Value;

use super::model::Side;
use super::node::TypeSet;
use super::resolve::{DocId, Loc};

/// One step of a route through a document.
#[derive(Debug, Clone)]
pub(crate) enum Hop<'a> {
    /// Into the value of this property.
    Key(String),
    /// Into this array item.
    Index(usize),
    /// The target is a property name of the object here (for `propertyNames`).
    Name,
    /// Take this branch of the `anyOf`/`oneOf` written in the part at `doc`/`ptr`.
    Branch {
        doc: DocId,
        ptr: String,
        keyword: &'static str,
        index: usize,
    },
    /// Take the `then` (true) or `else` (false) path of the conditional in that part.
    Cond { doc: DocId, ptr: String, then: bool },
    /// The object here must carry this property.
    Require(String),
    /// The instance here must also satisfy this schema.
    Also(Loc<'a>),
    /// The instance here is shaped by these tweaks too (for a value the route passes through, such
    /// as an array that must hold so many items matching `contains` before the target item).
    Tweaks(Vec<Tweak<'a>>),
}

/// A constraint tightened at the end of a route, on top of the local schema.
#[derive(Debug, Clone)]
pub(crate) enum Tweak<'a> {
    OnlyType(TypeSet),
    MinLength(u64),
    MaxLength(u64),
    NotPattern(String),
    /// A string to try before any other (a shortest word of two patterns' difference); kept
    /// only if it satisfies everything else here.
    TryString(String),
    NotFormat(String),
    Lower(f64, bool),
    Upper(f64, bool),
    NotMultipleOf(f64),
    MinItems(u64),
    MaxItems(u64),
    Duplicates,
    MinProperties(u64),
    MaxProperties(u64),
    Absent(String),
    Present(String),
    NotIn(Vec<Value>),
    Also(Loc<'a>),
    /// Items are sampled without the `contains` schema (for `contains` witnesses).
    ItemsAvoidContains,
    /// At least this many items match `contains` (for `maxContains` witnesses).
    ContainsAtLeast(u64),
    /// At most this many items match `contains` (for `minContains` witnesses).
    ContainsAtMost(u64),
}

/// What goes at the end of a route.
#[derive(Debug, Clone)]
pub(crate) enum Target<'a> {
    Pin(Value),
    Tweak(Vec<Tweak<'a>>),
    /// A value sampled from other schemas (resolved on `side`), itself following a route.
    Inner {
        start: Vec<Loc<'a>>,
        side: Side,
        route: Vec<Hop<'a>>,
        target: Box<Target<'a>>,
    },
}

/// A recipe for a witness document.
#[derive(Debug, Clone)]
pub(crate) struct Plan<'a> {
    /// The side whose root schema the document is sampled from (it should accept it).
    pub(crate) valid_under: Side,
    pub(crate) route: Vec<Hop<'a>>,
    pub(crate) target: Target<'a>,
}

/// Routes to the current location on each side.
#[derive(Debug, Clone, Default)]
pub(crate) struct Routes<'a> {
    pub(crate) old: Vec<Hop<'a>>,
    pub(crate) new: Vec<Hop<'a>>,
}

impl<'a> Routes<'a> {
    pub(crate) fn side(&self, side: Side) -> &Vec<Hop<'a>> {
        match side {
            Side::Old => &self.old,
            Side::New => &self.new,
        }
    }

    /// Both routes extended by the same step.
    pub(crate) fn with(&self, hop: Hop<'a>) -> Routes<'a> {
        let mut next = self.clone();
        next.old.push(hop.clone());
        next.new.push(hop);
        next
    }

    /// Routes extended by one step on one side only.
    pub(crate) fn with_on(&self, side: Side, hop: Hop<'a>) -> Routes<'a> {
        let mut next = self.clone();
        match side {
            Side::Old => next.old.push(hop),
            Side::New => next.new.push(hop),
        }
        next
    }

    /// A plan that samples `side` at this location with the given tweaks.
    pub(crate) fn tweak(&self, side: Side, tweaks: Vec<Tweak<'a>>) -> Plan<'a> {
        Plan {
            valid_under: side,
            route: self.side(side).clone(),
            target: Target::Tweak(tweaks),
        }
    }

    /// A plan that puts `value` at this location in a sample of `side`.
    pub(crate) fn pin(&self, side: Side, value: Value) -> Plan<'a> {
        Plan {
            valid_under: side,
            route: self.side(side).clone(),
            target: Target::Pin(value),
        }
    }
}
