//! References the engine could not follow: unresolvable `$ref`s and dynamic references.

use super::super::kinds::ChangeKind;
use super::super::model::Side;
use super::super::node::{Node, Unfollowed};
use super::super::walk::{Emit, Frame, Walker};

pub(crate) fn compare<'a>(w: &mut Walker<'a>, old: &Node<'a>, new: &Node<'a>, f: &Frame<'a>) {
    let report = |w: &mut Walker<'a>, side: Side, u: &Unfollowed<'a>| {
        let (kind, token, message) = if u.dynamic {
            (
                ChangeKind::DynamicRefNotCompared,
                if u.at.get("$dynamicRef").is_some() {
                    "$dynamicRef"
                } else {
                    "$recursiveRef"
                },
                format!(
                    "The schema here uses the dynamic reference `{}`, which {}; Concord cannot compare it, so it counts as breaking.",
                    u.reference, u.reason
                ),
            )
        } else {
            (
                ChangeKind::RefUnresolved,
                "$ref",
                format!(
                    "The reference `{}` cannot be followed: {}. Concord cannot compare what it points to, so it counts as breaking.",
                    u.reference, u.reason
                ),
            )
        };
        w.emit(f, Emit::new(kind, side, &u.at, &[token], message));
    };
    for u in &new.unfollowed {
        // The same draft metaschema referenced at the same place on both sides is the same
        // document: its content never changes, so there is nothing to compare.
        let unchanged_metaschema = !u.dynamic
            && crate::domain::is_metaschema(u.reference.split('#').next().unwrap_or_default())
            && old
                .unfollowed
                .iter()
                .any(|o| o.at.ptr == u.at.ptr && o.reference == u.reference);
        if !unchanged_metaschema {
            report(w, Side::New, u);
        }
    }
    for u in &old.unfollowed {
        let seen_in_new = new
            .unfollowed
            .iter()
            .any(|n| n.at.ptr == u.at.ptr && n.reference == u.reference);
        if !seen_in_new {
            report(w, Side::Old, u);
        }
    }
}
