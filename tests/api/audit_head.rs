//! The audit trail cannot be cut short or rewritten unseen: the head is published for anyone to
//! keep, each event's position is hashed, and every committed head is signed with the
//! registry's key, so deleting the last events or rewriting the log with recomputed hashes
//! fails `concord audit verify`.

use concord::domain::{Role, canonical_json};
use sea_orm::{ConnectionTrait, Database, FromQueryResult, JsonValue, Statement};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::helpers::{TestApp, address_schema, key_file_for, spawn_app};

fn verify(app: &TestApp, extra: &[&str]) -> (bool, String) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_concord"))
        .args(["audit", "verify"])
        .args(extra)
        .env("DATABASE_URL", &app.database_url)
        .env("CONCORD_AUDIT_KEY_FILE", key_file_for(&app.database_url))
        .env("CONCORD_LOG", "warn")
        .output()
        .expect("run concord audit verify");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}

async fn busy_app() -> TestApp {
    let app = spawn_app().await;
    let camden = app.token("camden", Role::Steward).await;
    app.publish_standard(&camden, "common/address", "1.0.0", address_schema())
        .await;
    app
}

async fn head(app: &TestApp) -> Value {
    app.get("/audit/head").await.json().await.expect("json")
}

#[tokio::test]
async fn the_head_is_published_signed_and_the_same_in_graphql() {
    let app = busy_app().await;
    let head = head(&app).await;
    let count = head["count"].as_i64().expect("count");
    assert!(count > 10, "{head}");
    assert_eq!(
        head["head"],
        format!("{count}:{}", head["hash"].as_str().expect("hash"))
    );
    assert_eq!(
        head["checkpoint"]["position"], count,
        "every commit signs the head"
    );
    let key: Value = app
        .get("/.well-known/concord-audit-key")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(key["algorithm"], "Ed25519");
    assert_eq!(key["publicKey"], head["checkpoint"]["publicKey"]);
    let graphql = app
        .gql(
            "{ auditHead { count hash head checkpoint { position signature } } }",
            json!({}),
            None,
        )
        .await;
    assert_eq!(graphql.data("/auditHead/head"), &head["head"]);
    assert_eq!(
        graphql.data("/auditHead/checkpoint/signature"),
        &head["checkpoint"]["signature"]
    );
    let (ok, text) = verify(
        &app,
        &["--since-head", head["head"].as_str().expect("head")],
    );
    assert!(ok, "{text}");
    assert!(text.contains("matches its signed checkpoints"), "{text}");
}

#[tokio::test]
async fn deleting_the_last_events_fails_against_a_head_seen_before_and_the_checkpoints() {
    let app = busy_app().await;
    let seen = head(&app).await["head"].as_str().expect("head").to_owned();
    app.execute_sql(
        "DELETE FROM audit_events WHERE id IN (SELECT id FROM audit_events ORDER BY id DESC LIMIT 3)",
    )
    .await;
    let (ok, text) = verify(&app, &["--since-head", &seen]);
    assert!(!ok, "a shortened log must not pass: {text}");
    assert!(text.contains("fewer than"), "{text}");
    let (ok, text) = verify(&app, &[]);
    assert!(!ok, "the checkpoints know the log was longer: {text}");
    assert!(
        text.contains("fewer events than the signed checkpoint"),
        "{text}"
    );
    let saved = tempfile::NamedTempFile::new().expect("file");
    std::fs::write(
        saved.path(),
        json!({ "count": 5, "hash": "0".repeat(64) }).to_string(),
    )
    .expect("write");
    let path = saved.path().display().to_string();
    let (ok, text) = verify(&app, &["--since-head-file", &path]);
    assert!(!ok, "{text}");
}

/// A timestamp as SQLite or PostgreSQL hands it back as JSON.
fn stored_time(value: &Value) -> chrono::DateTime<chrono::Utc> {
    let text = value.as_str().expect("a timestamp");
    chrono::DateTime::parse_from_rfc3339(text)
        .or_else(|_| chrono::DateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f%:z"))
        .or_else(|_| chrono::DateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f%#z"))
        .map(|t| t.with_timezone(&chrono::Utc))
        .unwrap_or_else(|e| panic!("{text}: {e}"))
}

/// What an attacker with the database and the source code can do: edit an event, then
/// recompute every hash after it so the chain links again.
async fn rewrite_with_recomputed_hashes(app: &TestApp) {
    let db = Database::connect(&app.database_url).await.expect("db");
    let backend = db.get_database_backend();
    let rows = JsonValue::find_by_statement(Statement::from_string(
        backend,
        "SELECT * FROM audit_events ORDER BY id",
    ))
    .all(&db)
    .await
    .expect("rows");
    let mut prev = "0".repeat(64);
    for (i, row) in rows.iter().enumerate() {
        let mut details: Value =
            serde_json::from_str(row["details"].as_str().expect("details")).expect("json");
        if i == 3 {
            details["forged"] = json!(true);
        }
        let at = stored_time(&row["occurred_at"]);
        let mut material = json!({
            "prev": prev,
            "at": at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
            "actorAccountId": row["actor_account_id"],
            "actorName": row["actor_name"],
            "actorOrganisation": row["actor_organisation"],
            "action": row["action"],
            "subjectType": row["subject_type"],
            "subjectId": row["subject_id"],
            "details": details,
        });
        if !row["position"].is_null() {
            material["position"] = row["position"].clone();
        }
        let hash = hex::encode(Sha256::digest(canonical_json(&material).as_bytes()));
        let sql = format!(
            "UPDATE audit_events SET details = '{}', prev_hash = '{prev}', hash = '{hash}' WHERE id = {}",
            details.to_string().replace('\'', "''"),
            row["id"]
        );
        db.execute_unprepared(&sql).await.expect("update");
        prev = hash;
    }
}

#[tokio::test]
async fn a_log_rewritten_with_recomputed_hashes_fails_against_the_signed_checkpoints() {
    let app = busy_app().await;
    rewrite_with_recomputed_hashes(&app).await;
    let bystander = tempfile::tempdir().expect("dir");
    let no_key = bystander.path().join("absent.key").display().to_string();
    let chain_only = std::process::Command::new(env!("CARGO_BIN_EXE_concord"))
        .args(["audit", "verify", "--audit-key-file", &no_key])
        .env("DATABASE_URL", &app.database_url)
        .env("CONCORD_LOG", "warn")
        .output()
        .expect("verify");
    assert!(
        chain_only.status.success(),
        "the rewrite is a consistent chain: only the signatures catch it"
    );
    let (ok, text) = verify(&app, &[]);
    assert!(!ok, "{text}");
    assert!(
        text.contains("no longer has the hash signed for it"),
        "{text}"
    );
    let public = head(&app).await["checkpoint"]["publicKey"]
        .as_str()
        .expect("key")
        .to_owned();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_concord"))
        .args([
            "audit",
            "verify",
            "--audit-key-file",
            &no_key,
            "--public-key",
            &public,
        ])
        .env("DATABASE_URL", &app.database_url)
        .env("CONCORD_LOG", "warn")
        .output()
        .expect("verify");
    assert!(
        !output.status.success(),
        "the published public key alone catches it too"
    );
}

#[tokio::test]
async fn an_events_position_is_part_of_its_hash() {
    let app = busy_app().await;
    app.execute_sql(
        "UPDATE audit_events SET position = position + 1 WHERE id = (SELECT MAX(id) FROM audit_events)",
    )
    .await;
    let (ok, text) = verify(&app, &[]);
    assert!(!ok, "{text}");
    assert!(text.contains("position"), "{text}");
}

#[tokio::test]
async fn a_malformed_head_is_refused_by_name() {
    let app = busy_app().await;
    for bad in [
        "12",
        "x:abc",
        &format!("-1:{}", "a".repeat(64)),
        &format!("3:{}", "z".repeat(64)),
    ] {
        let (ok, text) = verify(&app, &[&format!("--since-head={bad}")]);
        assert!(!ok, "{bad}");
        assert!(text.contains("--since-head"), "{bad}: {text}");
    }
}
