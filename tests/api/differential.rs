//! Registering a schema must not change its meaning: for a corpus of schemas (every draft's core
//! keywords) and documents, the verdict through the API equals `jsonschema`'s in-process verdict
//! for the same schema with `format` asserted, as Concord asserts it.

use serde_json::Value;

use crate::helpers::{repo_path, spawn_app};

#[tokio::test]
async fn the_api_agrees_with_jsonschema_in_process_on_the_whole_corpus() {
    let corpus: Vec<Value> = serde_json::from_str(
        &std::fs::read_to_string(repo_path("tests/data/differential.json")).expect("corpus"),
    )
    .expect("json");
    let app = spawn_app().await;
    let standards: Vec<(String, &Value)> = corpus
        .iter()
        .enumerate()
        .map(|(i, case)| (format!("diff/case-{i}"), &case["schema"]))
        .collect();
    let seeded: Vec<(&str, &str, Value)> = standards
        .iter()
        .map(|(slug, schema)| (slug.as_str(), "1.0.0", (*schema).clone()))
        .collect();
    app.seed(&seeded).await;

    let mut compared = 0;
    let mut disagreements = Vec::new();
    for ((slug, schema), case) in standards.iter().zip(&corpus) {
        let canonical = format!("{}/schemas/{slug}/1.0.0", app.address);
        let reference = jsonschema::options()
            .should_validate_formats(true)
            .with_base_uri(canonical)
            .build(schema)
            .expect("the corpus holds valid schemas");
        let documents = case["documents"].as_array().expect("documents");
        let body: String = documents.iter().map(|d| format!("{d}\n")).collect();
        let answer = app
            .client
            .post(format!("{}/validate/{slug}/1.0.0", app.address))
            .header("content-type", "application/x-ndjson")
            .body(body)
            .send()
            .await
            .expect("request")
            .text()
            .await
            .expect("body");
        let verdicts: Vec<Value> = answer
            .lines()
            .map(|l| serde_json::from_str(l).expect("json"))
            .collect();
        assert_eq!(
            verdicts.len(),
            documents.len(),
            "{}: {answer}",
            case["name"]
        );
        for (document, verdict) in documents.iter().zip(&verdicts) {
            compared += 1;
            let expected = reference.is_valid(document);
            if verdict["valid"].as_bool() != Some(expected) {
                disagreements.push(format!(
                    "{}: {document} -> API {verdict}, jsonschema {expected}",
                    case["name"]
                ));
            }
        }
    }
    assert!(compared >= 450, "the corpus shrank: {compared} documents");
    assert!(disagreements.is_empty(), "{disagreements:#?}");
}
