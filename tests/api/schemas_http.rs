//! `GET /schemas/{slug}/{version}`.

use concord::domain::Role;

use crate::helpers::{TestApp, address_schema, spawn_app};

/// `address_schema()` as its author would send it: written by hand, so its keys are in the
/// author's order (`title` before `type`, `uprn` before `postcode`), not sorted.
const AUTHORS_TEXT: &str = r#"{"$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "Address", "type": "object", "required": ["uprn", "postcode"],
  "properties": {
    "uprn": {"type": "integer", "minimum": 1, "maximum": 999999999999},
    "postcode": {"type": "string", "pattern": "^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}$"},
    "lines": {"type": "array", "items": {"type": "string"}, "maxItems": 5}}}"#;

async fn propose_in_authors_order(app: &TestApp, token: &str) -> String {
    let body = format!(
        r#"{{"query": "mutation($s: JSON!) {{ proposeStandard(input: {{slug: \"common/address\", title: \"Address\", summary: \"Where\", theme: \"common\", version: \"1.0.0\", schema: $s, rationale: \"Needed\"}}) {{ proposal {{ id }} }} }}", "variables": {{"s": {AUTHORS_TEXT}}}}}"#
    );
    let response: serde_json::Value = app
        .client
        .post(format!("{}/graphql", app.address))
        .bearer_auth(token)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .expect("propose")
        .json()
        .await
        .expect("json");
    response["data"]["proposeStandard"]["proposal"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("proposed: {response}"))
        .to_owned()
}

fn assert_in_authors_order(text: &str) {
    let at = |key: &str| {
        text.find(&format!("\"{key}\""))
            .unwrap_or_else(|| panic!("{key} in {text}"))
    };
    assert!(
        at("title") < at("type"),
        "the author's key order is kept: {text}"
    );
    assert!(
        at("uprn") < at("postcode"),
        "the author's key order is kept: {text}"
    );
}

#[tokio::test]
async fn a_published_schema_is_served_as_schema_json_with_an_etag_and_immutable_caching() {
    let app = spawn_app().await;
    let camden = app.token("camden", Role::Steward).await;
    let id = propose_in_authors_order(&app, &camden).await;
    app.approve(&camden, &id).await;
    let response = app.get("/schemas/common/address/1.0.0").await;
    assert_eq!(response.status(), 200);
    let headers = response.headers().clone();
    assert_eq!(headers["content-type"], "application/schema+json");
    assert_eq!(
        headers["cache-control"],
        "public, max-age=31536000, immutable"
    );
    let etag = headers["etag"].to_str().expect("etag").to_owned();
    let text = response.text().await.expect("body");
    let served: serde_json::Value = serde_json::from_str(&text).expect("json");
    assert_eq!(served, address_schema());
    assert_in_authors_order(&text);
    let through_graphql = app
        .client
        .post(format!("{}/graphql", app.address))
        .json(&serde_json::json!({ "query": "{ standard(slug: \"common/address\") { version { schema } } }" }))
        .send()
        .await
        .expect("graphql")
        .text()
        .await
        .expect("body");
    assert_in_authors_order(&through_graphql);

    let cached = app
        .client
        .get(format!("{}/schemas/common/address/1.0.0", app.address))
        .header("if-none-match", &etag)
        .send()
        .await
        .expect("request");
    assert_eq!(cached.status(), 304);
    assert!(cached.text().await.expect("body").is_empty());
}

#[tokio::test]
async fn unknown_and_malformed_schema_addresses_are_json_errors() {
    let app = spawn_app().await;
    let response = app.get("/schemas/common/address/1.0.0").await;
    assert_eq!(response.status(), 404);
    let body: serde_json::Value = response.json().await.expect("json");
    assert_eq!(body["error"]["code"], "NOT_FOUND");
    assert_eq!(app.get("/schemas/common").await.status(), 404);
    assert_eq!(
        app.get("/schemas/common/address/latest").await.status(),
        404,
        "latest of a standard that does not exist"
    );
    for path in ["/schemas/Common/x/1.0.0", "/schemas/common/address/1.0.0.0"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 422, "{path}");
        let body: serde_json::Value = response.json().await.expect("json");
        assert_eq!(body["error"]["code"], "BAD_USER_INPUT", "{path}");
    }
}
