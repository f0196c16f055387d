//! Benchmark: Concord's per-document validation path, in process, on the catalogue's EV charge
//! point standard (OCPI 2.2.1 Location, 2.0.0): parse the JSON text, validate with the registry's
//! settings (formats asserted, linear-time patterns), and write the NDJSON result line; against
//! the bare `jsonschema` check on the same documents. Then the cost of ECMA-262 patterns: a
//! pattern-heavy schema with linear patterns on Concord's engine (fancy-regex, which hands them
//! to the linear-time engine) against jsonschema's linear-only engine, the same schema with
//! look-around in every pattern (the backtracking engine), and a catastrophic pattern against a
//! 50,000-character value (refused at the backtrack limit). The HTTP figures come from
//! `benches/load/measure.sh`; both are in docs/PERFORMANCE.md.
//!
//! Run: `cargo bench --bench validate`.

// criterion's macros generate undocumented functions.
#![allow(missing_docs)]

use std::hint::black_box;
use std::path::PathBuf;

use concord::validate::{self, Compiled};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use serde_json::Value;

const URI: &str = "http://127.0.0.1:8080/schemas/mobility/ev-chargepoint/2.0.0";

fn standard_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("standards/mobility/ev-chargepoint")
}

/// The 2.0.0 examples, valid and invalid, as text.
fn documents() -> Vec<String> {
    let examples = standard_dir().join("examples/2.0.0");
    let mut documents = Vec::new();
    for kind in ["valid", "invalid"] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(examples.join(kind))
            .expect("examples")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        files.sort();
        for file in files {
            let text = std::fs::read_to_string(file).expect("example");
            let value: Value = serde_json::from_str(&text).expect("json");
            documents.push(value.to_string());
        }
    }
    documents
}

fn compile_standard() -> Compiled {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(standard_dir().join("2.0.0.json")).expect("schema"),
    )
    .expect("json");
    validate::compile(&schema, URI, &[]).expect("the published schema compiles")
}

fn bench(c: &mut Criterion) {
    let compiled = compile_standard();
    let documents = documents();
    let bytes: usize = documents.iter().map(String::len).sum();
    let mut group = c.benchmark_group("ev_chargepoint_2_0_0");
    group.throughput(Throughput::Elements(documents.len() as u64));
    group.bench_function(
        BenchmarkId::new("parse_and_is_valid", documents.len()),
        |b| {
            b.iter(|| {
                for text in &documents {
                    let value: Value = serde_json::from_str(text).expect("json");
                    black_box(compiled.is_valid(&value));
                }
            })
        },
    );
    group.bench_function(
        BenchmarkId::new("concord_result_line", documents.len()),
        |b| {
            let mut out = Vec::with_capacity(bytes);
            b.iter(|| {
                out.clear();
                for text in &documents {
                    let value: Value = serde_json::from_str(text).expect("json");
                    let outcome = validate::validate(&compiled, &value, 100);
                    serde_json::to_writer(&mut out, &outcome).expect("write");
                    out.push(b'\n');
                }
                black_box(out.len())
            })
        },
    );
    group.finish();
    c.bench_function("compile_ev_chargepoint_2_0_0", |b| {
        b.iter(|| black_box(compile_standard()))
    });
}

/// A record of 20 string fields, each with a pattern of the kind real standards use; with
/// `look_around`, each pattern also refuses a reserved prefix with a negative look-ahead.
fn pattern_heavy_schema(look_around: bool) -> Value {
    const PATTERNS: [&str; 5] = [
        "^[A-Z]{2}[0-9]{6}$",
        "^[a-z0-9._-]+@[a-z0-9.-]+\\.[a-z]{2,}$",
        "^-?[0-9]{1,2}\\.[0-9]{6}$",
        "^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}$",
        "^(urn|uri):[a-z]+(:[a-z0-9-]+)+$",
    ];
    let mut properties = serde_json::Map::new();
    for i in 0..20 {
        let base = PATTERNS[i % PATTERNS.len()];
        let pattern = if look_around {
            format!("^(?!XX|test)(?=.{{1,64}}$){}", &base[1..])
        } else {
            base.to_owned()
        };
        properties.insert(
            format!("f{i}"),
            serde_json::json!({"type": "string", "pattern": pattern}),
        );
    }
    serde_json::json!({"type": "object", "properties": properties})
}

/// 100 documents for [`pattern_heavy_schema`], nine in ten valid.
fn pattern_documents() -> Vec<Value> {
    const VALUES: [&str; 5] = [
        "AB123456",
        "someone@camden.gov.uk",
        "51.500000",
        "NW1 2DB",
        "urn:london:waste-depot",
    ];
    (0..100)
        .map(|n| {
            let mut document = serde_json::Map::new();
            for i in 0..20 {
                let value = if n % 10 == 0 && i == n % 20 {
                    "not valid here".to_owned()
                } else {
                    VALUES[i % VALUES.len()].to_owned()
                };
                document.insert(format!("f{i}"), Value::String(value));
            }
            Value::Object(document)
        })
        .collect()
}

fn bench_patterns(c: &mut Criterion) {
    let documents = pattern_documents();
    let linear = pattern_heavy_schema(false);
    let look_around = pattern_heavy_schema(true);
    let bare = jsonschema::options()
        .should_validate_formats(true)
        .with_pattern_options(jsonschema::PatternOptions::regex())
        .build(&linear)
        .expect("compiles");
    let concord_linear = validate::compile(&linear, URI, &[]).expect("compiles");
    let concord_look_around = validate::compile(&look_around, URI, &[]).expect("compiles");
    let mut group = c.benchmark_group("patterns_20_fields");
    group.throughput(Throughput::Elements(documents.len() as u64));
    group.bench_function("jsonschema_linear_engine", |b| {
        b.iter(|| documents.iter().filter(|d| bare.is_valid(d)).count())
    });
    group.bench_function("concord_linear_patterns", |b| {
        b.iter(|| {
            documents
                .iter()
                .filter(|d| concord_linear.is_valid(d))
                .count()
        })
    });
    group.bench_function("concord_look_around_patterns", |b| {
        b.iter(|| {
            documents
                .iter()
                .filter(|d| concord_look_around.is_valid(d))
                .count()
        })
    });
    group.finish();
    let catastrophic = validate::compile(
        &serde_json::json!({"type": "string", "pattern": "^((?=a)a+)+$"}),
        URI,
        &[],
    )
    .expect("compiles");
    let long = Value::String(format!("{}!", "a".repeat(50_000)));
    c.bench_function("catastrophic_pattern_50000_chars_refused", |b| {
        b.iter(|| black_box(validate::validate(&catastrophic, &long, 10)))
    });
}

criterion_group!(benches, bench, bench_patterns);
criterion_main!(benches);
