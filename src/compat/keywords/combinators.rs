//! `anyOf` and `oneOf`.
//!
//! When only one side has a disjunction (the common "make it nullable" edit), the other side is
//! compared with each branch merged into its siblings and the closest branch wins; the remaining
//! branches are reported as added (or removed). When both sides have them, branches are matched
//! (equal text, then same types or reference, then closest) and compared pairwise. `oneOf` is only
//! monotone when its branches cannot overlap; otherwise directions inside it are left undecided.

use super::super::kinds::ChangeKind;
use super::super::messages;
use super::super::model::{Direction, Side};
use super::super::node::{Ctx, Node, TypeSet};
use super::super::plan::{Hop, Tweak};
use super::super::resolve::Loc;
use super::super::walk::{Emit, Frame, Raw, Walker};

/// Branch lists longer than this are matched by position only (trials cost a comparison each).
pub(crate) const MAX_TRIALS: usize = 8;

/// One `anyOf`/`oneOf` keyword of a part.
#[derive(Clone)]
pub(crate) struct Disjunction<'a> {
    pub(crate) part: Loc<'a>,
    pub(crate) keyword: &'static str,
    pub(crate) branches: Vec<Loc<'a>>,
}

/// The disjunctions of a conjunction that no lifting has consumed yet.
pub(crate) fn disjunctions<'a>(node: &Node<'a>) -> Vec<Disjunction<'a>> {
    let mut out = Vec::new();
    for part in &node.parts {
        for keyword in ["anyOf", "oneOf"] {
            let Some(items) = part.get(keyword).and_then(|v| v.as_array()) else {
                continue;
            };
            if node.is_chosen(part, keyword) {
                continue;
            }
            let branches = (0..items.len())
                .filter_map(|i| part.descend(&[keyword, &i.to_string()]))
                .collect();
            out.push(Disjunction {
                part: part.clone(),
                keyword,
                branches,
            });
        }
    }
    out
}

pub(crate) fn compare<'a>(w: &mut Walker<'a>, old: &Node<'a>, new: &Node<'a>, f: &Frame<'a>) {
    let od = disjunctions(old);
    let nd = disjunctions(new);
    match (od.len(), nd.len()) {
        (0, 0) => w.compare_families(old, new, f),
        (0, 1) => lift(w, Side::New, old, new, &nd[0], f),
        (1, 0) => lift(w, Side::Old, old, new, &od[0], f),
        _ => {
            w.compare_families(old, new, f);
            let unevaluated = sees_evaluation(old) || sees_evaluation(new);
            for i in 0..od.len().max(nd.len()) {
                match (od.get(i), nd.get(i)) {
                    (Some(a), Some(b)) => super::branches::paired(w, a, b, f),
                    (None, Some(b)) => whole(w, Side::New, b, f, unevaluated),
                    (Some(a), None) => whole(w, Side::Old, a, f, unevaluated),
                    (None, None) => {}
                }
            }
        }
    }
}

/// The conjunction with one branch of `d` merged in.
fn with_branch<'a>(
    ctx: &mut Ctx<'a>,
    side: Side,
    node: &Node<'a>,
    d: &Disjunction<'a>,
    index: usize,
) -> Node<'a> {
    let mut merged = node.clone();
    merged
        .chosen
        .push((d.part.doc, d.part.ptr.clone(), d.keyword));
    merged.add(ctx, side, vec![d.branches[index].clone()]);
    merged
}

pub(crate) fn branch_hop<'a>(d: &Disjunction<'a>, index: usize) -> Hop<'a> {
    Hop::Branch {
        doc: d.part.doc,
        ptr: d.part.ptr.clone(),
        keyword: d.keyword,
        index,
    }
}

pub(crate) fn score(changes: &[Raw<'_>]) -> (usize, usize) {
    (
        changes
            .iter()
            .filter(|c| c.direction != Direction::Annotation)
            .count(),
        changes.len(),
    )
}

fn lift<'a>(
    w: &mut Walker<'a>,
    side: Side,
    old: &Node<'a>,
    new: &Node<'a>,
    d: &Disjunction<'a>,
    f: &Frame<'a>,
) {
    if split_by_type(w, side, old, new, d, f) {
        return;
    }
    let count = d.branches.len();
    let mut trials: Vec<Vec<Raw<'a>>> = Vec::new();
    for j in 0..count.min(MAX_TRIALS) {
        let merged = with_branch(
            &mut w.ctx,
            side,
            if side == Side::New { new } else { old },
            d,
            j,
        );
        let frame = f.with_routes(f.routes.with_on(side, branch_hop(d, j)));
        trials.push(w.capture(|w| match side {
            Side::New => w.compare(old, &merged, &frame),
            Side::Old => w.compare(&merged, new, &frame),
        }));
    }
    let Some(chosen) = (0..trials.len()).min_by_key(|j| score(&trials[*j])) else {
        // An empty `anyOf` accepts nothing; compare the rest and report the disjunction whole.
        w.compare_families(old, new, f);
        whole(w, side, d, f, false);
        return;
    };
    let disjoint = super::disjoint::pairwise_disjoint(&mut w.ctx, side, d);
    let mut doubled = Vec::new();
    for k in (0..count).filter(|k| *k != chosen) {
        // A branch the other side already covers entirely adds (or loses) nothing of its own
        // (an overlapping `oneOf`'s exclusivity is reported once, below).
        let covered = trials.get(k).is_some_and(|t| {
            let direction = super::joined(t);
            if side == Side::New {
                !direction.may_widen()
            } else {
                !direction.may_narrow()
            }
        });
        let overlapping = d.keyword == "oneOf" && !disjoint;
        let trial = trials.get(k).map(|t| super::joined(t));
        if !covered && overlapping && trial.is_some_and(|t| t != Direction::Unknown) {
            let changes = std::mem::take(&mut trials[k]);
            super::overlap::overlapping_branch(w, side, d, k, &changes, f);
            doubled.push(k);
        } else if !covered {
            branch_change(w, side, d, k, disjoint, f);
        } else if overlapping {
            doubled.push(k);
        }
    }
    // A `oneOf` over overlapping branches rejects documents matching two of them, which no trial
    // shows. Gained where the old version covers every branch, the new version accepts only
    // documents the old one did, so that rejection is all it adds: a narrowing. Lost, it stops
    // rejecting them: a widening the trials do not show either.
    if !doubled.is_empty() {
        super::overlap::exclusive(w, side, d, chosen, &doubled, f);
    }
    let best = std::mem::take(&mut trials[chosen]);
    w.replay(best);
}

/// When the branches have pairwise disjoint types that together cover the other side's types,
/// each branch is compared with the other side restricted to the branch's types (so
/// `type: [string, null]` and `anyOf: [{type: string}, {type: null}]` compare equal), and branches
/// of types the other side never accepted are reported as added or removed.
fn split_by_type<'a>(
    w: &mut Walker<'a>,
    side: Side,
    old: &Node<'a>,
    new: &Node<'a>,
    d: &Disjunction<'a>,
    f: &Frame<'a>,
) -> bool {
    let plain = if side == Side::New { old } else { new };
    let lifted = if side == Side::New { new } else { old };
    let merged: Vec<Node<'a>> = (0..d.branches.len())
        .map(|j| with_branch(&mut w.ctx, side, lifted, d, j))
        .collect();
    let types: Vec<TypeSet> = merged.iter().map(Node::types).collect();
    let disjoint = types
        .iter()
        .enumerate()
        .all(|(i, a)| types.iter().skip(i + 1).all(|b| !a.overlaps(*b)));
    let union = types.iter().fold(TypeSet::EMPTY, |u, t| u.union(*t));
    if types.len() < 2 || !disjoint || !union.contains(plain.types()) {
        return false;
    }
    for (j, node) in merged.iter().enumerate() {
        if !types[j].overlaps(plain.types()) {
            branch_change(w, side, d, j, true, f);
            continue;
        }
        let mut restricted = plain.clone();
        restricted.restrict = Some(types[j]);
        let frame = f.with_routes(f.routes.with_on(side, branch_hop(d, j)));
        match side {
            Side::New => w.compare(&restricted, node, &frame),
            Side::Old => w.compare(node, &restricted, &frame),
        }
    }
    true
}

/// Reports branch `k` of `d` as added (`side` New) or removed (`side` Old).
pub(crate) fn branch_change<'a>(
    w: &mut Walker<'a>,
    side: Side,
    d: &Disjunction<'a>,
    k: usize,
    disjoint: bool,
    f: &Frame<'a>,
) {
    let one_of = d.keyword == "oneOf";
    let kind = match (side, one_of) {
        (Side::New, false) => ChangeKind::AnyOfBranchAdded,
        (Side::New, true) => ChangeKind::OneOfBranchAdded,
        (Side::Old, false) => ChangeKind::AnyOfBranchRemoved,
        (Side::Old, true) => ChangeKind::OneOfBranchRemoved,
    };
    let mut direction = kind.info().direction;
    let at = messages::at_cap(&f.ipath);
    let summary = describe_branch(&d.branches[k]);
    let mut message = match side {
        Side::New => format!(
            "{at} may now also match alternative {} of `{}` ({summary}).",
            k + 1,
            d.keyword
        ),
        Side::Old => format!(
            "Alternative {} of `{}` ({summary}) was removed: {} values matching only it are no longer valid.",
            k + 1,
            d.keyword,
            messages::at(&f.ipath)
        ),
    };
    if one_of && !disjoint {
        direction = Direction::Unknown;
        message.push_str(" The `oneOf` branches can overlap, so documents matching two of them become invalid too; Concord cannot tell which way this goes.");
    }
    let mut plans = vec![
        f.routes
            .with_on(side, branch_hop(d, k))
            .tweak(side, Vec::new()),
    ];
    if direction == Direction::Unknown {
        // A document of the other version that also matches this branch: with overlapping `oneOf`
        // branches it may match two of them on one side.
        plans.push(
            f.routes
                .tweak(side.other(), vec![Tweak::Also(d.branches[k].clone())]),
        );
    }
    let e = Emit::new(kind, side, &d.part, &[d.keyword, &k.to_string()], message);
    w.emit(f, e.direction(direction).plans(plans));
}

/// Whether `unevaluatedProperties`/`unevaluatedItems` constrain this conjunction: they see what
/// the alternatives of a disjunction evaluate, so adding or removing one is no longer monotone.
fn sees_evaluation(node: &Node<'_>) -> bool {
    ["unevaluatedProperties", "unevaluatedItems"]
        .iter()
        .any(|k| node.all(k).iter().any(|(_, v)| v.as_bool() != Some(true)))
}

/// A whole disjunction present on one side only (while the other side has others). It is one more
/// (or one fewer) conjunct, so it can only narrow (or widen) — whatever the pairing of the other
/// disjunctions — unless `unevaluated*` sees the properties or items its alternatives evaluate.
fn whole<'a>(
    w: &mut Walker<'a>,
    side: Side,
    d: &Disjunction<'a>,
    f: &Frame<'a>,
    unevaluated: bool,
) {
    let kind = match (side, d.keyword) {
        (Side::New, "anyOf") => ChangeKind::AnyOfAdded,
        (Side::New, _) => ChangeKind::OneOfAdded,
        (Side::Old, "anyOf") => ChangeKind::AnyOfRemoved,
        (Side::Old, _) => ChangeKind::OneOfRemoved,
    };
    let at = messages::at_cap(&f.ipath);
    let message = match side {
        Side::New => format!(
            "{at} must now also match `{}`: values matching none of its alternatives are no longer valid.",
            d.keyword
        ),
        Side::Old => format!(
            "{at} no longer has to match the `{}` that was removed.",
            d.keyword
        ),
    };
    let direction = if unevaluated {
        Direction::Unknown
    } else {
        kind.info().direction
    };
    let mut plans = vec![f.routes.tweak(side.other(), Vec::new())];
    if unevaluated {
        // A document through one alternative may carry what only that alternative evaluates.
        plans.extend((0..d.branches.len().min(4)).map(|k| {
            f.routes
                .with_on(side, branch_hop(d, k))
                .tweak(side, Vec::new())
        }));
    }
    w.emit(
        f,
        Emit::new(kind, side, &d.part, &[d.keyword], message)
            .direction(direction)
            .plans(plans),
    );
}

/// A short description of a branch for messages: its reference, its type, its title, or its text.
pub(crate) fn describe_branch(branch: &Loc<'_>) -> String {
    if let Some(r) = branch.get("$ref").and_then(|v| v.as_str()) {
        return format!("`{r}`");
    }
    if let Some(t) = branch.get("type") {
        return format!("type {}", messages::show(t));
    }
    if let Some(title) = branch.get("title").and_then(|v| v.as_str()) {
        return format!("\"{title}\"");
    }
    messages::show(branch.value)
}
