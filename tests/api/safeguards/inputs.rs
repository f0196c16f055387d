//! Inputs an attacker controls: a bad token on any surface, a cross-site simple POST, control
//! characters in names, and errors that would echo a huge input.

use concord::domain::Role;
use serde_json::json;

use crate::governance::COMMENT;
use crate::helpers::{PROPOSE_STANDARD, address_schema, spawn_app, standard_input};

#[tokio::test]
async fn every_plain_http_surface_refuses_a_bad_token_instead_of_serving_the_public() {
    let app = spawn_app().await;
    app.seed(&[("common/geo-point", "1.0.0", json!({ "type": "object" }))])
        .await;
    let revoked_or_unknown = "Bearer concord_this-token-was-never-issued";
    for (method, path) in [
        ("POST", "/validate/common/geo-point/1.0.0"),
        ("GET", "/schemas/common/geo-point/1.0.0"),
        ("GET", "/standards/common/geo-point"),
        ("GET", "/"),
    ] {
        let request = match method {
            "POST" => app
                .client
                .post(format!("{}{path}", app.address))
                .header("content-type", "application/json")
                .body("{}"),
            _ => app.client.get(format!("{}{path}", app.address)),
        };
        let response = request
            .header("authorization", revoked_or_unknown)
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), 401, "{method} {path}");
        assert_eq!(response.headers()["www-authenticate"], "Bearer");
        let body: serde_json::Value = response.json().await.expect("json");
        assert_eq!(body["error"]["code"], "UNAUTHENTICATED", "{method} {path}");
        let malformed = app
            .client
            .get(format!("{}/schemas/common/geo-point/1.0.0", app.address))
            .header("authorization", "Basic dXNlcjpwYXNz")
            .send()
            .await
            .expect("request");
        assert_eq!(malformed.status(), 401);
    }
    let steward = app.token("camden", Role::Steward).await;
    let with_valid = app
        .client
        .get(format!("{}/schemas/common/geo-point/1.0.0", app.address))
        .bearer_auth(&steward)
        .send()
        .await
        .expect("request");
    assert_eq!(with_valid.status(), 200);
}

#[tokio::test]
async fn graphql_executes_only_json_so_a_cross_site_form_cannot_reach_it() {
    let app = spawn_app().await;
    let camden = app.token("camden", Role::Steward).await;
    let before = app.snapshot().await;
    let mutation = json!({
        "query": "mutation($input: ProposeStandardInput!) { proposeStandard(input: $input) { proposal { id } } }",
        "variables": standard_input("common/address", "1.0.0", address_schema()),
    })
    .to_string();
    for content_type in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
    ] {
        let response = app
            .client
            .post(format!("{}/graphql", app.address))
            .header("content-type", content_type)
            .bearer_auth(&camden)
            .body(mutation.clone())
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), 415, "{content_type}");
        let body: serde_json::Value = response.json().await.expect("json");
        assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
    }
    let missing = app
        .client
        .post(format!("{}/graphql", app.address))
        .body("{\"query\": \"{ me { name } }\"}")
        .send()
        .await
        .expect("request");
    assert_eq!(missing.status(), 415, "no content type at all");
    assert_eq!(app.snapshot().await, before, "nothing was proposed");
    let graphql_type = app
        .client
        .post(format!("{}/graphql", app.address))
        .header("content-type", "application/graphql-response+json")
        .body("{\"query\": \"{ standards { totalCount } }\"}")
        .send()
        .await
        .expect("request");
    assert_eq!(graphql_type.status(), 200);
}

#[tokio::test]
async fn names_titles_and_comments_refuse_nul_and_bidirectional_controls() {
    let app = spawn_app().await;
    let camden = app.token("camden", Role::Steward).await;
    let mut input = standard_input("common/address", "1.0.0", address_schema());
    input["input"]["title"] = json!("Address\u{0}");
    let nul = app
        .assert_refused(
            PROPOSE_STANDARD,
            input.clone(),
            Some(&camden),
            "BAD_USER_INPUT",
        )
        .await;
    assert_eq!(nul.error()["extensions"]["field"], "title");
    input["input"]["title"] = json!("Address \u{202E}gpj.exe");
    let bidi = app
        .assert_refused(
            PROPOSE_STANDARD,
            input.clone(),
            Some(&camden),
            "BAD_USER_INPUT",
        )
        .await;
    assert!(
        bidi.error()["message"]
            .as_str()
            .is_some_and(|m| m.contains("U+202E"))
    );
    input["input"]["title"] = json!("Address");
    input["input"]["summary"] = json!("Where\u{0}");
    app.assert_refused(
        PROPOSE_STANDARD,
        input.clone(),
        Some(&camden),
        "BAD_USER_INPUT",
    )
    .await;
    let organisation = app
        .assert_refused(
            "mutation { createOrganisation(input: {slug: \"acme\", name: \"Acme\\u2066 Ltd\", kind: PARTNER}) { organisation { slug } } }",
            json!({}),
            Some(&app.cdo),
            "BAD_USER_INPUT",
        )
        .await;
    assert_eq!(organisation.error()["extensions"]["field"], "name");
    input["input"]["summary"] = json!("Where a property is.");
    let proposed = app.gql(PROPOSE_STANDARD, input, Some(&camden)).await;
    let id = proposed.data("/proposeStandard/proposal/id").clone();
    let comment = app
        .assert_refused(
            COMMENT,
            json!({ "id": id, "body": "nul\u{0}here" }),
            Some(&camden),
            "BAD_USER_INPUT",
        )
        .await;
    assert_eq!(comment.error()["extensions"]["field"], "body");
}

#[tokio::test]
async fn an_error_quotes_at_most_a_couple_of_hundred_characters_of_what_was_sent() {
    let app = spawn_app().await;
    let huge = "x".repeat(50_000);
    let response = app
        .gql(
            "query($s: String!, $v: String) { validate(standard: \"common/address\", version: $v, payload: {}) { valid } standard(slug: $s) { slug } }",
            json!({ "s": format!("{huge}/a/b"), "v": format!("^{huge}") }),
            None,
        )
        .await;
    let errors = response.body["errors"].as_array().expect("errors");
    assert!(!errors.is_empty(), "{}", response.body);
    for error in errors {
        let message = error["message"].as_str().expect("message");
        assert!(
            message.len() < 600,
            "an error of {} bytes: {}…",
            message.len(),
            &message[..100]
        );
    }
}
