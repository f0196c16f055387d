//! Browsing the catalogue: the standards connection, search, themes and lookups.

use concord::domain::Role;
use serde_json::json;

use crate::helpers::{PROPOSE_STANDARD, spawn_app, standard_input};

const LIST: &str =
    "query($first: Int, $after: String, $search: String, $theme: String, $owner: String) {
  standards(first: $first, after: $after, search: $search, theme: $theme, owner: $owner) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { slug theme } }
  }
}";

#[tokio::test]
async fn standards_are_paged_by_slug_and_searchable() {
    let app = spawn_app().await;
    let camden = app.token("camden", Role::Steward).await;
    // Hackney, not TfL: a TfL proposal would leave too few board organisations for a panel.
    let hackney = app.token("hackney", Role::Steward).await;
    for (token, slug) in [
        (&camden, "common/address"),
        (&camden, "common/contact"),
        (&hackney, "mobility/ev-chargepoint"),
    ] {
        let mut input = standard_input(slug, "1.0.0", json!({}));
        if slug.starts_with("mobility") {
            input["input"]["theme"] = json!("mobility");
            input["input"]["title"] = json!("Electric Vehicle charge points");
        }
        let proposed = app.gql(PROPOSE_STANDARD, input, Some(token)).await;
        let id = proposed
            .data("/proposeStandard/proposal/id")
            .as_str()
            .expect("id")
            .to_owned();
        app.approve(token, &id).await;
    }
    let page = app.gql(LIST, json!({ "first": 2 }), None).await;
    assert_eq!(page.data("/standards/totalCount"), 3);
    assert_eq!(page.data("/standards/edges/0/node/slug"), "common/address");
    assert_eq!(page.data("/standards/pageInfo/hasNextPage"), true);
    let after = page.data("/standards/pageInfo/endCursor").clone();
    let rest = app
        .gql(LIST, json!({ "first": 2, "after": after }), None)
        .await;
    assert_eq!(
        rest.data("/standards/edges/0/node/slug"),
        "mobility/ev-chargepoint"
    );
    assert_eq!(rest.data("/standards/pageInfo/hasNextPage"), false);

    let search = app
        .gql(LIST, json!({ "search": "ELECTRIC vehicle" }), None)
        .await;
    assert_eq!(search.data("/standards/totalCount"), 1);
    let theme = app.gql(LIST, json!({ "theme": "common" }), None).await;
    assert_eq!(theme.data("/standards/totalCount"), 2);
    let owned = app.gql(LIST, json!({ "owner": "hackney" }), None).await;
    assert_eq!(
        owned.data("/standards/edges/0/node/slug"),
        "mobility/ev-chargepoint"
    );
    let wildcard = app.gql(LIST, json!({ "search": "%" }), None).await;
    assert_eq!(
        wildcard.data("/standards/totalCount"),
        0,
        "search words are literal, not patterns"
    );
}

#[tokio::test]
async fn bad_paging_arguments_and_lookups_are_refused() {
    let app = spawn_app().await;
    assert_eq!(
        app.gql(LIST, json!({ "first": 101 }), None).await.code(),
        "LIMIT_EXCEEDED"
    );
    assert_eq!(
        app.gql(LIST, json!({ "first": -1 }), None).await.code(),
        "BAD_USER_INPUT"
    );
    assert_eq!(
        app.gql(LIST, json!({ "after": "bm90LWEtY3Vyc29y" }), None)
            .await
            .code(),
        "BAD_USER_INPUT"
    );
    assert_eq!(
        app.gql(LIST, json!({ "owner": "atlantis" }), None)
            .await
            .code(),
        "NOT_FOUND"
    );
    let missing = app
        .gql(
            "{ standard(slug: \"common/nothing\") { slug } }",
            json!({}),
            None,
        )
        .await;
    assert!(missing.data("/standard").is_null());
    assert_eq!(
        app.gql(
            "{ standard(slug: \"Not A Slug\") { slug } }",
            json!({}),
            None
        )
        .await
        .code(),
        "BAD_USER_INPUT"
    );
}

#[tokio::test]
async fn a_version_request_that_is_not_a_version_or_range_is_bad_input() {
    let app = spawn_app().await;
    let camden = app.token("camden", Role::Steward).await;
    app.publish_standard(&camden, "common/address", "1.0.0", json!({}))
        .await;
    let response = app.gql("{ standard(slug: \"common/address\") { version(req: \"newest please\") { version } } }", json!({}), None).await;
    assert_eq!(response.code(), "BAD_USER_INPUT");
    assert_eq!(response.error()["extensions"]["field"], "req");
}
