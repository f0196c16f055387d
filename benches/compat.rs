//! Benchmark: a schema with 2,000 properties nested 5 deep against a variant with 50 changes,
//! witnesses included. The oracle's validators are compiled once, outside the timed loop; their
//! compile time is measured separately. Then patterns decided by automata: one property whose
//! `pattern` is replaced, widened (OCPI's latitude) or changed both ways (a postcode), against
//! the same diff with the pattern kept, so the difference is the automata's cost.
//!
//! Then large schemas shaped like real ones (see `generated`): 36, 132 and about 300 KB of
//! definitions, `$ref`s and nested `oneOf`/`anyOf`, against an edited revision and against the
//! adversarial revision that points every root property at another definition.
//!
//! Run: `CARGO_BUILD_JOBS=1 cargo bench --bench compat` (figures in docs/PERFORMANCE.md).

// criterion's macros generate undocumented functions.
#![allow(missing_docs)]

#[path = "compat/generated.rs"]
mod generated;

use std::collections::BTreeMap;
use std::hint::black_box;

use concord::compat::{self, Mode, Policy, SchemaRef};
use concord::validate::{Compiled, PairOracle};
use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::{Map, Value, json};

const OLD_URI: &str = "https://reg.example/schemas/bench/big/1.0.0";
const NEW_URI: &str = "https://reg.example/schemas/bench/big/2.0.0";

fn leaf(i: usize) -> Value {
    match i % 6 {
        0 => json!({"type": "string", "maxLength": 40, "description": format!("field {i}")}),
        1 => json!({"type": "integer", "minimum": 0, "maximum": 1000}),
        2 => json!({"enum": ["red", "amber", "green"]}),
        3 => json!({"type": "string", "format": "date"}),
        4 => json!({"type": "array", "items": {"type": "string"}, "maxItems": 10}),
        _ => json!({"type": "boolean"}),
    }
}

/// An object tree with `total` properties, at most `depth` levels of nested objects.
fn tree(total: usize, depth: usize) -> Value {
    fn build(depth: usize, budget: &mut usize, counter: &mut usize) -> Value {
        let mut props = Map::new();
        let mut required = Vec::new();
        let leaves = if depth == 0 { 20 } else { 12 };
        for _ in 0..leaves {
            if *budget == 0 {
                break;
            }
            *budget -= 1;
            *counter += 1;
            let name = format!("p{counter}");
            if (*counter).is_multiple_of(5) {
                required.push(json!(name));
            }
            props.insert(name, leaf(*counter));
        }
        if depth > 0 {
            for _ in 0..4 {
                if *budget == 0 {
                    break;
                }
                *budget -= 1;
                *counter += 1;
                let name = format!("o{counter}");
                props.insert(name, build(depth - 1, budget, counter));
            }
        }
        json!({"type": "object", "properties": props, "required": required})
    }
    let mut budget = total;
    let mut counter = 0;
    build(depth, &mut budget, &mut counter)
}

/// Every leaf property's pointer, in document order.
fn leaves(schema: &Value, ptr: &str, out: &mut Vec<String>) {
    if let Some(Value::Object(props)) = schema.get("properties") {
        for (name, sub) in props {
            let here = format!("{ptr}/properties/{name}");
            if sub.get("properties").is_some() {
                leaves(sub, &here, out);
            } else {
                out.push(here);
            }
        }
    }
}

/// The variant: 50 changes spread over the tree, nearly all of them changing the valid set
/// (narrowing and widening mixed), so that under `FULL` almost every one needs a witness.
fn variant(old: &Value) -> Value {
    let mut new = old.clone();
    let mut targets = Vec::new();
    leaves(old, "", &mut targets);
    let step = targets.len() / 50;
    for (n, ptr) in targets.iter().step_by(step).take(50).enumerate() {
        let Some(node) = new.pointer_mut(ptr) else {
            continue;
        };
        if n % 10 == 9 {
            node["title"] = json!("renamed");
            continue;
        }
        if node.get("enum").is_some() {
            node["enum"] = json!(["red", "green"]);
            continue;
        }
        match node.get("type").and_then(Value::as_str) {
            Some("string") if node.get("format").is_some() => {
                if let Some(map) = node.as_object_mut() {
                    map.remove("format");
                }
            }
            Some("string") => node["maxLength"] = json!(20),
            Some("integer") if n % 2 == 0 => node["type"] = json!("number"),
            Some("integer") => node["minimum"] = json!(10),
            Some("array") => node["uniqueItems"] = json!(true),
            _ => node["type"] = json!(["boolean", "null"]),
        }
    }
    new
}

/// Compiled exactly as the registry compiles published versions.
fn validator(schema: &Value, base: &str) -> Compiled {
    concord::validate::compile(schema, base, &[])
        .unwrap_or_else(|e| panic!("bench schema compiles: {e:?}"))
}

/// The engine on `old` (at `OLD_URI`) against `new` (at `NEW_URI`).
fn diff(
    old: &Value,
    new: &Value,
    docs: &BTreeMap<String, Value>,
    oracle: &PairOracle<'_>,
    mode: Mode,
    policy: Policy,
) -> compat::Report {
    compat::compare(
        SchemaRef {
            schema: old,
            base_uri: OLD_URI,
        },
        SchemaRef {
            schema: new,
            base_uri: NEW_URI,
        },
        docs,
        oracle,
        mode,
        policy,
    )
}

fn bench(c: &mut Criterion) {
    let old = tree(2_000, 5);
    let new = variant(&old);
    let docs: BTreeMap<String, Value> = BTreeMap::new();
    let (old_compiled, new_compiled) = (validator(&old, OLD_URI), validator(&new, NEW_URI));
    let oracle = PairOracle {
        old: &old_compiled,
        new: &new_compiled,
    };
    let run = |mode, policy| diff(&old, &new, &docs, &oracle, mode, policy);
    let report = run(Mode::Full, Policy::Strict);
    let witnesses = report
        .changes
        .iter()
        .filter(|c| c.witness.is_some())
        .count();
    let breaking = report.changes.iter().filter(|c| c.breaking).count();
    eprintln!(
        "schema: {} bytes; changes: {}, breaking under FULL STRICT: {breaking}, with witness: {witnesses}",
        old.to_string().len(),
        report.changes.len()
    );
    assert_eq!(
        report.changes.len(),
        50,
        "the variant should differ by 50 changes"
    );

    c.bench_function("compile_both_validators", |b| {
        b.iter(|| black_box((validator(&old, OLD_URI), validator(&new, NEW_URI))))
    });
    c.bench_function(
        "diff_2000_props_50_changes_full_strict_with_witnesses",
        |b| b.iter(|| black_box(run(Mode::Full, Policy::Strict))),
    );
    c.bench_function("diff_2000_props_50_changes_backward_lenient", |b| {
        b.iter(|| black_box(run(Mode::Backward, Policy::Lenient)))
    });
}

/// A diff of `{"lat": {"type": "string", "pattern": old}}` against the same with `new`.
fn pattern_diff(c: &mut Criterion, name: &str, old_pattern: &str, new_pattern: &str) {
    let schema = |p: &str| json!({"type": "object", "properties": {"lat": {"type": "string", "pattern": p}}});
    let (old, new) = (schema(old_pattern), schema(new_pattern));
    let docs: BTreeMap<String, Value> = BTreeMap::new();
    let (old_compiled, new_compiled) = (validator(&old, OLD_URI), validator(&new, NEW_URI));
    let oracle = PairOracle {
        old: &old_compiled,
        new: &new_compiled,
    };
    let run = || diff(&old, &new, &docs, &oracle, Mode::Full, Policy::Strict);
    let report = run();
    eprintln!(
        "{name}: {:?}",
        report
            .changes
            .iter()
            .map(|c| (
                c.kind.to_string(),
                c.direction.to_string(),
                c.witness.is_some()
            ))
            .collect::<Vec<_>>()
    );
    c.bench_function(name, |b| b.iter(|| black_box(run())));
}

fn bench_patterns(c: &mut Criterion) {
    let latitude = r"^-?[0-9]{1,2}\.[0-9]{6}$";
    pattern_diff(c, "pattern_kept", latitude, latitude);
    pattern_diff(
        c,
        "pattern_widened_ocpi_latitude",
        latitude,
        r"^-?[0-9]{1,2}\.[0-9]{5,7}$",
    );
    pattern_diff(
        c,
        "pattern_changed_both_ways_uk_postcode",
        "^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}$",
        "^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$",
    );
}

/// The generated schema of `n` definitions against each revision, `FULL`/`STRICT` so that every
/// change that alters the valid set gets a witness.
fn bench_generated(c: &mut Criterion) {
    use generated::Revision;
    let mut group = c.benchmark_group("generated");
    group.sample_size(10);
    for n in [80, 300, 700] {
        let old = generated::schema(n, 1, Revision::Same);
        let old_compiled = validator(&old, OLD_URI);
        for (label, revision) in [
            ("edited", Revision::Edited),
            ("repointed", Revision::Repointed),
        ] {
            let new = generated::schema(n, 1, revision);
            let new_compiled = validator(&new, NEW_URI);
            let oracle = PairOracle {
                old: &old_compiled,
                new: &new_compiled,
            };
            let docs: BTreeMap<String, Value> = BTreeMap::new();
            let run = || diff(&old, &new, &docs, &oracle, Mode::Full, Policy::Strict);
            let report = run();
            let kb = old.to_string().len() / 1024;
            let witnesses = report
                .changes
                .iter()
                .filter(|c| c.witness.is_some())
                .count();
            let unknown = report
                .changes
                .iter()
                .filter(|c| c.direction == compat::Direction::Unknown)
                .count();
            eprintln!(
                "generated {n} definitions ({kb} KB), {label}: {} changes, {witnesses} with witness, {unknown} UNKNOWN",
                report.changes.len()
            );
            assert!(!report.changes.is_empty(), "the revision changes something");
            group.bench_function(format!("diff_{kb}kb_{label}_full_strict"), |b| {
                b.iter(|| black_box(run()))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench, bench_patterns, bench_generated);
criterion_main!(benches);
