//! `POST /validate/{slug}/{version-or-range}`: one JSON document, or NDJSON streamed line by
//! line; the limits; warnings; and `/metrics`.

use std::time::Duration;

use concord::registry::{Governance, Limits};
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app, spawn_app_with_body_limit};

fn visit_schema() -> Value {
    json!({
        "type": "object",
        "required": ["library", "visitors"],
        "properties": {
            "library": {"type": "string"},
            "visitors": {"type": "integer", "minimum": 0},
            "fees": {"type": "string", "deprecated": true}
        }
    })
}

async fn post(
    app: &TestApp,
    path: &str,
    content_type: &str,
    body: String,
) -> (u16, String, String) {
    let response = app
        .client
        .post(format!("{}{path}", app.address))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .expect("request");
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().expect("text").to_owned())
        .unwrap_or_default();
    (status, content_type, response.text().await.expect("body"))
}

fn lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

#[tokio::test]
async fn one_json_document_gets_one_json_answer() {
    let app = spawn_app().await;
    app.seed(&[("community/library-visit", "1.0.0", visit_schema())])
        .await;
    let (status, _, body) = post(
        &app,
        "/validate/community/library-visit/^1",
        "application/json",
        json!({"library": "Kentish Town", "visitors": 12}).to_string(),
    )
    .await;
    assert_eq!(status, 200);
    let answer: Value = serde_json::from_str(&body).expect("json");
    assert_eq!(
        answer,
        json!({"valid": true, "standard": "community/library-visit", "version": "1.0.0"})
    );
    let (status, _, body) = post(
        &app,
        "/validate/community/library-visit/1.0.0",
        "application/json",
        json!({"library": 5, "visitors": -1}).to_string(),
    )
    .await;
    assert_eq!(
        status, 200,
        "an invalid document is an answer, not an error"
    );
    let answer: Value = serde_json::from_str(&body).expect("json");
    assert_eq!(answer["valid"], false);
    let pointers: Vec<&str> = answer["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| e["instancePath"].as_str().expect("p"))
        .collect();
    assert_eq!(pointers, ["/library", "/visitors"]);
    assert_eq!(answer["errors"][1]["keyword"], "minimum");
    assert_eq!(
        answer["errors"][1]["schemaPath"],
        "/properties/visitors/minimum"
    );
}

#[tokio::test]
async fn ndjson_gets_one_result_per_line_and_a_malformed_line_does_not_stop_the_rest() {
    let app = spawn_app().await;
    app.seed(&[("community/library-visit", "1.0.0", visit_schema())])
        .await;
    let body = [
        r#"{"library": "Kentish Town", "visitors": 12}"#,
        r#"{"library": "Swiss Cottage", "visitors": -3}"#,
        r#"{"library": "Queen's Crescent", "visitors": "#,
        "",
        r#"{"library": "Highgate", "visitors": 0, "fees": "£1"}"#,
    ]
    .join("\n");
    let (status, content_type, text) = post(
        &app,
        "/validate/community/library-visit",
        "application/x-ndjson",
        body,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(content_type, "application/x-ndjson");
    let results = lines(&text);
    assert_eq!(results.len(), 4, "{text}");
    assert_eq!(results[0]["line"], 1);
    assert_eq!(results[0]["valid"], true);
    assert_eq!(
        results[0]["version"], "1.0.0",
        "the first result names the version"
    );
    assert_eq!(
        (results[1]["line"].clone(), results[1]["valid"].clone()),
        (json!(2), json!(false))
    );
    assert_eq!(results[1]["errors"][0]["instancePath"], "/visitors");
    assert_eq!(results[2]["line"], 3);
    assert_eq!(results[2]["error"]["code"], "BAD_USER_INPUT");
    assert!(
        results[2]["error"]["message"]
            .as_str()
            .expect("m")
            .contains("line 3 is not JSON")
    );
    assert_eq!(
        (results[3]["line"].clone(), results[3]["valid"].clone()),
        (json!(5), json!(true))
    );
    assert_eq!(results[3]["warnings"][0]["code"], "DEPRECATED_PROPERTY");
    assert_eq!(results[3]["warnings"][0]["instancePath"], "/fees");
}

#[tokio::test]
async fn a_large_ndjson_body_streams_its_results() {
    let app = spawn_app().await;
    app.seed(&[("community/library-visit", "1.0.0", visit_schema())])
        .await;
    let body: String = (0..5_000)
        .map(|i| {
            format!(
                "{{\"library\": \"Branch {i}\", \"visitors\": {}}}\n",
                i % 7 - 1
            )
        })
        .collect();
    let (status, _, text) = post(
        &app,
        "/validate/community/library-visit/1.0.0",
        "application/x-ndjson",
        body,
    )
    .await;
    assert_eq!(status, 200);
    let results = lines(&text);
    assert_eq!(results.len(), 5_000);
    let invalid = results.iter().filter(|r| r["valid"] == false).count();
    assert_eq!(invalid, (0..5_000).filter(|i| i % 7 == 0).count());
    assert!(
        results
            .iter()
            .enumerate()
            .all(|(i, r)| r["line"] == json!(i + 1))
    );
}

#[tokio::test]
async fn limits_on_body_size_documents_and_depth_are_clear_errors() {
    let limits = Limits {
        max_documents: 3,
        max_depth: 10,
        ..Limits::default()
    };
    let app = spawn_app_with_body_limit(limits, Governance::default(), 4_096).await;
    app.seed(&[("community/library-visit", "1.0.0", json!({}))])
        .await;
    let path = "/validate/community/library-visit/1.0.0";
    let big = json!({"library": "x".repeat(5_000)}).to_string();
    let (status, _, text) = post(&app, path, "application/json", big.clone()).await;
    assert_eq!(status, 413);
    assert_eq!(
        serde_json::from_str::<Value>(&text).expect("json")["error"]["code"],
        "LIMIT_EXCEEDED"
    );
    let (status, _, text) =
        post(&app, path, "application/x-ndjson", format!("{{}}\n{big}\n")).await;
    assert_eq!(status, 200);
    let results = lines(&text);
    assert_eq!(
        results.last().expect("a line")["error"]["code"],
        "LIMIT_EXCEEDED"
    );

    let (_, _, text) = post(
        &app,
        path,
        "application/x-ndjson",
        "{}\n{}\n{}\n{}\n{}\n".to_owned(),
    )
    .await;
    let results = lines(&text);
    assert_eq!(results.len(), 4);
    assert_eq!(results[3]["error"]["limit"], "documents");
    assert_eq!(results[3]["line"], 4);

    let deep = format!("{}1{}", "[".repeat(20), "]".repeat(20));
    let (status, _, text) = post(&app, path, "application/json", deep.clone()).await;
    assert_eq!(status, 413);
    assert_eq!(
        serde_json::from_str::<Value>(&text).expect("json")["error"]["limit"],
        "depth"
    );
    let (_, _, text) = post(
        &app,
        path,
        "application/x-ndjson",
        format!("{deep}\n{{}}\n"),
    )
    .await;
    let results = lines(&text);
    assert_eq!(results[0]["error"]["limit"], "depth");
    assert_eq!(results[1]["valid"], true);
    let very_deep = format!("{}1{}", "[".repeat(200), "]".repeat(200));
    let (status, _, _) = post(&app, path, "application/json", very_deep).await;
    assert_eq!(status, 413, "beyond the JSON parser's own limit too");

    // GraphQL is held to the same body limit and the same count of documents.
    let many = "query($p: [JSON!]!) { validateMany(standard: \"community/library-visit\", payloads: $p) { valid } }";
    let response = app
        .gql(many, json!({ "p": [{"library": "x".repeat(5_000)}] }), None)
        .await;
    assert_eq!(response.status, 413);
    assert_eq!(response.code(), "LIMIT_EXCEEDED");
    let response = app.gql(many, json!({ "p": [{}, {}, {}, {}] }), None).await;
    assert_eq!(response.code(), "LIMIT_EXCEEDED");
    assert_eq!(response.error()["extensions"]["limit"], "documents");
    let response = app.gql(many, json!({ "p": [{}, {}, {}] }), None).await;
    assert_eq!(
        response.data("/validateMany"),
        &json!([{"valid": true}, {"valid": true}, {"valid": true}])
    );
}

#[tokio::test]
async fn the_wrong_media_type_standard_or_path_is_refused() {
    let app = spawn_app().await;
    app.seed(&[("community/library-visit", "1.0.0", visit_schema())])
        .await;
    let (status, _, text) = post(
        &app,
        "/validate/community/library-visit",
        "text/plain",
        "{}".to_owned(),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(
        serde_json::from_str::<Value>(&text).expect("json")["error"]["field"],
        "content-type"
    );
    let (status, _, _) = post(
        &app,
        "/validate/community/nothing/1.0.0",
        "application/json",
        "{}".to_owned(),
    )
    .await;
    assert_eq!(status, 404);
    let (status, _, _) = post(
        &app,
        "/validate/Not%20A%20Slug",
        "application/json",
        "{}".to_owned(),
    )
    .await;
    assert_eq!(status, 422);
    let (status, _, text) = post(
        &app,
        "/validate/community/library-visit",
        "application/json",
        "{\"library\": ".to_owned(),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(
        serde_json::from_str::<Value>(&text).expect("json")["error"]["code"],
        "BAD_USER_INPUT"
    );
}

#[tokio::test]
async fn validate_many_answers_each_payload_in_order() {
    let app = spawn_app().await;
    app.seed(&[("community/library-visit", "1.0.0", visit_schema())])
        .await;
    let response = app
        .gql(
            "query($p: [JSON!]!) { validateMany(standard: \"community/library-visit\", payloads: $p) { valid errors { instancePath } warnings { code instancePath } } }",
            json!({ "p": [{"library": "A", "visitors": 1}, {"library": "B"}, {"library": "C", "visitors": 2, "fees": "free"}] }),
            None,
        )
        .await;
    assert_eq!(
        response.data("/validateMany"),
        &json!([
            {"valid": true, "errors": [], "warnings": []},
            {"valid": false, "errors": [{"instancePath": ""}], "warnings": []},
            {"valid": true, "errors": [], "warnings": [{"code": "DEPRECATED_PROPERTY", "instancePath": "/fees"}]},
        ])
    );
}

#[tokio::test]
async fn a_pathological_pattern_cannot_stall_validation() {
    let app = spawn_app().await;
    // Catastrophic for a backtracking engine; linear on Concord's.
    app.seed(&[(
        "a/pattern",
        "1.0.0",
        json!({"type": "string", "pattern": "^(a+)+$"}),
    )])
    .await;
    let input = format!("\"{}!\"", "a".repeat(50_000));
    let answer = tokio::time::timeout(
        Duration::from_secs(30),
        post(&app, "/validate/a/pattern/1.0.0", "application/json", input),
    )
    .await
    .expect("answered");
    let result: Value = serde_json::from_str(&answer.2).expect("json");
    assert_eq!(result["valid"], false);
    assert_eq!(result["errors"][0]["keyword"], "pattern");
}

#[tokio::test]
async fn metrics_count_requests_documents_and_the_validator_cache() {
    let app = spawn_app().await;
    app.seed(&[("community/library-visit", "1.0.0", visit_schema())])
        .await;
    // Two ways of naming one version: the second resolution finds the compiled validator cached.
    for (path, body) in [
        (
            "/validate/community/library-visit/1.0.0",
            "{\"library\": \"A\", \"visitors\": 1}",
        ),
        ("/validate/community/library-visit/%5E1", "{}"),
    ] {
        post(&app, path, "application/json", body.to_owned()).await;
    }
    let response = app.get("/metrics").await;
    assert_eq!(response.status(), 200);
    let text = response.text().await.expect("body");
    let value = |name: &str| -> f64 {
        text.lines()
            .find(|l| l.starts_with(name) && l[name.len()..].starts_with([' ', '{']))
            .and_then(|l| l.rsplit(' ').next())
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("{name} missing from:\n{text}"))
    };
    assert_eq!(value("concord_documents_valid_total"), 1.0);
    assert_eq!(value("concord_documents_invalid_total"), 1.0);
    assert_eq!(value("concord_validator_cache_misses_total"), 1.0);
    assert_eq!(value("concord_validator_cache_hits_total"), 1.0);
    assert_eq!(value("concord_validator_cache_entries"), 1.0);
    assert!(text.contains("concord_http_requests_total{method=\"POST\",route=\"/validate/{*path}\",status=\"200\"} 2"), "{text}");
    assert!(
        text.contains("concord_http_request_duration_seconds_bucket"),
        "{text}"
    );
}
