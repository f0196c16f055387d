//! `concord diff`: the compatibility engine on two schema files, offline, as a CI step would
//! run it.

use serde_json::{Value, json};

use super::compatibility::v1;

#[tokio::test]
async fn concord_diff_prints_the_report_and_fails_when_the_mode_breaks() {
    let dir = tempfile::tempdir().expect("dir");
    let old = dir.path().join("old.json");
    let new = dir.path().join("new.json");
    std::fs::write(&old, v1().to_string()).expect("w");
    let mut narrowed = v1();
    narrowed["properties"]["kind"]["enum"] = json!(["house", "flat"]);
    std::fs::write(&new, narrowed.to_string()).expect("w");
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_concord"))
            .arg("diff")
            .args(args)
            .output()
            .expect("run concord diff")
    };
    let (old, new) = (old.to_str().expect("p"), new.to_str().expect("p"));
    let output = run(&[old, new]);
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("ENUM_VALUE_REMOVED at /properties/kind/enum [breaking]"),
        "{text}"
    );
    let witness = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("witness, valid under OLD only: "))
        .expect("a witness line");
    assert_eq!(
        serde_json::from_str::<Value>(witness).expect("json"),
        json!({"uprn": 1, "kind": "shop"})
    );
    let output = run(&[new, old, "--mode", "backward"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "widening is backward compatible"
    );
    let output = run(&[old, new, "--mode", "NONE", "--json"]);
    assert_eq!(output.status.code(), Some(0));
    let report: Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(report["requiredBump"], "MINOR");
    assert_eq!(
        run(&[old, new, "--mode", "SIDEWAYS"]).status.code(),
        Some(2)
    );
    assert_eq!(run(&[old, "/nonexistent.json"]).status.code(), Some(2));
}

#[test]
fn concord_diff_applies_the_policy_to_undeclared_properties() {
    let dir = tempfile::tempdir().expect("dir");
    let old = dir.path().join("old.json");
    let new = dir.path().join("new.json");
    // An open model gains a declared property: a document that used `b` freely may now fail.
    std::fs::write(
        &old,
        json!({"type": "object", "properties": {"a": {}}}).to_string(),
    )
    .expect("w");
    std::fs::write(
        &new,
        json!({"type": "object", "properties": {"a": {}, "b": {"type": "integer"}}}).to_string(),
    )
    .expect("w");
    let run = |policy: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_concord"))
            .args(["diff", "--json", "--policy", policy])
            .args([&old, &new])
            .output()
            .expect("run concord diff")
    };
    let strict = run("STRICT");
    assert_eq!(
        strict.status.code(),
        Some(1),
        "STRICT counts undeclared properties"
    );
    let report: Value = serde_json::from_slice(&strict.stdout).expect("json");
    assert_eq!(report["policy"], "STRICT");
    assert_eq!(report["changes"][0]["lenientRelaxes"], true, "{report}");
    let lenient = run("lenient");
    assert_eq!(lenient.status.code(), Some(0), "LENIENT excuses them");
    assert_eq!(
        run("LOOSE").status.code(),
        Some(2),
        "an unknown policy is an error"
    );
}

#[test]
fn a_reader_that_goes_away_does_not_change_the_verdict() {
    let dir = tempfile::tempdir().expect("dir");
    let old = dir.path().join("old.json");
    let new = dir.path().join("new.json");
    std::fs::write(&old, v1().to_string()).expect("w");
    let mut narrowed = v1();
    narrowed["required"] = json!(["uprn", "kind"]);
    std::fs::write(&new, narrowed.to_string()).expect("w");
    // As `concord diff … | head -0` would: the pipe's reading end is closed before anything is
    // written.
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_concord"))
        .arg("diff")
        .args([&old, &new])
        .stdout(writer)
        .output()
        .expect("run concord diff");
    assert_eq!(
        output.status.code(),
        Some(1),
        "the break is still reported: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[tokio::test]
async fn a_schema_without_dollar_schema_is_read_under_the_draft_given() {
    let dir = tempfile::tempdir().expect("dir");
    // Draft 4's boolean `exclusiveMaximum`: not a schema under 2020-12, the default.
    let schema = json!({"type": "number", "maximum": 10, "exclusiveMaximum": true});
    let path = dir.path().join("limit.json");
    std::fs::write(&path, schema.to_string()).expect("w");
    let path = path.to_str().expect("p");
    let concord = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_concord"))
            .args(args)
            .output()
            .expect("run concord")
    };
    let default = concord(&["diff", path, path]);
    assert_eq!(default.status.code(), Some(2), "not a 2020-12 schema");
    assert!(String::from_utf8_lossy(&default.stderr).contains("not a usable schema"));
    let draft4 = concord(&["diff", "--draft", "4", path, path]);
    assert_eq!(
        draft4.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&draft4.stderr)
    );

    let ten = dir.path().join("ten.json");
    std::fs::write(&ten, "10").expect("w");
    let nine = dir.path().join("nine.json");
    std::fs::write(&nine, "9").expect("w");
    let (ten, nine) = (ten.to_str().expect("p"), nine.to_str().expect("p"));
    let exclusive = concord(&["validate", "--bundle", path, "--draft", "4", ten]);
    assert_eq!(
        exclusive.status.code(),
        Some(1),
        "10 is not below an exclusive 10"
    );
    let below = concord(&["validate", "--bundle", path, "--draft", "draft-04", nine]);
    assert_eq!(
        below.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&below.stderr)
    );
    let unknown = concord(&["diff", "--draft", "8", path, path]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("2020-12, 2019-09, 7, 6 or 4"));
}
