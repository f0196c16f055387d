//! The audit log: public, linked by hashes, and `concord audit verify` finds the first event
//! that was tampered with.

use concord::domain::Role;
use serde_json::json;

use crate::helpers::{TestApp, address_schema, spawn_app};

const LOG: &str = "query($filter: AuditLogFilter, $first: Int, $after: String) {
  auditLog(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { id action subjectType subjectId actorName actorOrganisation details prevHash hash }
  }
}";

fn verify(app: &TestApp) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_concord"))
        .args(["audit", "verify"])
        .env("DATABASE_URL", &app.database_url)
        .env(
            "CONCORD_AUDIT_KEY_FILE",
            crate::helpers::key_file_for(&app.database_url),
        )
        .env("CONCORD_LOG", "warn")
        .output()
        .expect("run concord audit verify")
}

async fn busy_app() -> TestApp {
    let app = spawn_app().await;
    let camden = app.token("camden", Role::Steward).await;
    app.publish_standard(&camden, "common/address", "1.0.0", address_schema())
        .await;
    app
}

#[tokio::test]
async fn the_audit_log_is_public_ordered_and_linked_by_hashes() {
    let app = busy_app().await;
    let all = app.gql(LOG, json!({ "first": 100 }), None).await;
    let events = all
        .data("/auditLog/nodes")
        .as_array()
        .expect("events")
        .clone();
    assert_eq!(all.data("/auditLog/totalCount"), events.len());
    for pair in events.windows(2) {
        assert_eq!(
            pair[1]["prevHash"], pair[0]["hash"],
            "each event carries the hash of the one before"
        );
    }
    let actions: Vec<&str> = events
        .iter()
        .map(|e| e["action"].as_str().expect("a"))
        .collect();
    for expected in [
        "organisation.created",
        "account.created",
        "proposal.created",
        "proposal.submitted",
        "proposal.review_convened",
        "proposal.reviewed",
        "standard.created",
        "version.published",
        "proposal.approved",
    ] {
        assert!(
            actions.contains(&expected),
            "{expected} missing from {actions:?}"
        );
    }
    let published = app
        .gql(
            LOG,
            json!({ "filter": { "action": "version.published" } }),
            None,
        )
        .await;
    assert_eq!(
        published.data("/auditLog/nodes/0/subjectId"),
        "common/address@1.0.0"
    );
    assert_eq!(published.data("/auditLog/nodes/0/actorOrganisation"), "gla");
    let by_camden = app
        .gql(LOG, json!({ "filter": { "organisation": "camden" } }), None)
        .await;
    let camden_actions: Vec<&str> = by_camden
        .data("/auditLog/nodes")
        .as_array()
        .expect("e")
        .iter()
        .map(|e| e["action"].as_str().expect("a"))
        .collect();
    assert_eq!(camden_actions, ["proposal.created", "proposal.submitted"]);
    let page = app.gql(LOG, json!({ "first": 2 }), None).await;
    let after = page.data("/auditLog/pageInfo/endCursor").clone();
    let next = app
        .gql(LOG, json!({ "first": 2, "after": after }), None)
        .await;
    assert_eq!(next.data("/auditLog/nodes/0/id"), &events[2]["id"]);
}

#[tokio::test]
async fn audit_verify_passes_on_an_untouched_log_and_names_an_edited_event() {
    let app = busy_app().await;
    let output = verify(&app);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).starts_with("audit chain intact:"));

    let events = app
        .gql(
            LOG,
            json!({ "filter": { "action": "proposal.submitted" } }),
            None,
        )
        .await;
    let id = events
        .data("/auditLog/nodes/0/id")
        .as_str()
        .expect("id")
        .to_owned();
    app.execute_sql(&format!(
        "UPDATE audit_events SET details = '{{\"note\": \"nothing to see\"}}' WHERE id = {id}"
    ))
    .await;
    let output = verify(&app);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("broken at event {id}")),
        "{stderr}"
    );
    assert!(stderr.contains("edited"), "{stderr}");
}

#[tokio::test]
async fn audit_verify_notices_a_deleted_event() {
    let app = busy_app().await;
    let events = app.gql(LOG, json!({ "first": 5 }), None).await;
    let third = events
        .data("/auditLog/nodes/2/id")
        .as_str()
        .expect("id")
        .to_owned();
    let fourth = events
        .data("/auditLog/nodes/3/id")
        .as_str()
        .expect("id")
        .to_owned();
    app.execute_sql(&format!("DELETE FROM audit_events WHERE id = {third}"))
        .await;
    let output = verify(&app);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("broken at event {fourth}")),
        "{stderr}"
    );
}

#[tokio::test]
async fn audit_verify_refuses_an_unmigrated_database_without_writing_to_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("empty.db");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_concord"))
        .args(["audit", "verify"])
        .env(
            "DATABASE_URL",
            format!("sqlite://{}?mode=rwc", path.display()),
        )
        .env("CONCORD_LOG", "warn")
        .output()
        .expect("run concord audit verify");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("not migrated"), "{stderr}");
    let db = sea_orm::Database::connect(format!("sqlite://{}", path.display()))
        .await
        .expect("open the file");
    let tables = sea_orm::ConnectionTrait::query_all_raw(
        &db,
        sea_orm::Statement::from_string(
            sea_orm::DbBackend::Sqlite,
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'seaql%'",
        ),
    )
    .await
    .expect("list tables");
    assert!(tables.is_empty(), "verify created {} tables", tables.len());
}

#[tokio::test]
async fn a_stored_report_edited_into_nonsense_is_an_internal_error_not_a_missing_one() {
    let app = spawn_app().await;
    let camden = app.token("camden", Role::Steward).await;
    app.publish_standard(&camden, "common/address", "1.0.0", address_schema())
        .await;
    let mut next = address_schema();
    next["properties"]["usrn"] = json!({"type": "integer"});
    let proposed = app
        .gql(
            crate::helpers::PROPOSE_VERSION,
            crate::helpers::version_input("common/address", "1.1.0", next),
            Some(&camden),
        )
        .await;
    let id = proposed.data("/proposeVersion/proposal/id").clone();
    let query = "query($id: ID!) { proposal(id: $id) { compatibility { requiredBump } } }";
    let before = app.gql(query, json!({ "id": id }), None).await;
    assert_eq!(before.data("/proposal/compatibility/requiredBump"), "MINOR");
    app.execute_sql("UPDATE proposal_revisions SET compatibility = '{\"not\": \"a report\"}'")
        .await;
    let after = app.gql(query, json!({ "id": id }), None).await;
    assert_eq!(after.code(), "INTERNAL", "{}", after.body);
    assert!(
        !after.body.to_string().contains("proposal_revisions"),
        "no internals leak: {}",
        after.body
    );
}
