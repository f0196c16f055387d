//! `GET /schemas/{slug}/{version}`.

use concord::domain::Role;

use crate::helpers::{address_schema, spawn_app};

#[tokio::test]
async fn a_published_schema_is_served_as_schema_json_with_an_etag_and_immutable_caching() {
    let app = spawn_app().await;
    let camden = app.token("camden", Role::Steward).await;
    app.publish_standard(&camden, "common/address", "1.0.0", address_schema())
        .await;
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
    assert!(
        text.find("\"title\"") < text.find("\"properties\""),
        "the author's key order is kept"
    );

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
    for path in [
        "/schemas/common/address/latest",
        "/schemas/Common/x/1.0.0",
        "/schemas/common/address/1.0",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 422, "{path}");
        let body: serde_json::Value = response.json().await.expect("json");
        assert_eq!(body["error"]["code"], "BAD_USER_INPUT", "{path}");
    }
}
