//! Property tests over random small schemas and random mutations of them:
//! - every witness the engine attaches is accepted by the side it names and rejected by the other,
//!   checked with validators compiled here, independently of the oracle the engine used;
//! - for pairs judged compatible under `STRICT`, documents sampled from the accepting side stay
//!   valid (BACKWARD: old documents under the new schema; FORWARD: new documents under the old);
//! - a schema compared with itself has no change that moves the valid set.

use std::collections::BTreeMap;

use concord::compat::{self, Direction, Mode, Policy, SchemaRef, Side};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

const NAMES: [&str; 4] = ["a", "b", "c", "d"];
const PATTERNS: [&str; 4] = ["^[a-z]+$", "^[0-9]{2,4}$", "x", "^(ab|cd)+$"];
const FORMATS: [&str; 4] = ["date", "email", "uuid", "ipv4"];

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        (any::<Option<u8>>(), any::<Option<u8>>(), 0..6usize).prop_map(|(min, max, extra)| {
            let mut m = Map::new();
            m.insert("type".into(), json!("string"));
            if let Some(n) = min {
                m.insert("minLength".into(), json!(n % 4));
            }
            if let Some(n) = max {
                m.insert("maxLength".into(), json!(3 + n % 6));
            }
            match extra {
                0 => {
                    m.insert(
                        "pattern".into(),
                        json!(PATTERNS[min.unwrap_or(0) as usize % PATTERNS.len()]),
                    );
                }
                1 => {
                    m.remove("maxLength");
                    m.remove("minLength");
                    m.insert(
                        "format".into(),
                        json!(FORMATS[max.unwrap_or(0) as usize % FORMATS.len()]),
                    );
                }
                _ => {}
            }
            Value::Object(m)
        }),
        (
            any::<bool>(),
            any::<Option<i8>>(),
            any::<Option<i8>>(),
            any::<Option<u8>>()
        )
            .prop_map(|(int, lo, hi, mul)| {
                let mut m = Map::new();
                m.insert("type".into(), json!(if int { "integer" } else { "number" }));
                if let Some(v) = lo {
                    m.insert("minimum".into(), json!(v / 4));
                }
                if let Some(v) = hi {
                    m.insert("exclusiveMaximum".into(), json!(40 + v / 4));
                }
                if let Some(v) = mul {
                    m.insert("multipleOf".into(), json!(1 + v % 4));
                }
                Value::Object(m)
            }),
        Just(json!({"type": "boolean"})),
        Just(json!({"type": "null"})),
        Just(json!({"type": ["string", "null"]})),
        prop::collection::vec(prop::sample::select(vec!["x", "y", "z", "w"]), 1..4)
            .prop_map(|v| json!({"enum": v})),
        Just(json!({"const": 3})),
        Just(json!({})),
    ]
}

fn schema() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            3 => (prop::collection::vec(inner.clone(), 1..4), any::<u8>(), 0..3u8, any::<Option<u8>>()).prop_map(|(props, req, ap, minp)| {
                let mut properties = Map::new();
                for (i, p) in props.into_iter().enumerate() {
                    properties.insert(NAMES[i].to_string(), p);
                }
                let required: Vec<&str> = NAMES.iter().take(properties.len()).enumerate().filter(|(i, _)| req & (1 << i) != 0).map(|(_, n)| *n).collect();
                let mut m = Map::new();
                m.insert("type".into(), json!("object"));
                m.insert("properties".into(), Value::Object(properties));
                m.insert("required".into(), json!(required));
                match ap {
                    0 => {}
                    1 => {
                        m.insert("additionalProperties".into(), json!(false));
                    }
                    _ => {
                        m.insert("additionalProperties".into(), json!({"type": "integer"}));
                    }
                }
                if let Some(n) = minp {
                    m.insert("maxProperties".into(), json!(2 + n % 4));
                }
                Value::Object(m)
            }),
            2 => (inner.clone(), any::<Option<u8>>(), any::<Option<u8>>(), any::<bool>()).prop_map(|(items, min, max, unique)| {
                let mut m = Map::new();
                m.insert("type".into(), json!("array"));
                m.insert("items".into(), items);
                if let Some(n) = min {
                    m.insert("minItems".into(), json!(n % 3));
                }
                if let Some(n) = max {
                    m.insert("maxItems".into(), json!(2 + n % 4));
                }
                if unique {
                    m.insert("uniqueItems".into(), json!(true));
                }
                Value::Object(m)
            }),
            1 => prop::collection::vec(inner.clone(), 2..3).prop_map(|b| json!({"anyOf": b})),
            1 => (inner.clone(), inner.clone()).prop_map(|(a, b)| json!({"allOf": [a, b]})),
            1 => inner.clone().prop_map(|s| json!({"anyOf": [s, {"type": "null"}]})),
            1 => (inner.clone(), inner).prop_map(|(a, b)| json!({"type": "array", "prefixItems": [a], "items": b})),
        ]
    })
}

/// Every object node's JSON pointer.
fn object_nodes(value: &Value, ptr: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            out.push(ptr.clone());
            for (k, v) in map {
                if k == "enum" || k == "const" {
                    continue;
                }
                object_nodes(
                    v,
                    format!("{ptr}/{}", k.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                object_nodes(v, format!("{ptr}/{i}"), out);
            }
        }
        _ => {}
    }
}

fn bump(map: &mut Map<String, Value>, key: &str, delta: i64, floor: i64) {
    let now = map.get(key).and_then(Value::as_i64).unwrap_or(floor);
    map.insert(key.to_string(), json!((now + delta).max(floor)));
}

/// Applies one mutation to the node at `selector`.
fn mutate(schema: &mut Value, selector: usize, op: u8, param: i8) {
    let mut nodes = Vec::new();
    object_nodes(schema, String::new(), &mut nodes);
    if nodes.is_empty() {
        return;
    }
    let ptr = nodes[selector % nodes.len()].clone();
    let Some(Value::Object(map)) = schema.pointer_mut(&ptr) else {
        return;
    };
    let delta = i64::from(param % 3).max(-2);
    let is = |map: &Map<String, Value>, t: &str| map.get("type") == Some(&json!(t));
    match op % 16 {
        0 => bump(map, "maxLength", delta, 0),
        1 => bump(map, "minLength", delta, 0),
        2 => bump(map, "minimum", delta, -50),
        3 => bump(map, "exclusiveMaximum", delta, -50),
        4 => {
            map.remove(
                [
                    "maxLength",
                    "minLength",
                    "minimum",
                    "exclusiveMaximum",
                    "maxItems",
                    "pattern",
                    "format",
                ][param.unsigned_abs() as usize % 7],
            );
        }
        5 => {
            let types = [
                "string", "integer", "number", "boolean", "null", "object", "array",
            ];
            map.insert(
                "type".into(),
                json!(types[param.unsigned_abs() as usize % types.len()]),
            );
        }
        6 if is(map, "object") => {
            let name = NAMES[param.unsigned_abs() as usize % NAMES.len()];
            let required = map.entry("required").or_insert_with(|| json!([]));
            if let Some(list) = required.as_array_mut() {
                if let Some(pos) = list.iter().position(|v| v == name) {
                    list.remove(pos);
                } else {
                    list.push(json!(name));
                }
            }
        }
        7 if is(map, "object") => {
            let name = NAMES[param.unsigned_abs() as usize % NAMES.len()];
            let props = map.entry("properties").or_insert_with(|| json!({}));
            if let Some(props) = props.as_object_mut()
                && props.remove(name).is_none()
            {
                props.insert(name.to_string(), json!({"type": "string", "maxLength": 4}));
            }
        }
        8 if is(map, "object") && map.remove("additionalProperties").is_none() => {
            map.insert("additionalProperties".into(), json!(false));
        }
        9 => {
            if let Some(Value::Array(values)) = map.get_mut("enum") {
                if param % 2 == 0 && values.len() > 1 {
                    values.pop();
                } else {
                    values.push(json!("v"));
                }
            }
        }
        10 if is(map, "array") && map.remove("uniqueItems").is_none() => {
            map.insert("uniqueItems".into(), json!(true));
        }
        11 if is(map, "array") => bump(map, "maxItems", delta, 0),
        12 => {
            let inner = Value::Object(std::mem::take(map));
            map.insert("anyOf".into(), json!([inner, {"type": "null"}]));
        }
        13 if is(map, "string") => {
            map.insert(
                "pattern".into(),
                json!(PATTERNS[param.unsigned_abs() as usize % PATTERNS.len()]),
            );
        }
        14 if is(map, "string") => {
            map.insert(
                "format".into(),
                json!(FORMATS[param.unsigned_abs() as usize % FORMATS.len()]),
            );
        }
        15 if is(map, "integer") || is(map, "number") => bump(map, "multipleOf", 1, 1),
        _ => {}
    }
}

fn pair() -> impl Strategy<Value = (Value, Value)> {
    (
        schema(),
        prop::collection::vec((any::<usize>(), any::<u8>(), any::<i8>()), 1..4),
    )
        .prop_map(|(old, muts)| {
            let mut new = old.clone();
            for (selector, op, param) in muts {
                mutate(&mut new, selector, op, param);
            }
            (old, new)
        })
}

fn validators(old: &Value, new: &Value) -> Option<(jsonschema::Validator, jsonschema::Validator)> {
    Some((
        super::support::independent_validator(old, super::support::OLD_URI).ok()?,
        super::support::independent_validator(new, super::support::NEW_URI).ok()?,
    ))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 384, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_attached_witness_validates_and_fails_exactly_as_claimed((old, new) in pair()) {
        let Some((vo, vn)) = validators(&old, &new) else { return Ok(()) };
        let docs = BTreeMap::new();
        let oracle = super::support::SchemaOracle::new(&old, &new, &docs).expect("compiled above");
        for mode in [Mode::Backward, Mode::Forward, Mode::Full] {
            let report = super::support::run(&old, &new, &docs, &oracle, mode, Policy::Strict);
            for change in &report.changes {
                if let Some(w) = &change.witness {
                    let (yes, no) = match w.valid_under { Side::Old => (&vo, &vn), Side::New => (&vn, &vo) };
                    prop_assert!(yes.is_valid(&w.document), "{} witness not valid under {}: {}", change.kind, w.valid_under, w.document);
                    prop_assert!(!no.is_valid(&w.document), "{} witness not rejected by the other side: {}", change.kind, w.document);
                }
            }
        }
    }

    #[test]
    fn documents_of_the_old_schema_stay_valid_when_backward_compatible((old, new) in pair()) {
        let Some((vo, vn)) = validators(&old, &new) else { return Ok(()) };
        let report = super::support::check(&old, &new, Mode::Backward, Policy::Strict);
        if report.compatible {
            let samples = compat::sample_documents(SchemaRef { schema: &old, base_uri: super::support::OLD_URI }, &compat::NoDocuments, 8);
            for doc in samples.iter().filter(|d| vo.is_valid(d)) {
                prop_assert!(vn.is_valid(doc), "judged BACKWARD compatible, but {doc} is valid under the old schema only\nold: {old}\nnew: {new}\nchanges: {:?}", report.changes.iter().map(|c| (c.kind, c.direction, c.pointer.clone())).collect::<Vec<_>>());
            }
        }
    }

    #[test]
    fn documents_of_the_new_schema_were_valid_when_forward_compatible((old, new) in pair()) {
        let Some((vo, vn)) = validators(&old, &new) else { return Ok(()) };
        let report = super::support::check(&old, &new, Mode::Forward, Policy::Strict);
        if report.compatible {
            let samples = compat::sample_documents(SchemaRef { schema: &new, base_uri: super::support::NEW_URI }, &compat::NoDocuments, 8);
            for doc in samples.iter().filter(|d| vn.is_valid(d)) {
                prop_assert!(vo.is_valid(doc), "judged FORWARD compatible, but {doc} is valid under the new schema only\nold: {old}\nnew: {new}");
            }
        }
    }

    #[test]
    fn a_schema_compared_with_itself_has_no_change_to_its_valid_documents(s in schema()) {
        let report = super::support::run(&s, &s, &BTreeMap::new(), &super::support::RejectAll, Mode::Full, Policy::Strict);
        prop_assert!(report.changes.iter().all(|c| c.direction == Direction::Annotation), "{:?}", report.changes);
    }

    #[test]
    fn the_sampler_mostly_produces_valid_documents(s in schema()) {
        let docs = BTreeMap::new();
        let Ok(v) = super::support::validator(&s, super::support::OLD_URI, &docs) else { return Ok(()) };
        let samples = compat::sample_documents(SchemaRef { schema: &s, base_uri: super::support::OLD_URI }, &compat::NoDocuments, 4);
        // Contradictory random schemas (minLength above maxLength...) have no valid document at all;
        // for the rest the first sample should be valid.
        if let Some(first) = samples.first() {
            let any_valid = samples.iter().any(|d| v.is_valid(d));
            prop_assert!(any_valid || !satisfiable_hint(&s), "no valid sample for {s}: {first}");
        }
    }
}

/// A cheap over-approximation of "this schema has valid documents": no string with a minimum
/// length above its maximum, no empty enum, no number range without an integer in it.
fn satisfiable_hint(s: &Value) -> bool {
    let text = s.to_string();
    !(text.contains("multipleOf")
        || text.contains("maxProperties")
        || text.contains("uniqueItems")
        || text.contains("\"format\"")
        || text.contains("pattern")
        || text.contains("allOf")
        || text.contains("minLength")
        || text.contains("exclusiveMaximum")
        || text.contains("minItems"))
}
