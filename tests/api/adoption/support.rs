//! Steps the adoption tests share: a standard with a chosen mode, a declaration, a fixture.

use concord::domain::Role;
use serde_json::{Value, json};

use crate::helpers::TestApp;

pub const DECLARE: &str =
    "mutation($input: DeclareAdoptionInput!) { declareAdoption(input: $input) {
  adoption { id } } }";

pub const ADD_FIXTURE: &str = "mutation($input: AddFixtureInput!) { addFixture(input: $input) {
  fixture { id name role document adoption { id } } } }";

pub const REMOVE_FIXTURE: &str =
    "mutation($id: ID!) { removeFixture(id: $id) { fixture { id name } } }";

/// Publishes `versions` of `slug` (owned by LOTI) with compatibility `mode`, through the
/// catalogue loader.
pub async fn seed_with_mode(app: &TestApp, slug: &str, mode: &str, versions: &[(&str, Value)]) {
    let dir = tempfile::tempdir().expect("dir");
    let folder = dir.path().join(slug);
    std::fs::create_dir_all(&folder).expect("mkdir");
    let mut toml = format!(
        "title = \"Street address\"\nsummary = \"For the tests.\"\ntheme = \"common\"\nowner = \"loti\"\ncompatibility = \"{mode}\"\n"
    );
    for (version, schema) in versions {
        std::fs::write(folder.join(format!("{version}.json")), schema.to_string()).expect("write");
        toml.push_str(&format!(
            "\n[versions.\"{version}\"]\nchangelog = \"v{version}\"\n"
        ));
    }
    std::fs::write(folder.join("standard.toml"), toml).expect("write");
    app.registry.seed(dir.path()).await.expect("seed");
}

/// Declares `org`'s adoption of `slug` over `range` with a new steward token; returns the
/// adoption's id and the token.
pub async fn declare(app: &TestApp, org: &str, slug: &str, range: &str) -> (String, String) {
    let token = app.token(org, Role::Steward).await;
    let declared = app
        .gql(
            DECLARE,
            json!({ "input": { "standard": slug, "range": range, "status": "LIVE" } }),
            Some(&token),
        )
        .await;
    let id = declared
        .data("/declareAdoption/adoption/id")
        .as_str()
        .expect("id")
        .to_owned();
    (id, token)
}

/// Publishes a fixture; returns its id.
pub async fn add_fixture(
    app: &TestApp,
    token: &str,
    adoption: &str,
    name: &str,
    role: &str,
    document: Value,
) -> String {
    let added = app
        .gql(
            ADD_FIXTURE,
            json!({ "input": { "adoption": adoption, "name": name, "role": role, "document": document } }),
            Some(token),
        )
        .await;
    added
        .data("/addFixture/fixture/id")
        .as_str()
        .expect("fixture id")
        .to_owned()
}
