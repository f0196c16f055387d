//! `concord propose`, `concord check` and `concord import` as a borough's CI runs them against a
//! server: what each creates, the report it prints, and the exit code (0 created, 1 refused by
//! the rules, 2 usage or connection errors) with nothing stored when it refuses.

use std::process::{Command, Output};

use concord::domain::Role;
use serde_json::{Value, json};

use crate::helpers::{TestApp, address_schema, spawn_app};

/// Runs `concord ARGS` against `app` with `token`, off the runtime thread that serves it.
async fn concord(app: &TestApp, token: Option<&str>, args: &[&str]) -> Output {
    let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
    let server = app.address.clone();
    let token = token.map(str::to_owned);
    tokio::task::spawn_blocking(move || {
        let mut command = Command::new(env!("CARGO_BIN_EXE_concord"));
        command
            .args(args)
            .env("CONCORD_SERVER", server)
            .env("CONCORD_LOG", "warn")
            .env_remove("CONCORD_TOKEN");
        if let Some(token) = token {
            command.env("CONCORD_TOKEN", token);
        }
        command.output().expect("run concord")
    })
    .await
    .expect("join")
}

/// Asserts the exit code, showing both streams when it differs.
fn assert_exit(output: &Output, code: i32) {
    assert_eq!(
        output.status.code(),
        Some(code),
        "stdout: {}\nstderr: {}",
        out(output),
        err(output)
    );
}

/// Runs `concord check --standard SLUG --version V FILE`.
async fn check(app: &TestApp, slug: &str, version: &str, file: &str) -> Output {
    concord(
        app,
        None,
        &["check", "--standard", slug, "--version", version, file],
    )
    .await
}

/// Runs `concord propose --standard SLUG --version V EXTRA… FILE` with `token`.
async fn propose(
    app: &TestApp,
    token: &str,
    slug: &str,
    version: &str,
    extra: &[&str],
    file: &str,
) -> Output {
    let mut args = vec!["propose", "--standard", slug, "--version", version];
    args.extend_from_slice(extra);
    args.push(file);
    concord(app, Some(token), &args).await
}

fn out(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn err(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn write(dir: &std::path::Path, name: &str, value: &Value) -> String {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("dir");
    }
    std::fs::write(&path, value.to_string()).expect("write");
    path.display().to_string()
}

const REVISIONS: &str =
    "query($id: ID!) { proposal(id: $id) { state revisions { number version } } }";

/// The proposal id printed in `proposed … as proposal N (STATE): URL`.
fn proposal_id(stdout: &str) -> String {
    stdout
        .split("as proposal ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("no proposal id in {stdout}"))
        .to_owned()
}

#[tokio::test]
async fn propose_creates_a_standard_revises_its_open_proposal_then_proposes_versions() {
    let app = spawn_app().await;
    let camden = app.token("camden", Role::Steward).await;
    let dir = tempfile::tempdir().expect("dir");
    let file = write(dir.path(), "address.json", &address_schema());
    let output = propose(&app, &camden, "common/address", "1.0.0", &[], &file).await;
    assert_exit(&output, 0);
    let stdout = out(&output);
    let id = proposal_id(&stdout);
    assert!(
        stdout.contains(&format!("{}/proposals/{id}", app.address)),
        "{stdout}"
    );
    assert!(stdout.contains("a new standard"), "{stdout}");

    // Proposing again while the draft is open makes a new revision of it, not a second one.
    let output = propose(
        &app,
        &camden,
        "common/address",
        "1.0.1",
        &["--changelog", "Typo in a description."],
        &file,
    )
    .await;
    assert_exit(&output, 0);
    assert!(
        out(&output).starts_with("revised common/address 1.0.1"),
        "{}",
        out(&output)
    );
    let revisions = app.gql(REVISIONS, json!({ "id": id }), None).await;
    assert_eq!(
        revisions.data("/proposal/revisions"),
        &json!([{"number": 1, "version": "1.0.0"}, {"number": 2, "version": "1.0.1"}])
    );
    app.approve(&camden, &id).await;

    // A new required field breaks BACKWARD: a minor version understates it.
    let mut breaking = address_schema();
    breaking["required"] = json!(["uprn", "postcode", "usrn"]);
    let file = write(dir.path(), "address.json", &breaking);
    let before = app.snapshot().await;
    let output = propose(&app, &camden, "common/address", "1.1.0", &[], &file).await;
    assert_exit(&output, 1);
    assert!(
        out(&output).contains("VERSION_BUMP_TOO_SMALL"),
        "{}",
        out(&output)
    );
    assert_eq!(app.snapshot().await, before, "a refusal stores nothing");

    let output = propose(
        &app,
        &camden,
        "common/address",
        "2.0.0",
        &["--submit", "--rationale", "Street records need the USRN."],
        &file,
    )
    .await;
    assert_exit(&output, 0);
    let stdout = out(&output);
    assert!(
        stdout.starts_with("proposed and submitted common/address 2.0.0"),
        "{stdout}"
    );
    assert!(stdout.contains("BREAKS the mode"), "{stdout}");
    assert!(stdout.contains("witness, valid under OLD only"), "{stdout}");
    let state = app
        .gql(REVISIONS, json!({ "id": proposal_id(&stdout) }), None)
        .await;
    assert_eq!(state.data("/proposal/state"), "CONSULTATION");
}

#[tokio::test]
async fn propose_refuses_an_invalid_schema_at_its_pointer_with_exit_1() {
    let app = spawn_app().await;
    let camden = app.token("camden", Role::Steward).await;
    let dir = tempfile::tempdir().expect("dir");
    let file = write(
        dir.path(),
        "bad.json",
        &json!({"properties": {"a": {"type": 12}}}),
    );
    let before = app.snapshot().await;
    let output = propose(&app, &camden, "common/bad", "1.0.0", &[], &file).await;
    assert_exit(&output, 1);
    let stdout = out(&output);
    assert!(stdout.contains("refused (INVALID_SCHEMA)"), "{stdout}");
    assert!(stdout.contains("/properties/a/type"), "{stdout}");
    assert_eq!(app.snapshot().await, before);
}

#[tokio::test]
async fn propose_without_a_usable_token_server_or_file_is_a_usage_error_with_exit_2() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().expect("dir");
    let file = write(dir.path(), "address.json", &address_schema());
    let not_json = dir.path().join("broken.json");
    std::fs::write(&not_json, "{ not json").expect("write");
    let not_json = not_json.display().to_string();
    let before = app.snapshot().await;
    let args = [
        "propose",
        "--standard",
        "common/address",
        "--version",
        "1.0.0",
    ];
    for (token, extra, says) in [
        (None, vec![file.as_str()], "needs an API token"),
        (
            Some("concord_not-a-real-token"),
            vec![file.as_str()],
            "UNAUTHENTICATED",
        ),
        (Some("concord_x"), vec![not_json.as_str()], "is not JSON"),
        (
            Some("concord_x"),
            vec!["--server", "http://127.0.0.1:9", file.as_str()],
            "could not reach",
        ),
        (
            Some("concord_x"),
            vec!["--version", "one", file.as_str()],
            "version",
        ),
    ] {
        let mut all: Vec<&str> = args.to_vec();
        all.extend(extra);
        let output = concord(&app, token, &all).await;
        assert_eq!(
            output.status.code(),
            Some(2),
            "{all:?}: {}{}",
            out(&output),
            err(&output)
        );
        assert!(err(&output).contains(says), "{all:?}: {}", err(&output));
    }
    assert_eq!(app.snapshot().await, before);
}

#[tokio::test]
async fn check_judges_a_schema_as_a_proposal_would_and_stores_nothing() {
    let app = spawn_app().await;
    let camden = app.token("camden", Role::Steward).await;
    app.publish_standard(&camden, "common/address", "1.0.0", address_schema())
        .await;
    let dir = tempfile::tempdir().expect("dir");
    let mut breaking = address_schema();
    breaking["required"] = json!(["uprn", "postcode", "usrn"]);
    let file = write(dir.path(), "address.json", &breaking);
    let before = app.snapshot().await;
    let output = check(&app, "common/address", "1.1.0", &file).await;
    assert_exit(&output, 1);
    let stdout = out(&output);
    assert!(
        stdout.contains("BREAKS the mode") && stdout.ends_with("would be refused\n"),
        "{stdout}"
    );
    let output = check(&app, "common/address", "2.0.0", &file).await;
    assert_exit(&output, 0);
    assert!(
        out(&output).ends_with("would be accepted\n"),
        "{}",
        out(&output)
    );

    // A standard the registry does not have: the schema alone is judged.
    let new = write(
        dir.path(),
        "bins.json",
        &json!({"properties": {"bins": {"format": "uint"}}}),
    );
    let output = check(&app, "waste/bins", "1.0.0", &new).await;
    assert_exit(&output, 0);
    assert!(
        out(&output).contains("warning: `format: uint` is not a format Concord checks"),
        "{}",
        out(&output)
    );
    let bad = write(
        dir.path(),
        "bad.json",
        &json!({"properties": {"bins": {"pattern": "(unclosed"}}}),
    );
    let output = check(&app, "waste/bins", "1.0.0", &bad).await;
    assert_exit(&output, 1);
    assert!(
        out(&output).contains("/properties/bins/pattern"),
        "{}",
        out(&output)
    );
    assert_eq!(app.snapshot().await, before, "check stores nothing");
}

#[tokio::test]
async fn import_brings_a_folder_in_as_drafts_and_reports_each_file_it_could_not_take() {
    let app = spawn_app().await;
    let camden = app.token("camden", Role::Steward).await;
    let dir = tempfile::tempdir().expect("dir");
    let root = dir.path();
    write(root, "address-1.0.0.json", &address_schema());
    write(root, "depot/1.0.0.json", &json!({"type": "object"}));
    write(
        root,
        "depot/1.1.0.json",
        &json!({"type": "object", "title": "Depot"}),
    );
    write(root, "unversioned.json", &json!({"type": "object"}));
    write(root, "invalid-1.0.0.json", &json!({"type": 12}));
    std::fs::write(root.join("broken-1.0.0.json"), "{ nope").expect("write");
    std::fs::write(root.join("README.md"), "# Our schemas").expect("write");
    std::fs::write(
        root.join("concord-import.toml"),
        "[standards.depot]\nslug = \"waste/depot\"\ntitle = \"Waste depot\"\n",
    )
    .expect("write");
    let folder = root.display().to_string();

    let output = concord(
        &app,
        Some(&camden),
        &["import", &folder, "--org", "hackney"],
    )
    .await;
    assert_exit(&output, 2);
    assert!(
        err(&output).contains("belongs to camden"),
        "{}",
        err(&output)
    );

    let output = concord(
        &app,
        Some(&camden),
        &["import", &folder, "--org", "camden", "--theme", "common"],
    )
    .await;
    assert_exit(&output, 1);
    let stdout = out(&output);
    for expected in [
        "taken: ",
        "address-1.0.0.json as address 1.0.0",
        "1.1.0.json as waste/depot 1.1.0",
        "not taken: ",
        "1.0.0.json: only the latest version, 1.1.0, is proposed",
        "unversioned.json: no version",
        "invalid-1.0.0.json: refused (INVALID_SCHEMA)",
        "broken-1.0.0.json: ",
        "README.md: not a .json schema file",
        "2 taken as draft proposals, 5 not taken",
    ] {
        assert!(stdout.contains(expected), "{expected:?} in {stdout}");
    }
    let drafts = app
        .gql(
            "{ proposals(state: DRAFT) { nodes { standardSlug title authorOrganisation { slug } } } }",
            json!({}),
            Some(&camden),
        )
        .await;
    let mut found: Vec<String> = drafts
        .data("/proposals/nodes")
        .as_array()
        .expect("nodes")
        .iter()
        .map(|p| {
            format!(
                "{} {} {}",
                p["standardSlug"], p["title"], p["authorOrganisation"]["slug"]
            )
        })
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            "\"address\" \"Address\" \"camden\"",
            "\"waste/depot\" \"Waste depot\" \"camden\""
        ]
    );
}

#[tokio::test]
async fn import_refuses_a_manifest_it_cannot_read_before_proposing_anything() {
    let app = spawn_app().await;
    let camden = app.token("camden", Role::Steward).await;
    let dir = tempfile::tempdir().expect("dir");
    write(dir.path(), "address-1.0.0.json", &address_schema());
    let folder = dir.path().display().to_string();
    let before = app.snapshot().await;
    for manifest in [
        "[standards.address\nslug = 1",
        "[standards.address]\nslugg = \"common/address\"\n",
    ] {
        std::fs::write(dir.path().join("concord-import.toml"), manifest).expect("write");
        let output = concord(&app, Some(&camden), &["import", &folder, "--org", "camden"]).await;
        assert_exit(&output, 2);
        assert!(
            err(&output).contains("concord-import.toml"),
            "{}",
            err(&output)
        );
    }
    assert_eq!(app.snapshot().await, before, "nothing is proposed");
}

const REVISION_FILES: &str = "query($id: ID!) { proposal(id: $id) {
  latestRevision { version documents { path } warnings { document pointer } } } }";

#[tokio::test]
async fn propose_and_check_take_a_version_of_several_files_named_from_the_roots_folder() {
    let app = spawn_app().await;
    let camden = app.token("camden", Role::Steward).await;
    let dir = tempfile::tempdir().expect("dir");
    let root = write(
        dir.path(),
        "contact/schema.json",
        &json!({"title": "Contact", "properties": {
            "name": {"$ref": "definitions.json#/$defs/name"},
            "phone": {"$ref": "parts/phone.json"}
        }}),
    );
    let definitions = write(
        dir.path(),
        "contact/definitions.json",
        &json!({"$defs": {"name": {"type": "string", "maxLength": 40, "format": "uint"}}}),
    );
    let phone = write(
        dir.path(),
        "contact/parts/phone.json",
        &json!({"type": "string", "pattern": "^[0-9 ]+$"}),
    );

    // Checked offline as a new standard: a file left out is named, with what there is.
    let output = concord(
        &app,
        None,
        &[
            "check",
            "--standard",
            "common/contact-card",
            "--version",
            "1.0.0",
            &root,
            &definitions,
        ],
    )
    .await;
    assert_exit(&output, 1);
    assert!(
        out(&output).contains("no document `parts/phone.json`"),
        "{}",
        out(&output)
    );

    let mut args = vec![
        "propose",
        "--standard",
        "common/contact-card",
        "--version",
        "1.0.0",
    ];
    args.extend([root.as_str(), definitions.as_str(), phone.as_str()]);
    let output = concord(&app, Some(&camden), &args).await;
    assert_exit(&output, 0);
    let stdout = out(&output);
    assert!(
        stdout.contains("(at /$defs/name/format in definitions.json)"),
        "{stdout}"
    );
    let revision = app
        .gql(REVISION_FILES, json!({"id": proposal_id(&stdout)}), None)
        .await;
    assert_eq!(
        revision.data("/proposal/latestRevision/documents"),
        &json!([{"path": "definitions.json"}, {"path": "parts/phone.json"}])
    );

    // A document outside the root's folder has no path inside the version: a usage error.
    let stray = write(dir.path(), "stray.json", &json!({}));
    let mut args = vec![
        "propose",
        "--standard",
        "common/contact-card",
        "--version",
        "1.0.0",
    ];
    args.extend([root.as_str(), stray.as_str()]);
    let before = app.snapshot().await;
    let output = concord(&app, Some(&camden), &args).await;
    assert_exit(&output, 2);
    assert!(err(&output).contains("not inside"), "{}", err(&output));
    assert_eq!(app.snapshot().await, before, "nothing was stored");
}
