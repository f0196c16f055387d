//! The seed catalogue in `standards/`, loaded into a fresh registry: every example validates (or
//! fails where its expectations say), each successive version agrees with the compatibility
//! engine, and every reference resolves within the registry.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::{Value, json};

mod references;

use crate::helpers::{TestApp, repo_path, spawn_app};

#[derive(Deserialize)]
struct Expectations {
    expect: Vec<Expectation>,
}

#[derive(Deserialize)]
struct Expectation {
    file: String,
    pointer: String,
    keyword: String,
}

#[derive(Deserialize)]
struct StandardFile {
    versions: BTreeMap<String, VersionMeta>,
}

#[derive(Deserialize)]
pub struct VersionMeta {
    pub status: Option<String>,
    pub successor: Option<String>,
    pub sunset: Option<String>,
}

/// (slug, folder) of every standard in the catalogue.
pub fn standards() -> Vec<(String, PathBuf)> {
    let root = repo_path("standards");
    let mut found = Vec::new();
    let mut visit = |dir: &Path, slug: String| {
        if dir.join("standard.toml").exists() {
            found.push((slug, dir.to_path_buf()));
        }
    };
    let mut firsts: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("standards")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    firsts.sort();
    for first in firsts {
        let name = first
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        visit(&first, name.clone());
        let mut seconds: Vec<PathBuf> = std::fs::read_dir(&first)
            .expect("dir")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_dir())
            .collect();
        seconds.sort();
        for second in seconds {
            let inner = second
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            visit(&second, format!("{name}/{inner}"));
        }
    }
    found
}

pub fn versions_of(folder: &Path) -> Vec<(semver::Version, VersionMeta)> {
    let file: StandardFile =
        toml::from_str(&std::fs::read_to_string(folder.join("standard.toml")).expect("toml"))
            .expect("standard.toml");
    let mut versions: Vec<(semver::Version, VersionMeta)> = file
        .versions
        .into_iter()
        .map(|(v, meta)| (semver::Version::parse(&v).expect("version"), meta))
        .collect();
    versions.sort_by(|a, b| a.0.cmp(&b.0));
    versions
}

pub fn json_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

pub async fn seeded() -> TestApp {
    let app = spawn_app().await;
    app.registry
        .seed(&repo_path("standards"))
        .await
        .expect("the catalogue seeds");
    app
}

async fn validate(app: &TestApp, slug: &str, version: &str, body: String) -> Value {
    let response = app
        .client
        .post(format!("{}/validate/{slug}/{version}", app.address))
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 200, "{slug} {version}");
    response.json().await.expect("json")
}

#[tokio::test]
async fn every_example_validates_or_fails_where_its_expectations_say() {
    let app = seeded().await;
    let mut problems = Vec::new();
    let (mut valid_count, mut invalid_count) = (0, 0);
    let catalogue = standards();
    assert!(
        catalogue.len() >= 16,
        "four building blocks and at least twelve standards: {}",
        catalogue.len()
    );
    for (slug, folder) in &catalogue {
        for (version, _) in versions_of(folder) {
            let examples = folder.join("examples").join(version.to_string());
            let valid = json_files(&examples.join("valid"));
            let invalid = json_files(&examples.join("invalid"));
            if valid.len() < 2 || invalid.len() < 2 {
                problems.push(format!(
                    "{slug} {version}: needs at least 2 valid and 2 invalid examples"
                ));
            }
            for file in valid {
                valid_count += 1;
                let result = validate(
                    &app,
                    slug,
                    &version.to_string(),
                    std::fs::read_to_string(&file).expect("read"),
                )
                .await;
                if result["valid"] != true {
                    problems.push(format!("{}: expected valid, got {result}", file.display()));
                }
            }
            let expectations: Expectations = toml::from_str(
                &std::fs::read_to_string(examples.join("invalid/expectations.toml"))
                    .unwrap_or_default(),
            )
            .unwrap_or(Expectations { expect: Vec::new() });
            for file in invalid {
                invalid_count += 1;
                let name = file
                    .file_name()
                    .expect("name")
                    .to_string_lossy()
                    .into_owned();
                let Some(expected) = expectations.expect.iter().find(|e| e.file == name) else {
                    problems.push(format!("{}: no expectation", file.display()));
                    continue;
                };
                let result = validate(
                    &app,
                    slug,
                    &version.to_string(),
                    std::fs::read_to_string(&file).expect("read"),
                )
                .await;
                let found = result["errors"].as_array().into_iter().flatten().any(|e| {
                    e["instancePath"] == expected.pointer.as_str()
                        && e["keyword"] == expected.keyword.as_str()
                });
                if result["valid"] != false || !found {
                    problems.push(format!(
                        "{}: expected {} at `{}`, got {result}",
                        file.display(),
                        expected.keyword,
                        expected.pointer
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(
        valid_count >= 60 && invalid_count >= 120,
        "{valid_count} valid, {invalid_count} invalid"
    );
}

/// The bump from `from` to `to`, as semver counts it.
fn declared_bump(from: &semver::Version, to: &semver::Version) -> &'static str {
    if to.major != from.major {
        "MAJOR"
    } else if to.minor != from.minor {
        "MINOR"
    } else {
        "PATCH"
    }
}

fn rank(bump: &str) -> u8 {
    match bump {
        "MAJOR" => 3,
        "MINOR" => 2,
        "PATCH" => 1,
        _ => 0,
    }
}

#[tokio::test]
async fn each_successive_version_agrees_with_the_compatibility_engine() {
    let app = seeded().await;
    let mut problems = Vec::new();
    let mut with_history = 0;
    let mut steps = BTreeMap::<&'static str, usize>::new();
    let mut deprecations = 0;
    for (slug, folder) in standards() {
        let versions = versions_of(&folder);
        if versions.len() >= 2 {
            with_history += 1;
        }
        for (version, meta) in &versions {
            if meta.status.as_deref() == Some("DEPRECATED")
                && meta.successor.is_some()
                && meta.sunset.is_some()
            {
                deprecations += 1;
            }
            let _ = version;
        }
        for pair in versions.windows(2) {
            let (from, to) = (&pair[0].0, &pair[1].0);
            let diff = app
                .gql(
                    "query($s: String!, $f: String!, $t: String!) { diff(standard: $s, from: $f, to: $t) { compatible requiredBump changes { kind breaking } } }",
                    json!({ "s": slug, "f": from.to_string(), "t": to.to_string() }),
                    None,
                )
                .await;
            let required = diff
                .data("/diff/requiredBump")
                .as_str()
                .expect("bump")
                .to_owned();
            // Below 1.0.0 a breaking change needs only a MINOR bump, a compatible one a PATCH.
            let needed = if from.major == 0 && to.major == 0 {
                match required.as_str() {
                    "MAJOR" => "MINOR",
                    "MINOR" => "PATCH",
                    other => other,
                }
                .to_owned()
            } else {
                required.clone()
            };
            let declared = declared_bump(from, to);
            if rank(declared) < rank(&needed) {
                problems.push(format!(
                    "{slug} {from} → {to}: declared {declared}, the engine needs {needed}"
                ));
            }
            *steps
                .entry(match required.as_str() {
                    "MAJOR" => "MAJOR",
                    "MINOR" => "MINOR",
                    _ => "PATCH",
                })
                .or_default() += 1;
            let stored = app
                .gql(
                    "query($s: String!, $v: String!) { standard(slug: $s) { version(req: $v) { changes { requiredBump } } } }",
                    json!({ "s": slug, "v": to.to_string() }),
                    None,
                )
                .await;
            if stored
                .data("/standard/version/changes/requiredBump")
                .as_str()
                != Some(required.as_str())
            {
                problems.push(format!(
                    "{slug} {to}: the stored report disagrees with the diff"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(
        with_history >= 5,
        "at least five standards carry history: {with_history}"
    );
    for kind in ["PATCH", "MINOR", "MAJOR"] {
        assert!(
            steps.get(kind).is_some_and(|n| *n > 0),
            "no {kind} step in the catalogue: {steps:?}"
        );
    }
    assert!(
        deprecations >= 1,
        "a deprecated version with a successor and a sunset"
    );
}
