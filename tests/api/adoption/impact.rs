//! The impact of a proposal on the organisations that adopted its standard, under BACKWARD,
//! FORWARD and FULL, and recomputed when adoptions and fixtures change.

use concord::domain::Role;
use serde_json::{Value, json};

use super::support::{add_fixture, declare, seed_with_mode};
use crate::helpers::{
    PROPOSE_STANDARD, PROPOSE_VERSION, SUBMIT, TestApp, address_schema, spawn_app, standard_input,
    version_input,
};

const IMPACT: &str = "query($id: ID!) { proposal(id: $id) { impact { proposed adopters summary
  affected { organisation { slug name } inRange currentVersion
    brokenFixtures { fixture { name role } errors { instancePath schemaPath keyword message } }
    unreadableDocuments { pointer change document errors { instancePath keyword } } } } } }";

/// The address schema with its UPRN capped lower (narrows: breaks larger UPRNs).
fn capped_uprns() -> Value {
    let mut schema = address_schema();
    schema["properties"]["uprn"]["maximum"] = json!(99_999);
    schema
}

/// The address schema allowing ten lines instead of five (widens).
fn more_lines() -> Value {
    let mut schema = address_schema();
    schema["properties"]["lines"]["maxItems"] = json!(10);
    schema
}

/// Proposes `schema` as `version` of common/address and submits it; returns the proposal id.
async fn propose(app: &TestApp, version: &str, schema: Value) -> String {
    let loti = app.token("loti", Role::Steward).await;
    let proposed = app
        .gql(
            PROPOSE_VERSION,
            version_input("common/address", version, schema),
            Some(&loti),
        )
        .await;
    let id = proposed
        .data("/proposeVersion/proposal/id")
        .as_str()
        .expect("id")
        .to_owned();
    app.gql(SUBMIT, json!({ "id": id }), Some(&loti))
        .await
        .data("/submitProposal");
    id
}

async fn impact(app: &TestApp, id: &str) -> Value {
    app.gql(IMPACT, json!({ "id": id }), None)
        .await
        .data("/proposal/impact")
        .clone()
}

fn affected_slugs(impact: &Value) -> Vec<&str> {
    impact["affected"]
        .as_array()
        .expect("affected")
        .iter()
        .filter_map(|a| a["organisation"]["slug"].as_str())
        .collect()
}

#[tokio::test]
async fn under_backward_a_change_breaking_one_adopters_fixture_names_that_adopter_only() {
    let app = spawn_app().await;
    seed_with_mode(
        &app,
        "common/address",
        "BACKWARD",
        &[("1.0.0", address_schema())],
    )
    .await;
    let (camden, camden_token) = declare(&app, "camden", "common/address", "^1").await;
    let (hackney, hackney_token) = declare(&app, "hackney", "common/address", "^1").await;
    add_fixture(
        &app,
        &camden_token,
        &camden,
        "Large UPRN",
        "PRODUCES",
        json!({ "uprn": 100_023_336_956_i64, "postcode": "NW1 2RU" }),
    )
    .await;
    add_fixture(
        &app,
        &hackney_token,
        &hackney,
        "Small UPRN",
        "PRODUCES",
        json!({ "uprn": 10_008, "postcode": "E8 1DY" }),
    )
    .await;
    let id = propose(&app, "2.0.0", capped_uprns()).await;

    let report = impact(&app, &id).await;
    assert_eq!(report["proposed"], "2.0.0");
    assert_eq!(report["adopters"], 2);
    assert_eq!(affected_slugs(&report), ["camden"]);
    let camden_row = &report["affected"][0];
    assert_eq!(camden_row["inRange"], false, "^1 does not take in 2.0.0");
    assert_eq!(camden_row["currentVersion"], "1.0.0");
    let broken = &camden_row["brokenFixtures"][0];
    assert_eq!(broken["fixture"]["name"], "Large UPRN");
    assert_eq!(broken["errors"][0]["instancePath"], "/uprn");
    assert_eq!(broken["errors"][0]["keyword"], "maximum");
    assert_eq!(
        report["summary"],
        "1 of 2 adopters affected: London Borough of Camden (1 fixture breaks at /uprn; 2.0.0 is outside its range ^1)."
    );

    // During the consultation Hackney adds a fixture the proposal breaks: the report follows.
    add_fixture(
        &app,
        &hackney_token,
        &hackney,
        "Another large UPRN",
        "PRODUCES",
        json!({ "uprn": 200_000, "postcode": "E8 1DY" }),
    )
    .await;
    let again = impact(&app, &id).await;
    assert_eq!(affected_slugs(&again), ["camden", "hackney"]);
    assert!(
        again["summary"]
            .as_str()
            .expect("summary")
            .starts_with("2 of 2 adopters affected: London Borough of Camden")
    );
}

#[tokio::test]
async fn under_forward_a_consumer_is_shown_the_documents_its_version_cannot_read() {
    let app = spawn_app().await;
    seed_with_mode(
        &app,
        "common/address",
        "FORWARD",
        &[("1.0.0", address_schema())],
    )
    .await;
    let (camden, camden_token) = declare(&app, "camden", "common/address", "^1").await;
    let (hackney, hackney_token) = declare(&app, "hackney", "common/address", "^1").await;
    add_fixture(
        &app,
        &camden_token,
        &camden,
        "Received address",
        "CONSUMES",
        json!({ "uprn": 5, "postcode": "NW1 2RU", "lines": ["1 Street"] }),
    )
    .await;
    add_fixture(
        &app,
        &hackney_token,
        &hackney,
        "Sent address",
        "PRODUCES",
        json!({ "uprn": 5, "postcode": "E8 1DY", "lines": ["1 Street"] }),
    )
    .await;
    let id = propose(&app, "2.0.0", more_lines()).await;

    let report = impact(&app, &id).await;
    assert_eq!(affected_slugs(&report), ["camden"], "{report}");
    let unreadable = &report["affected"][0]["unreadableDocuments"][0];
    assert!(
        unreadable["pointer"]
            .as_str()
            .is_some_and(|p| p.contains("lines")),
        "{unreadable}"
    );
    let lines = unreadable["document"]["lines"]
        .as_array()
        .expect("the witness has lines");
    assert!(
        lines.len() > 5,
        "the witness uses the widening: {unreadable}"
    );
    assert_eq!(unreadable["errors"][0]["instancePath"], "/lines");
    assert!(report["summary"].as_str().expect("summary").contains(
        "London Borough of Camden (would receive documents its version 1.0.0 rejects at /lines;"
    ));
}

#[tokio::test]
async fn under_backward_a_widening_affects_no_consumer() {
    let app = spawn_app().await;
    seed_with_mode(
        &app,
        "common/address",
        "BACKWARD",
        &[("1.0.0", address_schema())],
    )
    .await;
    let (camden, camden_token) = declare(&app, "camden", "common/address", "^1").await;
    add_fixture(
        &app,
        &camden_token,
        &camden,
        "Received address",
        "CONSUMES",
        json!({ "uprn": 5, "postcode": "NW1 2RU" }),
    )
    .await;
    let id = propose(&app, "1.1.0", more_lines()).await;
    let report = impact(&app, &id).await;
    assert_eq!(report["affected"], json!([]));
    assert_eq!(
        report["summary"],
        "The one adopter is not affected: the one fixture published is valid under 1.1.0."
    );
}

#[tokio::test]
async fn under_full_producers_and_consumers_are_both_shown() {
    let app = spawn_app().await;
    seed_with_mode(
        &app,
        "common/address",
        "FULL",
        &[("1.0.0", address_schema())],
    )
    .await;
    let (camden, camden_token) = declare(&app, "camden", "common/address", "^1").await;
    let (hackney, hackney_token) = declare(&app, "hackney", "common/address", ">=1").await;
    add_fixture(
        &app,
        &camden_token,
        &camden,
        "Received address",
        "CONSUMES",
        json!({ "uprn": 5, "postcode": "NW1 2RU" }),
    )
    .await;
    add_fixture(
        &app,
        &hackney_token,
        &hackney,
        "Sent address",
        "PRODUCES",
        json!({ "uprn": 100_023_336_956_i64, "postcode": "E8 1DY" }),
    )
    .await;
    let mut both = capped_uprns();
    both["properties"]["lines"]["maxItems"] = json!(10);
    let id = propose(&app, "2.0.0", both).await;
    let report = impact(&app, &id).await;
    assert_eq!(affected_slugs(&report), ["camden", "hackney"]);
    assert_eq!(report["affected"][0]["brokenFixtures"], json!([]));
    assert!(
        !report["affected"][0]["unreadableDocuments"]
            .as_array()
            .expect("list")
            .is_empty()
    );
    assert_eq!(report["affected"][1]["inRange"], true, ">=1 takes in 2.0.0");
    assert_eq!(
        report["affected"][1]["brokenFixtures"][0]["errors"][0]["instancePath"],
        "/uprn"
    );

    // A retired adoption is no longer counted.
    app.gql(
        "mutation { declareAdoption(input: {standard: \"common/address\", range: \">=1\", status: RETIRED}) { adoption { status } } }",
        json!({}),
        Some(&hackney_token),
    )
    .await
    .data("/declareAdoption");
    let after = impact(&app, &id).await;
    assert_eq!(after["adopters"], 1);
    assert_eq!(affected_slugs(&after), ["camden"]);
}

#[tokio::test]
async fn a_new_standard_has_no_adopters_to_affect() {
    let app = spawn_app().await;
    let steward = app.token("camden", Role::Steward).await;
    let proposed = app
        .gql(
            PROPOSE_STANDARD,
            standard_input("common/kerb", "1.0.0", address_schema()),
            Some(&steward),
        )
        .await;
    let id = proposed
        .data("/proposeStandard/proposal/id")
        .as_str()
        .expect("id")
        .to_owned();
    let report = impact(&app, &id).await;
    assert_eq!(report["adopters"], 0);
    assert!(
        report["summary"]
            .as_str()
            .expect("summary")
            .starts_with("No organisation has declared adoption")
    );
}
