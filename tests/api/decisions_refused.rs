//! Every way a submission or decision can be refused: each answer carries its code and changes
//! nothing in the database.

use concord::domain::Role;
use serde_json::json;

use crate::helpers::{DECIDE, PROPOSE_STANDARD, SUBMIT, spawn_app, standard_input};

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
