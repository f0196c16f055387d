//! Benchmark: Concord's per-document validation path, in process, on the catalogue's EV charge
//! point standard (OCPI 2.2.1 Location, 2.0.0): parse the JSON text, validate with the registry's
//! settings (formats asserted, linear-time patterns), and write the NDJSON result line; against
//! the bare `jsonschema` check on the same documents. The HTTP figures come from
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

criterion_group!(benches, bench);
criterion_main!(benches);
