//! Every way a proposal or decision can be refused: each answer carries its code and changes
//! nothing in the database.

use concord::domain::Role;
use concord::registry::Limits;
use serde_json::{Value, json};

use crate::helpers::{
    PROPOSE_STANDARD, PROPOSE_VERSION, address_schema, spawn_app, spawn_app_with, standard_input,
    version_input,
};

#[tokio::test]
async fn a_body_that_is_not_json_is_bad_user_input() {
    let app = spawn_app().await;
    let before = app.snapshot().await;
    let response = app
        .post_raw("{\"query\": \"mutation {", "application/json")
        .await;
    assert_eq!(response.status, 400);
    assert_eq!(response.code(), "BAD_USER_INPUT");
    assert_eq!(app.snapshot().await, before);
}

#[tokio::test]
async fn a_schema_that_is_not_a_schema_is_refused_at_its_pointer() {
    let app = spawn_app().await;
    let camden = app.token("camden", Role::Steward).await;
    let response = app
        .assert_refused(
            PROPOSE_STANDARD,
            standard_input("common/address", "1.0.0", json!({"type": 12})),
            Some(&camden),
            "INVALID_SCHEMA",
        )
        .await;
    let problems = &response.error()["extensions"]["problems"];
    assert_eq!(problems[0]["pointer"], "/type", "{problems}");
    let nested = json!({"properties": {"uprn": {"minimum": "one"}}});
    let response = app
        .assert_refused(
            PROPOSE_STANDARD,
            standard_input("common/address", "1.0.0", nested),
            Some(&camden),
            "INVALID_SCHEMA",
        )
        .await;
    assert_eq!(
        response.error()["extensions"]["problems"][0]["pointer"],
        "/properties/uprn/minimum"
    );
}

#[tokio::test]
async fn patterns_that_are_not_ecma_262_and_unknown_drafts_are_refused() {
    let app = spawn_app().await;
    let camden = app.token("camden", Role::Steward).await;
    for schema in [
        json!({"properties": {"id": {"type": "string", "pattern": "^(a+$"}}}),
        json!({"properties": {"id": {"type": "string", "pattern": "[z-a]"}}}),
        json!({"$schema": "https://example.org/my-own-meta-schema"}),
    ] {
        app.assert_refused(
            PROPOSE_STANDARD,
            standard_input("a/b", "1.0.0", schema),
            Some(&camden),
            "INVALID_SCHEMA",
        )
        .await;
    }
}

#[tokio::test]
async fn remote_and_unpublished_references_are_refused_and_never_fetched() {
    let app = spawn_app().await;
    let camden = app.token("camden", Role::Steward).await;
    for (schema, pointer) in [
        (
            json!({"properties": {"a": {"$ref": "https://example.org/schemas/address.json"}}}),
            "/properties/a/$ref",
        ),
        (json!({"$ref": "file:///etc/passwd"}), "/$ref"),
        (
            json!({"items": {"$ref": "/schemas/common/address/9.9.9"}}),
            "/items/$ref",
        ),
    ] {
        let response = app
            .assert_refused(
                PROPOSE_STANDARD,
                standard_input("a/b", "1.0.0", schema),
                Some(&camden),
                "INVALID_SCHEMA",
            )
            .await;
        assert_eq!(
            response.error()["extensions"]["problems"][0]["pointer"],
            pointer
        );
    }
}

#[tokio::test]
async fn garbage_versions_and_slugs_are_bad_user_input_naming_the_field() {
    let app = spawn_app().await;
    let camden = app.token("camden", Role::Steward).await;
    for (slug, version, field) in [
        ("common/address", "one", "version"),
        ("common/address", "1.0", "version"),
        ("common/address", "2.0.0-rc.1", "version"),
        ("Common/Address", "1.0.0", "slug"),
        ("a/b/c", "1.0.0", "slug"),
    ] {
        let response = app
            .assert_refused(
                PROPOSE_STANDARD,
                standard_input(slug, version, json!({})),
                Some(&camden),
                "BAD_USER_INPUT",
            )
            .await;
        assert_eq!(
            response.error()["extensions"]["field"],
            field,
            "{}",
            response.body
        );
    }
}

#[tokio::test]
async fn a_version_that_is_not_greater_than_every_published_one_is_refused() {
    let app = spawn_app().await;
    let camden = app.token("camden", Role::Steward).await;
    app.publish_standard(&camden, "common/address", "1.2.0", address_schema())
        .await;
    for version in ["1.2.0", "1.1.9", "0.9.0"] {
        let response = app
            .assert_refused(
                PROPOSE_VERSION,
                version_input("common/address", version, address_schema()),
                Some(&camden),
                "VERSION_BUMP_TOO_SMALL",
            )
            .await;
        assert_eq!(response.error()["extensions"]["latest"], "1.2.0");
        assert_eq!(response.error()["extensions"]["declared"], version);
    }
}

#[tokio::test]
async fn a_version_of_an_unknown_standard_is_not_found() {
    let app = spawn_app().await;
    let camden = app.token("camden", Role::Steward).await;
    app.assert_refused(
        PROPOSE_VERSION,
        version_input("common/nothing", "1.0.0", json!({})),
        Some(&camden),
        "NOT_FOUND",
    )
    .await;
}

#[tokio::test]
async fn a_slug_that_is_taken_or_already_proposed_conflicts() {
    let app = spawn_app().await;
    let camden = app.token("camden", Role::Steward).await;
    let hackney = app.token("hackney", Role::Steward).await;
    app.gql(
        PROPOSE_STANDARD,
        standard_input("common/address", "1.0.0", json!({})),
        Some(&camden),
    )
    .await
    .data("/proposeStandard");
    app.assert_refused(
        PROPOSE_STANDARD,
        standard_input("common/address", "1.0.0", json!({})),
        Some(&hackney),
        "CONFLICT",
    )
    .await;
    app.publish_standard(&camden, "common/contact", "1.0.0", json!({}))
        .await;
    app.assert_refused(
        PROPOSE_STANDARD,
        standard_input("common/contact", "2.0.0", json!({})),
        Some(&hackney),
        "CONFLICT",
    )
    .await;
}

#[tokio::test]
async fn proposing_without_a_token_is_unauthenticated() {
    let app = spawn_app().await;
    app.assert_refused(
        PROPOSE_STANDARD,
        standard_input("common/address", "1.0.0", json!({})),
        None,
        "UNAUTHENTICATED",
    )
    .await;
}

#[tokio::test]
async fn an_unknown_or_malformed_token_is_refused_outright() {
    let app = spawn_app().await;
    for token in [
        "concord_0000000000000000000000000000000000000000000",
        "not-a-concord-token",
    ] {
        let before = app.snapshot().await;
        let response = app
            .gql(
                PROPOSE_STANDARD,
                standard_input("common/address", "1.0.0", json!({})),
                Some(token),
            )
            .await;
        assert_eq!(response.status, 401);
        assert_eq!(response.code(), "UNAUTHENTICATED");
        assert_eq!(app.snapshot().await, before);
    }
    // Even a public query is refused with a bad token, so a broken CI secret fails loudly.
    let response = app
        .gql(
            "{ standards { totalCount } }",
            json!({}),
            Some("concord_xxxxxxxxxxxxxxxxxxxxxxxx"),
        )
        .await;
    assert_eq!(response.code(), "UNAUTHENTICATED");
}

fn nested(depth: usize) -> Value {
    let mut schema = json!({"type": "string"});
    for _ in 0..depth {
        schema = json!({"type": "object", "properties": {"child": schema}});
    }
    schema
}

#[tokio::test]
async fn schemas_over_the_size_or_depth_limit_are_refused() {
    let app = spawn_app_with(Limits {
        max_schema_bytes: 20_000,
        max_depth: 20,
        ..Limits::default()
    })
    .await;
    let camden = app.token("camden", Role::Steward).await;
    let big = json!({"description": "x".repeat(30_000)});
    let response = app
        .assert_refused(
            PROPOSE_STANDARD,
            standard_input("a/b", "1.0.0", big),
            Some(&camden),
            "LIMIT_EXCEEDED",
        )
        .await;
    assert_eq!(response.error()["extensions"]["limit"], "schemaBytes");
    let response = app
        .assert_refused(
            PROPOSE_STANDARD,
            standard_input("a/b", "1.0.0", nested(15)),
            Some(&camden),
            "LIMIT_EXCEEDED",
        )
        .await;
    assert_eq!(response.error()["extensions"]["limit"], "depth");
}
