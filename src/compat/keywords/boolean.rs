//! Boolean schemas: a location that accepts nothing (`false`) on one side only.

use super::super::kinds::ChangeKind;
use super::super::messages;
use super::super::model::Side;
use super::super::node::Node;
use super::super::walk::{Emit, Frame, Walker};

/// Compares `false` conjuncts; returns true when that settles the comparison.
pub(crate) fn compare<'a>(
    w: &mut Walker<'a>,
    old: &Node<'a>,
    new: &Node<'a>,
    f: &Frame<'a>,
) -> bool {
    let at = messages::at_cap(&f.ipath);
    match (&old.false_at, &new.false_at) {
        (Some(_), Some(_)) => true,
        (None, Some(loc)) => {
            let message = format!(
                "{at} now accepts no value at all: documents that have it are no longer valid."
            );
            let plans = vec![f.routes.tweak(Side::Old, Vec::new())];
            w.emit(
                f,
                Emit::new(ChangeKind::FalseSchemaAdded, Side::New, loc, &[], message).plans(plans),
            );
            true
        }
        (Some(loc), None) => {
            let message = format!("{at} used to accept no value at all and now accepts some.");
            let plans = vec![f.routes.tweak(Side::New, Vec::new())];
            w.emit(
                f,
                Emit::new(ChangeKind::FalseSchemaRemoved, Side::Old, loc, &[], message)
                    .plans(plans),
            );
            true
        }
        (None, None) => false,
    }
}
