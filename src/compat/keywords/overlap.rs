//! A `oneOf` over overlapping branches present on one side only (see `combinators::lift`): what
//! its branches the other side does not cover change, each compared on its own, and what its
//! exclusivity does apart from them (documents matching two branches are rejected).

use super::super::kinds::ChangeKind;
use super::super::messages;
use super::super::model::Side;
use super::super::plan::Tweak;
use super::super::walk::{Emit, Frame, Raw, Walker};
use super::combinators::{Disjunction, describe_branch};

/// Branch `k` of an overlapping `oneOf` on one side only, which its trial (the other side against
/// the conjunction with the branch merged in) shows the other side does not cover: its direction
/// is the trial's. What the overlap adds on its own is reported apart: gained, documents matching
/// two branches are no longer valid (`exclusive`); lost, they become valid, a widening.
pub(crate) fn overlapping_branch<'a>(
    w: &mut Walker<'a>,
    side: Side,
    d: &Disjunction<'a>,
    k: usize,
    trial: &[Raw<'a>],
    f: &Frame<'a>,
) {
    let direction = super::joined(trial);
    let summary = describe_branch(&d.branches[k]);
    let why = super::reason_in_brackets(trial);
    let (kind, message) = match side {
        Side::New => (
            ChangeKind::OneOfBranchAdded,
            format!(
                "{} may now also match alternative {} of `oneOf` ({summary}), which {}{why}.",
                messages::at_cap(&f.ipath),
                k + 1,
                super::object::describe(direction)
            ),
        ),
        Side::Old => (
            ChangeKind::OneOfBranchRemoved,
            format!(
                "Alternative {} of `oneOf` ({summary}) was removed: {} values matching it are now judged by the rest of the schema, which {}{why}.",
                k + 1,
                messages::at(&f.ipath),
                super::object::describe(direction)
            ),
        ),
    };
    let plans = trial.iter().flat_map(|c| c.plans.clone()).collect();
    let e = Emit::new(kind, side, &d.part, &[d.keyword, &k.to_string()], message);
    w.emit(f, e.direction(direction).plans(plans));
}

/// What the exclusivity of a `oneOf` over overlapping branches, present on `side` only, does on
/// its own: gained (`side` New), documents of the old version matching branch `chosen` and one of
/// `others` at once are no longer valid; lost (`side` Old), such documents of the new version
/// become valid.
pub(crate) fn exclusive<'a>(
    w: &mut Walker<'a>,
    side: Side,
    d: &Disjunction<'a>,
    chosen: usize,
    others: &[usize],
    f: &Frame<'a>,
) {
    let at = messages::at_cap(&f.ipath);
    let names = others
        .iter()
        .map(|k| (k + 1).to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let (kind, message) = match side {
        Side::New => (
            ChangeKind::OneOfAdded,
            format!(
                "{at} must now match exactly one alternative of `oneOf`: values the old version accepted that match alternative {} and also alternative {names} are no longer valid.",
                chosen + 1
            ),
        ),
        Side::Old => (
            ChangeKind::OneOfRemoved,
            format!(
                "{at} no longer has to match exactly one alternative of `oneOf`: values matching alternative {} and also alternative {names}, which the old version rejected, may now be valid.",
                chosen + 1
            ),
        ),
    };
    // A document of the other version matching both branches.
    let plans = others
        .iter()
        .take(4)
        .map(|k| {
            f.routes.tweak(
                side.other(),
                vec![
                    Tweak::Also(d.branches[chosen].clone()),
                    Tweak::Also(d.branches[*k].clone()),
                ],
            )
        })
        .collect();
    let e = Emit::new(kind, side, &d.part, &[d.keyword], message);
    w.emit(f, e.plans(plans));
}
