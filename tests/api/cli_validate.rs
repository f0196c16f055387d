//! `concord validate` as a vendor's CI would run it: against a server, or offline against a
//! bundle, with the exit code telling whether every document is valid.

use std::process::Command;

use serde_json::json;

use crate::helpers::{TestApp, spawn_app};

/// Runs `concord validate` off the test's runtime thread, which also serves the requests the
/// command makes.
async fn concord_validate(args: &[&str]) -> std::process::Output {
    let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
    tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_concord"))
            .arg("validate")
            .args(args)
            .env("CONCORD_LOG", "warn")
            .output()
            .expect("run concord validate")
    })
    .await
    .expect("join")
}

fn text(output: &std::process::Output) -> (String, String) {
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

struct Files {
    dir: tempfile::TempDir,
}

impl Files {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("dir");
        std::fs::write(
            dir.path().join("good.json"),
            r#"{"library": "Kentish Town", "visitors": 3}"#,
        )
        .expect("w");
        std::fs::write(
            dir.path().join("bad.json"),
            r#"{"library": "Kentish Town", "visitors": -3}"#,
        )
        .expect("w");
        std::fs::write(
            dir.path().join("feed.ndjson"),
            "{\"library\": \"A\", \"visitors\": 1}\n{\"visitors\": 2}\nnot json\n",
        )
        .expect("w");
        Self { dir }
    }

    fn path(&self, name: &str) -> String {
        self.dir.path().join(name).display().to_string()
    }
}

async fn app_with_standard() -> TestApp {
    let app = spawn_app().await;
    let schema = json!({
        "type": "object",
        "required": ["library"],
        "properties": {"library": {"type": "string"}, "visitors": {"type": "integer", "minimum": 0}}
    });
    app.seed(&[("community/library-visit", "1.0.0", schema)])
        .await;
    app
}

#[tokio::test]
async fn validating_against_a_server_prints_pointers_and_fails_when_anything_is_invalid() {
    let app = app_with_standard().await;
    let files = Files::new();
    let output = concord_validate(&[
        "--server",
        &app.address,
        "--standard",
        "community/library-visit",
        "--version",
        "^1",
        &files.path("good.json"),
    ])
    .await;
    assert_eq!(output.status.code(), Some(0), "{:?}", text(&output));
    assert_eq!(
        text(&output).0.trim(),
        format!("{}: valid", files.path("good.json"))
    );

    let output = concord_validate(&[
        "--server",
        &app.address,
        "--standard",
        "community/library-visit",
        &files.path("good.json"),
        &files.path("bad.json"),
        &files.path("feed.ndjson"),
    ])
    .await;
    assert_eq!(output.status.code(), Some(1));
    let (stdout, _) = text(&output);
    assert!(
        stdout.contains(&format!("{}: invalid", files.path("bad.json"))),
        "{stdout}"
    );
    assert!(stdout.contains("  /visitors: -3 is less than the minimum of 0 [minimum at /properties/visitors/minimum]"), "{stdout}");
    assert!(
        stdout.contains(&format!("{}:1: valid", files.path("feed.ndjson"))),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("{}:2: invalid", files.path("feed.ndjson"))),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("{}:3: invalid", files.path("feed.ndjson"))),
        "{stdout}"
    );
    assert!(stdout.contains("line 3 is not JSON"), "{stdout}");
}

#[tokio::test]
async fn validating_offline_against_a_bundle_gives_the_same_verdicts() {
    let app = app_with_standard().await;
    let files = Files::new();
    let bundle = app
        .get("/schemas/community/library-visit/1.0.0/bundle")
        .await
        .text()
        .await
        .expect("bundle");
    let bundle_path = files.path("bundle.json");
    std::fs::write(&bundle_path, bundle).expect("write");
    let output = concord_validate(&[
        "--bundle",
        &bundle_path,
        "--json",
        &files.path("good.json"),
        &files.path("bad.json"),
        &files.path("feed.ndjson"),
    ])
    .await;
    assert_eq!(output.status.code(), Some(1));
    let verdicts: Vec<(Option<u64>, bool)> = text(&output)
        .0
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("json");
            (v["line"].as_u64(), v["valid"].as_bool().expect("valid"))
        })
        .collect();
    assert_eq!(
        verdicts,
        [
            (None, true),
            (None, false),
            (Some(1), true),
            (Some(2), false),
            (Some(3), false)
        ]
    );
    let output = concord_validate(&["--bundle", &bundle_path, &files.path("good.json")]).await;
    assert_eq!(output.status.code(), Some(0));
}

#[tokio::test]
async fn errors_that_are_not_about_documents_exit_with_two() {
    let app = app_with_standard().await;
    let files = Files::new();
    let output = concord_validate(&[
        "--server",
        &app.address,
        "--standard",
        "community/nothing",
        &files.path("good.json"),
    ])
    .await;
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output).1.contains("does not exist"),
        "{:?}",
        text(&output)
    );
    let output = concord_validate(&["--server", &app.address, &files.path("good.json")]).await;
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output).1.contains("--standard"),
        "{:?}",
        text(&output)
    );
    let output = concord_validate(&[
        "--server",
        &app.address,
        "--standard",
        "community/library-visit",
        &files.path("missing.json"),
    ])
    .await;
    assert_eq!(output.status.code(), Some(2));
    let output = concord_validate(&[
        "--server",
        "http://127.0.0.1:9",
        "--standard",
        "a/b",
        &files.path("good.json"),
    ])
    .await;
    assert_eq!(output.status.code(), Some(2));
}

#[tokio::test]
async fn an_offline_bundle_carries_the_standards_it_references() {
    let app = spawn_app().await;
    app.seed(&[
        (
            "common/postcode",
            "1.0.0",
            json!({"type": "string", "pattern": "^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}$"}),
        ),
        (
            "community/library",
            "1.0.0",
            json!({"type": "object", "required": ["postcode"], "properties": {"postcode": {"$ref": "/schemas/common/postcode/1.0.0"}}}),
        ),
    ])
    .await;
    let dir = tempfile::tempdir().expect("dir");
    let path = |name: &str| dir.path().join(name).display().to_string();
    let bundle = app
        .get("/schemas/community/library/1.0.0/bundle")
        .await
        .text()
        .await
        .expect("bundle");
    std::fs::write(path("bundle.json"), bundle).expect("write");
    std::fs::write(path("good.json"), r#"{"postcode": "NW1 2DB"}"#).expect("write");
    std::fs::write(path("bad.json"), r#"{"postcode": "nw1"}"#).expect("write");
    // No --server: the bundle alone must know the referenced standard.
    let output = concord_validate(&["--bundle", &path("bundle.json"), &path("good.json")]).await;
    assert_eq!(output.status.code(), Some(0), "{:?}", text(&output));
    let output = concord_validate(&["--bundle", &path("bundle.json"), &path("bad.json")]).await;
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output).0.contains("/postcode"), "{:?}", text(&output));
}
