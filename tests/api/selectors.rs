//! One grammar for the version a client asks for: `/schemas/{slug}/{selector}` redirects to
//! exactly the version `/validate/{slug}/{selector}` validates against.

use serde_json::json;

use crate::helpers::spawn_app;

#[tokio::test]
async fn a_selector_in_a_schema_address_resolves_as_validation_resolves_it() {
    let app = spawn_app().await;
    let schema = json!({ "type": "object" });
    app.seed(&[
        ("common/geo-point", "1.0.0", schema.clone()),
        ("common/geo-point", "1.1.0", schema.clone()),
        ("common/geo-point", "2.0.0", schema),
    ])
    .await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    for (selector, expected) in [
        ("latest", "2.0.0"),
        ("%5E1", "1.1.0"),
        ("~1.0", "1.0.0"),
        ("1", "1.1.0"),
        ("%3E%3D1.1%2C%20%3C3", "2.0.0"),
    ] {
        let validated: serde_json::Value = client
            .post(format!(
                "{}/validate/common/geo-point/{selector}",
                app.address
            ))
            .header("content-type", "application/json")
            .body("{}")
            .send()
            .await
            .expect("validate")
            .json()
            .await
            .expect("json");
        assert_eq!(validated["version"], expected, "/validate …/{selector}");
        let redirect = client
            .get(format!(
                "{}/schemas/common/geo-point/{selector}",
                app.address
            ))
            .send()
            .await
            .expect("schema");
        assert_eq!(redirect.status(), 302, "/schemas …/{selector}");
        assert_eq!(
            redirect.headers()["location"],
            format!("{}/schemas/common/geo-point/{expected}", app.address).as_str(),
            "/schemas …/{selector}"
        );
        assert_eq!(redirect.headers()["cache-control"], "no-cache");
    }
}

#[tokio::test]
async fn a_selector_that_matches_nothing_or_does_not_parse_is_refused_by_name() {
    let app = spawn_app().await;
    app.seed(&[("common/geo-point", "1.0.0", json!({ "type": "object" }))])
        .await;
    let missing = app.get("/schemas/common/geo-point/%5E3").await;
    assert_eq!(missing.status(), 404);
    let body: serde_json::Value = missing.json().await.expect("json");
    assert_eq!(body["error"]["code"], "NOT_FOUND");
    let bundle = app.get("/schemas/common/geo-point/latest/bundle").await;
    assert_eq!(bundle.status(), 422, "a bundle needs an exact version");
    let body: serde_json::Value = bundle.json().await.expect("json");
    assert_eq!(body["error"]["code"], "BAD_USER_INPUT");
}
