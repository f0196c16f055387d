//! References between standards: resolved from the registry's own store, shown as a graph,
//! inlined in bundles, and never fetched from anywhere else.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use concord::domain::Role;
use serde_json::{Value, json};

use crate::helpers::{PROPOSE_STANDARD, TestApp, VALIDATE, spawn_app, standard_input};

fn geo_point() -> Value {
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "required": ["latitude", "longitude"],
        "properties": {
            "latitude": {"$ref": "#/$defs/latitude"},
            "longitude": {"type": "number", "minimum": -180, "maximum": 180}
        },
        "$defs": {"latitude": {"type": "number", "minimum": -90, "maximum": 90}}
    })
}

fn address() -> Value {
    json!({
        "type": "object",
        "required": ["postcode"],
        "properties": {
            "postcode": {"type": "string"},
            "location": {"$ref": "/schemas/common/geo-point/1.0.0"},
            "centroidLatitude": {"$ref": "/schemas/common/geo-point/1.0.0#/$defs/latitude"}
        }
    })
}

fn depot(base: &str) -> Value {
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "type": "object",
        "required": ["name", "address"],
        "properties": {
            "name": {"type": "string"},
            "address": {"$ref": format!("{base}/schemas/common/address/1.0.0")}
        }
    })
}

async fn chain(app: &TestApp) {
    app.seed(&[
        ("common/geo-point", "1.0.0", geo_point()),
        ("common/address", "1.0.0", address()),
        ("waste/depot", "1.0.0", depot(&app.address)),
    ])
    .await;
}

#[tokio::test]
async fn a_chain_of_three_standards_validates_through_every_link() {
    let app = spawn_app().await;
    chain(&app).await;
    let valid = json!({"name": "Regis Road", "address": {"postcode": "NW5 3EW", "location": {"latitude": 51.55, "longitude": -0.14}}});
    let response = app
        .gql(
            VALIDATE,
            json!({ "standard": "waste/depot", "payload": valid }),
            None,
        )
        .await;
    assert_eq!(response.data("/validate/valid"), true, "{}", response.body);
    let invalid = json!({"name": "Regis Road", "address": {"postcode": "NW5 3EW", "location": {"latitude": 151.0, "longitude": 0}, "centroidLatitude": -91}});
    let response = app
        .gql(
            VALIDATE,
            json!({ "standard": "waste/depot", "payload": invalid }),
            None,
        )
        .await;
    let errors = response
        .data("/validate/errors")
        .as_array()
        .expect("errors")
        .clone();
    let found: Vec<(&str, &str)> = errors
        .iter()
        .map(|e| {
            (
                e["instancePath"].as_str().expect("p"),
                e["keywordLocation"].as_str().expect("k"),
            )
        })
        .collect();
    let geo = format!(
        "{}/schemas/common/geo-point/1.0.0#/$defs/latitude/maximum",
        app.address
    );
    let geo_min = format!(
        "{}/schemas/common/geo-point/1.0.0#/$defs/latitude/minimum",
        app.address
    );
    assert!(
        found.contains(&("/address/location/latitude", geo.as_str())),
        "{found:?}"
    );
    assert!(
        found.contains(&("/address/centroidLatitude", geo_min.as_str())),
        "{found:?}"
    );

    let graph = "{ standard(slug: \"common/address\") { version(req: \"1.0.0\") {
        references { standard { slug } version } referencedBy { standard { slug } version } } } }";
    let response = app.gql(graph, json!({}), None).await;
    assert_eq!(
        response.data("/standard/version/references"),
        &json!([{"standard": {"slug": "common/geo-point"}, "version": "1.0.0"}])
    );
    assert_eq!(
        response.data("/standard/version/referencedBy"),
        &json!([{"standard": {"slug": "waste/depot"}, "version": "1.0.0"}])
    );
}

#[tokio::test]
async fn the_bundle_is_self_contained_and_validates_exactly_as_the_original() {
    let app = spawn_app().await;
    chain(&app).await;
    let response = app.get("/schemas/waste/depot/1.0.0/bundle").await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "application/schema+json"
    );
    assert_eq!(
        response.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    let etag = response.headers()["etag"]
        .to_str()
        .expect("etag")
        .to_owned();
    let bundle: Value = response.json().await.expect("json");
    assert_eq!(
        bundle["$id"],
        format!("{}/schemas/waste/depot/1.0.0", app.address)
    );
    // Compiled on its own, with no registry and no network.
    let standalone = jsonschema::options()
        .should_validate_formats(true)
        .offline()
        .build(&bundle)
        .expect("the bundle needs nothing else");
    let documents = [
        json!({"name": "A", "address": {"postcode": "N1 1AA"}}),
        json!({"name": "A", "address": {"postcode": "N1 1AA", "location": {"latitude": 91, "longitude": 0}}}),
        json!({"name": "A", "address": {"postcode": "N1 1AA", "centroidLatitude": 50}}),
        json!({"name": "A", "address": {"location": {"latitude": 0, "longitude": 0}}}),
        json!({"name": 7}),
    ];
    for document in documents {
        let api = app
            .gql(
                VALIDATE,
                json!({ "standard": "waste/depot", "payload": document }),
                None,
            )
            .await;
        assert_eq!(
            api.data("/validate/valid").as_bool(),
            Some(standalone.is_valid(&document)),
            "{document}"
        );
    }
    let cached = app
        .client
        .get(format!("{}/schemas/waste/depot/1.0.0/bundle", app.address))
        .header("if-none-match", &etag)
        .send()
        .await
        .expect("request");
    assert_eq!(cached.status(), 304);
}

#[tokio::test]
async fn a_range_redirects_to_the_version_it_resolves_to() {
    let app = spawn_app().await;
    app.seed(&[
        ("common/geo-point", "1.0.0", geo_point()),
        ("common/geo-point", "1.1.0", geo_point()),
        ("common/geo-point", "2.0.0", geo_point()),
    ])
    .await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    for (query, version) in [
        ("?range=%5E1", "1.1.0"),
        ("?range=1.0.0", "1.0.0"),
        ("", "2.0.0"),
    ] {
        let response = client
            .get(format!("{}/schemas/common/geo-point{query}", app.address))
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), 302, "{query}");
        assert_eq!(
            response.headers()["location"],
            format!("{}/schemas/common/geo-point/{version}", app.address).as_str()
        );
        assert_eq!(response.headers()["cache-control"], "no-cache");
    }
    let none = client
        .get(format!(
            "{}/schemas/common/geo-point?range=%5E3",
            app.address
        ))
        .send()
        .await
        .expect("r");
    assert_eq!(none.status(), 404);
    let bad = client
        .get(format!(
            "{}/schemas/common/geo-point?range=newest",
            app.address
        ))
        .send()
        .await
        .expect("r");
    assert_eq!(bad.status(), 422);
}

#[tokio::test]
async fn a_remote_reference_is_refused_at_proposal_time_without_a_connection_being_made() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let connections = Arc::new(AtomicUsize::new(0));
    let seen = connections.clone();
    tokio::spawn(async move {
        while listener.accept().await.is_ok() {
            seen.fetch_add(1, Ordering::SeqCst);
        }
    });
    let app = spawn_app().await;
    let camden = app.token("camden", Role::Steward).await;
    for reference in [
        format!("http://127.0.0.1:{port}/schema.json"),
        format!("https://127.0.0.1:{port}/schema.json#/$defs/x"),
        format!("//127.0.0.1:{port}/schema.json"),
    ] {
        let schema = json!({"$defs": {"a": {"properties": {"b": {"$ref": reference}}}}, "$ref": "#/$defs/a"});
        let response = app
            .assert_refused(
                PROPOSE_STANDARD,
                standard_input("a/remote", "1.0.0", schema),
                Some(&camden),
                "INVALID_SCHEMA",
            )
            .await;
        assert_eq!(
            response.error()["extensions"]["problems"][0]["pointer"],
            "/$defs/a/properties/b/$ref"
        );
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(
        connections.load(Ordering::SeqCst),
        0,
        "nothing may connect to a remote $ref"
    );
}

#[tokio::test]
async fn a_reference_to_a_retired_version_is_refused() {
    let app = spawn_app().await;
    app.seed(&[
        ("common/geo-point", "1.0.0", geo_point()),
        ("common/geo-point", "2.0.0", geo_point()),
    ])
    .await;
    app.gql(
        "mutation { retireVersion(standard: \"common/geo-point\", version: \"1.0.0\", note: \"Use 2.0.0\") { version { status } } }",
        json!({}),
        Some(&app.cdo),
    )
    .await
    .data("/retireVersion");
    let camden = app.token("camden", Role::Steward).await;
    let schema = json!({"properties": {"at": {"$ref": "/schemas/common/geo-point/1.0.0"}}});
    let response = app
        .assert_refused(
            PROPOSE_STANDARD,
            standard_input("a/uses-retired", "1.0.0", schema),
            Some(&camden),
            "INVALID_SCHEMA",
        )
        .await;
    let problem = &response.error()["extensions"]["problems"][0];
    assert_eq!(problem["pointer"], "/properties/at/$ref");
    assert!(problem["message"].as_str().expect("m").contains("retired"));
    let current = json!({"properties": {"at": {"$ref": "/schemas/common/geo-point/2.0.0"}}});
    app.gql(
        PROPOSE_STANDARD,
        standard_input("a/uses-current", "1.0.0", current),
        Some(&camden),
    )
    .await
    .data("/proposeStandard");
}

#[tokio::test]
async fn ids_anchors_dynamic_refs_and_relative_refs_keep_their_meaning() {
    let app = spawn_app().await;
    let tree = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://example.org/schemas/tree",
        "$dynamicAnchor": "node",
        "type": "object",
        "properties": {
            "data": true,
            "children": {"type": "array", "items": {"$dynamicRef": "#node"}},
            "label": {"$ref": "#label"},
            "sibling": {"$ref": "leaf.json"}
        },
        "$defs": {
            "label": {"$anchor": "label", "type": "string", "maxLength": 5},
            "leaf": {"$id": "leaf.json", "type": "object", "required": ["leaf"]}
        }
    });
    app.seed(&[("a/tree", "1.0.0", tree.clone())]).await;
    let reference = jsonschema::options()
        .should_validate_formats(true)
        .offline()
        .build(&tree)
        .expect("compiles alone");
    for document in [
        json!({"label": "root", "children": [{"label": "kid", "children": []}]}),
        json!({"label": "much too long"}),
        json!({"children": [{"label": "much too long"}]}),
        json!({"children": [5]}),
        json!({"sibling": {"leaf": 1}}),
        json!({"sibling": {}}),
    ] {
        let api = app
            .gql(
                VALIDATE,
                json!({ "standard": "a/tree", "payload": document }),
                None,
            )
            .await;
        assert_eq!(
            api.data("/validate/valid").as_bool(),
            Some(reference.is_valid(&document)),
            "{document}"
        );
    }
}
