//! Counterexamples the property tests found, kept as plain tests so they stay fixed.

use concord::compat::{ChangeKind, Mode, Policy, Side};
use serde_json::{Value, json};

use super::support::{self, NEW_URI, OLD_URI};

fn valid(schema: &Value, base: &str, doc: &Value) -> bool {
    support::independent_validator(schema, base)
        .expect("compiles")
        .is_valid(doc)
}

/// `minContains: 0` drops the need for a match, but `maxContains` still counts matches: a
/// narrower `contains` lets more items through. The engine used to ignore `contains` entirely.
#[test]
fn contains_with_min_contains_zero_still_limits_matches() {
    let old = json!({"type": "array", "contains": {}, "minContains": 0, "maxContains": 3});
    let new = json!({"type": "array", "contains": {"type": "number"}, "minContains": 0, "maxContains": 3});
    let doc = json!([0.5, 45, null, 43.5]);
    assert!(!valid(&old, OLD_URI, &doc) && valid(&new, NEW_URI, &doc));
    for policy in [Policy::Lenient, Policy::Strict] {
        let report = support::check(&old, &new, Mode::Forward, policy);
        assert!(!report.compatible, "{policy}: {:?}", report.changes);
    }
}

/// Removing `minContains: 0` restores the default of one match, which narrows; adding it widens.
/// The engine used to call these MIN_CONTAINS_REMOVED (widens) and MIN_CONTAINS_ADDED (narrows).
#[test]
fn removing_min_contains_zero_is_an_increase() {
    let zero = json!({"type": "array", "contains": {"type": "string"}, "minContains": 0, "maxContains": 1});
    let default = json!({"type": "array", "contains": {"type": "string"}, "maxContains": 1});
    assert!(valid(&zero, OLD_URI, &json!([])) && !valid(&default, NEW_URI, &json!([])));
    let report = support::check(&zero, &default, Mode::Backward, Policy::Lenient);
    assert!(!report.compatible);
    let change = report.breaking_changes().next().expect("a break");
    assert_eq!(change.kind, ChangeKind::MinContainsIncreased);
    let witness = change.witness.as_ref().expect("a witness");
    assert_eq!(witness.valid_under, Side::Old);
    assert_eq!(witness.document, json!([]));

    let report = support::check(&default, &zero, Mode::Forward, Policy::Strict);
    let kinds: Vec<_> = report.breaking_changes().map(|c| c.kind).collect();
    assert_eq!(kinds, [ChangeKind::MinContainsDecreased]);
    assert!(support::check(&default, &zero, Mode::Backward, Policy::Strict).compatible);
}

/// An `unevaluatedProperties` inside an `allOf` member sees only what that member evaluates, so
/// adding one there rejects properties declared next to the `allOf`. The engine used to treat a
/// name declared anywhere in the conjunction as evaluated for every part, and found no change.
#[test]
fn nested_unevaluated_properties_rejects_properties_declared_beside_it() {
    let old = json!({
        "type": "object",
        "properties": {"a": {"type": "boolean"}},
        "allOf": [{"properties": {"c": {"enum": ["x"]}}}],
        "unevaluatedProperties": false,
    });
    let mut new = old.clone();
    new["allOf"][0]["unevaluatedProperties"] = json!(false);
    let doc = json!({"a": false, "c": "x"});
    assert!(valid(&old, OLD_URI, &doc) && !valid(&new, NEW_URI, &doc));
    for policy in [Policy::Lenient, Policy::Strict] {
        let report = support::check(&old, &new, Mode::Backward, policy);
        assert!(!report.compatible, "{policy}: {:?}", report.changes);
        for w in report.changes.iter().filter_map(|c| c.witness.as_ref()) {
            let (yes, no) = match w.valid_under {
                Side::Old => (&old, &new),
                Side::New => (&new, &old),
            };
            assert!(valid(yes, OLD_URI, &w.document) && !valid(no, NEW_URI, &w.document));
        }
    }
}

const BOTH: &[Policy] = &[Policy::Lenient, Policy::Strict];

/// Checks that `old` → `new` is a break under `mode` by `policies`, with `doc` valid under `old`
/// only, and that every witness the engine gives is one.
fn assert_break(old: &Value, new: &Value, doc: &Value, mode: Mode, policies: &[Policy]) {
    assert!(valid(old, OLD_URI, doc) && !valid(new, NEW_URI, doc));
    for &policy in policies {
        let report = support::check(old, new, mode, policy);
        assert!(!report.compatible, "{policy}: {:?}", report.changes);
        for w in report.changes.iter().filter_map(|c| c.witness.as_ref()) {
            let (yes, no) = match w.valid_under {
                Side::Old => (old, new),
                Side::New => (new, old),
            };
            assert!(valid(yes, OLD_URI, &w.document) && !valid(no, NEW_URI, &w.document));
        }
    }
}

/// An `unevaluatedItems` sees the positions its own `allOf` members evaluate (`prefixItems`,
/// `items`, a nested `unevaluatedItems`). The engine applied it at every position its own part
/// left open, read `false` there, and found no change when the member's item schema changed.
#[test]
fn unevaluated_items_sees_items_evaluated_in_allof_members() {
    for (member, doc) in [
        (json!({"prefixItems": [{"type": "string"}]}), json!(["a"])),
        (json!({"items": {"type": "string"}}), json!(["a", "b"])),
        (
            json!({"unevaluatedItems": {"type": "string"}}),
            json!(["a"]),
        ),
    ] {
        let old = json!({"type": "array", "allOf": [member], "unevaluatedItems": false});
        let new =
            serde_json::from_str(&old.to_string().replace("string", "number")).expect("still JSON");
        assert_break(&old, &new, &doc, Mode::Backward, BOTH);
    }
}

/// The same for `unevaluatedProperties` below a nested one: the inner one evaluates every
/// property left, so the outer `false` never applies.
#[test]
fn unevaluated_properties_sees_nested_unevaluated_properties() {
    let old = json!({
        "type": "object",
        "allOf": [{"unevaluatedProperties": {"type": "string"}}],
        "unevaluatedProperties": false,
    });
    let mut new = old.clone();
    new["allOf"][0]["unevaluatedProperties"] = json!({"type": "number"});
    // `LENIENT` relaxes changes to undeclared properties.
    let doc = json!({"x": "a"});
    assert_break(&old, &new, &doc, Mode::Backward, &[Policy::Strict]);
}

/// A nested `unevaluatedItems` does not see positions declared beside its `allOf` member. The
/// engine already read arrays per part here; kept so the fix above does not widen its scope.
#[test]
fn nested_unevaluated_items_rejects_positions_declared_beside_it() {
    let old = json!({
        "type": "array",
        "prefixItems": [{"type": "boolean"}, {"type": "boolean"}],
        "items": {"type": "boolean"},
        "allOf": [{"prefixItems": [{}]}],
    });
    let mut new = old.clone();
    new["allOf"][0]["unevaluatedItems"] = json!(false);
    assert_break(&old, &new, &json!([false, true]), Mode::Backward, BOTH);
}

/// `contains` evaluates the items it matches, so under `unevaluatedItems: false` removing it
/// rejects them. The engine called the removal a widening.
#[test]
fn removing_contains_under_unevaluated_items_can_narrow() {
    let old = json!({"type": "array", "contains": {"type": "string"}, "unevaluatedItems": false});
    let new = json!({"type": "array", "unevaluatedItems": false});
    assert_break(&old, &new, &json!(["a"]), Mode::Backward, BOTH);
}
