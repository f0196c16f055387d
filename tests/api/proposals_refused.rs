//! Every way a proposal or decision can be refused: each answer carries its code and changes
//! nothing in the database.

use concord::domain::Role;
use concord::registry::Limits;
use serde_json::{Value, json};

use crate::helpers::{
    DECIDE, PROPOSE_STANDARD, PROPOSE_VERSION, SUBMIT, address_schema, spawn_app, spawn_app_with,
    standard_input, version_input,
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
async fn unknown_formats_catastrophic_patterns_and_unknown_drafts_are_refused() {
    let app = spawn_app().await;
    let camden = app.token("camden", Role::Steward).await;
    for schema in [
        json!({"properties": {"postcode": {"type": "string", "format": "uk-postcode"}}}),
        json!({"properties": {"id": {"type": "string", "pattern": "^(a+)+\\1$"}}}),
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

#[tokio::test]
async fn only_the_cdo_decides() {
    let app = spawn_app().await;
    let camden = app.token("camden", Role::Steward).await;
    let proposed = app
        .gql(
            PROPOSE_STANDARD,
            standard_input("common/address", "1.0.0", json!({})),
            Some(&camden),
        )
        .await;
    let id = proposed.data("/proposeStandard/proposal/id").clone();
    app.gql(SUBMIT, json!({ "id": id }), Some(&camden))
        .await
        .data("/submitProposal");
    app.gql(
        "mutation { createOrganisation(input: {slug: \"acme\", name: \"Acme Ltd\", kind: PARTNER}) { organisation { slug } } }",
        json!({}),
        Some(&app.cdo),
    )
    .await
    .data("/createOrganisation");
    let others = [
        app.token("camden", Role::Steward).await,
        app.token("hackney", Role::Steward).await,
        app.token("acme", Role::Partner).await,
        app.token("tfl", Role::Board).await,
    ];
    for token in &others {
        app.assert_refused(
            DECIDE,
            json!({ "id": id, "decision": "APPROVE" }),
            Some(token),
            "FORBIDDEN",
        )
        .await;
    }
    app.assert_refused(
        DECIDE,
        json!({ "id": id, "decision": "APPROVE" }),
        None,
        "UNAUTHENTICATED",
    )
    .await;
}

#[tokio::test]
async fn approving_twice_or_approving_a_draft_is_an_invalid_transition() {
    let app = spawn_app().await;
    let camden = app.token("camden", Role::Steward).await;
    let proposed = app
        .gql(
            PROPOSE_STANDARD,
            standard_input("common/address", "1.0.0", json!({})),
            Some(&camden),
        )
        .await;
    let id = proposed.data("/proposeStandard/proposal/id").clone();
    let response = app
        .assert_refused(
            DECIDE,
            json!({ "id": id, "decision": "APPROVE" }),
            Some(&app.cdo),
            "INVALID_TRANSITION",
        )
        .await;
    assert_eq!(response.error()["extensions"]["state"], "DRAFT");
    assert_eq!(
        response.error()["extensions"]["allowed"],
        json!(["revise", "submit", "comment", "withdraw"])
    );
    app.approve(&camden, id.as_str().expect("id")).await;
    app.assert_refused(
        DECIDE,
        json!({ "id": id, "decision": "APPROVE" }),
        Some(&app.cdo),
        "INVALID_TRANSITION",
    )
    .await;
    app.assert_refused(
        DECIDE,
        json!({ "id": id, "decision": "REJECT", "note": "no" }),
        Some(&app.cdo),
        "INVALID_TRANSITION",
    )
    .await;
    app.assert_refused(
        SUBMIT,
        json!({ "id": id }),
        Some(&camden),
        "INVALID_TRANSITION",
    )
    .await;
}

#[tokio::test]
async fn nobody_decides_a_proposal_from_their_own_organisation() {
    let app = spawn_app().await;
    let gla = app.token("gla", Role::Steward).await;
    let proposed = app
        .gql(
            PROPOSE_STANDARD,
            standard_input("planning/x", "1.0.0", json!({})),
            Some(&gla),
        )
        .await;
    let id = proposed.data("/proposeStandard/proposal/id").clone();
    app.gql(SUBMIT, json!({ "id": id }), Some(&gla))
        .await
        .data("/submitProposal");
    let response = app
        .assert_refused(
            DECIDE,
            json!({ "id": id, "decision": "APPROVE" }),
            Some(&app.cdo),
            "FORBIDDEN",
        )
        .await;
    assert!(
        response.error()["message"]
            .as_str()
            .expect("message")
            .contains("conflict of interest")
    );
}

#[tokio::test]
async fn only_the_authoring_organisation_submits_and_the_cdo_does_not_propose() {
    let app = spawn_app().await;
    let camden = app.token("camden", Role::Steward).await;
    let hackney = app.token("hackney", Role::Steward).await;
    let proposed = app
        .gql(
            PROPOSE_STANDARD,
            standard_input("common/address", "1.0.0", json!({})),
            Some(&camden),
        )
        .await;
    let id = proposed.data("/proposeStandard/proposal/id").clone();
    app.assert_refused(SUBMIT, json!({ "id": id }), Some(&hackney), "FORBIDDEN")
        .await;
    app.assert_refused(SUBMIT, json!({ "id": id }), Some(&app.cdo), "FORBIDDEN")
        .await;
    app.assert_refused(
        PROPOSE_STANDARD,
        standard_input("a/b", "1.0.0", json!({})),
        Some(&app.cdo),
        "FORBIDDEN",
    )
    .await;
}

#[tokio::test]
async fn a_rejection_without_a_note_and_unknown_or_malformed_ids_are_refused() {
    let app = spawn_app().await;
    let camden = app.token("camden", Role::Steward).await;
    let proposed = app
        .gql(
            PROPOSE_STANDARD,
            standard_input("common/address", "1.0.0", json!({})),
            Some(&camden),
        )
        .await;
    let id = proposed.data("/proposeStandard/proposal/id").clone();
    app.gql(SUBMIT, json!({ "id": id }), Some(&camden))
        .await
        .data("/submitProposal");
    let response = app
        .assert_refused(
            DECIDE,
            json!({ "id": id, "decision": "REJECT", "note": "  " }),
            Some(&app.cdo),
            "BAD_USER_INPUT",
        )
        .await;
    assert_eq!(response.error()["extensions"]["field"], "note");
    app.assert_refused(
        DECIDE,
        json!({ "id": "999", "decision": "APPROVE" }),
        Some(&app.cdo),
        "NOT_FOUND",
    )
    .await;
    let response = app
        .assert_refused(
            DECIDE,
            json!({ "id": "twelve", "decision": "APPROVE" }),
            Some(&app.cdo),
            "BAD_USER_INPUT",
        )
        .await;
    assert_eq!(response.error()["extensions"]["field"], "id");
    app.assert_refused(
        DECIDE,
        json!({ "id": id, "decision": "MAYBE" }),
        Some(&app.cdo),
        "BAD_USER_INPUT",
    )
    .await;
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
