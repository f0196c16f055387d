//! `type`, with `integer` as the integral part of `number` and type arrays as unions.

use super::super::kinds::ChangeKind;
use super::super::messages;
use super::super::model::Side;
use super::super::node::{Node, TypeSet};
use super::super::plan::Tweak;
use super::super::walk::{Emit, Frame, Walker};

fn names(set: TypeSet) -> String {
    messages::list(
        &set.names()
            .iter()
            .map(|n| n.to_string())
            .collect::<Vec<_>>(),
    )
}

pub(crate) fn compare<'a>(w: &mut Walker<'a>, old: &Node<'a>, new: &Node<'a>, f: &Frame<'a>) {
    let (ot, nt) = (old.types(), new.types());
    if ot == nt {
        return;
    }
    let removed = ot.minus(nt);
    let added = nt.minus(ot);
    let at = messages::at_cap(&f.ipath);
    let o_kw = old.first("type").map(|(l, _)| l.clone());
    let n_kw = new.first("type").map(|(l, _)| l.clone());
    let (kind, message) = match (&o_kw, &n_kw) {
        (None, _) => (
            ChangeKind::TypeAdded,
            format!(
                "{at} must now be {}: values of other types are no longer valid.",
                names(nt)
            ),
        ),
        (_, None) => (
            ChangeKind::TypeRemoved,
            format!("{at} may now be of any type (was {}).", names(ot)),
        ),
        _ if added.is_empty() => (
            ChangeKind::TypeNarrowed,
            format!(
                "{at} must now be {} (was {}): {} values are no longer valid.",
                names(nt),
                names(ot),
                names(removed)
            ),
        ),
        _ if removed.is_empty() => (
            ChangeKind::TypeWidened,
            format!("{at} may now also be {} (was {}).", names(added), names(ot)),
        ),
        _ => (
            ChangeKind::TypeChanged,
            format!(
                "{at} must now be {} (was {}): {} values are no longer valid and {} values now are.",
                names(nt),
                names(ot),
                names(removed),
                names(added)
            ),
        ),
    };
    let mut plans = Vec::new();
    for piece in removed.pieces() {
        plans.push(f.routes.tweak(Side::Old, vec![Tweak::OnlyType(piece)]));
    }
    for piece in added.pieces() {
        plans.push(f.routes.tweak(Side::New, vec![Tweak::OnlyType(piece)]));
    }
    let (side, loc) = match (n_kw, o_kw) {
        (Some(loc), _) => (Side::New, loc),
        (None, Some(loc)) => (Side::Old, loc),
        (None, None) => return,
    };
    w.emit(
        f,
        Emit::new(kind, side, &loc, &["type"], message).plans(plans),
    );
}
