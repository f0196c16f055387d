//! Documents for the sampling checks, built independently of the engine's sampler: a random walk
//! that follows a schema loosely (types, properties, items, enums, branches, `$ref`) and may stray,
//! so callers keep only what a validator accepts. Also the `LENIENT` filter: which documents carry
//! only properties a schema declares.

use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use serde_json::{Map, Value, json};

/// Strings that satisfy the generated patterns and formats, plus near misses.
const STRINGS: [&str; 16] = [
    "",
    "a",
    "ab",
    "abc",
    "abcd",
    "12",
    "123",
    "1234",
    "x",
    "xyz",
    "abcdab",
    "2024-01-02",
    "a@b.co",
    "123e4567-e89b-12d3-a456-426614174000",
    "10.0.0.1",
    "v",
];

/// `count` candidate documents for `schema`, reproducible from `seed`.
pub fn candidates(schema: &Value, seed: u64, count: usize) -> Vec<Value> {
    let mut rng = StdRng::seed_from_u64(seed);
    (0..count)
        .map(|_| instance(schema, schema, &mut rng, 0))
        .collect()
}

fn resolve<'a>(root: &'a Value, s: &'a Value) -> &'a Value {
    match s.get("$ref").and_then(Value::as_str) {
        Some(r) => r
            .strip_prefix('#')
            .and_then(|p| root.pointer(p))
            .unwrap_or(s),
        None => s,
    }
}

fn any_scalar(rng: &mut StdRng) -> Value {
    match rng.random_range(0..5) {
        0 => Value::Null,
        1 => json!(rng.random_bool(0.5)),
        2 => json!(rng.random_range(-3..50)),
        3 => json!(0.5),
        _ => json!(STRINGS.choose(rng).copied().unwrap_or("")),
    }
}

fn instance(s: &Value, root: &Value, rng: &mut StdRng, depth: u32) -> Value {
    let s = resolve(root, s);
    if depth > 6 || !s.is_object() {
        return any_scalar(rng);
    }
    if let Some(values) = s.get("enum").and_then(Value::as_array) {
        return values.choose(rng).cloned().unwrap_or(Value::Null);
    }
    if let Some(c) = s.get("const") {
        return c.clone();
    }
    // Follow one branch of a choice; `allOf` parts are merged below when they build objects.
    for key in ["anyOf", "oneOf"] {
        if let Some(b) = s
            .get(key)
            .and_then(Value::as_array)
            .and_then(|b| b.choose(rng))
        {
            return instance(b, root, rng, depth + 1);
        }
    }
    if let (Some(t), Some(e)) = (s.get("then"), s.get("else")) {
        return instance(
            if rng.random_bool(0.5) { t } else { e },
            root,
            rng,
            depth + 1,
        );
    }
    let ty = match s.get("type") {
        Some(Value::String(t)) => t.clone(),
        Some(Value::Array(ts)) => ts
            .choose(rng)
            .and_then(Value::as_str)
            .unwrap_or("null")
            .into(),
        _ if s.get("properties").is_some() => "object".into(),
        _ if s.get("items").is_some() || s.get("prefixItems").is_some() => "array".into(),
        _ => return any_scalar(rng),
    };
    let num = |k: &str| s.get(k).and_then(Value::as_i64);
    match ty.as_str() {
        "string" => {
            let min = num("minLength").unwrap_or(0);
            let len = rng.random_range(min..=num("maxLength").unwrap_or(8).max(min));
            if rng.random_bool(0.5) {
                json!(STRINGS.choose(rng).copied().unwrap_or(""))
            } else {
                json!(
                    (0..len)
                        .map(|_| rng.random_range('a'..='e'))
                        .collect::<String>()
                )
            }
        }
        "integer" | "number" => {
            let lo = num("minimum").unwrap_or(-5);
            let hi = num("exclusiveMaximum").unwrap_or(50).max(lo + 1);
            let step = num("multipleOf").unwrap_or(1).max(1);
            let n = rng.random_range(lo..hi) / step * step;
            if ty == "number" && rng.random_bool(0.2) {
                json!(n as f64 + 0.5)
            } else {
                json!(n)
            }
        }
        "boolean" => json!(rng.random_bool(0.5)),
        "object" => object(s, root, rng, depth),
        "array" => {
            let min = num("minItems").unwrap_or(0);
            let len = rng.random_range(min..=num("maxItems").unwrap_or(3).clamp(min, min + 3));
            let prefix = s
                .get("prefixItems")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            let mut items: Vec<Value> = (0..len as usize)
                .map(|i| {
                    let item = prefix.get(i).or(s.get("items")).unwrap_or(&Value::Null);
                    instance(item, root, rng, depth + 1)
                })
                .collect();
            if let Some(c) = s.get("contains") {
                items.push(instance(c, root, rng, depth + 1));
            }
            Value::Array(items)
        }
        _ => Value::Null,
    }
}

fn object(s: &Value, root: &Value, rng: &mut StdRng, depth: u32) -> Value {
    let mut out = Map::new();
    let parts = std::iter::once(s).chain(
        s.get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten(),
    );
    let required: Vec<&str> = s
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    for part in parts {
        for (name, p) in part
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            if required.contains(&name.as_str()) || rng.random_bool(0.6) {
                out.insert(name.clone(), instance(p, root, rng, depth + 1));
            }
        }
    }
    // Now and then an undeclared property, a pattern-matched one or a dependency's target.
    for extra in ["xa", "b", "zz"] {
        if rng.random_bool(0.15) {
            out.insert(extra.into(), any_scalar(rng));
        }
    }
    Value::Object(out)
}

/// Whether every property in `doc` is declared (in `properties`) by some subschema of `schema`
/// that applies at its place. `LENIENT` excuses breaks that need other properties: producers
/// write only what their version declares and consumers ignore the rest.
pub fn declares_all(schema: &Value, doc: &Value) -> bool {
    declared(schema, &[schema], doc)
}

/// The subschemas that surely apply at an instance place: through `$ref` and `allOf` only. A
/// branch of `anyOf`/`oneOf`/`if` may not be the one a document takes, and a property only such a
/// branch declares is undeclared for documents that take another, so those branches are left out
/// (leaving out documents is safe; counting one as declared wrongly is a false alarm).
fn applicable<'a>(root: &'a Value, s: &'a Value, out: &mut Vec<&'a Value>, depth: u32) {
    let s = resolve(root, s);
    if depth > 8 || out.iter().any(|o| std::ptr::eq(*o, s)) {
        return;
    }
    out.push(s);
    for b in s
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        applicable(root, b, out, depth + 1);
    }
}

fn declared(root: &Value, at: &[&Value], doc: &Value) -> bool {
    let mut nodes = Vec::new();
    for s in at {
        applicable(root, s, &mut nodes, 0);
    }
    match doc {
        Value::Object(map) => map.iter().all(|(k, v)| {
            let below: Vec<&Value> = nodes
                .iter()
                .filter_map(|n| n.get("properties")?.get(k))
                .collect();
            !below.is_empty() && declared(root, &below, v)
        }),
        Value::Array(items) => items.iter().enumerate().all(|(i, v)| {
            // `items` covers only the positions after `prefixItems`; `contains` may not apply.
            let below: Vec<&Value> = nodes
                .iter()
                .filter_map(|n| match n.get("prefixItems").and_then(Value::as_array) {
                    Some(p) if i < p.len() => p.get(i),
                    _ => n.get("items"),
                })
                .collect();
            declared(root, &below, v)
        }),
        _ => true,
    }
}
