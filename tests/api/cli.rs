//! The `concord` binary: tokens, organisations, seeding, migrating (serving is in `serve`).

use std::process::Command;

use serde_json::json;

use crate::helpers::{fresh_database, spawn_app};

fn concord(database_url: &str, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_concord"))
        .args(args)
        .env("DATABASE_URL", database_url)
        .env(
            "CONCORD_AUDIT_KEY_FILE",
            crate::helpers::key_file_for(database_url),
        )
        .env("CONCORD_LOG", "warn")
        .output()
        .expect("run concord")
}

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[tokio::test]
async fn token_create_prints_the_token_alone_and_it_authenticates() {
    let app = spawn_app().await;
    let output = concord(
        &app.database_url,
        &[
            "token",
            "create",
            "--org",
            "southwark",
            "--role",
            "steward",
            "--name",
            "Southwark data team",
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let printed = stdout(&output);
    let lines: Vec<&str> = printed.lines().collect();
    assert_eq!(lines.len(), 1, "only the token is printed: {printed:?}");
    assert!(lines[0].starts_with("concord_"));
    let me = app
        .gql(
            "{ me { name role organisation { slug } } }",
            json!({}),
            Some(lines[0]),
        )
        .await;
    assert_eq!(me.data("/me/organisation/slug"), "southwark");
    assert_eq!(me.data("/me/role"), "STEWARD");
}

#[tokio::test]
async fn token_create_refuses_unknown_organisations_and_roles() {
    let app = spawn_app().await;
    let before = app.snapshot().await;
    let output = concord(
        &app.database_url,
        &[
            "token", "create", "--org", "atlantis", "--role", "steward", "--name", "x",
        ],
    );
    assert!(!output.status.success());
    assert!(stderr(&output).contains("atlantis"), "{}", stderr(&output));
    let output = concord(
        &app.database_url,
        &[
            "token", "create", "--org", "camden", "--role", "admin", "--name", "x",
        ],
    );
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("steward, partner, board, cdo"),
        "{}",
        stderr(&output)
    );
    assert!(stdout(&output).is_empty());
    assert_eq!(app.snapshot().await, before);
}

#[tokio::test]
async fn org_create_adds_a_vendor_and_refuses_a_duplicate() {
    let app = spawn_app().await;
    let output = concord(
        &app.database_url,
        &[
            "org",
            "create",
            "--slug",
            "acme-mobility",
            "--name",
            "Acme Mobility Ltd",
            "--kind",
            "PARTNER",
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let found = app
        .gql(
            "{ organisation(slug: \"acme-mobility\") { name kind } }",
            json!({}),
            None,
        )
        .await;
    assert_eq!(found.data("/organisation/kind"), "PARTNER");
    let output = concord(
        &app.database_url,
        &[
            "org",
            "create",
            "--slug",
            "acme-mobility",
            "--name",
            "Again",
            "--kind",
            "PARTNER",
        ],
    );
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("already exists"),
        "{}",
        stderr(&output)
    );
    let output = concord(
        &app.database_url,
        &[
            "org", "create", "--slug", "acme two", "--name", "X", "--kind", "PARTNER",
        ],
    );
    assert!(!output.status.success());
    assert!(stderr(&output).contains("slug"), "{}", stderr(&output));
}

fn write(dir: &std::path::Path, path: &str, content: &str) {
    let file = dir.join(path);
    std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
    std::fs::write(file, content).expect("write");
}

fn small_catalogue(dir: &std::path::Path) {
    write(
        dir,
        "organisations.toml",
        "[[organisation]]\nslug = \"loti\"\nname = \"London Office of Technology and Innovation\"\nkind = \"OTHER\"\n",
    );
    write(
        dir,
        "common/point/standard.toml",
        r#"
title = "Point"
summary = "A WGS84 point."
theme = "common"
owner = "loti"
tags = ["geo"]

[versions."1.0.0"]
published = "2024-01-10"
changelog = "First version."
"#,
    );
    write(
        dir,
        "common/point/1.0.0.json",
        r#"{"type": "object", "required": ["lat", "lon"], "properties": {"lat": {"type": "number"}, "lon": {"type": "number"}}}"#,
    );
    write(
        dir,
        "places/depot/standard.toml",
        r#"
title = "Depot"
summary = "A depot."
theme = "waste"
owner = "loti"

[versions."1.0.0"]
changelog = "First version."
status = "DEPRECATED"
successor = "1.1.0"
sunset = "2027-01-01"
note = "Use 1.1.0."

[versions."1.1.0"]
changelog = "Adds a name."
"#,
    );
    write(
        dir,
        "places/depot/1.0.0.json",
        r#"{"type": "object", "properties": {"at": {"$ref": "/schemas/common/point/1.0.0"}}}"#,
    );
    write(
        dir,
        "places/depot/1.1.0.json",
        r#"{"type": "object", "properties": {"at": {"$ref": "/schemas/common/point/1.0.0"}, "name": {"type": "string"}}}"#,
    );
}

#[tokio::test]
async fn seed_loads_a_catalogue_in_reference_order_and_is_idempotent() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().expect("dir");
    small_catalogue(dir.path());
    let catalogue = dir.path().to_str().expect("path");
    let output = concord(&app.database_url, &["seed", catalogue]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("standards added: 2, versions published: 3"),
        "{}",
        stdout(&output)
    );
    let again = concord(&app.database_url, &["seed", catalogue]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(
        stdout(&again).contains("standards added: 0, versions published: 0, unchanged: 3"),
        "{}",
        stdout(&again)
    );

    let depot = app
        .gql("{ standard(slug: \"places/depot\") { owner { slug } versions { version status successor approvedAt } } }", json!({}), None)
        .await;
    assert_eq!(depot.data("/standard/owner/slug"), "loti");
    assert_eq!(depot.data("/standard/versions/1/status"), "DEPRECATED");
    assert_eq!(depot.data("/standard/versions/1/successor"), "1.1.0");
    let valid = app
        .gql("{ validate(standard: \"places/depot\", version: \"1.0.0\", payload: {at: {lat: 51.5}}) { valid warnings { code message } } }", json!({}), None)
        .await;
    assert_eq!(valid.data("/validate/valid"), false);
    assert!(
        valid
            .data("/validate/warnings/0/message")
            .as_str()
            .expect("warning")
            .contains("deprecated")
    );
}

#[tokio::test]
async fn seed_refuses_a_catalogue_file_that_differs_from_published_content() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().expect("dir");
    small_catalogue(dir.path());
    let catalogue = dir.path().to_str().expect("path");
    assert!(
        concord(&app.database_url, &["seed", catalogue])
            .status
            .success()
    );
    write(
        dir.path(),
        "common/point/1.0.0.json",
        r#"{"type": "object"}"#,
    );
    let before = app.snapshot().await;
    let output = concord(&app.database_url, &["seed", catalogue]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("never changes"),
        "{}",
        stderr(&output)
    );
    assert_eq!(app.snapshot().await, before);
}

#[tokio::test]
async fn seed_names_the_file_of_an_invalid_schema() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().expect("dir");
    small_catalogue(dir.path());
    write(
        dir.path(),
        "places/depot/1.1.0.json",
        r#"{"type": "thing"}"#,
    );
    let output = concord(
        &app.database_url,
        &["seed", dir.path().to_str().expect("path")],
    );
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("1.1.0.json"),
        "{}",
        stderr(&output)
    );
}

#[tokio::test]
async fn migrate_prepares_an_empty_database() {
    let dir = tempfile::tempdir().expect("dir");
    let database_url = fresh_database(dir.path()).await;
    let output = concord(&database_url, &["migrate"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let again = concord(&database_url, &["migrate"]);
    assert!(
        again.status.success(),
        "migrating twice is harmless: {}",
        stderr(&again)
    );
}

#[tokio::test]
async fn seed_demo_loads_an_illustrative_process_that_every_page_names_and_only_once() {
    let app = spawn_app().await;
    let catalogue = crate::helpers::repo_path("standards");
    let catalogue = catalogue.to_str().expect("path");
    let output = concord(&app.database_url, &["seed", "--demo", catalogue]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("demonstration data loaded"),
        "{}",
        stdout(&output)
    );

    let read = app
        .gql(
            "{ proposals(first: 10) { nodes { state impact { summary } } }
               adoptions(first: 50) { totalCount }
               organisation(slug: \"camden\") { usage { validations } } }",
            json!({}),
            None,
        )
        .await;
    let states: Vec<&str> = read
        .data("/proposals/nodes")
        .as_array()
        .expect("proposals")
        .iter()
        .filter_map(|p| p["state"].as_str())
        .collect();
    assert_eq!(states, ["CONSULTATION", "REJECTED", "IN_REVIEW"]);
    assert!(
        read.data("/proposals/nodes/2/impact/summary")
            .as_str()
            .is_some_and(
                |s| s.contains("London Borough of Camden (1 fixture breaks at /addressLines;")
            ),
        "{}",
        read.body
    );
    assert!(read.data("/adoptions/totalCount").as_u64().expect("count") >= 15);
    assert!(
        !read
            .data("/organisation/usage")
            .as_array()
            .expect("usage")
            .is_empty()
    );
    for path in ["/", "/adoption", "/organisations/camden", "/proposals/1"] {
        let page = app.browser().get(path).await;
        assert!(
            page.body.contains("This registry holds demonstration data"),
            "{path}"
        );
    }
    let data: serde_json::Value = app.get("/adoption.json").await.json().await.expect("json");
    assert_eq!(data["demonstrationData"], true);
    // The people in the story leave no token anyone could use.
    let tokens = app.snapshot().await.into_iter().nth(2).expect("api_tokens");
    let demo_tokens: Vec<_> = tokens
        .iter()
        .filter(|t| t["revoked_at"].is_null())
        .collect();
    assert_eq!(
        demo_tokens.len(),
        4,
        "only the test's own four tokens are live"
    );

    let before = app.snapshot().await;
    let again = concord(&app.database_url, &["seed", "--demo", catalogue]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(
        stdout(&again).contains("already loaded"),
        "{}",
        stdout(&again)
    );
    assert_eq!(app.snapshot().await, before);
}
