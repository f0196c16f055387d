//! Validating payloads over GraphQL: resolution of versions, references between standards, the
//! drafts, and the refusals.

use concord::domain::Role;
use serde_json::json;

use crate::helpers::{VALIDATE, address_schema, spawn_app};

#[tokio::test]
async fn a_payload_is_validated_through_a_reference_to_another_standard() {
    let app = spawn_app().await;
    let camden = app.token("camden", Role::Steward).await;
    app.publish_standard(&camden, "common/address", "1.0.0", address_schema())
        .await;
    let depot = json!({
        "type": "object",
        "required": ["name", "address"],
        "properties": {
            "name": {"type": "string"},
            "address": {"$ref": "/schemas/common/address/1.0.0"}
        }
    });
    app.publish_standard(&camden, "waste/depot", "1.0.0", depot)
        .await;
    let valid = app
        .gql(VALIDATE, json!({ "standard": "waste/depot", "payload": {"name": "Regis Road", "address": {"uprn": 5022101, "postcode": "NW5 3EW"}} }), None)
        .await;
    assert_eq!(valid.data("/validate/valid"), true);
    let invalid = app
        .gql(VALIDATE, json!({ "standard": "waste/depot", "payload": {"name": "Regis Road", "address": {"uprn": 5022101}} }), None)
        .await;
    let error = &invalid.data("/validate/errors")[0];
    assert_eq!(error["instancePath"], "/address");
    assert_eq!(error["keyword"], "required");
    assert_eq!(error["schemaPath"], "/properties/address/$ref/required");
    assert_eq!(
        error["keywordLocation"],
        format!("{}/schemas/common/address/1.0.0#/required", app.address)
    );
}

#[tokio::test]
async fn formats_are_asserted_and_drafts_follow_dollar_schema() {
    let app = spawn_app().await;
    let camden = app.token("camden", Role::Steward).await;
    let contact = json!({"properties": {"email": {"type": "string", "format": "email"}, "updated": {"format": "date-time"}}});
    app.publish_standard(&camden, "common/contact", "1.0.0", contact)
        .await;
    let response = app
        .gql(VALIDATE, json!({ "standard": "common/contact", "payload": {"email": "not-an-email", "updated": "2024-06-01 10:00:00Z"} }), None)
        .await;
    let keywords: Vec<&str> = response
        .data("/validate/errors")
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| e["keyword"].as_str().expect("k"))
        .collect();
    assert_eq!(keywords, ["format", "format"]);

    let draft4 = json!({
        "$schema": "http://json-schema.org/draft-04/schema#",
        "properties": {"age": {"type": "number", "minimum": 18, "exclusiveMinimum": true}}
    });
    app.publish_standard(&camden, "community/age", "1.0.0", draft4)
        .await;
    let response = app
        .gql(
            VALIDATE,
            json!({ "standard": "community/age", "payload": {"age": 18} }),
            None,
        )
        .await;
    assert_eq!(
        response.data("/validate/valid"),
        false,
        "draft-04 boolean exclusiveMinimum applies"
    );
    let response = app
        .gql(
            VALIDATE,
            json!({ "standard": "community/age", "payload": {"age": 18.5} }),
            None,
        )
        .await;
    assert_eq!(response.data("/validate/valid"), true);
}

#[tokio::test]
async fn the_number_of_errors_returned_is_bounded() {
    let app = spawn_app().await;
    let camden = app.token("camden", Role::Steward).await;
    app.publish_standard(
        &camden,
        "a/list",
        "1.0.0",
        json!({"type": "array", "items": {"type": "integer"}}),
    )
    .await;
    let payload: Vec<String> = (0..150).map(|i| i.to_string()).collect();
    let response = app
        .gql(
            VALIDATE,
            json!({ "standard": "a/list", "payload": payload }),
            None,
        )
        .await;
    assert_eq!(
        response
            .data("/validate/errors")
            .as_array()
            .expect("errors")
            .len(),
        100
    );
    assert_eq!(response.data("/validate/truncated"), true);
}

#[tokio::test]
async fn validating_against_what_does_not_exist_or_cannot_be_parsed_is_refused() {
    let app = spawn_app().await;
    let camden = app.token("camden", Role::Steward).await;
    app.publish_standard(&camden, "common/address", "1.0.0", address_schema())
        .await;
    let cases = [
        (
            json!({ "standard": "common/nothing", "payload": {} }),
            "NOT_FOUND",
        ),
        (
            json!({ "standard": "common/address", "version": "2.0.0", "payload": {} }),
            "NOT_FOUND",
        ),
        (
            json!({ "standard": "common/address", "version": "^2", "payload": {} }),
            "NOT_FOUND",
        ),
        (
            json!({ "standard": "common/address", "version": "two", "payload": {} }),
            "BAD_USER_INPUT",
        ),
        (
            json!({ "standard": "Common Address", "payload": {} }),
            "BAD_USER_INPUT",
        ),
    ];
    for (variables, code) in cases {
        let response = app.gql(VALIDATE, variables.clone(), None).await;
        assert_eq!(response.code(), code, "{variables}: {}", response.body);
    }
}

#[tokio::test]
async fn a_payload_nested_beyond_the_depth_limit_is_refused() {
    let app = spawn_app().await;
    let camden = app.token("camden", Role::Steward).await;
    app.publish_standard(&camden, "a/any", "1.0.0", json!({}))
        .await;
    let mut payload = json!(1);
    for _ in 0..80 {
        payload = json!([payload]);
    }
    let response = app
        .gql(
            VALIDATE,
            json!({ "standard": "a/any", "payload": payload }),
            None,
        )
        .await;
    assert_eq!(response.code(), "LIMIT_EXCEEDED");
    assert_eq!(response.error()["extensions"]["limit"], "depth");
}

#[tokio::test]
async fn a_null_document_is_validated_through_graphql_as_through_rest() {
    let app = spawn_app().await;
    app.seed(&[
        ("common/address", "1.0.0", address_schema()),
        (
            "common/anything",
            "1.0.0",
            json!({"description": "Any JSON at all."}),
        ),
    ])
    .await;
    let null_address = app
        .gql(
            "{ validate(standard: \"common/address\", payload: null) { valid errors { instancePath keyword } } }",
            json!({}),
            None,
        )
        .await;
    assert_eq!(null_address.data("/validate/valid"), false);
    assert_eq!(null_address.data("/validate/errors/0/keyword"), "type");
    assert_eq!(null_address.data("/validate/errors/0/instancePath"), "");

    let through_a_variable = app
        .gql(
            "query($p: JSON) { validate(standard: \"common/anything\", payload: $p) { valid } }",
            json!({ "p": null }),
            None,
        )
        .await;
    assert_eq!(through_a_variable.data("/validate/valid"), true);
    let many = app
        .gql(
            "{ validateMany(standard: \"common/anything\", payloads: [null, 1, {a: null}]) { valid } }",
            json!({}),
            None,
        )
        .await;
    assert_eq!(
        many.data("/validateMany"),
        &json!([{"valid": true}, {"valid": true}, {"valid": true}])
    );

    // REST says the same of `null`.
    let rest = app
        .client
        .post(format!("{}/validate/common/address/1.0.0", app.address))
        .header("content-type", "application/json")
        .body("null")
        .send()
        .await
        .expect("post");
    let body: serde_json::Value = rest.json().await.expect("json");
    assert_eq!(body["valid"], false);

    // Leaving the payload out is still a mistake, named as one.
    let missing = app
        .gql(
            "{ validate(standard: \"common/address\") { valid } }",
            json!({}),
            None,
        )
        .await;
    assert_eq!(missing.code(), "BAD_USER_INPUT");
    assert_eq!(missing.error()["extensions"]["field"], "payload");
}

#[tokio::test]
async fn a_reference_to_a_drafts_metaschema_resolves_offline_in_validation_bundles_and_proposals() {
    let app = spawn_app().await;
    let with_meta = |extra: &str| {
        json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "properties": {
                "rules": {"$ref": "http://json-schema.org/draft-07/schema#"},
                "latest": {"$ref": "https://json-schema.org/draft/2020-12/schema"},
                "note": {"type": "string", "description": extra}
            }
        })
    };
    app.seed(&[("common/form-rules", "1.0.0", with_meta("First."))])
        .await;
    let check = |payload: serde_json::Value| {
        app.gql(
            "query($p: JSON) { validate(standard: \"common/form-rules\", payload: $p) { valid errors { instancePath } } }",
            json!({ "p": payload }),
            None,
        )
    };
    assert_eq!(
        check(json!({"rules": {"type": "string"}}))
            .await
            .data("/validate/valid"),
        true
    );
    let bad = check(json!({"rules": {"type": 12}, "latest": {"minLength": -1}})).await;
    assert_eq!(bad.data("/validate/valid"), false, "{}", bad.body);

    let bundle = app.get("/schemas/common/form-rules/1.0.0/bundle").await;
    assert_eq!(bundle.status(), 200);

    // A new version with the same references is compared and proposed like any other.
    let steward = app.token("loti", Role::Steward).await;
    let proposed = app
        .gql(
            crate::helpers::PROPOSE_VERSION,
            crate::helpers::version_input("common/form-rules", "1.0.1", with_meta("Clarified.")),
            Some(&steward),
        )
        .await;
    assert_eq!(
        proposed.data("/proposeVersion/proposal/state"),
        "DRAFT",
        "{}",
        proposed.body
    );
}
