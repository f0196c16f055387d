//! `/healthz` and `/readyz`.

use std::sync::Arc;

use concord::app::App;
use concord::clock::SystemClock;
use concord::registry::{Governance, Limits, Settings};

use crate::helpers::{fresh_database, spawn_app};

#[tokio::test]
async fn healthz_answers_ok() {
    let app = spawn_app().await;
    let response = app.get("/healthz").await;
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.expect("json");
    assert_eq!(body["status"], "ok");
}

#[tokio::test]
async fn readyz_answers_ready_when_the_database_is_migrated() {
    let app = spawn_app().await;
    assert_eq!(app.get("/readyz").await.status(), 200);
}

#[tokio::test]
async fn readyz_is_unavailable_until_the_database_is_migrated() {
    let dir = tempfile::tempdir().expect("dir");
    let url = fresh_database(dir.path()).await;
    let db = concord::db::connect(&url, 2).await.expect("connect");
    let settings = Settings {
        base_url: "http://127.0.0.1".to_owned(),
        limits: Limits::default(),
        validator_cache_size: 4,
        governance: Governance::default(),
        audit_key: None,
        sessions: Default::default(),
        oidc: None,
        catalogue_dir: None,
    };
    let app = App::new(db.clone(), Arc::new(SystemClock), settings, 1024);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(app.serve(listener, std::future::pending()));
    let client = reqwest::Client::new();
    let response = client
        .get(format!("{address}/readyz"))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 503);
    concord::db::migrate(&db).await.expect("migrate");
    let response = client
        .get(format!("{address}/readyz"))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 200);
}
