//! Generators for the property tests: small random schemas over most of the vocabulary the engine
//! compares (local `$ref`s to `$defs`, every combinator, conditionals, content models, `contains`),
//! and random mutations of them. Patterns stay simple and linear-time, like the registry requires.

use proptest::prelude::*;
use serde_json::{Map, Value, json};

pub const NAMES: [&str; 4] = ["a", "b", "c", "d"];
/// String patterns: pairs where one contains the other (decided by the automata), unrelated ones,
/// and one with look-ahead (undecided, the backtracking engine's).
const PATTERNS: [&str; 7] = [
    "^[a-z]+$",
    "^[0-9]{2,4}$",
    "x",
    "^(ab|cd)+$",
    "^[a-z]*$",
    "^[0-9]{2,6}$",
    "^(?!ab)[a-z]+$",
];
const FORMATS: [&str; 4] = ["date", "email", "uuid", "ipv4"];
/// Property-name patterns: one that also matches the declared names (so declared properties meet
/// pattern schemas) and one that only undeclared names match.
const NAME_PATTERNS: [&str; 2] = ["^[a-z]+$", "^x[a-z]*$"];
/// The one local definition generated schemas refer to.
pub const DEF_REF: &str = "#/$defs/item";

fn scalar() -> impl Strategy<Value = Value> {
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
                    let p = PATTERNS[min.unwrap_or(0) as usize % PATTERNS.len()];
                    m.insert("pattern".into(), json!(p));
                }
                1 => {
                    m.remove("maxLength");
                    m.remove("minLength");
                    let f = FORMATS[max.unwrap_or(0) as usize % FORMATS.len()];
                    m.insert("format".into(), json!(f));
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

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![6 => scalar(), 1 => Just(json!({"$ref": DEF_REF}))]
}

/// The definition `$ref`s point at: a scalar or a small object of scalars (never itself a `$ref`,
/// so references cannot loop).
fn definition() -> impl Strategy<Value = Value> {
    prop_oneof![
        scalar(),
        (scalar(), scalar(), any::<bool>()).prop_map(|(a, b, req)| json!({
            "type": "object",
            "properties": {"a": a, "b": b},
            "required": if req { json!(["a"]) } else { json!([]) },
        })),
    ]
}

fn object(props: Vec<Value>, req: u8, ap: u8, extra: u8, extra_schema: Value) -> Value {
    let mut properties = Map::new();
    for (i, p) in props.into_iter().enumerate() {
        properties.insert(NAMES[i].to_string(), p);
    }
    let required: Vec<&str> = NAMES
        .iter()
        .take(properties.len())
        .enumerate()
        .filter(|(i, _)| req & (1 << i) != 0)
        .map(|(_, n)| *n)
        .collect();
    let mut m = Map::new();
    m.insert("type".into(), json!("object"));
    m.insert("properties".into(), Value::Object(properties));
    m.insert("required".into(), json!(required));
    match ap % 3 {
        1 => {
            m.insert("additionalProperties".into(), json!(false));
        }
        2 => {
            m.insert("additionalProperties".into(), json!({"type": "integer"}));
        }
        _ => {}
    }
    match extra % 6 {
        0 => {
            m.insert("maxProperties".into(), json!(2 + extra % 4));
        }
        1 => {
            let p = NAME_PATTERNS[(extra / 6) as usize % NAME_PATTERNS.len()];
            m.insert("patternProperties".into(), json!({ p: extra_schema }));
        }
        2 => {
            m.insert("dependentRequired".into(), json!({"a": ["b"]}));
        }
        3 => {
            // `unevaluatedProperties` sees through `allOf`, unlike `additionalProperties`.
            m.remove("additionalProperties");
            m.insert("allOf".into(), json!([{"properties": {"c": extra_schema}}]));
            m.insert("unevaluatedProperties".into(), json!(false));
        }
        _ => {}
    }
    Value::Object(m)
}

/// An array whose `unevaluatedItems` sees positions evaluated elsewhere: by an `allOf` member's
/// `prefixItems` or `items`, by `contains` (the items it matches), or — nested in the member —
/// not by the `prefixItems` beside it.
fn unevaluated_items(a: Value, b: Value, shape: u8, rest: Value) -> Value {
    match shape % 4 {
        0 => json!({"type": "array", "allOf": [{"prefixItems": [a]}], "unevaluatedItems": rest}),
        1 => {
            json!({"type": "array", "prefixItems": [a], "allOf": [{"items": b}], "unevaluatedItems": rest})
        }
        2 => json!({"type": "array", "contains": a, "unevaluatedItems": rest}),
        _ => {
            json!({"type": "array", "prefixItems": [a, b], "allOf": [{"prefixItems": [{}], "unevaluatedItems": rest}]})
        }
    }
}

pub fn schema() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            3 => (prop::collection::vec(inner.clone(), 1..4), any::<u8>(), any::<u8>(), any::<u8>(), inner.clone())
                .prop_map(|(props, req, ap, extra, s)| object(props, req, ap, extra, s)),
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
            1 => (inner.clone(), any::<Option<u8>>()).prop_map(|(c, max)| {
                let mut m = json!({"type": "array", "contains": c});
                if let Some(n) = max {
                    m["minContains"] = json!(n % 2);
                    m["maxContains"] = json!(1 + n % 3);
                }
                m
            }),
            1 => prop::collection::vec(inner.clone(), 2..3).prop_map(|b| json!({"anyOf": b})),
            1 => prop::collection::vec(inner.clone(), 2..3).prop_map(|b| json!({"oneOf": b})),
            1 => (any::<u8>(), inner.clone()).prop_map(|(shape, s)| disjoint_one_of(shape, s)),
            1 => (any::<u8>(), inner.clone()).prop_map(|(shape, s)| published_shape(shape, s)),
            1 => (inner.clone(), inner.clone()).prop_map(|(a, b)| json!({"allOf": [a, b]})),
            1 => inner.clone().prop_map(|s| json!({"anyOf": [s, {"type": "null"}]})),
            1 => inner.clone().prop_map(|s| json!({"not": s})),
            1 => (inner.clone(), inner.clone(), inner.clone()).prop_map(|(i, t, e)| json!({"if": i, "then": t, "else": e})),
            1 => (inner.clone(), inner.clone()).prop_map(|(a, b)| json!({"type": "array", "prefixItems": [a], "items": b})),
            1 => (inner.clone(), inner.clone(), any::<u8>(), prop_oneof![Just(json!(false)), inner])
                .prop_map(|(a, b, shape, rest)| unevaluated_items(a, b, shape, rest)),
        ]
    })
}

/// A `oneOf` whose branches no value matches twice: strings told apart by their patterns, or
/// objects each requiring a property the other's closed model forbids; `inner` sits in the
/// first branch, where mutations widen or narrow it.
fn disjoint_one_of(shape: u8, inner: Value) -> Value {
    if shape.is_multiple_of(2) {
        json!({"oneOf": [
            {"type": "string", "pattern": "^a:", "maxLength": 4 + shape % 5},
            {"type": "string", "pattern": "^b:"}
        ]})
    } else {
        json!({"oneOf": [
            {"type": "object", "properties": {"a": inner}, "required": ["a"], "additionalProperties": false},
            {"type": "object", "properties": {"b": {"type": "integer"}}, "required": ["b"], "additionalProperties": false}
        ]})
    }
}

/// Shapes from published standards the engine reads specially (OpenAPI 3.1, 360Giving), with
/// `inner` where mutations reach it: an overlapping `oneOf` of required properties, a dependent
/// schema declaring its own trigger under `unevaluatedProperties: false`, a `oneOf` only strings
/// tell apart beside `type: [string, null]`, and a pattern property the automata compare.
fn published_shape(shape: u8, inner: Value) -> Value {
    match shape % 4 {
        0 => json!({
            "type": "object",
            "properties": {"s": inner, "c": {"type": "object"}},
            "oneOf": [{"required": ["s"]}, {"required": ["c"]}]
        }),
        1 => json!({
            "type": "object",
            "properties": {"d": {"type": "string"}},
            "dependentSchemas": {"c": {"properties": {"c": inner, "x": {"type": "boolean"}}}},
            "unevaluatedProperties": false
        }),
        2 => json!({
            "type": ["string", "null"],
            "oneOf": [
                {"format": "date-time"},
                {"pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "maxLength": 10 + shape % 3}
            ]
        }),
        _ => json!({
            "type": "object",
            "patternProperties": {"^[1-5][0-9X]{2}$": inner},
            "unevaluatedProperties": false
        }),
    }
}

/// A schema with its `$defs` when it refers to them.
pub fn rooted() -> impl Strategy<Value = Value> {
    (schema(), definition()).prop_map(|(mut body, def)| {
        if body.to_string().contains(DEF_REF) {
            body["$defs"] = json!({ "item": def });
        }
        body
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
                let key = k.replace('~', "~0").replace('/', "~1");
                object_nodes(v, format!("{ptr}/{key}"), out);
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

/// Replaces the node with `wrap(node)`, keeping the root's `$defs` at the root so `$ref`s resolve.
fn wrap(map: &mut Map<String, Value>, combinator: &str) {
    let defs = map.remove("$defs");
    let inner = Value::Object(std::mem::take(map));
    map.insert(combinator.into(), json!([inner, {"type": "null"}]));
    if let Some(defs) = defs {
        map.insert("$defs".into(), defs);
    }
}

fn toggle(map: &mut Map<String, Value>, key: &str, value: Value) {
    if map.remove(key).is_none() {
        map.insert(key.into(), value);
    }
}

const REMOVABLE: [&str; 15] = [
    "maxLength",
    "minLength",
    "minimum",
    "exclusiveMaximum",
    "maxItems",
    "pattern",
    "format",
    "not",
    "else",
    "contains",
    "patternProperties",
    "dependentRequired",
    "minContains",
    "$ref",
    "prefixItems",
];

/// Applies one mutation to the node at `selector`.
fn mutate(schema: &mut Value, selector: usize, op: u8, param: i8) {
    let mut nodes = Vec::new();
    object_nodes(schema, String::new(), &mut nodes);
    let ptr = nodes[selector % nodes.len()].clone();
    let Some(Value::Object(map)) = schema.pointer_mut(&ptr) else {
        return;
    };
    let delta = i64::from(param % 3).max(-2);
    let pick = param.unsigned_abs() as usize;
    let is = |map: &Map<String, Value>, t: &str| map.get("type") == Some(&json!(t));
    match op % 23 {
        0 => bump(map, "maxLength", delta, 0),
        1 => bump(map, "minLength", delta, 0),
        2 => bump(map, "minimum", delta, -50),
        3 => bump(map, "exclusiveMaximum", delta, -50),
        4 => {
            map.remove(REMOVABLE[pick % REMOVABLE.len()]);
        }
        5 => {
            let types = [
                "string", "integer", "number", "boolean", "null", "object", "array",
            ];
            map.insert("type".into(), json!(types[pick % types.len()]));
        }
        6 if is(map, "object") => {
            let name = NAMES[pick % NAMES.len()];
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
            let name = NAMES[pick % NAMES.len()];
            let props = map.entry("properties").or_insert_with(|| json!({}));
            if let Some(props) = props.as_object_mut()
                && props.remove(name).is_none()
            {
                props.insert(name.to_string(), json!({"type": "string", "maxLength": 4}));
            }
        }
        8 if is(map, "object") => toggle(map, "additionalProperties", json!(false)),
        9 => {
            if let Some(Value::Array(values)) = map.get_mut("enum") {
                if param % 2 == 0 && values.len() > 1 {
                    values.pop();
                } else {
                    values.push(json!("v"));
                }
            }
        }
        10 if is(map, "array") => toggle(map, "uniqueItems", json!(true)),
        11 if is(map, "array") => bump(map, "maxItems", delta, 0),
        12 => wrap(map, if param % 2 == 0 { "anyOf" } else { "oneOf" }),
        13 if is(map, "string") => {
            map.insert("pattern".into(), json!(PATTERNS[pick % PATTERNS.len()]));
        }
        14 if is(map, "string") => {
            map.insert("format".into(), json!(FORMATS[pick % FORMATS.len()]));
        }
        15 if is(map, "integer") || is(map, "number") => bump(map, "multipleOf", 1, 1),
        16 if is(map, "object") => toggle(map, "dependentRequired", json!({"a": ["b"]})),
        17 if is(map, "object") => toggle(map, "unevaluatedProperties", json!(false)),
        18 => {
            // anyOf and oneOf differ exactly when branches overlap.
            if let Some(b) = map.remove("anyOf") {
                map.insert("oneOf".into(), b);
            } else if let Some(b) = map.remove("oneOf") {
                map.insert("anyOf".into(), b);
            }
        }
        19 if is(map, "array") => {
            if map.contains_key("contains") {
                bump(map, "minContains", delta, 0);
            } else {
                map.insert("contains".into(), json!({"type": "string"}));
            }
        }
        20 if is(map, "object") => {
            let p = NAME_PATTERNS[pick % NAME_PATTERNS.len()];
            let t = ["integer", "string"][(param as usize / 2) % 2];
            let pp = map.entry("patternProperties").or_insert_with(|| json!({}));
            if let Some(pp) = pp.as_object_mut() {
                pp.insert(p.into(), json!({"type": t}));
            }
        }
        21 if !ptr.contains("$defs") => {
            // Points a schema at the shared definition (supplying one if the root has none).
            map.insert("$ref".into(), json!(DEF_REF));
            if schema.get("$defs").is_none() {
                schema["$defs"] = json!({"item": {"type": "string"}});
            }
        }
        22 if is(map, "array") => toggle(map, "unevaluatedItems", json!(false)),
        _ => {}
    }
}

pub fn pair() -> impl Strategy<Value = (Value, Value)> {
    (
        rooted(),
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
