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
