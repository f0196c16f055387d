//! The compatibility engine through the registry: the bump a proposal needs, refusals that list
//! the changes, the public dry run, diffs of published versions, transitive modes and the seed.

use concord::domain::Role;
use serde_json::{Value, json};

use crate::helpers::{PROPOSE_VERSION, TestApp, spawn_app, version_input};

pub fn v1() -> Value {
    json!({
        "type": "object",
        "required": ["uprn"],
        "properties": {
            "uprn": {"type": "integer", "minimum": 1},
            "kind": {"enum": ["house", "flat", "shop"]}
        }
    })
}

const PROPOSAL_REPORT: &str = "query($id: ID!) { proposal(id: $id) {
  latestRevision { requiredBump }
  compatibility { mode policy compatible requiredBump
    changes { kind pointer direction breaking message witness { document validUnder } }
    versionCheck { accepted declaredBump neededBump message } }
} }";

async fn steward(app: &TestApp) -> String {
    app.token("camden", Role::Steward).await
}

#[tokio::test]
async fn a_version_that_understates_its_bump_is_refused_with_the_changes_that_need_more() {
    let app = spawn_app().await;
    app.seed(&[("common/address", "1.0.0", v1())]).await;
    let camden = steward(&app).await;
    let mut breaking = v1();
    breaking["required"] = json!(["uprn", "kind"]);
    breaking["properties"]["uprn"]["description"] = json!("Unique Property Reference Number");
    let response = app
        .assert_refused(
            PROPOSE_VERSION,
            version_input("common/address", "1.1.0", breaking.clone()),
            Some(&camden),
            "VERSION_BUMP_TOO_SMALL",
        )
        .await;
    let extensions = &response.error()["extensions"];
    assert_eq!(extensions["required"], "MAJOR");
    assert_eq!(extensions["latest"], "1.0.0");
    let changes = extensions["changes"].as_array().expect("changes");
    assert_eq!(
        changes.len(),
        1,
        "only the change that needs more is listed: {changes:?}"
    );
    assert_eq!(changes[0]["kind"], "REQUIRED_PROPERTY_ADDED");
    assert_eq!(changes[0]["witness"]["document"], json!({"uprn": 1}));
    assert_eq!(changes[0]["witness"]["validUnder"], "OLD");

    let accepted = app
        .gql(
            PROPOSE_VERSION,
            version_input("common/address", "2.0.0", breaking),
            Some(&camden),
        )
        .await;
    let id = accepted
        .data("/proposeVersion/proposal/id")
        .as_str()
        .expect("id")
        .to_owned();
    let report = app.gql(PROPOSAL_REPORT, json!({ "id": id }), None).await;
    assert_eq!(
        report.data("/proposal/latestRevision/requiredBump"),
        "MAJOR"
    );
    let compatibility = report.data("/proposal/compatibility");
    assert_eq!(compatibility["compatible"], false);
    assert_eq!(
        compatibility["versionCheck"],
        json!({"accepted": true, "declaredBump": "MAJOR", "neededBump": "MAJOR", "message": null})
    );
    let kinds: Vec<(&str, bool)> = compatibility["changes"]
        .as_array()
        .expect("c")
        .iter()
        .map(|c| {
            (
                c["kind"].as_str().expect("k"),
                c["breaking"].as_bool().expect("b"),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("DESCRIPTION_CHANGED", false),
            ("REQUIRED_PROPERTY_ADDED", true)
        ]
    );
    let submitted = app
        .gql(crate::helpers::SUBMIT, json!({ "id": id }), Some(&camden))
        .await;
    let closes = submitted
        .data("/submitProposal/proposal/consultationClosesAt")
        .as_str()
        .expect("t");
    assert_eq!(
        chrono::DateTime::parse_from_rfc3339(closes).expect("t"),
        concord::clock::Clock::now(&app.clock) + chrono::Duration::days(28),
        "a MAJOR change is consulted on for 28 days"
    );
}

#[tokio::test]
async fn compatible_and_annotation_changes_need_minor_and_patch_and_an_overstatement_is_noted() {
    let app = spawn_app().await;
    app.seed(&[("common/address", "1.0.0", v1())]).await;
    let camden = steward(&app).await;
    let mut annotated = v1();
    annotated["title"] = json!("Address");
    let patch = app
        .gql(
            PROPOSE_VERSION,
            version_input("common/address", "1.0.1", annotated.clone()),
            Some(&camden),
        )
        .await;
    let id = patch
        .data("/proposeVersion/proposal/id")
        .as_str()
        .expect("id")
        .to_owned();
    let report = app.gql(PROPOSAL_REPORT, json!({ "id": id }), None).await;
    assert_eq!(report.data("/proposal/compatibility/requiredBump"), "PATCH");

    let mut widened = v1();
    widened["properties"]["kind"]["enum"] = json!(["house", "flat", "shop", "office"]);
    app.assert_refused(
        PROPOSE_VERSION,
        version_input("common/address", "1.0.1", widened.clone()),
        Some(&camden),
        "VERSION_BUMP_TOO_SMALL",
    )
    .await;
    let minor = app
        .gql(
            PROPOSE_VERSION,
            version_input("common/address", "1.1.0", widened.clone()),
            Some(&camden),
        )
        .await;
    minor.data("/proposeVersion");
    let over = app
        .gql(
            PROPOSE_VERSION,
            version_input("common/address", "2.0.0", widened),
            Some(&camden),
        )
        .await;
    let id = over
        .data("/proposeVersion/proposal/id")
        .as_str()
        .expect("id")
        .to_owned();
    let report = app.gql(PROPOSAL_REPORT, json!({ "id": id }), None).await;
    let check = report.data("/proposal/compatibility/versionCheck");
    assert_eq!(
        (
            check["accepted"].clone(),
            check["neededBump"].clone(),
            check["declaredBump"].clone()
        ),
        (json!(true), json!("MINOR"), json!("MAJOR"))
    );
    assert!(
        check["message"].as_str().is_some_and(|m| !m.is_empty()),
        "an overstated bump is noted: {check}"
    );
}

#[tokio::test]
async fn below_one_point_oh_a_breaking_change_needs_a_minor_bump() {
    let app = spawn_app().await;
    app.seed(&[("pilot/thing", "0.1.0", v1())]).await;
    let camden = steward(&app).await;
    let mut breaking = v1();
    breaking["properties"]["kind"]["enum"] = json!(["house"]);
    app.assert_refused(
        PROPOSE_VERSION,
        version_input("pilot/thing", "0.1.1", breaking.clone()),
        Some(&camden),
        "VERSION_BUMP_TOO_SMALL",
    )
    .await;
    app.gql(
        PROPOSE_VERSION,
        version_input("pilot/thing", "0.2.0", breaking),
        Some(&camden),
    )
    .await
    .data("/proposeVersion");
}

#[tokio::test]
async fn a_transitive_mode_judges_against_every_earlier_version() {
    let app = spawn_app().await;
    let v1 = json!({"type": "object", "properties": {"a": {"type": "integer"}}});
    let v2 = json!({"type": "object", "properties": {}});
    let dir = tempfile::tempdir().expect("dir");
    let folder = dir.path().join("t/trans");
    std::fs::create_dir_all(&folder).expect("mkdir");
    std::fs::write(folder.join("1.0.0.json"), v1.to_string()).expect("w");
    std::fs::write(folder.join("1.1.0.json"), v2.to_string()).expect("w");
    std::fs::write(
        folder.join("standard.toml"),
        "title = \"T\"\nsummary = \"S\"\ntheme = \"common\"\nowner = \"loti\"\ncompatibility = \"BACKWARD_TRANSITIVE\"\n\n[versions.\"1.0.0\"]\nchangelog = \"a\"\n\n[versions.\"1.1.0\"]\nchangelog = \"b\"\n",
    )
    .expect("w");
    app.registry.seed(dir.path()).await.expect("seed");
    let camden = steward(&app).await;
    // Against 1.1.0 alone, adding an optional `a` is allowed; against 1.0.0 it narrows `a`.
    let v3 = json!({"type": "object", "properties": {"a": {"type": "string"}}});
    let response = app
        .assert_refused(
            PROPOSE_VERSION,
            version_input("t/trans", "1.2.0", v3.clone()),
            Some(&camden),
            "VERSION_BUMP_TOO_SMALL",
        )
        .await;
    assert_eq!(response.error()["extensions"]["required"], "MAJOR");
    let dry = app
        .gql("query($s: JSON!) { compatibility(standard: \"t/trans\", schema: $s, version: \"2.0.0\") {
            mode compatible brokenVersions comparisons { against compatible } versionCheck { accepted } } }", json!({ "s": v3 }), None)
        .await;
    assert_eq!(dry.data("/compatibility/mode"), "BACKWARD_TRANSITIVE");
    assert_eq!(dry.data("/compatibility/brokenVersions"), &json!(["1.0.0"]));
    assert_eq!(
        dry.data("/compatibility/comparisons"),
        &json!([{"against": "1.1.0", "compatible": true}, {"against": "1.0.0", "compatible": false}])
    );
    assert_eq!(dry.data("/compatibility/versionCheck/accepted"), true);
}

#[tokio::test]
async fn the_dry_run_is_public_stores_nothing_and_checks_the_declared_version() {
    let app = spawn_app().await;
    app.seed(&[("common/address", "1.0.0", v1())]).await;
    let query = "query($s: JSON!, $v: String) { compatibility(standard: \"common/address\", schema: $s, version: $v) {
        compatible requiredBump changes { kind witness { validUnder } } versionCheck { accepted neededBump message } } }";
    let mut narrowed = v1();
    narrowed["properties"]["uprn"]["minimum"] = json!(10);
    let before = app.snapshot().await;
    let dry = app
        .gql(query, json!({ "s": narrowed, "v": "1.1.0" }), None)
        .await;
    assert_eq!(app.snapshot().await, before, "a dry run stores nothing");
    assert_eq!(dry.data("/compatibility/compatible"), false);
    assert_eq!(dry.data("/compatibility/requiredBump"), "MAJOR");
    assert_eq!(
        dry.data("/compatibility/changes/0/kind"),
        "MINIMUM_INCREASED"
    );
    assert_eq!(
        dry.data("/compatibility/changes/0/witness/validUnder"),
        "OLD"
    );
    assert_eq!(dry.data("/compatibility/versionCheck/accepted"), false);
    assert_eq!(dry.data("/compatibility/versionCheck/neededBump"), "MAJOR");
    let not_schema = app
        .gql(query, json!({ "s": {"minimum": "ten"} }), None)
        .await;
    assert_eq!(not_schema.code(), "INVALID_SCHEMA");
    let unknown = app
        .gql(
            "{ compatibility(standard: \"common/nothing\", schema: {}) { compatible } }",
            json!({}),
            None,
        )
        .await;
    assert_eq!(unknown.code(), "NOT_FOUND");
}

#[tokio::test]
async fn published_versions_carry_their_changes_and_can_be_diffed() {
    let app = spawn_app().await;
    let mut v2 = v1();
    v2["properties"]["kind"]["enum"] = json!(["house", "flat"]);
    app.seed(&[
        ("common/address", "1.0.0", v1()),
        ("common/address", "2.0.0", v2),
    ])
    .await;
    let diff = app
        .gql("{ diff(standard: \"common/address\", from: \"1.0.0\", to: \"2.0.0\") { against compatible requiredBump changes { kind pointer message witness { document } } } }", json!({}), None)
        .await;
    assert_eq!(diff.data("/diff/requiredBump"), "MAJOR");
    assert_eq!(diff.data("/diff/changes/0/kind"), "ENUM_VALUE_REMOVED");
    assert_eq!(
        diff.data("/diff/changes/0/pointer"),
        "/properties/kind/enum"
    );
    assert_eq!(
        diff.data("/diff/changes/0/witness/document"),
        &json!({"uprn": 1, "kind": "shop"})
    );
    let versions = app
        .gql("{ standard(slug: \"common/address\") { versions { version changes { requiredBump changes { kind } } } } }", json!({}), None)
        .await;
    assert_eq!(
        versions.data("/standard/versions/0/changes/changes/0/kind"),
        "ENUM_VALUE_REMOVED"
    );
    assert!(
        versions.data("/standard/versions/1/changes").is_null(),
        "a first version has no predecessor"
    );
    let bad = app
        .gql(
            "{ diff(standard: \"common/address\", from: \"1.0.0\", to: \"9.0.0\") { compatible } }",
            json!({}),
            None,
        )
        .await;
    assert_eq!(bad.code(), "NOT_FOUND");
}

#[tokio::test]
async fn the_seed_refuses_a_catalogue_version_whose_bump_is_too_small() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().expect("dir");
    let folder = dir.path().join("common/address");
    std::fs::create_dir_all(&folder).expect("mkdir");
    let mut breaking = v1();
    breaking["required"] = json!(["uprn", "kind"]);
    std::fs::write(folder.join("1.0.0.json"), v1().to_string()).expect("w");
    std::fs::write(folder.join("1.0.1.json"), breaking.to_string()).expect("w");
    std::fs::write(folder.join("standard.toml"), "title = \"A\"\nsummary = \"S\"\ntheme = \"common\"\nowner = \"loti\"\n\n[versions.\"1.0.0\"]\nchangelog = \"a\"\n\n[versions.\"1.0.1\"]\nchangelog = \"b\"\n").expect("w");
    let error = app.registry.seed(dir.path()).await.expect_err("too small");
    let message = error.to_string();
    assert!(message.contains("1.0.1.json"), "{message}");
    assert!(
        message.contains("REQUIRED_PROPERTY_ADDED at `/required`"),
        "{message}"
    );
}

#[tokio::test]
async fn a_revision_that_understates_its_bump_is_refused_and_the_proposal_keeps_its_revision() {
    let app = spawn_app().await;
    app.seed(&[("common/address", "1.0.0", v1())]).await;
    let camden = steward(&app).await;
    let mut optional = v1();
    optional["properties"]["usrn"] = json!({"type": "integer"});
    let proposed = app
        .gql(
            PROPOSE_VERSION,
            version_input("common/address", "1.1.0", optional),
            Some(&camden),
        )
        .await;
    let id = proposed.data("/proposeVersion/proposal/id").clone();
    let mut breaking = v1();
    breaking["required"] = json!(["uprn", "kind"]);
    let revise = "mutation($id: ID!, $schema: JSON!, $version: String!, $changelog: String!) {
      reviseProposal(id: $id, schema: $schema, version: $version, changelog: $changelog) { proposal { id } } }";
    let response = app
        .assert_refused(
            revise,
            json!({ "id": id, "schema": breaking, "version": "1.1.0", "changelog": "Kind is required." }),
            Some(&camden),
            "VERSION_BUMP_TOO_SMALL",
        )
        .await;
    let extensions = &response.error()["extensions"];
    assert_eq!(extensions["required"], "MAJOR");
    assert_eq!(extensions["changes"][0]["kind"], "REQUIRED_PROPERTY_ADDED");
    assert_eq!(extensions["changes"][0]["pointer"], "/required");
    let report = app.gql(PROPOSAL_REPORT, json!({ "id": id }), None).await;
    assert_eq!(
        report.data("/proposal/latestRevision/requiredBump"),
        "MINOR",
        "the refused revision left the proposal as it was"
    );
}

#[tokio::test]
async fn a_dry_run_reports_a_shared_definitions_change_once_with_each_path_that_reaches_it() {
    let app = spawn_app().await;
    let schema = |max: u64| {
        json!({
            "$defs": {"address": {"type": "object", "properties": {"postcode": {"type": "string", "maxLength": max}}}},
            "properties": {"home": {"$ref": "#/$defs/address"}, "work": {"$ref": "#/$defs/address"}}
        })
    };
    app.seed(&[("t/shared", "1.0.0", schema(8))]).await;
    let answer = app
        .gql(
            "query($s: JSON!) { compatibility(standard: \"t/shared\", schema: $s) {
               changes { kind instancePath paths } } }",
            json!({"s": schema(6)}),
            None,
        )
        .await;
    assert_eq!(
        answer.data("/compatibility/changes"),
        &json!([{
            "kind": "MAX_LENGTH_DECREASED",
            "instancePath": "/home/postcode",
            "paths": ["/home/postcode", "/work/postcode"]
        }])
    );
}
