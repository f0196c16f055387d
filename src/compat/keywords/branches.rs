//! Matching `anyOf`/`oneOf` branches across versions (whether `oneOf` branches can overlap is
//! decided in [`super::disjoint`]).

use super::super::kinds::ChangeKind;
use super::super::messages;
use super::super::model::Side;
use super::super::node::{Ctx, Node, TypeSet, equal_without_refs};
use super::super::plan::{Hop, Plan, Tweak};
use super::super::resolve::Loc;
use super::super::walk::{Emit, Frame, Walker};
use super::combinators::{Disjunction, MAX_TRIALS, branch_change, branch_hop, score};
use super::disjoint::{apart_on_strings, discriminators, pairwise_disjoint};

/// Both sides have a disjunction at the same position: match branches and compare them.
pub(crate) fn paired<'a>(
    w: &mut Walker<'a>,
    a: &Disjunction<'a>,
    b: &Disjunction<'a>,
    f: &Frame<'a>,
) {
    let a_disjoint = pairwise_disjoint(&mut w.ctx, Side::Old, a);
    let b_disjoint = pairwise_disjoint(&mut w.ctx, Side::New, b);
    let at = messages::at_cap(&f.ipath);
    if a.keyword != b.keyword {
        let (kind, disjoint, message) = if b.keyword == "oneOf" {
            (
                ChangeKind::AnyOfReplacedByOneOf,
                b_disjoint,
                format!(
                    "{at} must now match exactly one alternative (`oneOf` replaced `anyOf`): values matching several are no longer valid."
                ),
            )
        } else {
            (
                ChangeKind::OneOfReplacedByAnyOf,
                a_disjoint,
                format!("{at} may now match several alternatives (`anyOf` replaced `oneOf`)."),
            )
        };
        if !disjoint {
            // A document of the `anyOf` version matching two `oneOf` alternatives at once.
            let (one_of, any_of_side) = if b.keyword == "oneOf" {
                (b, Side::Old)
            } else {
                (a, Side::New)
            };
            let plans = overlap_pairs(one_of.branches.len())
                .map(|(p, q)| {
                    f.routes.tweak(
                        any_of_side,
                        vec![
                            Tweak::Also(one_of.branches[p].clone()),
                            Tweak::Also(one_of.branches[q].clone()),
                        ],
                    )
                })
                .collect();
            w.emit(
                f,
                Emit::new(kind, Side::New, &b.part, &[b.keyword], message).plans(plans),
            );
        }
    }
    // Two `oneOf`s whose branches only strings tell apart reject every other value alike, and
    // among strings behave as disjoint ones.
    let (a_disjoint, b_disjoint) = if apart_on_strings(&mut w.ctx, Side::Old, a)
        && apart_on_strings(&mut w.ctx, Side::New, b)
    {
        (true, true)
    } else {
        (a_disjoint, b_disjoint)
    };
    let one_of = a.keyword == "oneOf" || b.keyword == "oneOf";
    let overlapping = one_of && !(a_disjoint && b_disjoint);
    let mut frame = f.clone();
    if overlapping {
        frame = frame.unsure("the `oneOf` alternatives can overlap, so a wider alternative can also reject documents that now match two");
    }
    let pairs = match_branches(w, a, b, &frame);
    let mut used_old = vec![false; a.branches.len()];
    let mut used_new = vec![false; b.branches.len()];
    for (i, j) in pairs {
        used_old[i] = true;
        used_new[j] = true;
        let routes = f
            .routes
            .with_on(Side::Old, branch_hop(a, i))
            .with_on(Side::New, branch_hop(b, j));
        let pair = (vec![a.branches[i].clone()], vec![b.branches[j].clone()]);
        if !overlapping {
            w.compare_locs(pair.0, pair.1, &frame.with_routes(routes));
            continue;
        }
        let changes = w.capture(|w| w.compare_locs(pair.0, pair.1, &frame.with_routes(routes)));
        let changes = changes
            .into_iter()
            .map(|mut c| {
                let extra = crossed_plans(f, &c.plans, [a, b], [i, j]);
                c.plans.extend(extra);
                c
            })
            .collect();
        w.replay(changes);
    }
    for (k, _) in used_new.iter().enumerate().filter(|(_, u)| !**u) {
        let alone = b_disjoint || unreached(w, a, b, k, Side::New);
        branch_change(w, Side::New, b, k, alone, f);
    }
    for (k, _) in used_old.iter().enumerate().filter(|(_, u)| !**u) {
        let alone = a_disjoint || unreached(w, b, a, k, Side::Old);
        branch_change(w, Side::Old, a, k, alone, f);
    }
}

/// Whether no document of the other version can match branch `k` of `d` (on `side`): then the
/// branch added (or removed) only widens (or narrows), even among overlapping alternatives, since
/// no document of the other version matches it beside another one. GitHub's workflow steps are a
/// closed object with `oneOf: [{required: [uses]}, {required: [run]}]`; a branch
/// `{required: [wait]}` added with the new `wait` property matches no old step. The other version
/// is read from the part holding its disjunction alone (fewer conjuncts, a larger set, so the
/// answer stays safe).
fn unreached<'a>(
    w: &mut Walker<'a>,
    other: &Disjunction<'a>,
    d: &Disjunction<'a>,
    k: usize,
    side: Side,
) -> bool {
    if d.keyword != "oneOf" {
        return false;
    }
    let whole = Node::expand(&mut w.ctx, side.other(), vec![other.part.clone()]);
    let branch = Node::expand(
        &mut w.ctx,
        side,
        vec![d.part.clone(), d.branches[k].clone()],
    );
    super::disjoint::never_both(&mut w.ctx, &whole, &branch)
}

/// Pairs of alternatives to try for a document matching two at once (the first few).
fn overlap_pairs(count: usize) -> impl Iterator<Item = (usize, usize)> {
    (0..count)
        .flat_map(move |p| (p + 1..count).map(move |q| (p, q)))
        .take(4)
}

/// With overlapping alternatives, a document that one side's alternative accepts and the other
/// side's matching alternative rejects also breaks the other way when it matches another
/// alternative of the other side: there it matches only that one, while on the first side it
/// matches two. Each plan is rerouted through the other side's remaining alternatives, with the
/// first side's alternative added as a constraint.
fn crossed_plans<'a>(
    f: &Frame<'a>,
    plans: &[Plan<'a>],
    disjunctions: [&Disjunction<'a>; 2],
    matched: [usize; 2],
) -> Vec<Plan<'a>> {
    let mut out = Vec::new();
    for plan in plans {
        let from = plan.valid_under;
        let (mine, theirs) = match from {
            Side::Old => (0, 1),
            Side::New => (1, 0),
        };
        // The plan's route runs from the disjunction's route through the branch hop.
        let skip = f.routes.side(from).len() + 1;
        let Some(inner) = plan.route.get(skip..) else {
            continue;
        };
        let other = disjunctions[theirs];
        for k in (0..other.branches.len())
            .filter(|k| *k != matched[theirs])
            .take(3)
        {
            let mut route = f.routes.side(from.other()).clone();
            route.push(branch_hop(other, k));
            route.push(Hop::Also(
                disjunctions[mine].branches[matched[mine]].clone(),
            ));
            route.extend(inner.iter().cloned());
            out.push(Plan {
                valid_under: from.other(),
                route,
                target: plan.target.clone(),
            });
        }
    }
    out
}

/// Pairs (old index, new index) of branches that correspond.
fn match_branches<'a>(
    w: &mut Walker<'a>,
    a: &Disjunction<'a>,
    b: &Disjunction<'a>,
    f: &Frame<'a>,
) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    let mut free_old: Vec<usize> = (0..a.branches.len()).collect();
    let mut free_new: Vec<usize> = (0..b.branches.len()).collect();
    let take = |pairs: &mut Vec<(usize, usize)>,
                free_old: &mut Vec<usize>,
                free_new: &mut Vec<usize>,
                same: &dyn Fn(usize, usize) -> bool| {
        let mut i = 0;
        while i < free_old.len() {
            let o = free_old[i];
            if let Some(pos) = free_new.iter().position(|n| same(o, *n)) {
                pairs.push((o, free_new.remove(pos)));
                free_old.remove(i);
            } else {
                i += 1;
            }
        }
    };
    take(&mut pairs, &mut free_old, &mut free_new, &|o, n| {
        equal_without_refs(a.branches[o].value, b.branches[n].value)
    });
    let sig_a: Vec<Signature> = a
        .branches
        .iter()
        .map(|l| signature(&mut w.ctx, Side::Old, l))
        .collect();
    let sig_b: Vec<Signature> = b
        .branches
        .iter()
        .map(|l| signature(&mut w.ctx, Side::New, l))
        .collect();
    take(&mut pairs, &mut free_old, &mut free_new, &|o, n| {
        sig_a[o] == sig_b[n]
    });
    if free_old.len() == free_new.len() {
        pairs.extend(free_old.iter().copied().zip(free_new.iter().copied()));
        return pairs;
    }
    if free_old.len() * free_new.len() > MAX_TRIALS * MAX_TRIALS {
        pairs.extend(free_old.iter().copied().zip(free_new.iter().copied()));
        return pairs;
    }
    // Closest pairs first, by the number of changes a trial comparison finds.
    let mut scored = Vec::new();
    for &o in &free_old {
        for &n in &free_new {
            let changes = w.capture(|w| {
                w.compare_locs(vec![a.branches[o].clone()], vec![b.branches[n].clone()], f)
            });
            scored.push((score(&changes), o, n));
        }
    }
    scored.sort();
    for (_, o, n) in scored {
        if free_old.contains(&o) && free_new.contains(&n) {
            pairs.push((o, n));
            free_old.retain(|x| *x != o);
            free_new.retain(|x| *x != n);
        }
    }
    pairs
}

/// What identifies a branch across versions: its types and the reference it makes.
#[derive(PartialEq)]
struct Signature {
    types: TypeSet,
    reference: Option<String>,
    discriminator: Option<String>,
}

fn signature<'a>(ctx: &mut Ctx<'a>, side: Side, branch: &Loc<'a>) -> Signature {
    let node = Node::expand(ctx, side, vec![branch.clone()]);
    Signature {
        types: node.types(),
        reference: branch
            .get("$ref")
            .and_then(|v| v.as_str())
            .map(str::to_string),
        discriminator: discriminators(&node).into_iter().next().map(|(k, v)| {
            format!(
                "{k}={}",
                v.first().map(|x| x.to_string()).unwrap_or_default()
            )
        }),
    }
}
