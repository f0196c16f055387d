//! Property tests over random schemas (see `generate`) and random mutations of them, under
//! `LENIENT` and `STRICT` and under `BACKWARD`, `FORWARD` and `FULL`:
//! - every witness the engine attaches is accepted by the side it names and rejected by the other,
//!   checked with `jsonschema` validators compiled here, independently of the engine's oracle;
//! - when a verdict is compatible, documents of the producing side (the engine's samples, the
//!   independent random documents of `instances`, and every witness) stay valid under the other
//!   side (`LENIENT`: only documents whose properties both versions declare);
//! - a schema compared with itself has no change that moves the valid set.
//!
//! A proptest shrinks failures; a fixed-seed run also counts what was checked, so the test fails
//! if witnesses or sampled documents dry up rather than passing vacuously.

use std::collections::BTreeMap;

use concord::compat::{self, Direction, Mode, Policy, Report, SchemaRef, Side};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::Value;

use super::generate::{pair, rooted};
use super::instances::{candidates, declares_all};
use super::support::{self, NEW_URI, OLD_URI};

const POLICIES: [Policy; 2] = [Policy::Lenient, Policy::Strict];
const MODES: [Mode; 3] = [Mode::Backward, Mode::Forward, Mode::Full];
/// Pairs in the fixed-seed run; small enough for a debug build.
const PAIRS: u64 = 1000;
/// Keywords the generator must exercise in the fixed run.
const KEYWORDS: [&str; 11] = [
    "\"$ref\"",
    "\"oneOf\"",
    "\"not\"",
    "\"if\"",
    "\"patternProperties\"",
    "\"dependentRequired\"",
    "\"contains\"",
    "\"unevaluatedProperties\"",
    "\"anyOf\"",
    "\"prefixItems\"",
    "\"unevaluatedItems\"",
];

/// What the checks saw, so a run that checks nothing fails.
#[derive(Debug, Default)]
struct Tally {
    pairs: u64,
    /// Pairs both validators compile (contradictory mutations may not).
    compiled: u64,
    /// Pairs with a breaking change under `FULL`/`STRICT`, and those with a witness for one.
    breaking_pairs: u64,
    witnessed_pairs: u64,
    /// Reports (over every policy and mode) with a breaking change, and those with a witness.
    breaking_reports: u64,
    witnessed_reports: u64,
    witnesses: u64,
    /// Documents checked against a compatible verdict, per direction.
    backward_docs: u64,
    forward_docs: u64,
    /// Compatible reports that had at least one document to check.
    reports_sampled: u64,
    /// Schemas with a valid random document, and those where the engine's sampler found one too.
    satisfiable: u64,
    sampler_found: u64,
}

/// Candidate documents for one side: the engine's sampler and the independent random walk.
fn pool(schema: &Value, base: &str, seed: u64) -> (Vec<Value>, Vec<Value>) {
    let sampled = compat::sample_documents(
        SchemaRef {
            schema,
            base_uri: base,
        },
        &compat::NoDocuments,
        12,
    );
    (sampled, candidates(schema, seed, 24))
}

/// The distinct documents `v` accepts (samplers repeat themselves; each is counted once).
fn distinct_valid(mut docs: Vec<Value>, v: &jsonschema::Validator) -> Vec<Value> {
    docs.sort_by_cached_key(Value::to_string);
    docs.dedup();
    docs.retain(|d| v.is_valid(d));
    docs
}

fn describe(old: &Value, new: &Value, report: &Report) -> String {
    let changes: Vec<_> = report
        .changes
        .iter()
        .map(|c| (c.kind, c.direction, c.breaking, c.pointer.clone()))
        .collect();
    format!(
        "{} / {}\nold: {old}\nnew: {new}\nchanges: {changes:?}",
        report.mode, report.policy
    )
}

/// Runs every check on one pair, counting into `t`; an error describes the counterexample.
fn check_pair(old: &Value, new: &Value, seed: u64, t: &mut Tally) -> Result<(), String> {
    t.pairs += 1;
    let (Ok(vo), Ok(vn)) = (
        support::independent_validator(old, OLD_URI),
        support::independent_validator(new, NEW_URI),
    ) else {
        return Ok(());
    };
    let docs = BTreeMap::new();
    let Ok(oracle) = support::SchemaOracle::new(old, new, &docs) else {
        return Ok(());
    };
    t.compiled += 1;
    let (mut old_docs, random_old) = pool(old, OLD_URI, seed);
    let (mut new_docs, random_new) = pool(new, NEW_URI, seed.wrapping_add(1));
    for (v, sampled, random) in [(&vo, &old_docs, &random_old), (&vn, &new_docs, &random_new)] {
        if random.iter().any(|d| v.is_valid(d)) {
            t.satisfiable += 1;
            t.sampler_found += u64::from(sampled.iter().any(|d| v.is_valid(d)));
        }
    }
    old_docs.extend(random_old);
    new_docs.extend(random_new);

    let mut reports = Vec::new();
    for policy in POLICIES {
        for mode in MODES {
            reports.push(support::run(old, new, &docs, &oracle, mode, policy));
        }
    }
    for report in &reports {
        let breaking: Vec<_> = report.breaking_changes().collect();
        let witnessed = breaking.iter().any(|c| c.witness.is_some());
        if !breaking.is_empty() {
            t.breaking_reports += 1;
            t.witnessed_reports += u64::from(witnessed);
            if (report.mode, report.policy) == (Mode::Full, Policy::Strict) {
                t.breaking_pairs += 1;
                t.witnessed_pairs += u64::from(witnessed);
            }
        }
        for change in &report.changes {
            let Some(w) = &change.witness else { continue };
            let (yes, no) = match w.valid_under {
                Side::Old => (&vo, &vn),
                Side::New => (&vn, &vo),
            };
            if !yes.is_valid(&w.document) || no.is_valid(&w.document) {
                return Err(format!(
                    "{} witness {} is not valid under {} only\n{}",
                    change.kind,
                    w.document,
                    w.valid_under,
                    describe(old, new, report)
                ));
            }
            t.witnesses += 1;
            // A witness of one report is a sharp probe of the others' verdicts.
            old_docs.push(w.document.clone());
            new_docs.push(w.document.clone());
        }
    }

    let old_docs = distinct_valid(old_docs, &vo);
    let new_docs = distinct_valid(new_docs, &vn);
    for report in reports.iter().filter(|r| r.compatible) {
        let lenient = report.policy == Policy::Lenient;
        let plain = |d: &&Value| !lenient || (declares_all(old, d) && declares_all(new, d));
        let mut checked = 0;
        if report.mode.checks_backward() {
            for d in old_docs.iter().filter(plain) {
                if !vn.is_valid(d) {
                    let why = describe(old, new, report);
                    return Err(format!(
                        "compatible, but {d} is valid under OLD only\n{why}"
                    ));
                }
                checked += 1;
                t.backward_docs += 1;
            }
        }
        if report.mode.checks_forward() {
            for d in new_docs.iter().filter(plain) {
                if !vo.is_valid(d) {
                    let why = describe(old, new, report);
                    return Err(format!(
                        "compatible, but {d} is valid under NEW only\n{why}"
                    ));
                }
                checked += 1;
                t.forward_docs += 1;
            }
        }
        t.reports_sampled += u64::from(checked > 0);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn witnesses_and_sampled_documents_agree_with_every_verdict((old, new) in pair(), seed in any::<u64>()) {
        check_pair(&old, &new, seed, &mut Tally::default()).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn a_schema_compared_with_itself_has_no_change_to_its_valid_documents(s in rooted()) {
        for policy in POLICIES {
            let report = support::run(&s, &s, &BTreeMap::new(), &support::RejectAll, Mode::Full, policy);
            prop_assert!(report.changes.iter().all(|c| c.direction == Direction::Annotation), "{s}: {:?}", report.changes);
        }
    }
}

/// The same checks over a fixed sequence of pairs, with floors on what they exercised: the
/// property holds vacuously if no witness is attached or no sampled document is ever valid.
#[test]
fn a_fixed_run_checks_many_witnesses_and_sampled_documents() {
    // For a longer hunt: COMPAT_PAIRS=25000 COMPAT_SEED=7 (about a minute per 20,000 pairs).
    let env = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<u64>().ok());
    let mut runner = match env("COMPAT_SEED") {
        Some(seed) => {
            let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[seed as u8; 32]);
            TestRunner::new_with_rng(Config::default(), rng)
        }
        None => TestRunner::deterministic(),
    };
    let strategy = pair();
    let mut t = Tally::default();
    let mut unseen: Vec<&str> = KEYWORDS.to_vec();
    let pairs = env("COMPAT_PAIRS").unwrap_or(PAIRS);
    for seed in 0..pairs {
        let (old, new) = strategy.new_tree(&mut runner).expect("generates").current();
        let text = format!("{old}{new}");
        unseen.retain(|k| !text.contains(k));
        if let Err(e) = check_pair(&old, &new, seed, &mut t) {
            panic!("{e}");
        }
    }
    eprintln!("{t:#?}");
    assert!(unseen.is_empty(), "never generated: {unseen:?}");
    let at_least = |part: u64, whole: u64, percent: u64| part * 100 >= whole * percent;
    assert!(
        at_least(t.compiled, t.pairs, 80),
        "too few pairs compile: {t:?}"
    );
    // Floors at about half of what a run sees (per 1,000 pairs: ~330 breaking, ~1,100 witnesses,
    // ~25,000 documents each way, ~3,600 compatible verdicts with documents to check).
    assert!(
        t.breaking_pairs >= pairs / 5,
        "too few breaking pairs: {t:?}"
    );
    assert!(
        at_least(t.witnessed_pairs, t.breaking_pairs, 60),
        "too few witnessed pairs: {t:?}"
    );
    assert!(
        at_least(t.witnessed_reports, t.breaking_reports, 50),
        "too few witnesses: {t:?}"
    );
    assert!(t.witnesses >= pairs / 2, "too few witnesses checked: {t:?}");
    assert!(
        t.backward_docs >= 10 * pairs,
        "too few BACKWARD documents: {t:?}"
    );
    assert!(
        t.forward_docs >= 10 * pairs,
        "too few FORWARD documents: {t:?}"
    );
    assert!(
        t.reports_sampled >= pairs,
        "too few compatible verdicts sampled: {t:?}"
    );
    assert!(
        at_least(t.sampler_found, t.satisfiable, 70),
        "the engine's sampler misses: {t:?}"
    );
}
