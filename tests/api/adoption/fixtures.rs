//! Fixtures: the documents an adopter exchanges, checked against the version its adoption's
//! range resolves to, public, and only its organisation's to add or remove.

use concord::domain::Role;
use concord::registry::Limits;
use serde_json::json;

use super::support::{ADD_FIXTURE, REMOVE_FIXTURE, add_fixture, declare};
use crate::helpers::{address_schema, spawn_app, spawn_app_with};

fn fixture(adoption: &str, name: &str, document: serde_json::Value) -> serde_json::Value {
    json!({ "input": { "adoption": adoption, "name": name, "role": "PRODUCES", "document": document } })
}

#[tokio::test]
async fn an_adopter_publishes_a_fixture_valid_under_its_version_and_removes_it() {
    let app = spawn_app().await;
    app.seed(&[("common/address", "1.0.0", address_schema())])
        .await;
    let (adoption, camden) = declare(&app, "camden", "common/address", "^1").await;
    let document = json!({ "uprn": 100021, "postcode": "NW1 2RU", "lines": ["5 Pancras Square"] });
    let id = add_fixture(
        &app,
        &camden,
        &adoption,
        "Council offices",
        "PRODUCES",
        document.clone(),
    )
    .await;

    let read = app
        .gql(
            "{ organisation(slug: \"camden\") { adoptions { resolvesTo { version }
                 fixtures { id name role document addedAt } } } }",
            json!({}),
            None,
        )
        .await;
    let listed = read.data("/organisation/adoptions/0");
    assert_eq!(listed["resolvesTo"]["version"], "1.0.0");
    assert_eq!(listed["fixtures"][0]["id"], id.as_str());
    assert_eq!(listed["fixtures"][0]["name"], "Council offices");
    assert_eq!(listed["fixtures"][0]["role"], "PRODUCES");
    assert_eq!(
        listed["fixtures"][0]["document"], document,
        "fixtures are public"
    );

    let removed = app
        .gql(REMOVE_FIXTURE, json!({ "id": id }), Some(&camden))
        .await;
    assert_eq!(
        removed.data("/removeFixture/fixture/name"),
        "Council offices"
    );
    let after = app
        .gql(
            "{ organisation(slug: \"camden\") { adoptions { fixtures { id } } }
               auditLog(first: 50) { nodes { action } } }",
            json!({}),
            None,
        )
        .await;
    assert_eq!(after.data("/organisation/adoptions/0/fixtures"), &json!([]));
    let actions: Vec<&str> = after
        .data("/auditLog/nodes")
        .as_array()
        .expect("events")
        .iter()
        .filter_map(|e| e["action"].as_str())
        .filter(|a| a.contains("fixture"))
        .collect();
    assert_eq!(
        actions,
        ["adoption.fixture_added", "adoption.fixture_removed"]
    );
}

#[tokio::test]
async fn a_fixture_its_version_rejects_is_refused_with_every_error_and_its_pointer() {
    let app = spawn_app().await;
    app.seed(&[("common/address", "1.0.0", address_schema())])
        .await;
    let (adoption, camden) = declare(&app, "camden", "common/address", "^1").await;
    let refused = app
        .assert_refused(
            ADD_FIXTURE,
            fixture(
                &adoption,
                "Bad",
                json!({ "uprn": 0, "postcode": "nowhere" }),
            ),
            Some(&camden),
            "INVALID_DOCUMENT",
        )
        .await;
    let message = refused.error()["message"].as_str().expect("message");
    assert!(message.contains("common/address 1.0.0"), "{message}");
    let violations = refused.error()["extensions"]["violations"]
        .as_array()
        .expect("violations");
    let at: Vec<&str> = violations
        .iter()
        .filter_map(|v| v["instancePath"].as_str())
        .collect();
    assert!(
        at.contains(&"/uprn") && at.contains(&"/postcode"),
        "{violations:?}"
    );
    assert!(
        violations
            .iter()
            .all(|v| v["schemaPath"].is_string() && v["keyword"].is_string())
    );
}

#[tokio::test]
async fn fixtures_for_another_organisation_a_retired_version_or_over_the_limits_are_refused() {
    let app = spawn_app_with(Limits {
        max_fixture_bytes: 2_000,
        ..Limits::default()
    })
    .await;
    app.seed(&[("common/address", "1.0.0", address_schema())])
        .await;
    let (adoption, camden) = declare(&app, "camden", "common/address", "^1").await;
    let good = json!({ "uprn": 5, "postcode": "E8 1DY" });

    let hackney = app.token("hackney", Role::Steward).await;
    app.assert_refused(
        ADD_FIXTURE,
        fixture(&adoption, "Theirs", good.clone()),
        Some(&hackney),
        "FORBIDDEN",
    )
    .await;
    let board = app.board_member("tfl").to_owned();
    app.assert_refused(
        ADD_FIXTURE,
        fixture(&adoption, "Board", good.clone()),
        Some(&board),
        "FORBIDDEN",
    )
    .await;
    app.assert_refused(
        ADD_FIXTURE,
        fixture(&adoption, "Anon", good.clone()),
        None,
        "UNAUTHENTICATED",
    )
    .await;
    app.assert_refused(
        ADD_FIXTURE,
        fixture("999", "Nowhere", good.clone()),
        Some(&camden),
        "NOT_FOUND",
    )
    .await;
    app.assert_refused(
        ADD_FIXTURE,
        fixture("x1", "Nowhere", good.clone()),
        Some(&camden),
        "BAD_USER_INPUT",
    )
    .await;

    let long_lines: Vec<String> = (0..5).map(|i| format!("{i}{}", "x".repeat(500))).collect();
    let oversized = app
        .assert_refused(
            ADD_FIXTURE,
            fixture(
                &adoption,
                "Large",
                json!({ "uprn": 5, "postcode": "E8 1DY", "lines": long_lines }),
            ),
            Some(&camden),
            "LIMIT_EXCEEDED",
        )
        .await;
    assert_eq!(oversized.error()["extensions"]["limit"], "fixtureBytes");

    let id = add_fixture(
        &app,
        &camden,
        &adoption,
        "Town hall",
        "PRODUCES",
        good.clone(),
    )
    .await;
    let twice = app
        .assert_refused(
            ADD_FIXTURE,
            fixture(&adoption, "Town hall", good.clone()),
            Some(&camden),
            "CONFLICT",
        )
        .await;
    assert!(
        twice.error()["message"]
            .as_str()
            .is_some_and(|m| m.contains("Town hall"))
    );
    app.assert_refused(
        REMOVE_FIXTURE,
        json!({ "id": id }),
        Some(&hackney),
        "FORBIDDEN",
    )
    .await;

    app.gql(
        "mutation { retireVersion(standard: \"common/address\", version: \"1.0.0\") { version { status } } }",
        json!({}),
        Some(&app.cdo),
    )
    .await
    .data("/retireVersion");
    let retired = app
        .assert_refused(
            ADD_FIXTURE,
            fixture(&adoption, "Late", good),
            Some(&camden),
            "BAD_USER_INPUT",
        )
        .await;
    assert_eq!(retired.error()["extensions"]["field"], "adoption");
    assert!(
        retired.error()["message"]
            .as_str()
            .is_some_and(|m| m.contains("retired")),
        "{}",
        retired.body
    );
}
