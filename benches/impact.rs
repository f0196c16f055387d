//! Benchmark: impact analysis of one proposal on 100 adopters with 20 fixtures each (2,000
//! documents), on the load benchmark's OCPI 2.2.1 Location schema, through the registry as the
//! proposal page and `Proposal.impact` call it (SQLite in a temporary folder).
//!
//! The standard's mode is FULL, so both halves run: every `PRODUCES` fixture is validated
//! against the proposed version, and the adopters that consume get the FORWARD comparison's
//! witnesses. The proposal narrows `name` (maxLength 255 → 24, so longer names break) and widens
//! `address` (45 → 60). Two cases: `first_read` forgets what impact analysis remembers (the
//! proposed schema compiled, the comparisons) before each run; `again` is a page read again.
//!
//! A third group, `validation_with_usage`, measures what counting one validation for an
//! organisation (`Registry::count_usage`) adds to validating one OCPI document.
//!
//! The fixtures come from `benches/load/workload/gen.py` (run here with `--invalid 0`, seed
//! 221), so Python 3 must be on the path. Run: `cargo bench --bench impact`.

// criterion's macros generate undocumented functions.
#![allow(missing_docs)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use concord::auth::Caller;
use concord::clock::SystemClock;
use concord::domain::{
    AdoptionStatus, FixtureRole, OrgSlug, OrganisationKind, Role, SchemaDocument, Slug,
    VersionNumber,
};
use concord::registry::{
    Governance, Limits, NewFixture, NewOrganisation, NewVersionProposal, Proposal, RawAdoption,
    Registry, Revision, Settings,
};
use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::Value;

const ADOPTERS: usize = 100;
const FIXTURES: usize = 20;
const SLUG: &str = "bench/ocpi-location";

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The workload schema without its `$id` (the registry gives it its own canonical URI).
fn schema() -> Value {
    let text =
        std::fs::read_to_string(repo().join("benches/load/workload/schema.json")).expect("schema");
    let mut schema: Value = serde_json::from_str(&text).expect("json");
    schema.as_object_mut().expect("object").remove("$id");
    schema
}

/// Valid OCPI locations from the workload generator.
fn documents(dir: &Path) -> Vec<Value> {
    let status = std::process::Command::new("python3")
        .arg(repo().join("benches/load/workload/gen.py"))
        .args([
            "--count",
            &(ADOPTERS * FIXTURES).to_string(),
            "--invalid",
            "0",
            "--out",
        ])
        .arg(dir)
        .status()
        .expect("python3 runs benches/load/workload/gen.py");
    assert!(status.success(), "the workload generator failed");
    std::fs::read_to_string(dir.join("payloads.ndjson"))
        .expect("payloads")
        .lines()
        .map(|line| serde_json::from_str(line).expect("a payload"))
        .collect()
}

fn catalogue(dir: &Path) {
    let folder = dir.join(SLUG);
    std::fs::create_dir_all(&folder).expect("mkdir");
    std::fs::write(folder.join("1.0.0.json"), schema().to_string()).expect("write");
    std::fs::write(
        folder.join("standard.toml"),
        "title = \"OCPI location\"\nsummary = \"The load benchmark's schema.\"\ntheme = \"mobility\"\nowner = \"loti\"\ncompatibility = \"FULL\"\n\n[versions.\"1.0.0\"]\nchangelog = \"First.\"\n",
    )
    .expect("write");
}

async fn caller(registry: &Registry, org: &str, role: Role) -> Caller {
    let slug = OrgSlug::parse(org).expect("slug");
    let (_, token) = registry
        .create_token_as_operator(&slug, role, "bench")
        .await
        .expect("token");
    Caller::Account(
        registry
            .authenticate(&token.secret)
            .await
            .expect("principal"),
    )
}

async fn setup(dir: &Path) -> (Registry, Proposal, Revision) {
    let url = format!("sqlite://{}/bench.db?mode=rwc", dir.display());
    let db = concord::db::connect(&url, 8).await.expect("database");
    concord::db::migrate(&db).await.expect("migrate");
    let settings = Settings {
        base_url: "http://127.0.0.1:8080".to_owned(),
        limits: Limits::default(),
        validator_cache_size: 64,
        governance: Governance::default(),
        audit_key: None,
        sessions: Default::default(),
        oidc: None,
        catalogue_dir: None,
    };
    let registry = Registry::new(db, Arc::new(SystemClock), settings);
    let organisations = concord::registry::parse_organisations_toml(
        &std::fs::read_to_string(repo().join("standards/organisations.toml"))
            .expect("organisations"),
        "organisations.toml",
    )
    .expect("parse");
    registry
        .load_organisations(organisations)
        .await
        .expect("organisations");
    let catalogue_dir = dir.join("catalogue");
    catalogue(&catalogue_dir);
    registry.seed(&catalogue_dir).await.expect("seed");
    let documents = documents(&dir.join("workload"));

    for n in 0..ADOPTERS {
        let slug = format!("vendor-{n:03}");
        registry
            .create_organisation_as_operator(NewOrganisation {
                slug: OrgSlug::parse(&slug).expect("slug"),
                name: format!("Vendor {n}"),
                kind: OrganisationKind::Partner,
                gss_code: None,
                register_code: None,
            })
            .await
            .expect("organisation");
        let steward = caller(&registry, &slug, Role::Partner).await;
        let adoption = registry
            .declare_adoption(
                &steward,
                RawAdoption {
                    standard: SLUG,
                    range: "^1",
                    status: AdoptionStatus::Live,
                    systems: &[],
                    note: None,
                },
            )
            .await
            .expect("adoption");
        for f in 0..FIXTURES {
            let role = if f % 2 == 0 {
                FixtureRole::Produces
            } else {
                FixtureRole::Consumes
            };
            registry
                .add_fixture(
                    &steward,
                    NewFixture {
                        adoption: &adoption.id.to_string(),
                        name: &format!("fixture {f}"),
                        role,
                        document: documents[n * FIXTURES + f].clone(),
                    },
                )
                .await
                .expect("fixture");
        }
    }
    let mut proposed = schema();
    proposed["properties"]["name"]["maxLength"] = Value::from(24);
    proposed["properties"]["address"]["maxLength"] = Value::from(60);
    let proposer = caller(&registry, "loti", Role::Steward).await;
    let proposal = registry
        .propose_version(
            &proposer,
            NewVersionProposal {
                standard: Slug::parse(SLUG).expect("slug"),
                version: VersionNumber::parse("2.0.0").expect("version"),
                schema: SchemaDocument::parse(proposed.to_string())
                    .expect("schema")
                    .into(),
                changelog: "Shorter names, longer addresses.".to_owned(),
                rationale: "For the benchmark.".to_owned(),
            },
        )
        .await
        .expect("proposal");
    let revision = registry
        .latest_revision(proposal.id)
        .await
        .expect("revision");
    (registry, proposal, revision)
}

fn bench(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let dir = tempfile::tempdir().expect("dir");
    let (registry, proposal, revision) = runtime.block_on(setup(dir.path()));
    let impact = runtime
        .block_on(registry.impact(&proposal, &revision))
        .expect("impact");
    println!("{} ({} affected)", impact.summary, impact.affected.len());
    assert_eq!(impact.adopters, ADOPTERS);

    let mut group = c.benchmark_group("impact_100_adopters_20_fixtures");
    group.sample_size(20);
    group.bench_function("first_read", |b| {
        b.iter(|| {
            registry.forget_remembered_impacts();
            runtime
                .block_on(registry.impact(&proposal, &revision))
                .expect("impact")
        })
    });
    group.bench_function("again", |b| {
        b.iter(|| {
            runtime
                .block_on(registry.impact(&proposal, &revision))
                .expect("impact")
        })
    });
    group.finish();

    // What counting a validation for an organisation adds to validating it.
    let slug = Slug::parse(SLUG).expect("slug");
    let prepared = runtime
        .block_on(registry.prepare_validation(
            &slug,
            &concord::domain::VersionSelector::parse("^1").expect("range"),
        ))
        .expect("prepared");
    let counted = runtime.block_on(caller(&registry, "camden", Role::Steward));
    let document = documents(&dir.path().join("one")).remove(0);
    let mut group = c.benchmark_group("validation_with_usage");
    group.bench_function("check", |b| {
        b.iter(|| prepared.check(&document).expect("checked"))
    });
    group.bench_function("check_and_count", |b| {
        b.iter(|| {
            let checked = prepared.check(&document).expect("checked");
            registry.count_usage(&counted, &prepared, 1);
            checked
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
