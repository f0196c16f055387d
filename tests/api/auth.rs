//! Tokens and roles: who the caller is, and what only the CDO may do.

use concord::domain::Role;
use serde_json::json;

use crate::helpers::spawn_app;

const CREATE_TOKEN: &str = "mutation($input: CreateTokenInput!) {
  createToken(input: $input) { token account { name role organisation { slug } } }
}";
const CREATE_ORG: &str = "mutation($input: CreateOrganisationInput!) {
  createOrganisation(input: $input) { organisation { slug name kind gssCode } }
}";

#[tokio::test]
async fn me_is_null_without_a_token_and_names_the_account_with_one() {
    let app = spawn_app().await;
    let response = app.gql("{ me { name } }", json!({}), None).await;
    assert!(response.data("/me").is_null());
    let tfl = app.token("tfl", Role::Board).await;
    let response = app
        .gql(
            "{ me { name role organisation { slug name } } }",
            json!({}),
            Some(&tfl),
        )
        .await;
    assert_eq!(response.data("/me/role"), "BOARD");
    assert_eq!(
        response.data("/me/organisation/name"),
        "Transport for London"
    );
}

#[tokio::test]
async fn the_cdo_creates_a_token_that_works_and_is_shown_once() {
    let app = spawn_app().await;
    let input = json!({ "input": { "organisation": "lambeth", "role": "STEWARD", "name": "Lambeth data team" } });
    let created = app.gql(CREATE_TOKEN, input, Some(&app.cdo)).await;
    let token = created
        .data("/createToken/token")
        .as_str()
        .expect("token")
        .to_owned();
    assert!(token.starts_with("concord_"));
    assert_eq!(
        created.data("/createToken/account/organisation/slug"),
        "lambeth"
    );
    let me = app.gql("{ me { name } }", json!({}), Some(&token)).await;
    assert_eq!(me.data("/me/name"), "Lambeth data team");
    let stored = app.snapshot().await;
    assert!(
        !serde_json::to_string(&stored)
            .expect("json")
            .contains(&token),
        "the token itself must never be stored"
    );
}

#[tokio::test]
async fn only_the_cdo_creates_tokens_and_organisations() {
    let app = spawn_app().await;
    let token_input =
        json!({ "input": { "organisation": "camden", "role": "CDO", "name": "Me, promoted" } });
    let org_input = json!({ "input": { "slug": "acme", "name": "Acme", "kind": "PARTNER" } });
    for role in [Role::Steward, Role::Partner, Role::Board] {
        let token = app.token("camden", role).await;
        app.assert_refused(CREATE_TOKEN, token_input.clone(), Some(&token), "FORBIDDEN")
            .await;
        app.assert_refused(CREATE_ORG, org_input.clone(), Some(&token), "FORBIDDEN")
            .await;
    }
    app.assert_refused(CREATE_TOKEN, token_input, None, "UNAUTHENTICATED")
        .await;
    app.assert_refused(CREATE_ORG, org_input, None, "UNAUTHENTICATED")
        .await;
}

#[tokio::test]
async fn organisations_are_checked_before_they_are_created() {
    let app = spawn_app().await;
    let created = app
        .gql(CREATE_ORG, json!({ "input": { "slug": "acme-mobility", "name": "Acme Mobility Ltd", "kind": "PARTNER" } }), Some(&app.cdo))
        .await;
    assert_eq!(
        created.data("/createOrganisation/organisation/kind"),
        "PARTNER"
    );
    for (input, code, field) in [
        (
            json!({ "slug": "acme-mobility", "name": "Again", "kind": "PARTNER" }),
            "CONFLICT",
            None,
        ),
        (
            json!({ "slug": "Acme", "name": "Acme", "kind": "PARTNER" }),
            "BAD_USER_INPUT",
            Some("slug"),
        ),
        (
            json!({ "slug": "new-borough", "name": "X", "kind": "BOROUGH", "gssCode": "E0900" }),
            "BAD_USER_INPUT",
            Some("gssCode"),
        ),
        (
            json!({ "slug": "acme2", "name": "", "kind": "PARTNER" }),
            "BAD_USER_INPUT",
            Some("name"),
        ),
        (
            json!({ "slug": "acme3", "name": "Acme", "kind": "COUNCIL" }),
            "BAD_USER_INPUT",
            None,
        ),
    ] {
        let response = app
            .assert_refused(CREATE_ORG, json!({ "input": input }), Some(&app.cdo), code)
            .await;
        if let Some(field) = field {
            assert_eq!(response.error()["extensions"]["field"], field);
        }
    }
    let response = app
        .assert_refused(
            CREATE_TOKEN,
            json!({ "input": { "organisation": "nowhere", "role": "STEWARD", "name": "x" } }),
            Some(&app.cdo),
            "NOT_FOUND",
        )
        .await;
    assert_eq!(response.error()["extensions"]["key"], "nowhere");
}
