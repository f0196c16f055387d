//! The compatibility engine is bounded: a comparison that uses its whole work budget stops and
//! says what it left undecided, and one whose request is dropped stops instead of running on.

use std::time::Duration;

use concord::registry::Limits;
use serde_json::{Value, json};

use crate::helpers::{spawn_app_with, spawn_app_with_timeout};

/// An object schema with `count` properties of type `kind`.
fn wide(count: usize, kind: &str) -> Value {
    let properties: serde_json::Map<String, Value> = (0..count)
        .map(|i| (format!("p{i:04}"), json!({ "type": kind, "maxLength": 40 })))
        .collect();
    json!({ "type": "object", "properties": properties })
}

const DRY_RUN: &str = "query($s: JSON!) { compatibility(standard: \"common/wide\", schema: $s) {
    compatible changes { kind direction message } } }";

#[tokio::test]
async fn a_comparison_past_its_work_budget_says_what_it_left_undecided() {
    let app = spawn_app_with(Limits {
        max_compare_steps: 25,
        ..Limits::default()
    })
    .await;
    app.seed(&[("common/wide", "1.0.0", wide(200, "string"))])
        .await;
    let answer = app
        .gql(DRY_RUN, json!({ "s": wide(200, "integer") }), None)
        .await;
    let report = answer.data("/compatibility");
    assert_eq!(report["compatible"], false, "undecided counts as breaking");
    let stopped: Vec<&Value> = report["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .filter(|c| c["kind"] == "COMPARISON_TOO_DEEP")
        .collect();
    assert_eq!(stopped.len(), 1, "reported once: {report}");
    assert_eq!(stopped[0]["direction"], "UNKNOWN");
    assert!(
        stopped[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("work budget (25 steps)")),
        "{}",
        stopped[0]
    );
}

async fn abandoned(app: &crate::helpers::TestApp) -> u64 {
    let text = app.get("/metrics").await.text().await.expect("metrics");
    text.lines()
        .find_map(|l| l.strip_prefix("concord_comparisons_abandoned_total "))
        .and_then(|n| n.trim().parse().ok())
        .expect("the metric")
}

#[tokio::test]
async fn a_dry_run_past_the_request_timeout_is_answered_503_and_its_comparison_stops() {
    let app = spawn_app_with_timeout(Limits::default(), Duration::from_secs(2)).await;
    // Ten thousand properties, all retyped: many seconds of comparing in a test build, more than
    // the two the server gives a request here.
    app.seed(&[("common/wide", "1.0.0", wide(10_000, "string"))])
        .await;
    assert_eq!(abandoned(&app).await, 0);
    let slow = app
        .client
        .post(format!("{}/graphql", app.address))
        .json(&json!({ "query": DRY_RUN, "variables": { "s": wide(10_000, "integer") } }));
    let (answer, health) = tokio::join!(slow.send(), async {
        tokio::time::sleep(Duration::from_millis(500)).await;
        tokio::time::timeout(Duration::from_secs(2), app.get("/healthz")).await
    });
    assert!(
        health.is_ok_and(|r| r.status() == 200),
        "/healthz answers while the comparison runs"
    );
    let answer = answer.expect("an answer");
    assert_eq!(answer.status(), 503);
    assert!(answer.headers().contains_key("retry-after"));
    let body: Value = answer.json().await.expect("json");
    assert_eq!(body["error"]["code"], "LIMIT_EXCEEDED");
    let mut stopped = false;
    for _ in 0..100 {
        if abandoned(&app).await >= 1 {
            stopped = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(stopped, "the dropped comparison stopped within ten seconds");
}
