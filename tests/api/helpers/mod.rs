//! `spawn_app()` and the helpers every test uses: the running app and its responses here, the
//! GraphQL requests in `requests`, the steps of the process in `steps`, a browser in `web`.

mod requests;
mod serve;
mod steps;
pub mod web;

pub use requests::*;
pub use serve::{free_port, start_serve};

use std::path::PathBuf;
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use concord::app::App;
use concord::clock::{Clock, ManualClock};
use concord::domain::{OrgSlug, Role};
use concord::http::HttpLimits;
use concord::http::rate::Rate;
use concord::registry::{AuditKey, Governance, Limits, Registry, Settings};
use sea_orm::{
    ConnectionTrait, Database, DatabaseConnection, FromQueryResult, JsonValue, Statement,
};
use serde_json::{Value, json};
use tokio::net::TcpListener;

/// Every table, for "nothing changed" checks.
const TABLES: &[&str] = &[
    "organisations",
    "accounts",
    "api_tokens",
    "standards",
    "standard_versions",
    "version_references",
    "proposals",
    "proposal_revisions",
    "proposal_reviewers",
    "reviews",
    "comments",
    "audit_events",
    "sessions",
    "sign_in_links",
    "adoptions",
    "fixtures",
];

// `usage_counts` is left out: validations' counts are bookkeeping, written in the background
// every few seconds, so a batch may land between two snapshots of any test that validated.

/// Bookkeeping columns a request may touch without changing the registry's state: when a token
/// or a session was last used.
const BOOKKEEPING: &[&str] = &["last_used_at", "last_seen_at"];

/// A running Concord with its own database.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`.
    pub address: String,
    /// The database URL the server uses (for running the CLI against it).
    pub database_url: String,
    /// The registry, for setting up accounts as the operator would with the CLI.
    pub registry: Registry,
    /// A CDO token (organisation `gla`).
    pub cdo: String,
    /// The clock the server reads; tests move it past windows and deadlines.
    pub clock: ManualClock,
    /// Three Smart London Board members: (organisation slug, account id, token), from TfL, LOTI
    /// and Westminster.
    pub board: Vec<(String, String, String)>,
    pub client: reqwest::Client,
    db: DatabaseConnection,
    _dir: tempfile::TempDir,
}

impl Drop for TestApp {
    /// Drops the test's PostgreSQL database (SQLite files go with the temporary folder).
    fn drop(&mut self) {
        let Ok(admin_url) = std::env::var("CONCORD_TEST_DATABASE_URL") else {
            return;
        };
        let Some((_, name)) = self.database_url.rsplit_once('/') else {
            return;
        };
        if !name.starts_with("concord_test_") {
            return;
        }
        let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        // Drop runs inside the test's runtime, which cannot block on another future: use a
        // thread with its own.
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .ok()?;
            runtime.block_on(async {
                let admin = Database::connect(&admin_url).await.ok()?;
                admin
                    .execute_raw(Statement::from_string(admin.get_database_backend(), sql))
                    .await
                    .ok()
            })
        })
        .join();
    }
}

/// The repository root (for the catalogue and the checked-in SDL).
pub fn repo_path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// A fresh, empty database: a SQLite file in `dir`, or a new PostgreSQL database when
/// `CONCORD_TEST_DATABASE_URL` names a server.
pub async fn fresh_database(dir: &std::path::Path) -> String {
    match std::env::var("CONCORD_TEST_DATABASE_URL") {
        Ok(admin_url) if !admin_url.is_empty() => {
            let admin = Database::connect(&admin_url)
                .await
                .expect("connect to PostgreSQL");
            let name = format!("concord_test_{}", hex::encode(rand::random::<[u8; 8]>()));
            admin
                .execute_raw(Statement::from_string(
                    admin.get_database_backend(),
                    format!("CREATE DATABASE {name}"),
                ))
                .await
                .expect("create test database");
            let (base, _) = admin_url
                .rsplit_once('/')
                .expect("URL with a database name");
            format!("{base}/{name}")
        }
        _ => format!("sqlite://{}/concord.db?mode=rwc", dir.display()),
    }
}

/// Where the CLI finds the audit key of the server on `database_url` in these tests (never the
/// working directory's `concord-audit.key`): one file per database, in the temporary folder.
pub fn key_file_for(database_url: &str) -> PathBuf {
    use sha2::Digest;
    let dir = std::env::temp_dir().join("concord-test-audit-keys");
    std::fs::create_dir_all(&dir).expect("key folder");
    dir.join(format!(
        "{}.key",
        hex::encode(sha2::Sha256::digest(database_url))
    ))
}

/// Starts Concord on a random port over a fresh, migrated database holding the London
/// organisations and a CDO account.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(Limits::default()).await
}

/// As [`spawn_app`], with other request limits.
pub async fn spawn_app_with(limits: Limits) -> TestApp {
    spawn_app_with_settings(limits, Governance::default()).await
}

/// As [`spawn_app`], with other request limits and governance settings.
pub async fn spawn_app_with_settings(limits: Limits, governance: Governance) -> TestApp {
    spawn_app_with_body_limit(limits, governance, 10 * 1024 * 1024).await
}

/// As [`spawn_app`], with every setting given.
pub async fn spawn_app_with_body_limit(
    limits: Limits,
    governance: Governance,
    max_body_bytes: usize,
) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let database_url = fresh_database(dir.path()).await;
    spawn_on(limits, governance, max_body_bytes, dir, database_url).await
}

/// As [`spawn_app`], on SQLite in memory (one connection), whatever
/// `CONCORD_TEST_DATABASE_URL` says: a use case that reads through the pool while it holds the
/// write transaction would wait for itself there.
pub async fn spawn_app_in_memory() -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    spawn_on(
        Limits::default(),
        Governance::default(),
        10 * 1024 * 1024,
        dir,
        "sqlite::memory:".to_owned(),
    )
    .await
}

async fn spawn_on(
    limits: Limits,
    governance: Governance,
    max_body_bytes: usize,
    dir: tempfile::TempDir,
    database_url: String,
) -> TestApp {
    spawn_with_timeout(
        limits,
        governance,
        max_body_bytes,
        dir,
        database_url,
        concord::http::DEFAULT_REQUEST_TIMEOUT,
    )
    .await
}

/// As [`spawn_app_with`], answering requests that take longer than `timeout` with a 503.
pub async fn spawn_app_with_timeout(limits: Limits, timeout: std::time::Duration) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let database_url = fresh_database(dir.path()).await;
    spawn_with_timeout(
        limits,
        Governance::default(),
        10 * 1024 * 1024,
        dir,
        database_url,
        timeout,
    )
    .await
}

async fn spawn_with_timeout(
    limits: Limits,
    governance: Governance,
    max_body_bytes: usize,
    dir: tempfile::TempDir,
    database_url: String,
    request_timeout: std::time::Duration,
) -> TestApp {
    spawn_with_http(
        limits,
        governance,
        max_body_bytes,
        dir,
        database_url,
        request_timeout,
        None,
    )
    .await
}

/// As [`spawn_app`], with these HTTP limits (rate limits, caps) in force.
pub async fn spawn_app_with_http(http: HttpLimits) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let database_url = fresh_database(dir.path()).await;
    spawn_with_http(
        Limits::default(),
        Governance::default(),
        10 * 1024 * 1024,
        dir,
        database_url,
        http.request_timeout,
        Some(http),
    )
    .await
}

async fn spawn_with_http(
    limits: Limits,
    governance: Governance,
    max_body_bytes: usize,
    dir: tempfile::TempDir,
    database_url: String,
    request_timeout: std::time::Duration,
    http: Option<HttpLimits>,
) -> TestApp {
    let db = concord::db::connect(&database_url, 4)
        .await
        .expect("connect");
    concord::db::migrate(&db).await.expect("migrate");
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = format!("http://{}", listener.local_addr().expect("address"));
    let clock = ManualClock::new(
        Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 0)
            .single()
            .expect("time"),
    );
    // The server's key, where the CLI run against the same database will find it.
    let audit_key = AuditKey::generate();
    std::fs::write(key_file_for(&database_url), audit_key.secret_hex()).expect("audit key");
    let settings = Settings {
        base_url: address.clone(),
        limits,
        validator_cache_size: 100,
        governance,
        audit_key: Some(audit_key.clone()),
        sessions: Default::default(),
        oidc: None,
        catalogue_dir: Some(repo_path("standards")),
    };
    // No rate limits here: a test may send thousands of requests from one address; the rate
    // limits have tests of their own (`spawn_app_with_http`).
    let http = http.unwrap_or(HttpLimits {
        request_timeout,
        anonymous_rate: Rate::OFF,
        token_rate: Rate::OFF,
        ..HttpLimits::default()
    });
    let app = App::with_limits(
        db.clone(),
        Arc::new(clock.clone()),
        settings,
        max_body_bytes,
        http,
    );
    let registry = app.registry.clone();
    let organisations =
        concord::registry::load_organisations_file(&repo_path("standards/organisations.toml"))
            .expect("organisations file");
    registry
        .load_organisations(organisations)
        .await
        .expect("load organisations");
    let (_, cdo) = registry
        .create_token_as_operator(&org("gla"), Role::Cdo, "Chief Digital Officer")
        .await
        .expect("cdo token");
    let mut board = Vec::new();
    for org_slug in ["tfl", "loti", "westminster"] {
        let (account, token) = registry
            .create_token_as_operator(
                &org(org_slug),
                Role::Board,
                &format!("Board member ({org_slug})"),
            )
            .await
            .expect("board token");
        board.push((org_slug.to_owned(), account.id.to_string(), token.secret));
    }
    tokio::spawn(app.serve(listener, std::future::pending()));
    TestApp {
        address,
        database_url,
        registry,
        cdo: cdo.secret,
        clock,
        board,
        client: reqwest::Client::new(),
        db,
        _dir: dir,
    }
}

pub fn org(slug: &str) -> OrgSlug {
    OrgSlug::parse(slug).expect("organisation slug")
}

/// A GraphQL response, with helpers to read it.
#[derive(Debug, Clone)]
pub struct Gql {
    pub status: u16,
    pub body: Value,
}

impl Gql {
    /// `data` at a JSON Pointer, asserting there were no errors.
    pub fn data(&self, pointer: &str) -> &Value {
        assert!(
            self.body.get("errors").is_none(),
            "unexpected errors: {}",
            self.body
        );
        self.body["data"]
            .pointer(pointer)
            .unwrap_or_else(|| panic!("no {pointer} in {}", self.body))
    }

    /// The first error's `extensions.code`.
    pub fn code(&self) -> &str {
        self.body["errors"][0]["extensions"]["code"]
            .as_str()
            .unwrap_or_else(|| panic!("expected an error with a code, got {}", self.body))
    }

    /// The first error.
    pub fn error(&self) -> &Value {
        &self.body["errors"][0]
    }
}

impl TestApp {
    /// Posts a GraphQL request, optionally with a bearer token.
    pub async fn gql(&self, query: &str, variables: Value, token: Option<&str>) -> Gql {
        let mut request = self
            .client
            .post(format!("{}/graphql", self.address))
            .json(&json!({ "query": query, "variables": variables }));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.expect("request");
        let status = response.status().as_u16();
        let body = response.json().await.expect("JSON response");
        Gql { status, body }
    }

    /// Posts a raw body to `/graphql`.
    pub async fn post_raw(&self, body: &str, content_type: &str) -> Gql {
        let response = self
            .client
            .post(format!("{}/graphql", self.address))
            .header("content-type", content_type)
            .body(body.to_owned())
            .send()
            .await
            .expect("request");
        let status = response.status().as_u16();
        let body = response.json().await.expect("JSON response");
        Gql { status, body }
    }

    /// Publishes a standard through the catalogue loader (the operator's path, with the same
    /// checks as a proposal) rather than the 28-day process: for tests about what is published,
    /// not how. `standards` is (slug, version, schema) in publication order.
    pub async fn seed(&self, standards: &[(&str, &str, Value)]) {
        let dir = tempfile::tempdir().expect("dir");
        let mut versions: Vec<(&str, Vec<&str>)> = Vec::new();
        for (slug, version, schema) in standards {
            let folder = dir.path().join(slug);
            std::fs::create_dir_all(&folder).expect("mkdir");
            std::fs::write(folder.join(format!("{version}.json")), schema.to_string())
                .expect("write");
            match versions.iter_mut().find(|(s, _)| s == slug) {
                Some((_, list)) => list.push(version),
                None => versions.push((slug, vec![version])),
            }
        }
        for (slug, list) in versions {
            let mut toml = format!(
                "title = \"{slug}\"\nsummary = \"For the tests.\"\ntheme = \"common\"\nowner = \"loti\"\n"
            );
            for version in list {
                toml.push_str(&format!(
                    "\n[versions.\"{version}\"]\nchangelog = \"v{version}\"\n"
                ));
            }
            std::fs::write(dir.path().join(slug).join("standard.toml"), toml).expect("write");
        }
        self.registry.seed(dir.path()).await.expect("seed");
    }

    /// A GET on a path of the server.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .expect("request")
    }

    /// Creates an account in `org` with `role`, returning its token.
    pub async fn token(&self, org_slug: &str, role: Role) -> String {
        let (_, token) = self
            .registry
            .create_token_as_operator(&org(org_slug), role, &format!("{org_slug} {role}"))
            .await
            .expect("token");
        token.secret
    }

    /// Runs raw SQL against the server's database (for tamper tests).
    pub async fn execute_sql(&self, sql: &str) {
        self.db
            .execute_raw(Statement::from_string(
                self.db.get_database_backend(),
                sql.to_owned(),
            ))
            .await
            .expect("execute SQL");
    }

    /// Starts a second server on this test's database (another replica), with the real clock;
    /// its address.
    pub async fn second_replica(&self) -> String {
        let db = concord::db::connect(&self.database_url, 2)
            .await
            .expect("connect");
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let address = format!("http://{}", listener.local_addr().expect("address"));
        let settings = Settings {
            base_url: address.clone(),
            limits: Limits::default(),
            validator_cache_size: 10,
            governance: Governance::default(),
            audit_key: None,
            sessions: Default::default(),
            oidc: None,
            catalogue_dir: None,
        };
        let app = App::new(db, Arc::new(self.clock.clone()), settings, 10 * 1024 * 1024);
        tokio::spawn(app.serve(listener, std::future::pending()));
        address
    }

    /// Every row of every table, to show that a refused request changed nothing.
    pub async fn snapshot(&self) -> Vec<Vec<JsonValue>> {
        let mut all = Vec::new();
        for table in TABLES {
            let rows = JsonValue::find_by_statement(Statement::from_string(
                self.db.get_database_backend(),
                format!("SELECT * FROM {table} ORDER BY id"),
            ))
            .all(&self.db)
            .await
            .expect("read table");
            let rows = rows
                .into_iter()
                .map(|mut row| {
                    if let Some(columns) = row.as_object_mut() {
                        for column in BOOKKEEPING {
                            columns.remove(*column);
                        }
                    }
                    row
                })
                .collect();
            all.push(rows);
        }
        all
    }
}
