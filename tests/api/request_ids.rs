//! Traces that say where: every response carries an `x-request-id` (the client's, or a new
//! one), an `INTERNAL` error names it, the server's log lines for that request carry it, a 401
//! says how to authenticate, and the CLI's own commands print only their result.

use std::io::Read;
use std::process::Command;

use serde_json::json;

use crate::helpers::{
    PROPOSE_VERSION, address_schema, fresh_database, spawn_app, start_serve, version_input,
};
use concord::domain::Role;

#[tokio::test]
async fn a_request_id_sent_by_the_client_comes_back_and_one_is_made_when_none_was_sent() {
    let app = spawn_app().await;
    let sent = app
        .client
        .get(format!("{}/healthz", app.address))
        .header("x-request-id", "ci-run-42.step-7")
        .send()
        .await
        .expect("request");
    assert_eq!(sent.headers()["x-request-id"], "ci-run-42.step-7");
    let made = app.get("/schemas/common/nothing/1.0.0").await;
    assert_eq!(made.status(), 404);
    let id = made.headers()["x-request-id"]
        .to_str()
        .expect("text")
        .to_owned();
    assert_eq!(id.len(), 24, "a fresh id: {id}");
    let other = app.get("/healthz").await;
    assert_ne!(
        other.headers()["x-request-id"],
        id.as_str(),
        "each request its own"
    );
    let unprintable = app
        .client
        .get(format!("{}/healthz", app.address))
        .header("x-request-id", "two words")
        .send()
        .await
        .expect("request");
    assert_ne!(unprintable.headers()["x-request-id"], "two words");
}

#[tokio::test]
async fn an_internal_error_names_the_request_id_it_was_logged_under() {
    let app = spawn_app().await;
    let camden = app.token("camden", Role::Steward).await;
    app.publish_standard(&camden, "common/address", "1.0.0", address_schema())
        .await;
    let mut next = address_schema();
    next["properties"]["usrn"] = json!({"type": "integer"});
    let proposed = app
        .gql(
            PROPOSE_VERSION,
            version_input("common/address", "1.1.0", next),
            Some(&camden),
        )
        .await;
    let id = proposed.data("/proposeVersion/proposal/id").clone();
    app.execute_sql("UPDATE proposal_revisions SET compatibility = '{\"not\": \"a report\"}'")
        .await;
    let response = app
        .client
        .post(format!("{}/graphql", app.address))
        .header("x-request-id", "incident-probe-1")
        .json(&json!({
            "query": "query($id: ID!) { proposal(id: $id) { compatibility { requiredBump } } }",
            "variables": { "id": id },
        }))
        .send()
        .await
        .expect("request");
    assert_eq!(response.headers()["x-request-id"], "incident-probe-1");
    let body: serde_json::Value = response.json().await.expect("json");
    let error = &body["errors"][0];
    assert_eq!(error["extensions"]["code"], "INTERNAL", "{body}");
    assert_eq!(
        error["extensions"]["requestId"], "incident-probe-1",
        "{body}"
    );
    assert!(
        error["message"]
            .as_str()
            .is_some_and(|m| m.contains("incident-probe-1")),
        "{body}"
    );
}

#[tokio::test]
async fn a_refused_token_gets_a_401_that_says_to_send_a_bearer_token() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(format!("{}/graphql", app.address))
        .header("authorization", "Bearer concord_not-a-real-token")
        .json(&json!({ "query": "{ me { name } }" }))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 401);
    assert_eq!(response.headers()["www-authenticate"], "Bearer");
    let public = app.get("/healthz").await;
    assert!(public.headers().get("www-authenticate").is_none());
}

#[tokio::test]
async fn the_servers_log_lines_for_a_request_carry_its_id() {
    let dir = tempfile::tempdir().expect("dir");
    let database_url = fresh_database(dir.path()).await;
    let (mut child, address) = start_serve(
        &database_url,
        &dir.path().join("no-catalogue"),
        &[],
        &[("CONCORD_LOG", "info"), ("CONCORD_LOG_FORMAT", "json")],
    )
    .await;
    let mut token = String::new();
    let mut stdout = child.stdout.take().expect("stdout");
    let client = reqwest::Client::new();
    // The first CDO token is printed once, alone on its line.
    let mut buffer = [0u8; 4096];
    while !token.contains('\n') {
        let n = stdout.read(&mut buffer).expect("stdout");
        assert!(n > 0, "serve printed no token");
        token.push_str(&String::from_utf8_lossy(&buffer[..n]));
    }
    let token = token
        .lines()
        .find(|l| l.starts_with("concord_"))
        .expect("token")
        .to_owned();
    // An account whose stored role no longer parses: authenticating it is an internal error.
    let db = sea_orm::Database::connect(&database_url).await.expect("db");
    sea_orm::ConnectionTrait::execute_unprepared(&db, "UPDATE accounts SET role = 'sideways'")
        .await
        .expect("update");
    let response = client
        .post(format!("{address}/graphql"))
        .bearer_auth(&token)
        .header("x-request-id", "trace-me-7")
        .json(&json!({ "query": "{ me { name } }" }))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 500);
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let _ = child.wait();
    let mut logs = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut logs)
        .expect("logs");
    let line = logs
        .lines()
        .find(|l| l.contains("internal error"))
        .unwrap_or_else(|| panic!("no internal error logged: {logs}"));
    assert!(
        line.contains("trace-me-7"),
        "the log line names the request: {line}"
    );
}

#[tokio::test]
async fn the_clis_own_commands_print_their_result_and_no_info_lines() {
    let dir = tempfile::tempdir().expect("dir");
    let database_url = fresh_database(dir.path()).await;
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_concord"))
            .args(args)
            .env("DATABASE_URL", &database_url)
            .env(
                "CONCORD_AUDIT_KEY_FILE",
                crate::helpers::key_file_for(&database_url),
            )
            .env_remove("CONCORD_LOG")
            .env_remove("RUST_LOG")
            .output()
            .expect("run concord")
    };
    let migrated = run(&["migrate"]);
    assert!(migrated.status.success());
    let stderr = String::from_utf8_lossy(&migrated.stderr);
    assert_eq!(stderr.lines().count(), 1, "one summary line: {stderr}");
    let seeded = run(&["seed", concord_standards().as_str()]);
    assert!(
        seeded.status.success(),
        "{}",
        String::from_utf8_lossy(&seeded.stderr)
    );
    let created = run(&[
        "token", "create", "--org", "camden", "--role", "steward", "--name", "Camden",
    ]);
    assert!(created.status.success());
    for output in [&seeded, &created] {
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("INFO"), "no INFO lines: {stderr}");
    }
    assert!(String::from_utf8_lossy(&created.stdout).starts_with("concord_"));
}

fn concord_standards() -> String {
    crate::helpers::repo_path("standards").display().to_string()
}
