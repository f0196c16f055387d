//! The number of SQL statements a request costs is bounded by what it does, not by how many rows
//! it shows: a regression to one query per row fails here. Counted through `/metrics`
//! (`concord_db_statements_total`, fed by sea-orm's metric callback).

use concord::domain::Role;
use serde_json::json;

use crate::helpers::{PROPOSE_VERSION, TestApp, address_schema, spawn_app, version_input};

async fn statements(app: &TestApp) -> u64 {
    let text = app.get("/metrics").await.text().await.expect("metrics");
    text.lines()
        .find_map(|line| line.strip_prefix("concord_db_statements_total "))
        .and_then(|n| n.trim().parse().ok())
        .expect("concord_db_statements_total is exported")
}

/// Statements executed while `request` runs.
async fn cost<F: Future>(app: &TestApp, request: F) -> (u64, F::Output) {
    let before = statements(app).await;
    let output = request.await;
    (statements(app).await - before, output)
}

async fn hundred_standards(app: &TestApp) {
    let schema = json!({ "type": "object" });
    let slugs: Vec<String> = (0..100).map(|i| format!("common/s{i:03}")).collect();
    let seeded: Vec<(&str, &str, serde_json::Value)> = slugs
        .iter()
        .map(|s| (s.as_str(), "1.0.0", schema.clone()))
        .collect();
    app.seed(&seeded).await;
}

#[tokio::test]
async fn the_catalogue_page_of_a_hundred_standards_costs_a_fixed_number_of_statements() {
    let app = spawn_app().await;
    hundred_standards(&app).await;
    let (spent, page) = cost(&app, app.get("/")).await;
    let html = page.text().await.expect("html");
    assert!(html.contains("common/s099"), "the page lists all hundred");
    assert!(spent <= 6, "the catalogue page ran {spent} statements");
}

#[tokio::test]
async fn listing_standards_with_their_owners_in_graphql_costs_a_fixed_number_of_statements() {
    let app = spawn_app().await;
    hundred_standards(&app).await;
    let query = "{ standards(first: 100) { edges { node { slug owner { slug name } } } } }";
    let (spent, listed) = cost(&app, app.gql(query, json!({}), None)).await;
    let edges = listed.data("/standards/edges").as_array().expect("edges");
    assert_eq!(edges.len(), 100);
    assert_eq!(edges[0]["node"]["owner"]["slug"], "loti");
    assert!(spent <= 6, "standards with owners ran {spent} statements");
}

#[tokio::test]
async fn proposing_a_version_reads_the_published_history_once() {
    let app = spawn_app().await;
    let versions: Vec<String> = (0..10).map(|minor| format!("1.{minor}.0")).collect();
    let seeded: Vec<(&str, &str, serde_json::Value)> = versions
        .iter()
        .map(|v| ("common/address", v.as_str(), address_schema()))
        .collect();
    app.seed(&seeded).await;
    let camden = app.token("camden", Role::Steward).await;
    let mut schema = address_schema();
    schema["properties"]["usrn"] = json!({ "type": "integer" });
    let input = version_input("common/address", "1.10.0", schema);
    let (spent, proposed) = cost(&app, app.gql(PROPOSE_VERSION, input, Some(&camden))).await;
    assert_eq!(
        proposed.data("/proposeVersion/proposal/latestRevision/version"),
        "1.10.0"
    );
    // 17 on SQLite (13, three to sign the audit head, one to note the token's last use); two
    // more on PostgreSQL (its advisory lock, and the NOTIFY that wakes other replicas). With ten
    // published versions, a query per version would exceed this.
    assert!(spent <= 19, "proposeVersion ran {spent} statements");
}
