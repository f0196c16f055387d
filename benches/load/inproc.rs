//! In-process jsonschema loop for Concord's load benchmark: how many documents per second one
//! core can parse and validate with the engine and settings Concord uses, without HTTP.
//!
//! ```sh
//! taskset -c 1 target/release/examples/inproc [PAYLOADS] [--schema SCHEMA] [--labels]
//! ```
//!
//! `PAYLOADS` defaults to `target/bench/workload/payloads.ndjson` and `SCHEMA` to
//! `benches/load/workload/schema.json` (both under the repository, as `measure.sh setup` writes
//! them). The validator is compiled once: jsonschema 0.61, draft 2020-12, `format` asserted
//! (`should_validate_formats(true)`), patterns on the `regex` crate (Concord's choice); the
//! program uses mimalloc, as Concord does. Reading the file is not timed. After a 5,000-document
//! warm-up, three timed passes over every line:
//!
//! - parse + validate: `serde_json::from_slice` then `Validator::is_valid` (`docs_per_s`);
//! - parse only, each tree dropped at once as in the first pass (`parse_docs_per_s`);
//! - validate only, over trees parsed beforehand, untimed (`validate_docs_per_s`).
//!
//! It prints one line, `RESULT inproc docs=… valid=… docs_per_s=… validate_docs_per_s=… …`.
//! With `--labels` it first compares each verdict with `PAYLOADS.labels` (what the generator
//! meant) and prints how many agree and the first disagreements.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context as _, bail};
use serde_json::Value;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Documents validated before timing starts.
const WARM_UP: usize = 5_000;

/// What the command line asked for.
struct Args {
    payloads: PathBuf,
    schema: PathBuf,
    labels: bool,
}

fn args() -> anyhow::Result<Args> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut out = Args {
        payloads: root.join("target/bench/workload/payloads.ndjson"),
        schema: root.join("benches/load/workload/schema.json"),
        labels: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--labels" => out.labels = true,
            "--schema" => out.schema = it.next().context("--schema needs a path")?.into(),
            "-h" | "--help" => {
                println!("usage: inproc [PAYLOADS] [--schema SCHEMA] [--labels]");
                std::process::exit(0);
            }
            flag if flag.starts_with('-') => bail!("unknown option {flag}"),
            path => out.payloads = path.into(),
        }
    }
    Ok(out)
}

/// Per-second rate of `count` things done in `seconds`.
fn rate(count: usize, seconds: f64) -> f64 {
    count as f64 / seconds.max(1e-9)
}

/// Compares the parse+validate verdicts with the generator's `.labels` file.
fn check_labels(payloads: &std::path::Path, verdicts: &[bool]) -> anyhow::Result<()> {
    let mut path = payloads.as_os_str().to_owned();
    path.push(".labels");
    let labels = std::fs::read_to_string(&path)
        .with_context(|| format!("reading {}", PathBuf::from(&path).display()))?;
    let mut agree = 0;
    let mut shown = 0;
    for (i, (label, valid)) in labels.lines().zip(verdicts).enumerate() {
        let meant_valid = label.starts_with("valid");
        if meant_valid == *valid {
            agree += 1;
        } else if shown < 10 {
            shown += 1;
            println!(
                "  line {}: meant {}, jsonschema says {}",
                i + 1,
                label.replace('\t', " "),
                if *valid { "valid" } else { "invalid" }
            );
        }
    }
    println!(
        "labels: {agree}/{} verdicts match the generator's intent",
        verdicts.len()
    );
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let args = args()?;
    let schema_text = std::fs::read(&args.schema)
        .with_context(|| format!("reading {}", args.schema.display()))?;
    let schema: Value = serde_json::from_slice(&schema_text).context("the schema is not JSON")?;
    let data = std::fs::read(&args.payloads).with_context(|| {
        format!(
            "reading {} (run benches/load/measure.sh setup)",
            args.payloads.display()
        )
    })?;
    let lines: Vec<&[u8]> = data
        .split(|b| *b == b'\n')
        .filter(|line| !line.is_empty())
        .collect();
    if lines.is_empty() {
        bail!("no payloads in {}", args.payloads.display());
    }
    let bytes: usize = lines.iter().map(|line| line.len()).sum();

    let started = Instant::now();
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .with_pattern_options(jsonschema::PatternOptions::regex())
        .build(&schema)
        .map_err(|e| anyhow::anyhow!("the schema does not compile: {e}"))?;
    let compile_ms = started.elapsed().as_secs_f64() * 1e3;

    let check = |line: &[u8]| {
        serde_json::from_slice::<Value>(line).is_ok_and(|doc| validator.is_valid(&doc))
    };
    for line in lines.iter().cycle().take(WARM_UP) {
        std::hint::black_box(check(line));
    }

    let started = Instant::now();
    let verdicts: Vec<bool> = lines.iter().map(|line| check(line)).collect();
    let both = started.elapsed().as_secs_f64();
    let valid = verdicts.iter().filter(|v| **v).count();

    let started = Instant::now();
    for line in &lines {
        drop(std::hint::black_box(serde_json::from_slice::<Value>(line)));
    }
    let parse = started.elapsed().as_secs_f64();

    // Not timed: keeping 100,000 trees alive costs fresh memory pages, which is not parsing.
    let docs: Vec<Value> = lines
        .iter()
        .map(|line| serde_json::from_slice(line).unwrap_or(Value::Null))
        .collect();

    let started = Instant::now();
    let valid_again = docs.iter().filter(|doc| validator.is_valid(doc)).count();
    let only = started.elapsed().as_secs_f64();
    if valid_again != valid {
        bail!("the passes disagree: {valid} valid after parsing, {valid_again} over parsed trees");
    }

    if args.labels {
        check_labels(&args.payloads, &verdicts)?;
    }
    let n = lines.len();
    println!(
        "RESULT inproc docs={n} valid={valid} invalid={} docs_per_s={:.0} mb_per_s={:.1} \
         parse_docs_per_s={:.0} validate_docs_per_s={:.0} compile_ms={compile_ms:.1}",
        n - valid,
        rate(n, both),
        bytes as f64 / 1e6 / both.max(1e-9),
        rate(n, parse),
        rate(n, only),
    );
    Ok(())
}
