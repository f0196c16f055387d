//! The instance generator ("sampler"): builds documents that a schema accepts, optionally
//! following a route to a location and placing a chosen value or a tweaked sample there.
//!
//! It reads schemas exactly as the comparison does (conjunctions, `shape`), picks `anyOf`/`oneOf`
//! branches and `if` outcomes as told by the route or by itself, and generates scalars in
//! `sample_scalar`. It aims for valid documents but does not promise them: every document it makes
//! for a witness is checked by the caller's validator.

use serde_json::Value;

use super::keywords::combinators::disjunctions;
use super::model::Side;
use super::node::{Ctx, Node, TypeSet};
use super::plan::{Hop, Plan, Target, Tweak};
use super::resolve::{DocId, Loc};
use super::sample_scalar;

pub(crate) const MAX_DEPTH: usize = 24;
const MAX_STEPS: usize = 5_000;

/// Choices a route makes for the node it passes through.
#[derive(Default)]
pub(crate) struct Hints {
    pub(crate) branches: Vec<(DocId, String, &'static str, usize)>,
    pub(crate) conds: Vec<(DocId, String, bool)>,
    pub(crate) require: Vec<String>,
}

/// Generates instances of the schemas in `ctx`.
pub(crate) struct Sampler<'c, 'a> {
    pub(crate) ctx: &'c mut Ctx<'a>,
    steps: usize,
}

impl<'c, 'a> Sampler<'c, 'a> {
    pub(crate) fn new(ctx: &'c mut Ctx<'a>) -> Sampler<'c, 'a> {
        Sampler { ctx, steps: 0 }
    }

    /// Builds the document a witness plan describes.
    pub(crate) fn plan(&mut self, plan: &Plan<'a>, variant: u32) -> Option<Value> {
        self.steps = 0;
        let root = self.ctx.docs.root(plan.valid_under);
        self.at(
            plan.valid_under,
            vec![root],
            &plan.route,
            Some(&plan.target),
            variant,
            0,
        )
    }

    /// A document meant to be valid under one side's root schema.
    pub(crate) fn document(&mut self, side: Side, variant: u32) -> Option<Value> {
        self.steps = 0;
        let root = self.ctx.docs.root(side);
        self.at(side, vec![root], &[], None, variant, 0)
    }

    pub(crate) fn at(
        &mut self,
        side: Side,
        locs: Vec<Loc<'a>>,
        route: &[Hop<'a>],
        target: Option<&Target<'a>>,
        variant: u32,
        depth: usize,
    ) -> Option<Value> {
        if route.is_empty() {
            match target {
                Some(Target::Pin(v)) => return Some(v.clone()),
                Some(Target::Inner {
                    start,
                    side,
                    route,
                    target,
                }) => {
                    return self.at(
                        *side,
                        start.clone(),
                        route,
                        Some(target),
                        variant,
                        depth + 1,
                    );
                }
                _ => {}
            }
        }
        self.steps += 1;
        if self.steps > MAX_STEPS || depth > MAX_DEPTH {
            return None;
        }
        let mut node = Node::expand(self.ctx, side, locs);
        let mut hints = Hints::default();
        let mut tweaks: Vec<Tweak<'a>> = Vec::new();
        let mut rest = route;
        while let Some((hop, tail)) = rest.split_first() {
            match hop {
                Hop::Branch {
                    doc,
                    ptr,
                    keyword,
                    index,
                } => hints.branches.push((*doc, ptr.clone(), keyword, *index)),
                Hop::Cond { doc, ptr, then } => hints.conds.push((*doc, ptr.clone(), *then)),
                Hop::Require(name) => hints.require.push(name.clone()),
                Hop::Also(loc) => node.add(self.ctx, side, vec![loc.clone()]),
                Hop::Tweaks(t) => tweaks.extend(t.iter().cloned()),
                _ => break,
            }
            rest = tail;
        }
        if let (true, Some(Target::Tweak(t))) = (rest.is_empty(), target) {
            tweaks.extend(t.iter().cloned());
        }
        for t in &tweaks {
            if let Tweak::Also(loc) = t {
                node.add(self.ctx, side, vec![loc.clone()]);
            }
        }
        self.follow_dynamic(side, &mut node);
        let want = match rest.first() {
            Some(Hop::Key(_)) | Some(Hop::Name) => TypeSet::OBJECT,
            Some(Hop::Index(_)) => TypeSet::ARRAY,
            _ => TypeSet::ALL,
        };
        // Names this object will carry: the route's next property and the tweaks' presences.
        let present: Vec<&str> = rest
            .first()
            .and_then(|h| match h {
                Hop::Key(name) => Some(name.as_str()),
                _ => None,
            })
            .into_iter()
            .chain(tweaks.iter().filter_map(|t| match t {
                Tweak::Present(name) => Some(name.as_str()),
                _ => None,
            }))
            .collect();
        self.settle(side, &mut node, &hints, (want, &present), variant);
        if node.false_at.is_some() {
            return None;
        }
        match rest.first() {
            None => self.generate(side, &node, &tweaks, &hints, variant, depth),
            Some(Hop::Index(i)) => self.array(
                side,
                &node,
                &tweaks,
                variant,
                depth,
                Some((*i, &rest[1..], target)),
            ),
            Some(hop) => self.object(
                side,
                &node,
                &tweaks,
                &hints,
                variant,
                depth,
                Some((hop, &rest[1..], target)),
            ),
        }
    }

    /// Adds the targets of dynamic references, resolved as static ones. The comparison does not
    /// follow them (an outer scope may redefine the anchor), but for a sample that is where they
    /// lead unless the scope changes them, and the oracle checks the result.
    fn follow_dynamic(&mut self, side: Side, node: &mut Node<'a>) {
        let mut next = 0;
        // Targets may hold further dynamic references; the bound stops long chains.
        while next < node.unfollowed.len().min(16) {
            let u = node.unfollowed[next].clone();
            next += 1;
            if !u.dynamic {
                continue;
            }
            if let Ok(target) = self.ctx.docs.resolve(side, &u.at, &u.reference) {
                node.add(self.ctx, side, vec![target]);
            }
        }
    }

    /// Replaces disjunctions and conditionals by the branch the hints (or defaults) pick.
    fn settle(
        &mut self,
        side: Side,
        node: &mut Node<'a>,
        hints: &Hints,
        (want, present): (TypeSet, &[&str]),
        variant: u32,
    ) {
        for _ in 0..16 {
            let mut changed = false;
            for d in disjunctions(node) {
                let hinted = hints
                    .branches
                    .iter()
                    .find(|(doc, ptr, kw, _)| {
                        *doc == d.part.doc && *ptr == d.part.ptr && *kw == d.keyword
                    })
                    .map(|h| h.3);
                let choice = hinted
                    .or_else(|| self.default_branch(side, &d.branches, (want, present), variant));
                node.chosen
                    .push((d.part.doc, d.part.ptr.clone(), d.keyword));
                match choice.and_then(|i| d.branches.get(i)) {
                    Some(branch) => node.add(self.ctx, side, vec![branch.clone()]),
                    None => node.false_at = Some(d.part.clone()),
                }
                changed = true;
            }
            let conditionals: Vec<Loc<'a>> = node
                .parts
                .iter()
                .filter(|p| p.get("if").is_some() && !node.is_chosen(p, "if"))
                .cloned()
                .collect();
            for part in conditionals {
                node.chosen.push((part.doc, part.ptr.clone(), "if"));
                let hinted = hints
                    .conds
                    .iter()
                    .find(|(d, p, _)| *d == part.doc && *p == part.ptr)
                    .map(|h| h.2);
                let then =
                    hinted.unwrap_or(part.get("then").is_some() || part.get("else").is_none());
                let add: Vec<Loc<'a>> = if then {
                    ["if", "then"]
                        .iter()
                        .filter_map(|k| part.child(k))
                        .collect()
                } else {
                    part.child("else").into_iter().collect()
                };
                node.add(self.ctx, side, add);
                changed = true;
            }
            if !changed {
                break;
            }
        }
    }

    fn default_branch(
        &mut self,
        side: Side,
        branches: &[Loc<'a>],
        (want, present): (TypeSet, &[&str]),
        variant: u32,
    ) -> Option<usize> {
        // Branches that require a property the document will carry come first: with overlapping
        // `oneOf` alternatives told apart by `required`, another one would match it twice.
        let mut viable: Vec<(bool, bool, usize)> = Vec::new();
        for (i, b) in branches.iter().enumerate() {
            let node = Node::expand(self.ctx, side, vec![b.clone()]);
            if node.false_at.is_none() && node.types().overlaps(want) {
                let requires_present = node.all("required").iter().any(|(_, names)| {
                    names
                        .as_array()
                        .into_iter()
                        .flatten()
                        .any(|n| n.as_str().is_some_and(|n| present.contains(&n)))
                });
                viable.push((!requires_present, node.types() == TypeSet::NULL, i));
            }
        }
        viable.sort();
        if viable.is_empty() {
            return None;
        }
        Some(viable[(variant as usize) % viable.len()].2)
    }

    fn generate(
        &mut self,
        side: Side,
        node: &Node<'a>,
        tweaks: &[Tweak<'a>],
        hints: &Hints,
        variant: u32,
        depth: usize,
    ) -> Option<Value> {
        let mut allowed = node.types();
        for t in tweaks {
            if let Tweak::OnlyType(only) = t {
                allowed = allowed.intersect(*only);
            }
        }
        if let Some(values) = sample_scalar::fixed_values(node, tweaks) {
            let fitting: Vec<Value> = values
                .into_iter()
                .filter(|v| allowed.overlaps(TypeSet::of(v)))
                .collect();
            if fitting.is_empty() {
                return None;
            }
            return Some(fitting[(variant as usize) % fitting.len()].clone());
        }
        for ty in sample_scalar::type_order(node, tweaks, allowed, variant) {
            let value = if ty == TypeSet::OBJECT {
                self.object(side, node, tweaks, hints, variant, depth, None)
            } else if ty == TypeSet::ARRAY {
                self.array(side, node, tweaks, variant, depth, None)
            } else {
                sample_scalar::scalar(self.ctx, node, tweaks, ty, variant)
            };
            if value.is_some() {
                return value;
            }
        }
        None
    }
}
