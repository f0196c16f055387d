//! Runs every case of tests/corpus/*.json and reports each failing case by name.
//!
//! A case: `{name, old, new, documents?, changes: [{kind, pointer}], verdicts: {BACKWARD|FORWARD|FULL:
//! {LENIENT, STRICT}}, witness?: MODE}`. The expected changes are compared as a set of
//! (kind, pointer). Wherever `BACKWARD` or `FORWARD` is expected to break under `STRICT`, some
//! breaking change must carry a witness, unless the case says why none can exist in `no_witness`
//! (`witness: MODE`, from older cases, is implied; next to `no_witness` it still asks for one under
//! that mode). Every attached witness is re-checked with freshly compiled validators.

use std::collections::{BTreeMap, BTreeSet};

use concord::compat::{Mode, Policy};
use serde::Deserialize;
use serde_json::Value;

#[derive(Deserialize)]
struct Expected {
    kind: String,
    pointer: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    #[serde(default)]
    note: Option<String>,
    old: Value,
    new: Value,
    #[serde(default)]
    documents: BTreeMap<String, Value>,
    changes: Vec<Expected>,
    verdicts: BTreeMap<String, BTreeMap<String, bool>>,
    #[serde(default)]
    witness: Option<String>,
    /// Why no witness can be built where the case breaks a mode.
    #[serde(default)]
    no_witness: Option<String>,
    /// The validator cannot compile one side (an unresolvable reference): run with an oracle that
    /// rejects everything, so no witness can be attached.
    #[serde(default)]
    uncompilable: bool,
}

#[derive(Deserialize)]
struct File {
    cases: Vec<Case>,
}

fn load() -> Vec<(String, Case)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/compat/corpus");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("corpus dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    paths.sort();
    let mut out = Vec::new();
    for path in paths
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
    {
        let text = std::fs::read_to_string(&path).expect("read corpus file");
        let file: File =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let family = path
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        out.extend(file.cases.into_iter().map(|c| (family.clone(), c)));
    }
    out
}

fn run_case(case: &Case) -> Vec<String> {
    let mut problems = Vec::new();
    if case.uncompilable {
        return run_uncompilable(case);
    }
    let oracle = match super::support::SchemaOracle::new(&case.old, &case.new, &case.documents) {
        Ok(o) => o,
        Err(e) => return vec![format!("schemas do not compile: {e}")],
    };
    let checker = super::support::SchemaOracle::new(&case.old, &case.new, &case.documents)
        .expect("compiles twice");
    let base = super::support::run(
        &case.old,
        &case.new,
        &case.documents,
        &oracle,
        Mode::Backward,
        Policy::Strict,
    );
    let got: BTreeSet<(String, String)> = base
        .changes
        .iter()
        .map(|c| (c.kind.to_string(), c.pointer.clone()))
        .collect();
    let want: BTreeSet<(String, String)> = case
        .changes
        .iter()
        .map(|c| (c.kind.clone(), c.pointer.clone()))
        .collect();
    if got != want {
        let missing: Vec<_> = want.difference(&got).collect();
        let extra: Vec<_> = got.difference(&want).collect();
        problems.push(format!(
            "changes differ: missing {missing:?}, unexpected {extra:?}"
        ));
    }
    let none = super::support::run(
        &case.old,
        &case.new,
        &case.documents,
        &oracle,
        Mode::None,
        Policy::Strict,
    );
    if !none.compatible {
        problems.push("NONE must always be compatible".to_string());
    }
    for (mode_name, by_policy) in &case.verdicts {
        let mode: Mode = match mode_name.parse() {
            Ok(m) => m,
            Err(e) => {
                problems.push(e.to_string());
                continue;
            }
        };
        for (policy_name, expected) in by_policy {
            let policy: Policy = match policy_name.parse() {
                Ok(p) => p,
                Err(e) => {
                    problems.push(e.to_string());
                    continue;
                }
            };
            let report =
                super::support::run(&case.old, &case.new, &case.documents, &oracle, mode, policy);
            if report.compatible != *expected {
                let breaking: Vec<String> = report
                    .breaking_changes()
                    .map(|c| format!("{} {}", c.kind, c.pointer))
                    .collect();
                problems.push(format!(
                    "{mode} {policy}: expected compatible={expected}, got {} (breaking: {breaking:?})",
                    report.compatible
                ));
            }
            for change in &report.changes {
                if change.breaking && change.witness.is_none() && change.witness_note.is_none() {
                    problems.push(format!(
                        "{mode} {policy}: {} has neither witness nor note",
                        change.kind
                    ));
                }
                if let Some(w) = &change.witness {
                    let valid =
                        concord::compat::Oracle::accepts(&checker, w.valid_under, &w.document);
                    let other = concord::compat::Oracle::accepts(
                        &checker,
                        w.valid_under.other(),
                        &w.document,
                    );
                    if !valid || other {
                        problems.push(format!(
                            "{mode} {policy}: witness of {} is wrong: {}",
                            change.kind, w.document
                        ));
                    }
                }
            }
            let must_witness = case.witness.as_deref() == Some(mode_name.as_str())
                || (case.no_witness.is_none()
                    && !*expected
                    && matches!(mode, Mode::Backward | Mode::Forward));
            if must_witness
                && policy == Policy::Strict
                && !report.breaking_changes().any(|c| c.witness.is_some())
            {
                let notes: Vec<String> = report
                    .breaking_changes()
                    .map(|c| format!("{}: {}", c.kind, c.witness_note.as_deref().unwrap_or("")))
                    .collect();
                problems.push(format!(
                    "{mode} STRICT: expected a witness, found none ({notes:?})"
                ));
            }
        }
    }
    problems
}

fn run_uncompilable(case: &Case) -> Vec<String> {
    let mut problems = Vec::new();
    if super::support::SchemaOracle::new(&case.old, &case.new, &case.documents).is_ok() {
        problems.push("marked uncompilable but both schemas compile".to_string());
    }
    let base = super::support::run(
        &case.old,
        &case.new,
        &case.documents,
        &super::support::RejectAll,
        Mode::Backward,
        Policy::Strict,
    );
    let got: BTreeSet<(String, String)> = base
        .changes
        .iter()
        .map(|c| (c.kind.to_string(), c.pointer.clone()))
        .collect();
    let want: BTreeSet<(String, String)> = case
        .changes
        .iter()
        .map(|c| (c.kind.clone(), c.pointer.clone()))
        .collect();
    if got != want {
        problems.push(format!("changes differ: got {got:?}, want {want:?}"));
    }
    for (mode_name, by_policy) in &case.verdicts {
        for (policy_name, expected) in by_policy {
            let (Ok(mode), Ok(policy)) = (mode_name.parse::<Mode>(), policy_name.parse::<Policy>())
            else {
                problems.push(format!("bad verdict key {mode_name}/{policy_name}"));
                continue;
            };
            let report = super::support::run(
                &case.old,
                &case.new,
                &case.documents,
                &super::support::RejectAll,
                mode,
                policy,
            );
            if report.compatible != *expected {
                problems.push(format!(
                    "{mode} {policy}: expected compatible={expected}, got {}",
                    report.compatible
                ));
            }
        }
    }
    problems
}

#[test]
fn every_corpus_case_gives_the_expected_changes_and_verdicts() {
    let cases = load();
    let mut failures = Vec::new();
    let mut names = BTreeSet::new();
    let mut per_family: BTreeMap<String, usize> = BTreeMap::new();
    for (family, case) in &cases {
        *per_family.entry(family.clone()).or_default() += 1;
        if !names.insert(case.name.clone()) {
            failures.push(format!("[{family}] {}: duplicate case name", case.name));
        }
        let _ = &case.note;
        for problem in run_case(case) {
            failures.push(format!("[{family}] {}: {problem}", case.name));
        }
    }
    eprintln!("corpus: {} cases {per_family:?}", cases.len());
    assert!(
        failures.is_empty(),
        "{} failing:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(
        cases.len() >= 250,
        "the corpus must hold at least 250 cases, it has {}",
        cases.len()
    );
}
