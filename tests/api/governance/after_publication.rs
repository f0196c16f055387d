//! Comments during consultation, and what happens to versions once published.

use chrono::Duration;
use concord::clock::Clock;
use concord::domain::Role;
use serde_json::json;

use super::{COMMENT, propose};
use crate::helpers::{PROPOSE_STANDARD, PROPOSE_VERSION, spawn_app, standard_input, version_input};

#[tokio::test]
async fn comments_need_a_token_a_pointer_that_exists_and_a_parent_on_the_same_proposal() {
    let app = spawn_app().await;
    let camden = app.token("camden", Role::Steward).await;
    let id = propose(&app, &camden, "common/address").await;
    let other = propose(&app, &camden, "common/contact").await;
    let elsewhere = app
        .gql(
            COMMENT,
            json!({ "id": other, "body": "elsewhere" }),
            Some(&camden),
        )
        .await;
    let elsewhere_id = elsewhere.data("/commentOnProposal/comment/id").clone();
    app.assert_refused(
        COMMENT,
        json!({ "id": id, "body": "hello" }),
        None,
        "UNAUTHENTICATED",
    )
    .await;
    for (variables, field) in [
        (
            json!({ "id": id, "body": "x", "pointer": "/properties/nothing" }),
            "pointer",
        ),
        (
            json!({ "id": id, "body": "x", "pointer": "properties" }),
            "pointer",
        ),
        (
            json!({ "id": id, "body": "x", "replyTo": elsewhere_id }),
            "replyTo",
        ),
        (json!({ "id": id, "body": "   " }), "body"),
    ] {
        let response = app
            .assert_refused(COMMENT, variables, Some(&camden), "BAD_USER_INPUT")
            .await;
        assert_eq!(response.error()["extensions"]["field"], field);
    }
}

#[tokio::test]
async fn deprecated_and_retired_versions_steer_ranges_and_validation() {
    let app = spawn_app().await;
    let camden = app.token("camden", Role::Steward).await;
    let schema =
        json!({"type": "object", "properties": {"name": {"type": "string", "deprecated": true}}});
    let id = app
        .gql(
            PROPOSE_STANDARD,
            standard_input("a/thing", "1.0.0", schema.clone()),
            Some(&camden),
        )
        .await;
    app.approve(
        &camden,
        id.data("/proposeStandard/proposal/id")
            .as_str()
            .expect("id"),
    )
    .await;
    for version in ["1.1.0", "2.0.0"] {
        let proposed = app
            .gql(
                PROPOSE_VERSION,
                version_input("a/thing", version, schema.clone()),
                Some(&camden),
            )
            .await;
        app.approve(
            &camden,
            proposed
                .data("/proposeVersion/proposal/id")
                .as_str()
                .expect("id"),
        )
        .await;
    }
    let deprecate = "mutation($v: String!, $successor: String, $sunset: DateTime) {
        deprecateVersion(standard: \"a/thing\", version: $v, successor: $successor, sunset: $sunset, note: \"Move on\") {
            version { version status successor sunsetAt statusNote } } }";
    let retire = "mutation($v: String!) { retireVersion(standard: \"a/thing\", version: $v, note: \"Gone\") { version { status } } }";
    let resolve = |req: &str| {
        let query = format!(
            "{{ standard(slug: \"a/thing\") {{ version(req: \"{req}\") {{ version }} }} }}"
        );
        let app = &app;
        async move {
            app.gql(&query, json!({}), None)
                .await
                .data("/standard/version")
                .get("version")
                .cloned()
        }
    };
    let sunset = (app.clock.now() + Duration::days(180)).to_rfc3339();
    let deprecated = app
        .gql(
            deprecate,
            json!({ "v": "1.1.0", "successor": "2.0.0", "sunset": sunset }),
            Some(&app.cdo),
        )
        .await;
    assert_eq!(
        deprecated.data("/deprecateVersion/version/status"),
        "DEPRECATED"
    );
    assert_eq!(
        resolve("^1").await,
        Some(json!("1.0.0")),
        "an active match is preferred"
    );
    let warnings_of_1_0_0 = async || {
        app.gql(
            "{ validate(standard: \"a/thing\", version: \"1.0.0\", payload: {}) { warnings { code message } } }",
            json!({}),
            None,
        )
        .await
        .data("/validate/warnings")
        .clone()
    };
    assert_eq!(warnings_of_1_0_0().await, json!([]));
    app.gql(deprecate, json!({ "v": "1.0.0" }), Some(&app.cdo))
        .await
        .data("/deprecateVersion");
    assert_eq!(
        resolve("^1").await,
        Some(json!("1.1.0")),
        "else the greatest deprecated match"
    );
    let warnings = warnings_of_1_0_0().await;
    assert_eq!(warnings[0]["code"], "DEPRECATED_VERSION", "{warnings}");
    assert!(
        warnings[0]["message"]
            .as_str()
            .expect("m")
            .contains("Move on"),
        "the note is passed on: {warnings}"
    );
    app.gql(retire, json!({ "v": "1.1.0" }), Some(&app.cdo))
        .await
        .data("/retireVersion");
    assert_eq!(
        resolve("^1").await,
        Some(json!("1.0.0")),
        "never a retired one"
    );
    app.gql(retire, json!({ "v": "1.0.0" }), Some(&app.cdo))
        .await
        .data("/retireVersion");
    assert_eq!(resolve("^1").await, None);
    assert_eq!(
        resolve("1.0.0").await,
        Some(json!("1.0.0")),
        "exact versions stay resolvable"
    );
    assert_eq!(
        app.get("/schemas/a/thing/1.0.0").await.status(),
        200,
        "URLs never break"
    );

    let validated = app
        .gql("{ validate(standard: \"a/thing\", version: \"1.0.0\", payload: {name: \"x\"}) { valid warnings { code message } } }", json!({}), None)
        .await;
    assert!(
        validated
            .data("/validate/warnings/0/message")
            .as_str()
            .expect("w")
            .contains("retired")
    );

    app.assert_refused(
        deprecate,
        json!({ "v": "1.0.0" }),
        Some(&app.cdo),
        "INVALID_TRANSITION",
    )
    .await;
    app.assert_refused(
        retire,
        json!({ "v": "1.0.0" }),
        Some(&app.cdo),
        "INVALID_TRANSITION",
    )
    .await;
    app.assert_refused(
        deprecate,
        json!({ "v": "2.0.0" }),
        Some(&camden),
        "FORBIDDEN",
    )
    .await;
    app.assert_refused(
        deprecate,
        json!({ "v": "2.0.0", "successor": "1.0.0" }),
        Some(&app.cdo),
        "BAD_USER_INPUT",
    )
    .await;
    let past = (app.clock.now() - Duration::days(1)).to_rfc3339();
    app.assert_refused(
        deprecate,
        json!({ "v": "2.0.0", "sunset": past }),
        Some(&app.cdo),
        "BAD_USER_INPUT",
    )
    .await;
    let referencing = json!({"$ref": "/schemas/a/thing/1.0.0"});
    let response = app
        .assert_refused(
            PROPOSE_STANDARD,
            standard_input("a/other", "1.0.0", referencing),
            Some(&camden),
            "INVALID_SCHEMA",
        )
        .await;
    assert!(
        response.error()["message"]
            .as_str()
            .expect("m")
            .contains("retired")
    );
    let deprecated_warning = app
        .gql(
            "{ validate(standard: \"a/thing\", payload: {}) { version { version } warnings { code } } }",
            json!({}),
            None,
        )
        .await;
    assert_eq!(
        deprecated_warning.data("/validate/version/version"),
        "2.0.0"
    );
    assert_eq!(deprecated_warning.data("/validate/warnings"), &json!([]));
}
