//! One GraphQL request cannot do without limit what one field may do within its limit: the
//! documents validated and the schemas compared count across every field and alias.

use concord::registry::Limits;
use serde_json::json;

use crate::helpers::spawn_app_with;

#[tokio::test]
async fn the_documents_of_every_alias_count_together_against_the_limit() {
    let app = spawn_app_with(Limits {
        max_documents: 10,
        ..Limits::default()
    })
    .await;
    app.seed(&[("common/geo-point", "1.0.0", json!({ "type": "object" }))])
        .await;
    let six: Vec<serde_json::Value> = (0..6).map(|i| json!({ "n": i })).collect();
    let query = "query($p: [JSON!]!) {
        a: validateMany(standard: \"common/geo-point\", payloads: $p) { valid }
        b: validateMany(standard: \"common/geo-point\", payloads: $p) { valid }
        c: validate(standard: \"common/geo-point\", payload: {}) { valid }
    }";
    let response = app.gql(query, json!({ "p": six }), None).await;
    let errors = response.body["errors"].as_array().expect("errors");
    assert_eq!(
        errors.len(),
        1,
        "6 + 6 + 1 > 10: one field is refused: {}",
        response.body
    );
    assert_eq!(errors[0]["extensions"]["code"], "LIMIT_EXCEEDED");
    assert_eq!(errors[0]["extensions"]["limit"], "documents");
    let answered: usize = ["a", "b"]
        .iter()
        .filter_map(|alias| response.body["data"][alias].as_array())
        .map(Vec::len)
        .sum();
    assert_eq!(answered, 6, "the other validateMany was answered");
    assert_eq!(response.body["data"]["c"]["valid"], true);
}

#[tokio::test]
async fn the_comparisons_of_every_alias_count_together_against_the_limit() {
    let app = spawn_app_with(Limits {
        max_comparisons: 2,
        ..Limits::default()
    })
    .await;
    app.seed(&[
        ("common/geo-point", "1.0.0", json!({ "type": "object" })),
        (
            "common/geo-point",
            "1.1.0",
            json!({ "type": "object", "properties": { "a": {} } }),
        ),
    ])
    .await;
    let aliases: String = (0..3)
        .map(|i| format!("d{i}: diff(standard: \"common/geo-point\", from: \"1.0.0\", to: \"1.1.0\") {{ compatible }} "))
        .collect();
    let dry = "c: compatibility(standard: \"common/geo-point\", schema: {type: \"object\"}) { compatible }";
    let response = app
        .gql(&format!("{{ {aliases} {dry} }}"), json!({}), None)
        .await;
    let errors = response.body["errors"].as_array().expect("errors");
    assert_eq!(
        errors.len(),
        2,
        "four comparisons, two allowed: {}",
        response.body
    );
    for error in errors {
        assert_eq!(error["extensions"]["limit"], "comparisons");
    }
}
