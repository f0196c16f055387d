//! Declaring adoption: a steward or partner says their organisation uses a standard, over a
//! range of its versions; anyone reads who has adopted what.

use concord::domain::Role;
use serde_json::json;

use crate::helpers::{address_schema, spawn_app};

const DECLARE: &str = "mutation($input: DeclareAdoptionInput!) { declareAdoption(input: $input) {
  adoption { id organisation { slug } standard { slug } range status systems note declaredAt } } }";

fn declaration(range: &str, status: &str) -> serde_json::Value {
    json!({ "input": { "standard": "common/address", "range": range, "status": status,
        "systems": ["Bartec collections"], "note": "Street works first." } })
}

#[tokio::test]
async fn a_steward_declares_adoption_and_declaring_again_updates_it() {
    let app = spawn_app().await;
    app.seed(&[
        ("common/address", "1.0.0", address_schema()),
        ("common/address", "2.0.0", address_schema()),
    ])
    .await;
    let camden = app.token("camden", Role::Steward).await;
    let first = app
        .gql(DECLARE, declaration("^1", "LIVE"), Some(&camden))
        .await;
    let adoption = first.data("/declareAdoption/adoption");
    assert_eq!(adoption["organisation"]["slug"], "camden");
    assert_eq!(adoption["standard"]["slug"], "common/address");
    assert_eq!(adoption["range"], "^1");
    assert_eq!(adoption["status"], "LIVE");
    assert_eq!(adoption["systems"], json!(["Bartec collections"]));
    let id = adoption["id"].clone();

    let vendor = app.token("loti", Role::Partner).await;
    app.gql(DECLARE, declaration(">=1, <3", "PLANNED"), Some(&vendor))
        .await
        .data("/declareAdoption");
    let again = app
        .gql(DECLARE, declaration("^2", "IMPLEMENTING"), Some(&camden))
        .await;
    assert_eq!(
        again.data("/declareAdoption/adoption/id"),
        &id,
        "the same declaration, updated"
    );
    assert_eq!(
        again.data("/declareAdoption/adoption/status"),
        "IMPLEMENTING"
    );

    let read = app
        .gql(
            "{ adoptions(standard: \"common/address\") { totalCount nodes { organisation { slug } range } }
               live: adoptions(status: LIVE) { totalCount }
               standard(slug: \"common/address\") { adopters { organisation { slug } }
                 versions { version adopters { organisation { slug } } } }
               organisation(slug: \"camden\") { adoptions { standard { slug } range } } }",
            json!({}),
            None,
        )
        .await;
    assert_eq!(read.data("/adoptions/totalCount"), 2);
    assert_eq!(read.data("/live/totalCount"), 0);
    assert_eq!(
        read.data("/standard/adopters")
            .as_array()
            .expect("adopters")
            .len(),
        2
    );
    let versions = read
        .data("/standard/versions")
        .as_array()
        .expect("versions");
    let adopters_of = |version: &str| -> Vec<String> {
        versions
            .iter()
            .find(|v| v["version"] == version)
            .expect("version")["adopters"]
            .as_array()
            .expect("adopters")
            .iter()
            .map(|a| a["organisation"]["slug"].as_str().expect("slug").to_owned())
            .collect()
    };
    assert_eq!(adopters_of("2.0.0"), ["camden", "loti"]);
    assert_eq!(
        adopters_of("1.0.0"),
        ["loti"],
        "camden's range now starts at 2"
    );
    assert_eq!(read.data("/organisation/adoptions/0/range"), "^2");

    let log = app
        .gql(
            "{ auditLog(first: 100) { nodes { action } } }",
            json!({}),
            None,
        )
        .await;
    let actions: Vec<&str> = log
        .data("/auditLog/nodes")
        .as_array()
        .expect("events")
        .iter()
        .filter_map(|e| e["action"].as_str())
        .filter(|a| a.starts_with("adoption."))
        .collect();
    assert_eq!(
        actions,
        ["adoption.declared", "adoption.declared", "adoption.updated"]
    );
}

#[tokio::test]
async fn a_declaration_that_is_not_the_callers_to_make_or_names_no_version_is_refused() {
    let app = spawn_app().await;
    app.seed(&[("common/address", "1.0.0", address_schema())])
        .await;
    let camden = app.token("camden", Role::Steward).await;
    let board = app.board_member("tfl").to_owned();
    app.assert_refused(DECLARE, declaration("^1", "LIVE"), None, "UNAUTHENTICATED")
        .await;
    app.assert_refused(
        DECLARE,
        declaration("^1", "LIVE"),
        Some(&board),
        "FORBIDDEN",
    )
    .await;
    app.assert_refused(
        DECLARE,
        declaration("^1", "LIVE"),
        Some(&app.cdo),
        "FORBIDDEN",
    )
    .await;
    let nothing = app
        .assert_refused(
            DECLARE,
            declaration("^9", "LIVE"),
            Some(&camden),
            "BAD_USER_INPUT",
        )
        .await;
    assert_eq!(nothing.error()["extensions"]["field"], "range");
    assert!(
        nothing.error()["message"]
            .as_str()
            .is_some_and(|m| m.contains("published: 1.0.0")),
        "{}",
        nothing.body
    );
    let garbage = app
        .assert_refused(
            DECLARE,
            declaration("one point oh", "LIVE"),
            Some(&camden),
            "BAD_USER_INPUT",
        )
        .await;
    assert_eq!(garbage.error()["extensions"]["field"], "range");
    let mut unknown = declaration("^1", "LIVE");
    unknown["input"]["standard"] = json!("common/nothing");
    app.assert_refused(DECLARE, unknown, Some(&camden), "NOT_FOUND")
        .await;
    let mut crowded = declaration("^1", "LIVE");
    crowded["input"]["systems"] = json!((0..21).map(|i| format!("system {i}")).collect::<Vec<_>>());
    app.assert_refused(DECLARE, crowded, Some(&camden), "BAD_USER_INPUT")
        .await;
    let mut bad_status = declaration("^1", "LIVE");
    bad_status["input"]["status"] = json!("DONE");
    let refused = app.gql(DECLARE, bad_status, Some(&camden)).await;
    assert!(
        refused.body["errors"].is_array(),
        "an unknown status is refused: {}",
        refused.body
    );
}
