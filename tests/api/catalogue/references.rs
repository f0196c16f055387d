//! Every reference in the catalogue resolves within the registry, and each version's bundle
//! validates every example exactly as the version itself does.

use serde_json::{Value, json};

use super::{json_files, seeded, standards, versions_of};

/// Every `$ref` value in a schema (only keywords; data under `enum`, `examples`… is skipped by
/// the registry, and here `$ref` never appears as data).
fn refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, item) in map {
                if key == "$ref" {
                    if let Some(r) = item.as_str() {
                        out.push(r.to_owned());
                    }
                } else {
                    refs(item, out);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| refs(i, out)),
        _ => {}
    }
}

#[tokio::test]
async fn every_reference_resolves_within_the_registry_and_bundles_validate_as_the_original() {
    let app = seeded().await;
    let mut problems = Vec::new();
    let mut cross = 0;
    for (slug, folder) in standards() {
        for (version, _) in versions_of(&folder) {
            let schema: Value = serde_json::from_str(
                &std::fs::read_to_string(folder.join(format!("{version}.json"))).expect("read"),
            )
            .expect("json");
            let mut found = Vec::new();
            refs(&schema, &mut found);
            let registry_refs: Vec<String> = found
                .iter()
                .filter(|r| r.starts_with("/schemas/"))
                .map(|r| {
                    r.split('#')
                        .next()
                        .unwrap_or_default()
                        .trim_start_matches("/schemas/")
                        .to_owned()
                })
                .collect();
            cross += registry_refs.len();
            let graph = app
                .gql(
                    "query($s: String!, $v: String!) { standard(slug: $s) { version(req: $v) { references { standard { slug } version } } } }",
                    json!({ "s": slug, "v": version.to_string() }),
                    None,
                )
                .await;
            let listed: Vec<String> = graph
                .data("/standard/version/references")
                .as_array()
                .expect("references")
                .iter()
                .map(|r| {
                    format!(
                        "{}/{}",
                        r["standard"]["slug"].as_str().expect("s"),
                        r["version"].as_str().expect("v")
                    )
                })
                .collect();
            for target in &registry_refs {
                if !listed.contains(target) {
                    problems.push(format!("{slug} {version}: `{target}` is not among its resolved references {listed:?}"));
                }
            }
            let bundle = app.get(&format!("/schemas/{slug}/{version}/bundle")).await;
            if bundle.status() != 200 {
                problems.push(format!("{slug} {version}: no bundle ({})", bundle.status()));
                continue;
            }
            let bundle: Value = bundle.json().await.expect("json");
            let standalone = match jsonschema::options()
                .should_validate_formats(true)
                .offline()
                .build(&bundle)
            {
                Ok(v) => v,
                Err(e) => {
                    problems.push(format!(
                        "{slug} {version}: the bundle does not stand alone: {e}"
                    ));
                    continue;
                }
            };
            // The bundle validates exactly as the published version does, on every example.
            let examples = folder.join("examples").join(version.to_string());
            for (kind, expected) in [("valid", true), ("invalid", false)] {
                for file in json_files(&examples.join(kind)) {
                    let document: Value =
                        serde_json::from_str(&std::fs::read_to_string(&file).expect("read"))
                            .expect("json");
                    if standalone.is_valid(&document) != expected {
                        problems.push(format!("{}: the bundle says {}", file.display(), !expected));
                    }
                }
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(
        cross >= 20,
        "the building blocks are referenced: {cross} cross-standard references"
    );
}
