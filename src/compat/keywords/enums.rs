//! `enum` and `const`, compared as sets of allowed values.

use serde_json::Value;

use super::super::kinds::ChangeKind;
use super::super::messages;
use super::super::model::Side;
use super::super::node::{Node, json_equal};
use super::super::plan::Tweak;
use super::super::resolve::Loc;
use super::super::walk::{Emit, Frame, Walker};

/// The allowed values (intersection of every `enum` and `const`), where the set is written, and
/// whether it is a `const`.
struct Allowed<'a> {
    values: Vec<Value>,
    loc: Loc<'a>,
    keyword: &'static str,
}

fn allowed<'a>(node: &Node<'a>) -> Option<Allowed<'a>> {
    let mut out: Option<Allowed<'a>> = None;
    for part in &node.parts {
        for keyword in ["const", "enum"] {
            let Some(v) = part.get(keyword) else { continue };
            let values: Vec<Value> = if keyword == "const" {
                vec![v.clone()]
            } else {
                v.as_array().cloned().unwrap_or_default()
            };
            out = Some(match out {
                None => Allowed {
                    values,
                    loc: part.clone(),
                    keyword,
                },
                Some(prev) => Allowed {
                    values: prev
                        .values
                        .into_iter()
                        .filter(|x| values.iter().any(|y| json_equal(x, y)))
                        .collect(),
                    ..prev
                },
            });
        }
    }
    out
}

fn contains(values: &[Value], v: &Value) -> bool {
    values.iter().any(|x| json_equal(x, v))
}

pub(crate) fn compare<'a>(w: &mut Walker<'a>, old: &Node<'a>, new: &Node<'a>, f: &Frame<'a>) {
    let at = messages::at_cap(&f.ipath);
    match (allowed(old), allowed(new)) {
        (None, None) => {}
        (None, Some(n)) => {
            let (kind, message) = if n.keyword == "const" {
                (
                    ChangeKind::ConstAdded,
                    format!(
                        "{at} must now be exactly {}: any other value is no longer valid.",
                        show_one(&n.values)
                    ),
                )
            } else {
                (
                    ChangeKind::EnumAdded,
                    format!(
                        "{at} must now be one of {}: any other value is no longer valid.",
                        show_all(&n.values)
                    ),
                )
            };
            let plans = vec![
                f.routes
                    .tweak(Side::Old, vec![Tweak::NotIn(n.values.clone())]),
            ];
            w.emit(
                f,
                Emit::new(kind, Side::New, &n.loc, &[n.keyword], message).plans(plans),
            );
        }
        (Some(o), None) => {
            let (kind, message) = if o.keyword == "const" {
                (
                    ChangeKind::ConstRemoved,
                    format!("{at} no longer has to be exactly {}.", show_one(&o.values)),
                )
            } else {
                (
                    ChangeKind::EnumRemoved,
                    format!("{at} is no longer limited to {}.", show_all(&o.values)),
                )
            };
            let plans = vec![
                f.routes
                    .tweak(Side::New, vec![Tweak::NotIn(o.values.clone())]),
            ];
            w.emit(
                f,
                Emit::new(kind, Side::Old, &o.loc, &[o.keyword], message).plans(plans),
            );
        }
        (Some(o), Some(n)) => {
            if o.keyword == "const"
                && n.keyword == "const"
                && o.values.len() == 1
                && n.values.len() == 1
            {
                if !json_equal(&o.values[0], &n.values[0]) {
                    let message = format!(
                        "{at} must now be exactly {} (was {}): the old value is no longer valid.",
                        show_one(&n.values),
                        show_one(&o.values)
                    );
                    let plans = vec![
                        f.routes.pin(Side::Old, o.values[0].clone()),
                        f.routes.pin(Side::New, n.values[0].clone()),
                    ];
                    w.emit(
                        f,
                        Emit::new(
                            ChangeKind::ConstChanged,
                            Side::New,
                            &n.loc,
                            &["const"],
                            message,
                        )
                        .plans(plans),
                    );
                }
                return;
            }
            for v in o.values.iter().filter(|v| !contains(&n.values, v)) {
                let message = format!(
                    "{at} may no longer be {}: documents using it are no longer valid.",
                    messages::show(v)
                );
                let plans = vec![f.routes.pin(Side::Old, v.clone())];
                w.emit(
                    f,
                    Emit::new(
                        ChangeKind::EnumValueRemoved,
                        Side::New,
                        &n.loc,
                        &[n.keyword],
                        message,
                    )
                    .plans(plans),
                );
            }
            for v in n.values.iter().filter(|v| !contains(&o.values, v)) {
                let message = format!("{at} may now also be {}.", messages::show(v));
                let plans = vec![f.routes.pin(Side::New, v.clone())];
                w.emit(
                    f,
                    Emit::new(
                        ChangeKind::EnumValueAdded,
                        Side::New,
                        &n.loc,
                        &[n.keyword],
                        message,
                    )
                    .plans(plans),
                );
            }
        }
    }
}

fn show_one(values: &[Value]) -> String {
    values
        .first()
        .map(messages::show)
        .unwrap_or_else(|| "nothing".to_string())
}

fn show_all(values: &[Value]) -> String {
    let shown: Vec<String> = values.iter().take(8).map(messages::show).collect();
    if values.len() > 8 {
        format!("{}, ...", shown.join(", "))
    } else {
        shown.join(", ")
    }
}
