//! The parallel walk over both schemas: memoisation, cycles, context flags and change emission.
//!
//! A pair of locations is compared at most once per path (co-inductively: a pair met again on the
//! same path is assumed equal, which is what makes recursive schemas terminate) and at most once
//! overall, so a definition referenced from many places is reported once, at its own pointer.

use std::collections::{HashMap, HashSet};

pub(crate) use super::frame::{Dependent, Frame};
use super::keywords;
use super::kinds::ChangeKind;
use super::model::{Direction, Side};
use super::node::{Ctx, Node, TypeSet, equal_without_refs};
use super::plan::Plan;
use super::resolve::{Loc, escape};

/// Nesting depth beyond which the walk stops and reports what it could not compare.
const MAX_DEPTH: usize = 64;

/// A change as the walk finds it, before verdicts and witnesses.
#[derive(Debug, Clone)]
pub(crate) struct Raw<'a> {
    pub(crate) kind: ChangeKind,
    pub(crate) direction: Direction,
    pub(crate) pointer: String,
    pub(crate) pointer_side: Side,
    pub(crate) target: Option<String>,
    pub(crate) message: String,
    pub(crate) instance_path: String,
    /// The pairs being compared when it was found (see [`super::reach`]).
    pub(crate) reach: super::reach::Stack,
    /// Every instance path that reaches it, its own first (filled when the walk finishes).
    pub(crate) paths: Vec<String>,
    pub(crate) lenient: bool,
    pub(crate) plans: Vec<Plan<'a>>,
}

/// Everything a keyword module supplies to record one change.
pub(crate) struct Emit<'a> {
    pub(crate) kind: ChangeKind,
    /// Overrides the kind's usual direction.
    pub(crate) direction: Option<Direction>,
    /// The side whose schema holds the pointer.
    pub(crate) side: Side,
    /// The part holding the keyword.
    pub(crate) loc: Loc<'a>,
    /// Reference tokens below `loc` (usually the keyword, maybe a property name).
    pub(crate) tokens: Vec<String>,
    pub(crate) message: String,
    pub(crate) plans: Vec<Plan<'a>>,
}

impl<'a> Emit<'a> {
    pub(crate) fn new(
        kind: ChangeKind,
        side: Side,
        loc: &Loc<'a>,
        tokens: &[&str],
        message: String,
    ) -> Emit<'a> {
        Emit {
            kind,
            direction: None,
            side,
            loc: loc.clone(),
            tokens: tokens.iter().map(|t| t.to_string()).collect(),
            message,
            plans: Vec::new(),
        }
    }

    pub(crate) fn direction(mut self, direction: Direction) -> Emit<'a> {
        self.direction = Some(direction);
        self
    }

    /// Adds witness plans, keeping at most [`MAX_PLANS_PER_SIDE`] for each side a witness may
    /// be valid under: a change folded from the changes below it would otherwise carry all of
    /// theirs, level upon level (gigabytes on OpenAPI 3.1), while the witness search tries only a
    /// few documents.
    pub(crate) fn plans(mut self, plans: Vec<Plan<'a>>) -> Emit<'a> {
        let mut kept = [0usize; 2];
        for p in &self.plans {
            kept[usize::from(p.valid_under == Side::New)] += 1;
        }
        for plan in plans {
            let count = &mut kept[usize::from(plan.valid_under == Side::New)];
            if *count < MAX_PLANS_PER_SIDE {
                *count += 1;
                self.plans.push(plan);
            }
        }
        self
    }
}

/// Witness plans one change keeps per side (the witness search builds at most eight documents).
pub(crate) const MAX_PLANS_PER_SIDE: usize = 16;

/// The walk's state.
pub(crate) struct Walker<'a> {
    pub(crate) ctx: Ctx<'a>,
    sinks: Vec<Vec<Raw<'a>>>,
    on_path: HashSet<String>,
    done: HashSet<String>,
    /// The changes of pairs compared inside a capture, by memo key (see [`Walker::compare`]).
    captured: HashMap<String, Vec<Raw<'a>>>,
    trials: usize,
    depth: usize,
    /// Whether running out of work has been reported.
    stopped_reported: bool,
    reach: super::reach::Reach,
}

impl<'a> Walker<'a> {
    pub(crate) fn new(ctx: Ctx<'a>) -> Walker<'a> {
        Walker {
            ctx,
            sinks: vec![Vec::new()],
            on_path: HashSet::new(),
            done: HashSet::new(),
            captured: HashMap::new(),
            trials: 0,
            depth: 0,
            stopped_reported: false,
            reach: super::reach::Reach::default(),
        }
    }

    /// The changes found, in the order found, each with every path that reaches it.
    pub(crate) fn finish(mut self) -> (Vec<Raw<'a>>, Ctx<'a>) {
        let mut changes = self.sinks.pop().unwrap_or_default();
        for raw in &mut changes {
            raw.paths = self.reach.paths(&raw.instance_path, &raw.reach);
        }
        (changes, self.ctx)
    }

    /// Records a change (once per kind, pointer and target).
    pub(crate) fn emit(&mut self, frame: &Frame<'a>, e: Emit<'a>) {
        let mut tokens = String::new();
        for t in &e.tokens {
            tokens.push('/');
            tokens.push_str(&escape(t));
        }
        let (pointer, target) = if e.loc.doc.is_root() {
            (format!("{}{tokens}", e.loc.ptr), None)
        } else {
            let site = e.loc.site.as_deref().unwrap_or("").to_string();
            (
                site,
                Some(format!("{}{tokens}", e.loc.absolute(&self.ctx.docs))),
            )
        };
        let info = e.kind.info();
        let mut direction = e.direction.unwrap_or(info.direction);
        let mut message = e.message;
        if let Some(target) = &target {
            message = format!("{message} (in the referenced schema `{target}`)");
        }
        if let Some(why) = frame.unsure
            && direction != Direction::Annotation
            && direction != Direction::Unknown
        {
            direction = Direction::Unknown;
            message = format!("{message} Concord cannot tell which documents this affects: {why}.");
        }
        let raw = Raw {
            kind: e.kind,
            direction,
            pointer,
            pointer_side: e.side,
            target,
            message,
            instance_path: frame.ipath.clone(),
            reach: self.reach.stack(),
            paths: Vec::new(),
            lenient: info.lenient || frame.undeclared,
            plans: e.plans,
        };
        let sink = self.sinks.last_mut();
        if let Some(sink) = sink {
            let duplicate = sink.iter().any(|r| {
                r.kind == raw.kind
                    && r.pointer == raw.pointer
                    && r.target == raw.target
                    && r.message == raw.message
            });
            if !duplicate {
                sink.push(raw);
            }
        }
    }

    /// Runs `body` collecting its changes apart instead of recording them. Captured comparisons
    /// are not memoised: their changes may be folded into one or thrown away, so a later visit of
    /// the same pair must still report them.
    pub(crate) fn capture(&mut self, body: impl FnOnce(&mut Walker<'a>)) -> Vec<Raw<'a>> {
        self.sinks.push(Vec::new());
        self.trials += 1;
        body(self);
        self.trials -= 1;
        self.sinks.pop().unwrap_or_default()
    }

    /// Records changes captured earlier.
    pub(crate) fn replay(&mut self, changes: Vec<Raw<'a>>) {
        if let Some(sink) = self.sinks.last_mut() {
            for raw in changes {
                let duplicate = sink.iter().any(|r| {
                    r.kind == raw.kind
                        && r.pointer == raw.pointer
                        && r.target == raw.target
                        && r.message == raw.message
                });
                if !duplicate {
                    sink.push(raw);
                }
            }
        }
    }

    /// Expands and compares two lists of locations.
    pub(crate) fn compare_locs(&mut self, old: Vec<Loc<'a>>, new: Vec<Loc<'a>>, frame: &Frame<'a>) {
        let old = Node::expand(&mut self.ctx, Side::Old, old);
        let new = Node::expand(&mut self.ctx, Side::New, new);
        self.compare(&old, &new, frame);
    }

    /// Compares two conjunctions at the same instance location.
    pub(crate) fn compare(&mut self, old: &Node<'a>, new: &Node<'a>, frame: &Frame<'a>) {
        if same_content(old, new) {
            return;
        }
        let site = |n: &Node<'a>| {
            n.parts
                .first()
                .and_then(|p| p.site.clone())
                .unwrap_or_default()
        };
        let key = format!(
            "{}|{}|{}|{}|{}|{}|{}",
            old.key(),
            new.key(),
            frame.undeclared,
            frame.unsure.is_some(),
            frame
                .dependent
                .as_ref()
                .map(|d| d.key())
                .unwrap_or_default(),
            site(old),
            site(new)
        );
        if self.on_path.contains(&key) {
            return;
        }
        if self.done.contains(&key) {
            if self.trials == 0 {
                let id = self.reach.id(&key);
                self.reach.met_again(id, &frame.ipath);
            }
            return;
        }
        if self.trials > 0
            && let Some(known) = self.captured.get(&key)
        {
            // Trials (branch matching, folded property changes) re-compare the pairs below them
            // many times over; a definition reached through many `$ref`s would otherwise be
            // compared once per path into it, exponentially many on real schemas. Its changes are
            // the same each time, found at its first path, as outside captures.
            let known = known.clone();
            self.replay(known);
            return;
        }
        if !self.ctx.work.spend() {
            // Reported once, where the work stopped; everything not compared by then is UNKNOWN.
            if !self.stopped_reported
                && let Some(loc) = new.parts.first().or(old.parts.first())
            {
                self.stopped_reported = true;
                let e = Emit::new(
                    ChangeKind::ComparisonTooDeep,
                    Side::New,
                    loc,
                    &[],
                    self.ctx.work.message(),
                );
                self.emit(frame, e);
            }
            return;
        }
        if self.depth >= MAX_DEPTH {
            if let Some(loc) = new.parts.first().or(old.parts.first()) {
                let e = Emit::new(
                    ChangeKind::ComparisonTooDeep,
                    Side::New,
                    loc,
                    &[],
                    format!(
                        "The schemas nest more than {MAX_DEPTH} levels deep here, so Concord stopped comparing them."
                    ),
                );
                self.emit(frame, e);
            }
            return;
        }
        self.on_path.insert(key.clone());
        self.depth += 1;
        let id = self.reach.id(&key);
        self.reach.enter(id, &frame.ipath);
        if self.trials > 0 {
            self.sinks.push(Vec::new());
            self.compare_uncached(old, new, frame);
            let found = self.sinks.pop().unwrap_or_default();
            self.captured.insert(key.clone(), found.clone());
            self.replay(found);
        } else {
            self.compare_uncached(old, new, frame);
        }
        self.reach.leave();
        self.depth -= 1;
        self.on_path.remove(&key);
        if self.trials == 0 {
            self.done.insert(key);
        }
    }

    fn compare_uncached(&mut self, old: &Node<'a>, new: &Node<'a>, frame: &Frame<'a>) {
        if keywords::boolean::compare(self, old, new, frame) {
            return;
        }
        keywords::refs::compare(self, old, new, frame);
        keywords::combinators::compare(self, old, new, frame);
    }

    /// Compares every keyword family except the disjunctions (`anyOf`/`oneOf`), which the caller
    /// handles.
    pub(crate) fn compare_families(&mut self, old: &Node<'a>, new: &Node<'a>, frame: &Frame<'a>) {
        keywords::annotations::compare(self, old, new, frame);
        keywords::types::compare(self, old, new, frame);
        keywords::enums::compare(self, old, new, frame);
        let both = old.types().intersect(new.types());
        if both.overlaps(TypeSet::STRING) {
            keywords::string::compare(self, old, new, frame);
        }
        if both.overlaps(TypeSet::NUMBER) {
            keywords::number::compare(self, old, new, frame);
        }
        if both.overlaps(TypeSet::OBJECT) {
            keywords::object::compare(self, old, new, frame);
        }
        if both.overlaps(TypeSet::ARRAY) {
            keywords::array::compare(self, old, new, frame);
        }
        keywords::not::compare(self, old, new, frame);
        keywords::conditional::compare(self, old, new, frame);
    }
}

/// Whether two conjunctions are the same text in the same dialect, with no location-dependent
/// reference inside (then they validate the same documents).
fn same_content(old: &Node<'_>, new: &Node<'_>) -> bool {
    if old.key() == new.key() && !old.parts.is_empty() {
        return true;
    }
    if old.restrict.is_some() || new.restrict.is_some() {
        return false;
    }
    old.parts.len() == new.parts.len()
        && old.false_at.is_some() == new.false_at.is_some()
        && old.unfollowed.is_empty()
        && new.unfollowed.is_empty()
        && old.chosen.is_empty()
        && new.chosen.is_empty()
        && old
            .parts
            .iter()
            .zip(&new.parts)
            .all(|(a, b)| a.draft == b.draft && equal_without_refs(a.value, b.value))
}
