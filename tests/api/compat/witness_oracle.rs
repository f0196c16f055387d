//! The witness check is real: a witness is attached only when the caller's oracle confirms it.

use std::collections::BTreeMap;

use concord::compat::{Mode, Policy};
use serde_json::{Value, json};

/// Pairs whose breaking changes normally get witnesses.
fn pairs() -> Vec<(Value, Value)> {
    vec![
        (
            json!({"type": "string", "maxLength": 10}),
            json!({"type": "string", "maxLength": 5}),
        ),
        (
            json!({"type": "object", "properties": {"a": {"type": "string"}}}),
            json!({"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]}),
        ),
        (json!({"enum": ["a", "b"]}), json!({"enum": ["a", "c"]})),
        (
            json!({"type": "string"}),
            json!({"anyOf": [{"type": "string"}, {"type": "null"}]}),
        ),
        (
            json!({"type": "integer", "multipleOf": 2}),
            json!({"type": "integer", "multipleOf": 3}),
        ),
        (
            json!({"type": "array", "items": {"type": "string"}}),
            json!({"type": "array", "items": {"type": "string"}, "uniqueItems": true}),
        ),
    ]
}

#[test]
fn an_oracle_that_rejects_everything_means_no_witness_is_ever_attached() {
    let docs = BTreeMap::new();
    for (old, new) in pairs() {
        for mode in [Mode::Backward, Mode::Forward, Mode::Full] {
            let report = super::support::run(
                &old,
                &new,
                &docs,
                &super::support::RejectAll,
                mode,
                Policy::Strict,
            );
            if mode == Mode::Full {
                assert!(
                    report.changes.iter().any(|c| c.breaking),
                    "{old} -> {new} should break FULL"
                );
            }
            for change in &report.changes {
                assert!(
                    change.witness.is_none(),
                    "{} got an unconfirmed witness",
                    change.kind
                );
                if change.breaking {
                    assert!(
                        change.witness_note.is_some(),
                        "{} should explain the missing witness",
                        change.kind
                    );
                }
            }
        }
    }
}

#[test]
fn an_oracle_that_accepts_everything_means_no_witness_is_ever_attached() {
    let docs = BTreeMap::new();
    for (old, new) in pairs() {
        let report = super::support::run(
            &old,
            &new,
            &docs,
            &super::support::AcceptAll,
            Mode::Full,
            Policy::Strict,
        );
        assert!(report.changes.iter().all(|c| c.witness.is_none()));
    }
}

#[test]
fn the_same_pairs_get_witnesses_from_a_real_validator() {
    for (old, new) in pairs() {
        let report = super::support::check(&old, &new, Mode::Full, Policy::Strict);
        assert!(
            report.changes.iter().any(|c| c.witness.is_some()),
            "{old} -> {new}: no witness"
        );
    }
}

#[test]
fn a_witness_is_valid_under_the_side_it_names_and_invalid_under_the_other() {
    let docs = BTreeMap::new();
    for (old, new) in pairs() {
        let oracle = super::support::SchemaOracle::new(&old, &new, &docs).expect("compiles");
        let report = super::support::run(&old, &new, &docs, &oracle, Mode::Full, Policy::Strict);
        for w in report.changes.iter().filter_map(|c| c.witness.as_ref()) {
            assert!(
                concord::compat::Oracle::accepts(&oracle, w.valid_under, &w.document)
                    && !concord::compat::Oracle::accepts(
                        &oracle,
                        w.valid_under.other(),
                        &w.document
                    ),
                "{}",
                w.document
            );
        }
    }
}

#[test]
fn non_breaking_changes_carry_no_witness() {
    let old = json!({"type": "string", "maxLength": 5});
    let new = json!({"type": "string", "maxLength": 10});
    let report = super::support::check(&old, &new, Mode::Backward, Policy::Strict);
    assert!(report.compatible);
    assert!(
        report
            .changes
            .iter()
            .all(|c| c.witness.is_none() && c.witness_note.is_none())
    );
}
