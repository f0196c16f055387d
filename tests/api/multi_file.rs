//! Versions made of several files: a root schema and the named documents it references
//! relatively. Proposed, revised and published as one version; each file served at its address;
//! validated, bundled and compared exactly as its files say; references between them resolve
//! inside the version only.

use concord::domain::Role;
use serde_json::{Value, json};

use crate::helpers::{PROPOSE_STANDARD, PROPOSE_VERSION, TestApp, spawn_app, standard_input};

/// A contact standard in three files: the root, `definitions.json` and `parts/phone.json`, which
/// references back up with `../definitions.json`.
fn contact_files(max_name: u64) -> (Value, Value) {
    let root = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Contact",
        "type": "object",
        "required": ["name"],
        "properties": {
            "name": {"$ref": "definitions.json#/$defs/name"},
            "phone": {"$ref": "parts/phone.json"}
        }
    });
    let documents = json!([
        {"path": "definitions.json", "schema": {
            "$defs": {
                "name": {"type": "string", "minLength": 1, "maxLength": max_name},
                "digits": {"type": "string", "pattern": "^[0-9 ]+$"}
            }
        }},
        {"path": "parts/phone.json", "schema": {
            "type": "object",
            "required": ["number"],
            "properties": {"number": {"$ref": "../definitions.json#/$defs/digits"}}
        }}
    ]);
    (root, documents)
}

/// `proposeStandard` input for a contact standard in several files.
fn contact_input(slug: &str, max_name: u64) -> Value {
    let (root, documents) = contact_files(max_name);
    let mut input = standard_input(slug, "1.0.0", root);
    input["input"]["documents"] = documents;
    input
}

/// Proposes and publishes the contact standard at 1.0.0.
async fn publish_contact(app: &TestApp, token: &str, slug: &str) {
    app.publish_proposed(token, contact_input(slug, 40)).await;
}

const VERSION_FILES: &str = "query($slug: String!) { standard(slug: $slug) {
  version(req: \"1.0.0\") { uri contentHash documents { path uri schema } }
} }";

#[tokio::test]
async fn a_version_of_several_files_is_published_served_and_validates_as_its_files() {
    let app = spawn_app().await;
    let camden = app.token("camden", Role::Steward).await;
    publish_contact(&app, &camden, "common/contact-card").await;

    let version = app
        .gql(VERSION_FILES, json!({"slug": "common/contact-card"}), None)
        .await;
    let latest = version.data("/standard/version");
    let uri = latest["uri"].as_str().expect("uri");
    let paths: Vec<&str> = latest["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .map(|d| d["path"].as_str().expect("path"))
        .collect();
    assert_eq!(paths, ["definitions.json", "parts/phone.json"]);
    assert_eq!(
        latest["documents"][1]["uri"],
        format!("{uri}/parts/phone.json")
    );

    // Each file is served at its address, byte for byte, with an ETag of its own.
    let served = app
        .get("/schemas/common/contact-card/1.0.0/parts/phone.json")
        .await;
    assert_eq!(served.status(), 200);
    assert_eq!(served.headers()["content-type"], "application/schema+json");
    assert!(served.headers().contains_key("etag"));
    let body: Value = served.json().await.expect("json");
    assert_eq!(body, latest["documents"][1]["schema"]);
    let missing = app
        .get("/schemas/common/contact-card/1.0.0/nothing.json")
        .await;
    assert_eq!(missing.status(), 404);
    // The standard's page links each document at its address.
    let page = app
        .get("/standards/common/contact-card")
        .await
        .text()
        .await
        .expect("page");
    assert!(
        page.contains(&format!("href=\"{uri}/parts/phone.json\"")),
        "{page}"
    );
    let root = app.get("/schemas/common/contact-card/1.0.0").await;
    let root: Value = root.json().await.expect("json");
    assert_eq!(root["title"], "Contact");

    // The content hash covers every file: it is not the root's alone.
    assert_ne!(
        latest["contentHash"],
        concord::domain::ContentHash::of(&root).to_string()
    );

    // Validation follows the references into both documents, and the bundle agrees.
    let bundle: Value = app
        .get("/schemas/common/contact-card/1.0.0/bundle")
        .await
        .json()
        .await
        .expect("bundle");
    let standalone = jsonschema::options()
        .build(&bundle)
        .expect("the bundle compiles on its own");
    for (document, valid) in [
        (
            json!({"name": "Camden Council", "phone": {"number": "020 7974 4444"}}),
            true,
        ),
        (json!({"name": ""}), false),
        (json!({"name": "x".repeat(41)}), false),
        (
            json!({"name": "Camden", "phone": {"number": "call us"}}),
            false,
        ),
        (json!({"name": "Camden", "phone": {}}), false),
    ] {
        let answer = app
            .validate_rest("common/contact-card", "1.0.0", &document)
            .await;
        assert_eq!(answer["valid"], valid, "{document}: {answer}");
        assert_eq!(
            standalone.is_valid(&document),
            valid,
            "bundle on {document}"
        );
    }
    let answer = app
        .validate_rest(
            "common/contact-card",
            "1.0.0",
            &json!({"name": "Camden", "phone": {"number": "call us"}}),
        )
        .await;
    assert_eq!(answer["errors"][0]["instancePath"], "/phone/number");
    assert_eq!(answer["errors"][0]["keyword"], "pattern");
}

#[tokio::test]
async fn a_new_version_is_compared_across_its_documents() {
    let app = spawn_app().await;
    let camden = app.token("camden", Role::Steward).await;
    publish_contact(&app, &camden, "common/contact-card").await;
    let (root, _) = contact_files(20);
    let narrower = |version: &str| {
        let mut input = crate::helpers::version_input("common/contact-card", version, root.clone());
        input["input"]["documents"] = contact_files(20).1;
        input
    };
    // A shorter name inside `definitions.json` breaks: a minor is refused with the change.
    let refused = app
        .assert_refused(
            PROPOSE_VERSION,
            narrower("1.1.0"),
            Some(&camden),
            "VERSION_BUMP_TOO_SMALL",
        )
        .await;
    let changes = refused.error()["extensions"]["changes"].to_string();
    assert!(changes.contains("maxLength"), "{changes}");
    let proposed = app
        .gql(PROPOSE_VERSION, narrower("2.0.0"), Some(&camden))
        .await;
    assert_eq!(
        proposed.data("/proposeVersion/proposal/latestRevision/version"),
        "2.0.0"
    );
    // The same files again change nothing.
    let same = app
        .gql(
            "query($schema: JSON!, $documents: [DocumentInput!]) {
               compatibility(standard: \"common/contact-card\", schema: $schema, documents: $documents) {
                 compatible changes { kind }
               } }",
            json!({"schema": contact_files(40).0, "documents": contact_files(40).1}),
            None,
        )
        .await;
    assert_eq!(same.data("/compatibility/compatible"), true);
    assert_eq!(same.data("/compatibility/changes"), &json!([]));
}

#[tokio::test]
async fn another_standard_references_a_version_of_several_files_and_its_documents() {
    let app = spawn_app().await;
    let camden = app.token("camden", Role::Steward).await;
    publish_contact(&app, &camden, "common/contact-card").await;
    let schema = json!({
        "type": "object",
        "properties": {
            "contact": {"$ref": "/schemas/common/contact-card/1.0.0"},
            "fax": {"$ref": "/schemas/common/contact-card/1.0.0/parts/phone.json"},
            "mobile": {"$ref": "/schemas/common/contact-card/1.0.0#/properties/phone"}
        }
    });
    app.publish_standard(&camden, "community/venue", "1.0.0", schema)
        .await;
    for (document, valid) in [
        (
            json!({"contact": {"name": "Hall"}, "fax": {"number": "0207"}}),
            true,
        ),
        (json!({"contact": {"name": ""}}), false),
        (json!({"fax": {"number": "fax me"}}), false),
        (json!({"mobile": {"number": "07700 900123"}}), true),
        (json!({"mobile": {"number": "ring me"}}), false),
    ] {
        let answer = app
            .validate_rest("community/venue", "1.0.0", &document)
            .await;
        assert_eq!(answer["valid"], valid, "{document}: {answer}");
    }
}

#[tokio::test]
async fn wrong_files_are_refused_by_name_and_nothing_is_stored() {
    let app = spawn_app().await;
    let camden = app.token("camden", Role::Steward).await;
    let with_documents = |documents: Value| {
        let mut input = contact_input("common/contact-card", 40);
        input["input"]["documents"] = documents;
        input
    };
    let (_, good) = contact_files(40);
    let cases: Vec<(Value, &str, &str)> = vec![
        // A path that would leave the version.
        (
            json!([{"path": "../escape.json", "schema": {}}]),
            "BAD_USER_INPUT",
            "input.documents[0].path",
        ),
        // The same path twice.
        (
            json!([good[0].clone(), good[1].clone(), good[0].clone()]),
            "BAD_USER_INPUT",
            "input.documents[2].path",
        ),
    ];
    for (documents, code, field) in cases {
        let refused = app
            .assert_refused(
                PROPOSE_STANDARD,
                with_documents(documents),
                Some(&camden),
                code,
            )
            .await;
        assert_eq!(
            refused.error()["extensions"]["field"],
            field,
            "{}",
            refused.body
        );
    }
    // A referenced file that is not given names the reference and the files there are.
    let refused = app
        .assert_refused(
            PROPOSE_STANDARD,
            with_documents(json!([good[0].clone()])),
            Some(&camden),
            "INVALID_SCHEMA",
        )
        .await;
    let problem = &refused.error()["extensions"]["problems"][0];
    assert_eq!(problem["pointer"], "/properties/phone/$ref", "{problem}");
    assert!(
        problem["message"]
            .as_str()
            .is_some_and(|m| m.contains("no document `parts/phone.json`")),
        "{problem}"
    );
    // A document that is not a valid schema, and one that reaches outside, name their document.
    for (document, pointer) in [
        (json!({"$defs": {"name": {"type": 12}}}), "/$defs/name/type"),
        (
            json!({"$defs": {"name": {"$ref": "https://example.com/name.json"}}}),
            "/$defs/name/$ref",
        ),
    ] {
        let refused = app
            .assert_refused(
                PROPOSE_STANDARD,
                with_documents(json!([
                    {"path": "definitions.json", "schema": document},
                    good[1].clone()
                ])),
                Some(&camden),
                "INVALID_SCHEMA",
            )
            .await;
        let problem = &refused.error()["extensions"]["problems"][0];
        assert_eq!(problem["document"], "definitions.json", "{problem}");
        assert_eq!(problem["pointer"], pointer, "{problem}");
    }
}

#[tokio::test]
async fn a_revision_replaces_the_documents_and_their_warnings_name_them() {
    let app = spawn_app().await;
    let camden = app.token("camden", Role::Steward).await;
    let proposed = app
        .gql(
            PROPOSE_STANDARD,
            contact_input("common/contact-card", 40),
            Some(&camden),
        )
        .await;
    let id = proposed
        .data("/proposeStandard/proposal/id")
        .as_str()
        .expect("id")
        .to_owned();
    let (root, mut documents) = contact_files(60);
    documents[0]["schema"]["$defs"]["name"]["format"] = json!("uint");
    let revised = app
        .gql(
            "mutation($id: ID!, $schema: JSON!, $documents: [DocumentInput!]) {
               reviseProposal(id: $id, schema: $schema, documents: $documents, version: \"1.0.0\",
                              changelog: \"Longer names.\") {
                 proposal { latestRevision { number documents { path uri schema }
                                             warnings { document pointer keyword } } }
               } }",
            json!({"id": id, "schema": root, "documents": documents}),
            Some(&camden),
        )
        .await;
    let revision = revised.data("/reviseProposal/proposal/latestRevision");
    // The page shows each document as submitted, and the warning names its document.
    let page = app
        .get(&format!("/proposals/{id}"))
        .await
        .text()
        .await
        .expect("page");
    assert!(
        page.contains("The document <code>parts/phone.json</code> as submitted"),
        "{page}"
    );
    assert!(
        page.contains("in <code>definitions.json</code>"),
        "the warning names its document"
    );
    assert_eq!(revision["number"], 2);
    assert_eq!(
        revision["documents"][0]["schema"]["$defs"]["name"]["maxLength"],
        60
    );
    assert_eq!(revision["documents"][0]["uri"], Value::Null);
    assert_eq!(
        revision["warnings"],
        json!([{"document": "definitions.json", "pointer": "/$defs/name/format", "keyword": "format"}])
    );
}

#[tokio::test]
async fn a_catalogue_version_folder_is_published_as_one_version() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().expect("dir");
    let standard = dir.path().join("common/contact-card");
    std::fs::create_dir_all(standard.join("1.0.0/parts")).expect("mkdir");
    let (root, documents) = contact_files(40);
    std::fs::write(standard.join("1.0.0/schema.json"), root.to_string()).expect("write");
    for document in documents.as_array().expect("documents") {
        let path = document["path"].as_str().expect("path");
        std::fs::write(
            standard.join("1.0.0").join(path),
            document["schema"].to_string(),
        )
        .expect("write");
    }
    std::fs::write(
        standard.join("standard.toml"),
        "title = \"Contact card\"\nsummary = \"In several files.\"\ntheme = \"common\"\n\
         owner = \"loti\"\n\n[versions.\"1.0.0\"]\nchangelog = \"First.\"\n",
    )
    .expect("write");
    app.registry.seed(dir.path()).await.expect("seed");
    // Seeding the same folder again is idempotent: the hash over every file matches.
    app.registry.seed(dir.path()).await.expect("seed again");
    let answer = app
        .validate_rest(
            "common/contact-card",
            "1.0.0",
            &json!({"name": "Camden", "phone": {"number": "call us"}}),
        )
        .await;
    assert_eq!(answer["valid"], false, "{answer}");
    let served = app
        .get("/schemas/common/contact-card/1.0.0/definitions.json")
        .await;
    assert_eq!(served.status(), 200);
}
