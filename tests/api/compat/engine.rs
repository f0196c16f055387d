//! The public surface: names, JSON shape, bumps, declared versions and transitive modes.

use concord::compat::{
    Bump, ChangeKind, Direction, Mode, Policy, VersionError, VersionReport, check_report_version,
    combine_transitive,
};
use semver::Version;
use serde_json::json;

#[test]
fn enums_parse_and_print_their_screaming_snake_names() {
    for mode in Mode::ALL {
        assert_eq!(mode.to_string().parse::<Mode>().ok(), Some(*mode));
        assert_eq!(serde_json::to_value(mode).ok(), Some(json!(mode.as_str())));
    }
    for policy in Policy::ALL {
        assert_eq!(policy.to_string().parse::<Policy>().ok(), Some(*policy));
    }
    for d in Direction::ALL {
        assert_eq!(d.to_string().parse::<Direction>().ok(), Some(*d));
    }
    for b in Bump::ALL {
        assert_eq!(b.to_string().parse::<Bump>().ok(), Some(*b));
    }
    assert_eq!(
        "backward_transitive".parse::<Mode>().ok(),
        Some(Mode::BackwardTransitive)
    );
    let err = "SIDEWAYS".parse::<Mode>().expect_err("not a mode");
    assert!(err.to_string().contains("BACKWARD"), "{err}");
}

#[test]
fn a_report_serialises_with_screaming_names_and_round_trips() {
    let report = super::support::check(
        &json!({"type": "string"}),
        &json!({"type": "integer"}),
        Mode::Backward,
        Policy::Lenient,
    );
    let value = serde_json::to_value(&report).expect("serialise");
    assert_eq!(value["mode"], "BACKWARD");
    assert_eq!(value["policy"], "LENIENT");
    assert_eq!(value["requiredBump"], "MAJOR");
    assert_eq!(value["changes"][0]["kind"], "TYPE_CHANGED");
    assert_eq!(value["changes"][0]["direction"], "BOTH");
    assert_eq!(value["changes"][0]["witness"]["validUnder"], "OLD");
    let back: concord::compat::Report = serde_json::from_value(value).expect("deserialise");
    assert_eq!(back, report);
}

#[test]
fn only_annotation_changes_need_a_patch() {
    let report = super::support::check(
        &json!({"title": "a", "type": "string"}),
        &json!({"title": "b", "type": "string"}),
        Mode::Full,
        Policy::Strict,
    );
    assert!(report.compatible);
    assert_eq!(report.required_bump, Bump::Patch);
}

#[test]
fn an_allowed_change_needs_a_minor_and_a_breaking_one_a_major() {
    let widen = super::support::check(
        &json!({"type": "integer"}),
        &json!({"type": "number"}),
        Mode::Backward,
        Policy::Strict,
    );
    assert_eq!(widen.required_bump, Bump::Minor);
    let narrow = super::support::check(
        &json!({"type": "number"}),
        &json!({"type": "integer"}),
        Mode::Backward,
        Policy::Strict,
    );
    assert_eq!(narrow.required_bump, Bump::Major);
    let none = super::support::check(
        &json!({"type": "number"}),
        &json!({"type": "integer"}),
        Mode::None,
        Policy::Strict,
    );
    assert!(none.compatible);
    assert_eq!(none.required_bump, Bump::Minor);
    let same = super::support::check(
        &json!({"type": "number"}),
        &json!({"type": "number"}),
        Mode::Backward,
        Policy::Strict,
    );
    assert_eq!(same.required_bump, Bump::None);
}

#[test]
fn an_understated_version_is_refused_with_the_changes_that_need_more() {
    let old = json!({"type": "object", "properties": {"a": {"type": "string"}}, "title": "x"});
    let new = json!({"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"], "title": "y"});
    let report = super::support::check(&old, &new, Mode::Backward, Policy::Lenient);
    let published = [Version::new(1, 0, 0), Version::new(1, 2, 0)];
    match check_report_version(&report, &published, &Version::new(1, 3, 0)) {
        Err(VersionError::BumpTooSmall {
            needed,
            declared_bump,
            changes,
            ..
        }) => {
            assert_eq!(needed, Bump::Major);
            assert_eq!(declared_bump, Bump::Minor);
            let kinds: Vec<ChangeKind> = changes.iter().map(|c| c.kind).collect();
            assert_eq!(kinds, vec![ChangeKind::RequiredPropertyAdded]);
        }
        other => panic!("expected BumpTooSmall, got {other:?}"),
    }
    assert!(check_report_version(&report, &published, &Version::new(2, 0, 0)).is_ok());
    let candidate = [Version::new(0, 4, 2)];
    assert!(check_report_version(&report, &candidate, &Version::new(0, 5, 0)).is_ok());
    assert!(check_report_version(&report, &candidate, &Version::new(0, 4, 3)).is_err());
}

#[test]
fn transitive_modes_break_when_any_earlier_version_breaks() {
    let v1 = json!({"type": "object", "properties": {"a": {"type": "string", "maxLength": 5}}});
    let v2 = json!({"type": "object", "properties": {"a": {"type": "string", "maxLength": 10}}});
    let v3 = json!({"type": "object", "properties": {"a": {"type": "string", "maxLength": 10}}, "title": "v3"});
    let mode = Mode::ForwardTransitive;
    let against_v2 = super::support::check(&v2, &v3, mode, Policy::Strict);
    let against_v1 = super::support::check(&v1, &v3, mode, Policy::Strict);
    assert!(against_v2.compatible);
    assert!(!against_v1.compatible);
    let combined = combine_transitive(vec![
        VersionReport {
            version: Version::new(1, 0, 0),
            report: against_v1,
        },
        VersionReport {
            version: Version::new(1, 1, 0),
            report: against_v2,
        },
    ]);
    assert!(!combined.compatible);
    assert_eq!(combined.broken_versions, vec![Version::new(1, 0, 0)]);
    assert_eq!(combined.required_bump, Bump::Major);
    assert_eq!(combined.reports[0].version, Version::new(1, 1, 0));
}

#[test]
fn transitive_combination_of_compatible_pairs_keeps_the_latest_bump() {
    let v1 = json!({"type": "string", "title": "one"});
    let v2 = json!({"type": "string", "title": "two"});
    let v3 = json!({"type": ["string", "null"], "title": "two"});
    let combined = combine_transitive(vec![
        VersionReport {
            version: Version::new(1, 1, 0),
            report: super::support::check(&v2, &v3, Mode::BackwardTransitive, Policy::Strict),
        },
        VersionReport {
            version: Version::new(1, 0, 0),
            report: super::support::check(&v1, &v3, Mode::BackwardTransitive, Policy::Strict),
        },
    ]);
    assert!(combined.compatible);
    assert_eq!(combined.required_bump, Bump::Minor);
}

#[test]
fn lenient_changes_are_flagged_even_under_strict() {
    let report = super::support::check(
        &json!({"type": "object", "properties": {"a": {"type": "string"}}}),
        &json!({"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "string"}}}),
        Mode::Backward,
        Policy::Strict,
    );
    assert!(!report.compatible);
    assert!(report.changes[0].lenient_relaxes);
    let lenient = super::support::check(
        &json!({"type": "object", "properties": {"a": {"type": "string"}}}),
        &json!({"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "string"}}}),
        Mode::Backward,
        Policy::Lenient,
    );
    assert!(lenient.compatible);
    assert_eq!(lenient.required_bump, Bump::Minor);
}

#[test]
fn a_change_in_a_definition_referenced_from_several_places_is_reported_once_with_every_path() {
    let schema = |max: u64| {
        json!({
            "$defs": {"address": {"type": "object", "properties": {"postcode": {"type": "string", "maxLength": max}}}},
            "properties": {
                "home": {"$ref": "#/$defs/address"},
                "work": {"$ref": "#/$defs/address"},
                "sites": {"type": "array", "items": {"$ref": "#/$defs/address"}}
            }
        })
    };
    let report = super::support::check(&schema(8), &schema(6), Mode::Backward, Policy::Lenient);
    assert_eq!(report.changes.len(), 1, "{:?}", report.changes);
    let change = &report.changes[0];
    assert_eq!(
        change.pointer,
        "/$defs/address/properties/postcode/maxLength"
    );
    let mut paths = change.paths.clone();
    paths.sort();
    assert_eq!(
        paths,
        ["/home/postcode", "/sites/*/postcode", "/work/postcode"]
    );
    assert_eq!(change.paths[0], change.instance_path);
}

#[test]
fn messages_name_the_property_in_plain_english() {
    let report = super::support::check(
        &json!({"type": "object", "properties": {"uprn": {"type": "string"}}}),
        &json!({"type": "object", "properties": {"uprn": {"type": "string"}}, "required": ["uprn"]}),
        Mode::Backward,
        Policy::Lenient,
    );
    assert_eq!(
        report.changes[0].message,
        "Property `uprn` is now required: documents without it are no longer valid."
    );
}

#[test]
fn deeply_nested_schemas_stop_with_an_undecided_change_instead_of_overflowing() {
    let mut old = json!({"type": "string"});
    let mut new = json!({"type": "integer"});
    for _ in 0..200 {
        old = json!({"type": "object", "properties": {"x": old}});
        new = json!({"type": "object", "properties": {"x": new}});
    }
    let report = super::support::run(
        &old,
        &new,
        &Default::default(),
        &super::support::RejectAll,
        Mode::Backward,
        Policy::Strict,
    );
    assert!(
        report
            .changes
            .iter()
            .any(|c| c.kind == ChangeKind::ComparisonTooDeep && c.direction == Direction::Unknown)
    );
    assert!(!report.compatible);
}

#[test]
fn the_compatibility_doc_lists_every_change_kind_with_its_direction() {
    let doc = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/COMPATIBILITY.md"
    ))
    .expect("doc");
    for kind in ChangeKind::ALL {
        let row = doc
            .lines()
            .find(|l| l.starts_with(&format!("| `{}` |", kind.as_str())))
            .unwrap_or_else(|| panic!("{kind} is missing from docs/COMPATIBILITY.md"));
        let info = kind.info();
        assert!(
            row.contains(&format!("| {} |", info.direction)),
            "{kind}: direction drifted: {row}"
        );
        assert_eq!(
            row.contains("| yes |"),
            info.lenient,
            "{kind}: LENIENT column drifted: {row}"
        );
    }
}

#[test]
fn an_undecided_change_with_witnesses_both_ways_is_reported_as_both() {
    // Overlapping branches: {a, b} matched two and was invalid; {b} matched one and was valid.
    let object = |branches: serde_json::Value| json!({"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "string"}}, "oneOf": branches});
    let report = super::support::check(
        &object(json!([{"required": ["a"]}, {"required": ["b"]}])),
        &object(json!([{"required": ["a"]}])),
        Mode::Full,
        Policy::Strict,
    );
    let change = &report.changes[0];
    assert_eq!(change.kind, ChangeKind::OneOfBranchRemoved);
    assert_eq!(change.direction, Direction::Both, "{change:?}");
    assert!(
        change.message.contains("goes both ways"),
        "{}",
        change.message
    );
    assert!(change.witness.is_some(), "{change:?}");
}
