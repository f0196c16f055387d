//! Usage: validations made with a token count for the caller's organisation, per standard,
//! version and day; anonymous validations are not counted; payloads are never kept.

use concord::domain::Role;
use serde_json::json;

use crate::helpers::{address_schema, spawn_app};

const USAGE: &str = "{ organisation(slug: \"camden\") { usage { standard { slug } version { version } day validations } }
  standard(slug: \"common/address\") { usage(days: 7) { organisation { slug } validations } } }";

#[tokio::test]
async fn validations_with_a_token_are_counted_for_the_organisation_per_version_and_day() {
    let app = spawn_app().await;
    app.seed(&[("common/address", "1.0.0", address_schema())])
        .await;
    let camden = app.token("camden", Role::Steward).await;
    let good = json!({ "uprn": 5, "postcode": "NW1 2RU" });

    // Three through GraphQL, one through REST, four as NDJSON, and some anonymous ones.
    app.gql(
        "query($p: [JSON!]!) { validateMany(standard: \"common/address\", payloads: $p) { valid } }",
        json!({ "p": [good, good, {"uprn": "x"}] }),
        Some(&camden),
    )
    .await;
    let post = |body: String, content_type: &'static str, token: Option<String>| {
        let mut request = app
            .client
            .post(format!("{}/validate/common/address/1.0.0", app.address))
            .header("content-type", content_type)
            .body(body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send()
    };
    let single = post(good.to_string(), "application/json", Some(camden.clone()))
        .await
        .expect("post");
    assert_eq!(single.status(), 200);
    let lines = format!("{good}\n{good}\n{good}\nnot json\n");
    let streamed = post(lines.clone(), "application/x-ndjson", Some(camden.clone()))
        .await
        .expect("post");
    streamed.text().await.expect("results");
    post(lines, "application/x-ndjson", None)
        .await
        .expect("post")
        .text()
        .await
        .expect("results");
    app.gql(
        "{ validate(standard: \"common/address\", payload: {uprn: 1, postcode: \"E8 1DY\"}) { valid } }",
        json!({}),
        None,
    )
    .await;

    app.clock.advance(chrono::Duration::days(1));
    post(good.to_string(), "application/json", Some(camden.clone()))
        .await
        .expect("post");

    let read = app.gql(USAGE, json!({}), None).await;
    let rows = read.data("/organisation/usage").as_array().expect("rows");
    assert_eq!(rows.len(), 2, "one row per day: {rows:?}");
    assert_eq!(rows[0]["validations"], 1, "the newest day first");
    assert_eq!(rows[1]["validations"], 8);
    assert_eq!(rows[1]["standard"]["slug"], "common/address");
    assert_eq!(rows[1]["version"]["version"], "1.0.0");
    let by_standard = read.data("/standard/usage").as_array().expect("rows");
    assert!(
        by_standard
            .iter()
            .all(|r| r["organisation"]["slug"] == "camden"),
        "anonymous use is not counted"
    );
    assert_eq!(by_standard.len(), 2, "{by_standard:?}");
    let total: u64 = by_standard
        .iter()
        .filter_map(|r| r["validations"].as_u64())
        .sum();
    assert_eq!(total, 9);

    let refused = app
        .gql(
            "{ organisation(slug: \"camden\") { usage(days: 0) { day } } }",
            json!({}),
            None,
        )
        .await;
    assert_eq!(refused.code(), "BAD_USER_INPUT");
    assert_eq!(refused.error()["extensions"]["field"], "days");
    let too_long = app
        .gql(
            "{ standard(slug: \"common/address\") { usage(days: 367) { day } } }",
            json!({}),
            None,
        )
        .await;
    assert_eq!(too_long.code(), "BAD_USER_INPUT");
}
