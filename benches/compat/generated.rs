//! Large schemas shaped like real ones, generated from a seed: hundreds of definitions of six
//! properties each (bounded strings, integers, enums, `$ref`s to earlier definitions, and
//! `oneOf`s of prefixed patterns and a reference, some of them nested in an `anyOf`), reached
//! from forty root properties. Two kinds of new version:
//!
//! - `edited`: ten definitions edited as real revisions are (a property added, a `maxLength`
//!   raised, an enum value added), everything else kept;
//! - `repointed`: every root property pointed at another definition, the adversarial case in
//!   which many unrelated definitions are compared with each other.

use rand::rngs::StdRng;
use rand::seq::index::sample;
use rand::{Rng, SeedableRng};
use serde_json::{Map, Value, json};

/// What the new version does to the old one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Revision {
    /// The old version itself.
    Same,
    /// Ten definitions edited.
    Edited,
    /// Every root property pointed elsewhere.
    Repointed,
}

fn reference(i: usize) -> Value {
    json!({"$ref": format!("#/$defs/d{i}")})
}

fn property(rng: &mut StdRng, i: usize, j: usize) -> Value {
    let earlier = |rng: &mut StdRng| rng.random_range(0..i.max(1));
    let max_length = [10, 20, 40][rng.random_range(0..3_usize)];
    match rng.random_range(0..100) {
        0..30 => json!({
            "type": "string",
            "maxLength": max_length,
            "description": format!("Field {j} of definition {i}")
        }),
        30..50 => json!({"type": "integer", "minimum": 0}),
        50..70 if i > 0 => reference(earlier(rng)),
        70..80 => json!({"oneOf": [
            {"type": "string", "pattern": "^a:"},
            {"type": "string", "pattern": "^b:"},
            reference(earlier(rng))
        ]}),
        80..85 => json!({"anyOf": [
            {"type": "null"},
            {"oneOf": [{"type": "string", "pattern": "^urn:x:"}, reference(earlier(rng))]}
        ]}),
        _ => json!({"enum": ["x", "y", "z"]}),
    }
}

/// A schema of `n` definitions from `seed`, revised as `revision` says.
pub fn schema(n: usize, seed: u64, revision: Revision) -> Value {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut defs = Map::new();
    for i in 0..n {
        let props: Map<String, Value> = (0..6)
            .map(|j| (format!("f{j}"), property(&mut rng, i, j)))
            .collect();
        defs.insert(
            format!("d{i}"),
            json!({"type": "object", "properties": props, "required": ["f0"]}),
        );
    }
    let mut roots: Map<String, Value> = (0..40)
        .map(|i| (format!("p{i}"), reference(rng.random_range(0..n))))
        .collect();
    match revision {
        Revision::Same => {}
        Revision::Edited => {
            for i in sample(&mut rng, n, n.min(10)) {
                edit(&mut defs[&format!("d{i}")]);
            }
        }
        Revision::Repointed => {
            for value in roots.values_mut() {
                *value = reference(rng.random_range(0..n));
            }
        }
    }
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "properties": roots,
        "$defs": defs
    })
}

/// One definition edited as a real revision edits it.
fn edit(definition: &mut Value) {
    let Some(props) = definition["properties"].as_object_mut() else {
        return;
    };
    for value in props.values_mut() {
        if let Some(max) = value.get("maxLength").and_then(Value::as_u64) {
            value["maxLength"] = json!(max + 5);
        }
        if let Some(values) = value.get_mut("enum").and_then(Value::as_array_mut) {
            values.push(json!("w"));
        }
    }
    props.insert("added".to_owned(), json!({"type": "string"}));
}
