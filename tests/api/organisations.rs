//! The organisations Concord knows from its first start.

use serde_json::json;

use crate::helpers::spawn_app;

#[tokio::test]
async fn the_33_london_authorities_the_gla_tfl_loti_and_london_councils_are_known() {
    let app = spawn_app().await;
    let all = app.gql("{ organisations { slug } }", json!({}), None).await;
    assert_eq!(
        all.data("/organisations").as_array().expect("list").len(),
        37
    );
    let boroughs = app
        .gql(
            "{ organisations(kind: BOROUGH) { slug gssCode registerCode } }",
            json!({}),
            None,
        )
        .await;
    let boroughs = boroughs
        .data("/organisations")
        .as_array()
        .expect("list")
        .clone();
    assert_eq!(boroughs.len(), 33);
    let mut codes: Vec<&str> = boroughs
        .iter()
        .map(|b| b["gssCode"].as_str().expect("code"))
        .collect();
    codes.sort_unstable();
    let expected: Vec<String> = (1..=33).map(|n| format!("E090000{n:02}")).collect();
    assert_eq!(codes, expected);
    let camden = app
        .gql(
            "{ organisation(slug: \"camden\") { name kind gssCode registerCode } }",
            json!({}),
            None,
        )
        .await;
    assert_eq!(
        camden.data("/organisation"),
        &json!({
            "name": "London Borough of Camden", "kind": "BOROUGH", "gssCode": "E09000007", "registerCode": "CMD"
        })
    );
    for slug in [
        "barking-and-dagenham",
        "kensington-and-chelsea",
        "city-of-london",
        "westminster",
        "gla",
        "tfl",
        "loti",
    ] {
        let found = app
            .gql(
                "query($s: String!) { organisation(slug: $s) { slug } }",
                json!({ "s": slug }),
                None,
            )
            .await;
        assert_eq!(found.data("/organisation/slug"), slug);
    }
}

#[tokio::test]
async fn an_unknown_organisation_is_null_and_a_malformed_slug_is_bad_input() {
    let app = spawn_app().await;
    let missing = app
        .gql(
            "{ organisation(slug: \"atlantis\") { slug } }",
            json!({}),
            None,
        )
        .await;
    assert!(missing.data("/organisation").is_null());
    let malformed = app
        .gql(
            "{ organisation(slug: \"London Borough of Camden\") { slug } }",
            json!({}),
            None,
        )
        .await;
    assert_eq!(malformed.code(), "BAD_USER_INPUT");
}
