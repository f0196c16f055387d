//! Every setting, each a command-line flag and an environment variable, with its default. The
//! README's "Configuration" table is generated from the same words.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::domain::{CompatibilityMode, CompatibilityPolicy};
use crate::governance::{ConsultationDays, Quorum};
use crate::registry::{Governance, Limits, Settings};

mod client;

pub use client::{CheckArgs, ImportArgs, ProposeArgs, ServerArgs};

/// Concord: London's cross-authority standards registry.
#[derive(Debug, Parser)]
#[command(name = "concord", version, about, long_about = None)]
pub struct Cli {
    /// Logging.
    #[command(flatten)]
    pub log: LogArgs,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Logging settings.
#[derive(Debug, Args)]
pub struct LogArgs {
    /// Log filter, as `RUST_LOG` takes it (`info`, `concord=debug,tower_http=info`, …).
    /// Default: `info` for `serve`, `warn` for every other command (which print only their
    /// result).
    #[arg(long, env = "CONCORD_LOG", global = true)]
    pub log_level: Option<String>,
    /// Log format.
    #[arg(long, env = "CONCORD_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text, global = true)]
    pub log_format: LogFormat,
}

/// How logs are written (always to standard error).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line.
    Json,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the server (migrating, and on an empty database seeding and creating a first CDO token).
    Serve(Box<ServeArgs>),
    /// Apply pending database migrations.
    Migrate(DatabaseArgs),
    /// Load organisations and the standards catalogue from a folder (idempotent).
    Seed(SeedArgs),
    /// Manage API tokens.
    Token {
        /// What to do with tokens.
        #[command(subcommand)]
        command: TokenCommand,
    },
    /// Manage organisations.
    Org {
        /// What to do with organisations.
        #[command(subcommand)]
        command: OrgCommand,
    },
    /// Create an account for a person (or find it by e-mail address) and print a one-time
    /// sign-in link, alone on standard output. Any role, `cdo` included: this is the operator.
    Invite(InviteArgs),
    /// Validate payload files against a standard, on a Concord server or offline against a
    /// bundle; exits 0 when every document is valid, 1 when any is invalid, 2 on errors.
    Validate(ValidateArgs),
    /// Compare two schema files: the same report the server gives, witnesses included; exits 1
    /// when the change breaks the mode, 2 on errors.
    Diff(DiffArgs),
    /// Propose a schema file to a Concord server (a new standard, a new version, or a new
    /// revision of your organisation's open proposal) and print its compatibility report and
    /// page; exits 0 when created, 1 when the registry's rules refuse it, 2 on usage or
    /// connection errors.
    Propose(ProposeArgs),
    /// Judge a schema file as `propose` would, storing nothing (for a pull request); exits 0
    /// when it would be accepted, 1 when it would be refused, 2 on usage or connection errors.
    Check(CheckArgs),
    /// Bring a folder of existing schemas in as draft proposals, reporting each file not taken
    /// and why; exits 0 when every schema was taken, 1 when any was not, 2 on errors.
    Import(ImportArgs),
    /// Check the audit log.
    Audit {
        /// What to check.
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Print the GraphQL schema (SDL).
    Sdl,
}

/// `concord diff`.
#[derive(Debug, Clone, Args)]
pub struct DiffArgs {
    /// The earlier schema.
    pub old: PathBuf,
    /// The later schema.
    pub new: PathBuf,
    /// The compatibility mode to judge by (BACKWARD, FORWARD, FULL, their _TRANSITIVE forms, NONE).
    #[arg(long, default_value = "BACKWARD", value_parser = CompatibilityMode::parse)]
    pub mode: CompatibilityMode,
    /// The policy for open content models (LENIENT or STRICT).
    #[arg(long, default_value = "LENIENT", value_parser = CompatibilityPolicy::parse)]
    pub policy: CompatibilityPolicy,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    /// The draft to read a schema under when it has no `$schema` (2020-12, 2019-09, 7, 6 or 4;
    /// without it, 2020-12). A schema that names its draft keeps it.
    #[arg(long, value_parser = crate::validate::SchemaDraft::parse)]
    pub draft: Option<crate::validate::SchemaDraft>,
}

/// `concord validate`.
#[derive(Debug, Clone, Args)]
pub struct ValidateArgs {
    /// The standard's slug (with a server).
    #[arg(long)]
    pub standard: Option<String>,
    /// An exact version or a semver range (with a server); default: the latest active version.
    #[arg(long = "version", value_name = "VERSION")]
    pub version_req: Option<String>,
    /// The Concord server to ask.
    #[arg(long, env = "CONCORD_SERVER", default_value = "http://127.0.0.1:8080")]
    pub server: String,
    /// Validate offline against a bundle file (from `GET /schemas/{slug}/{version}/bundle`)
    /// instead of asking a server.
    #[arg(long, conflicts_with_all = ["standard", "version_req"])]
    pub bundle: Option<PathBuf>,
    /// With `--bundle`: the draft to read it under when it has no `$schema` (2020-12, 2019-09,
    /// 7, 6 or 4; without it, 2020-12).
    #[arg(long, requires = "bundle", value_parser = crate::validate::SchemaDraft::parse)]
    pub draft: Option<crate::validate::SchemaDraft>,
    /// Print one JSON result per document instead of text.
    #[arg(long)]
    pub json: bool,
    /// Payload files: `.json` holds one document, `.ndjson` or `.jsonl` one per line.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}

/// Audit commands.
#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Recompute the hash chain of the audit log, check it against a head seen before and the
    /// signed checkpoints; exits non-zero naming what does not match.
    Verify(VerifyArgs),
}

/// `concord audit verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The database and the registry's key (its public half checks the checkpoints).
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// A head seen before, `COUNT:HASH` (as `GET /audit/head` gives it): the log must still hold
    /// it, neither shorter nor rewritten.
    #[arg(long, value_name = "COUNT:HASH", conflicts_with = "since_head_file")]
    pub since_head: Option<String>,
    /// The same, from a file holding a saved `GET /audit/head` answer.
    #[arg(long, value_name = "FILE")]
    pub since_head_file: Option<PathBuf>,
    /// The registry's public key (hex, as `/.well-known/concord-audit-key` gives it), instead of
    /// reading it from the key file.
    #[arg(long, value_name = "HEX")]
    pub public_key: Option<String>,
}

/// Token commands.
#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create an account with a token; prints the token alone on standard output.
    Create(TokenCreateArgs),
    /// Revoke the token that starts with PREFIX (as its account's page lists it); it stops
    /// working at once.
    Revoke(TokenRevokeArgs),
}

/// Organisation commands.
#[derive(Debug, Subcommand)]
pub enum OrgCommand {
    /// Add an organisation (a vendor, say).
    Create(OrgCreateArgs),
}

/// Where the database is.
#[derive(Debug, Clone, Args)]
pub struct DatabaseArgs {
    /// Database URL: `sqlite://FILE?mode=rwc` (embedded) or `postgres://USER@HOST/DB`.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://concord.db?mode=rwc"
    )]
    pub database_url: String,
    /// Most database connections in the pool.
    #[arg(long, env = "CONCORD_DB_MAX_CONNECTIONS", default_value_t = 8)]
    pub db_max_connections: u32,
    /// The Ed25519 key that signs the audit log's head at every commit (created, readable by its
    /// owner only, when first needed). Keep it off the database server: whoever holds the
    /// database but not the key cannot rewrite the log unseen. Replicas share one key.
    #[arg(
        long,
        env = "CONCORD_AUDIT_KEY_FILE",
        default_value = "concord-audit.key"
    )]
    pub audit_key_file: PathBuf,
}

/// The public base URL, shared by the commands that build canonical schema URIs.
#[derive(Debug, Clone, Args)]
pub struct BaseUrlArgs {
    /// Public base URL, used in canonical schema URIs (`{base}/schemas/{slug}/{version}`).
    /// Default: `http://` followed by the bind address.
    #[arg(long, env = "CONCORD_BASE_URL")]
    pub base_url: Option<String>,
}

/// `concord serve`.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// The database.
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// The base URL.
    #[command(flatten)]
    pub base: BaseUrlArgs,
    /// Address to listen on.
    #[arg(long, env = "CONCORD_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,
    /// Catalogue folder loaded into an empty database (organisations.toml and one folder per
    /// standard).
    #[arg(long, env = "CONCORD_STANDARDS_DIR", default_value = "standards")]
    pub standards_dir: PathBuf,
    /// Largest request body, in bytes.
    #[arg(long, env = "CONCORD_MAX_BODY_BYTES", default_value_t = 10 * 1024 * 1024)]
    pub max_body_bytes: usize,
    /// Longest a request may take to be answered, in seconds (a streamed NDJSON answer only
    /// until it starts); past it, `503` with `Retry-After`, and its work stops.
    #[arg(long, env = "CONCORD_REQUEST_TIMEOUT", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..))]
    pub request_timeout: u64,
    /// Seconds the requests in flight get to finish after SIGTERM or Ctrl-C; then the server
    /// stops regardless.
    #[arg(long, env = "CONCORD_SHUTDOWN_GRACE", default_value_t = 20)]
    pub shutdown_grace: u64,
    /// Largest schema accepted in a proposal, in bytes.
    #[arg(long, env = "CONCORD_MAX_SCHEMA_BYTES", default_value_t = 1024 * 1024)]
    pub max_schema_bytes: usize,
    /// Largest fixture an adopter may publish, in bytes of JSON.
    #[arg(long, env = "CONCORD_MAX_FIXTURE_BYTES", default_value_t = 64 * 1024)]
    pub max_fixture_bytes: usize,
    /// Deepest JSON nesting accepted in a schema or payload.
    #[arg(long, env = "CONCORD_MAX_DEPTH", default_value_t = 64)]
    pub max_depth: usize,
    /// Most documents validated in one request, in all (NDJSON lines, or the payloads of every
    /// `validate` and `validateMany` field of a GraphQL request together).
    #[arg(long, env = "CONCORD_MAX_DOCUMENTS", default_value_t = 100_000)]
    pub max_documents: usize,
    /// Most schema comparisons (compatibility dry runs and diffs) one request may run.
    #[arg(long, env = "CONCORD_MAX_COMPARISONS", default_value_t = 10)]
    pub max_comparisons: usize,
    /// Most steps one schema comparison may take; past it, what is undecided is reported as
    /// UNKNOWN (saying so) instead of holding a core.
    #[arg(long, env = "CONCORD_MAX_COMPARE_STEPS", default_value_t = crate::compat::WorkBudget::DEFAULT_STEPS)]
    pub max_compare_steps: u64,
    /// How many compiled validators to keep in memory.
    #[arg(long, env = "CONCORD_VALIDATOR_CACHE", default_value_t = 1000)]
    pub validator_cache: usize,
    /// Minimum consultation length in days for a PATCH, MINOR and MAJOR change (a new standard
    /// counts as MAJOR). `0,0,0` is allowed, for demonstrations.
    #[arg(long, env = "CONCORD_CONSULTATION_DAYS", default_value = "7,14,28")]
    pub consultation_days: ConsultationDays,
    /// The quorum: approvals must be more than this share of the eligible board (every board
    /// member outside the proposer's organisation).
    #[arg(long, env = "CONCORD_QUORUM", default_value = "0.6")]
    pub quorum: Quorum,
    /// The fewest board members a review panel may have, from as many organisations.
    #[arg(long, env = "CONCORD_MIN_PANEL", default_value_t = 3, value_parser = clap::value_parser!(u16).range(1..))]
    pub min_panel: u16,
    /// Days a draft may go untouched and still hold the slug of the standard it proposes.
    #[arg(long, env = "CONCORD_DRAFT_EXPIRY_DAYS", default_value_t = 90, value_parser = clap::value_parser!(u32).range(1..))]
    pub draft_expiry_days: u32,
    /// Comments (and replies) one account may make in an hour (0: no limit).
    #[arg(long, env = "CONCORD_COMMENTS_PER_HOUR", default_value_t = 30)]
    pub comments_per_hour: u32,
    /// Hours a browser session may go unused before it ends.
    #[arg(long, env = "CONCORD_SESSION_IDLE_HOURS", default_value_t = 8, value_parser = clap::value_parser!(u32).range(1..))]
    pub session_idle_hours: u32,
    /// Hours after signing in that a browser session ends however much it is used.
    #[arg(long, env = "CONCORD_SESSION_MAX_HOURS", default_value_t = 24, value_parser = clap::value_parser!(u32).range(1..))]
    pub session_max_hours: u32,
    /// Signing in with the deployment's identity provider.
    #[command(flatten)]
    pub oidc: OidcArgs,
    /// What one client and one connection may do.
    #[command(flatten)]
    pub traffic: TrafficArgs,
}

/// Limits on clients and connections, each answered plainly when reached.
#[derive(Debug, Clone, Args)]
pub struct TrafficArgs {
    /// Seconds a client may take to send a request's headers.
    #[arg(long, env = "CONCORD_HEADER_READ_TIMEOUT", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
    pub header_read_timeout: u64,
    /// Bytes a second a request body must average after its first 10 seconds (0: no minimum).
    #[arg(long, env = "CONCORD_MIN_BODY_RATE", default_value_t = 1024)]
    pub min_body_rate: u64,
    /// Connections open at once; past it a new one is closed at once.
    #[arg(long, env = "CONCORD_MAX_CONNECTIONS", default_value_t = 1024, value_parser = clap::value_parser!(u64).range(1..))]
    pub max_connections: u64,
    /// Requests a second from one client address without a token (0: no limit).
    #[arg(long, env = "CONCORD_ANONYMOUS_RATE", default_value_t = 100)]
    pub anonymous_rate: u32,
    /// Requests at once from one address without a token before the rate applies.
    #[arg(long, env = "CONCORD_ANONYMOUS_BURST", default_value_t = 500)]
    pub anonymous_burst: u32,
    /// Requests a second with one API token (0: no limit).
    #[arg(long, env = "CONCORD_TOKEN_RATE", default_value_t = 100)]
    pub token_rate: u32,
    /// Requests at once with one token before the rate applies.
    #[arg(long, env = "CONCORD_TOKEN_BURST", default_value_t = 500)]
    pub token_burst: u32,
    /// Live subscription connections in all.
    #[arg(long, env = "CONCORD_MAX_SUBSCRIPTIONS", default_value_t = 1000, value_parser = clap::value_parser!(u64).range(1..))]
    pub max_subscriptions: u64,
    /// Live subscription connections from one client address.
    #[arg(long, env = "CONCORD_MAX_SUBSCRIPTIONS_PER_CLIENT", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
    pub max_subscriptions_per_client: u64,
    /// Subscriptions on one connection.
    #[arg(long, env = "CONCORD_MAX_SUBSCRIPTIONS_PER_CONNECTION", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
    pub max_subscriptions_per_connection: u64,
}

impl ServeArgs {
    /// The HTTP limits these flags set.
    pub fn http_limits(&self) -> crate::http::HttpLimits {
        use crate::http::{
            rate::Rate, serve::ConnectionLimits, slow::MinBodyRate, subscriptions::SubscriptionCaps,
        };
        let t = &self.traffic;
        let size = |n: u64| usize::try_from(n).unwrap_or(usize::MAX);
        crate::http::HttpLimits {
            request_timeout: std::time::Duration::from_secs(self.request_timeout),
            min_body_rate: MinBodyRate {
                bytes_per_second: t.min_body_rate,
                ..MinBodyRate::default()
            },
            anonymous_rate: Rate {
                per_second: t.anonymous_rate,
                burst: t.anonymous_burst,
            },
            token_rate: Rate {
                per_second: t.token_rate,
                burst: t.token_burst,
            },
            subscriptions: SubscriptionCaps {
                per_client: size(t.max_subscriptions_per_client),
                total: size(t.max_subscriptions),
                per_connection: size(t.max_subscriptions_per_connection),
            },
            connections: ConnectionLimits {
                header_read_timeout: std::time::Duration::from_secs(t.header_read_timeout),
                max_connections: size(t.max_connections),
            },
        }
    }
}

/// OpenID Connect sign-in (all three set, or none: then people sign in with one-time links).
#[derive(Debug, Clone, Args)]
pub struct OidcArgs {
    /// The identity provider's issuer URL, exactly as its discovery document gives it (Entra ID:
    /// `https://login.microsoftonline.com/<tenant id>/v2.0`).
    #[arg(long, env = "CONCORD_OIDC_ISSUER", requires_all = ["oidc_client_id", "oidc_client_secret"])]
    pub oidc_issuer: Option<String>,
    /// The client (application) id Concord is registered under.
    #[arg(long, env = "CONCORD_OIDC_CLIENT_ID", requires = "oidc_issuer")]
    pub oidc_client_id: Option<String>,
    /// The client secret.
    #[arg(
        long,
        env = "CONCORD_OIDC_CLIENT_SECRET",
        requires = "oidc_issuer",
        hide_env_values = true
    )]
    pub oidc_client_secret: Option<String>,
    /// How Concord presents its secret to the token endpoint: `basic` (HTTP Basic) or `post`
    /// (in the form body, as Entra ID documents).
    #[arg(long, env = "CONCORD_OIDC_AUTH_METHOD", default_value = "basic", value_parser = ["basic", "post"])]
    pub oidc_auth_method: String,
}

impl OidcArgs {
    /// The provider's settings, when one is configured.
    pub fn config(&self, base_url: &str) -> Option<crate::auth::oidc::OidcConfig> {
        Some(crate::auth::oidc::OidcConfig {
            issuer: self.oidc_issuer.clone()?,
            client_id: self.oidc_client_id.clone()?,
            client_secret: self.oidc_client_secret.clone()?,
            redirect_url: format!("{}/sign-in/oidc/callback", base_url.trim_end_matches('/')),
            secret_in_body: self.oidc_auth_method == "post",
        })
    }
}

impl ServeArgs {
    /// The registry settings these flags describe.
    pub fn settings(&self) -> Settings {
        let base_url = self
            .base
            .base_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", self.bind));
        Settings {
            base_url: base_url.clone(),
            limits: Limits {
                max_schema_bytes: self.max_schema_bytes,
                max_fixture_bytes: self.max_fixture_bytes,
                max_depth: self.max_depth,
                max_documents: self.max_documents,
                max_comparisons: self.max_comparisons,
                max_compare_steps: self.max_compare_steps,
                comments_per_hour: self.comments_per_hour,
                ..Limits::default()
            },
            validator_cache_size: self.validator_cache,
            governance: Governance {
                consultation_days: self.consultation_days,
                quorum: self.quorum,
                min_panel: usize::from(self.min_panel),
                draft_expiry_days: self.draft_expiry_days,
            },
            audit_key: None,
            sessions: crate::auth::session::SessionPolicy {
                idle: chrono::Duration::hours(i64::from(self.session_idle_hours)),
                absolute: chrono::Duration::hours(i64::from(
                    self.session_max_hours.max(self.session_idle_hours),
                )),
            },
            oidc: self.oidc.config(&base_url),
            catalogue_dir: Some(self.standards_dir.clone()),
        }
    }
}

/// `concord seed`.
#[derive(Debug, Clone, Args)]
pub struct SeedArgs {
    /// The database.
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// The base URL.
    #[command(flatten)]
    pub base: BaseUrlArgs,
    /// The catalogue folder.
    #[arg(default_value = "standards")]
    pub dir: PathBuf,
    /// Also load illustrative adoptions, fixtures, usage and proposals at every stage, so a
    /// newcomer's pages show the whole process. Every page then says the data is illustrative;
    /// never use it on a registry real organisations use.
    #[arg(long)]
    pub demo: bool,
}

/// `concord token create`.
#[derive(Debug, Clone, Args)]
pub struct TokenCreateArgs {
    /// The database.
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// The account's organisation (slug).
    #[arg(long)]
    pub org: String,
    /// The account's role: steward, partner, board or cdo.
    #[arg(long)]
    pub role: String,
    /// A label for the account, such as "Camden data team".
    #[arg(long)]
    pub name: String,
}

/// `concord token revoke`.
#[derive(Debug, Clone, Args)]
pub struct TokenRevokeArgs {
    /// The database.
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// The token's prefix (`concord_` and six more characters).
    pub prefix: String,
}

/// `concord invite`.
#[derive(Debug, Clone, Args)]
pub struct InviteArgs {
    /// The database.
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// Where the link points.
    #[command(flatten)]
    pub base: BaseUrlArgs,
    /// The address the person signs in with.
    #[arg(long)]
    pub email: String,
    /// Their organisation's slug.
    #[arg(long)]
    pub org: String,
    /// Their role: cdo, board, steward or partner.
    #[arg(long)]
    pub role: String,
    /// Their name, as the registry shows it.
    #[arg(long)]
    pub name: String,
}

/// `concord org create`.
#[derive(Debug, Clone, Args)]
pub struct OrgCreateArgs {
    /// The database.
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// Lowercase kebab slug, such as `acme-mobility`.
    #[arg(long)]
    pub slug: String,
    /// Official name.
    #[arg(long)]
    pub name: String,
    /// BOROUGH, GLA, FUNCTIONAL_BODY, PARTNER or OTHER.
    #[arg(long)]
    pub kind: String,
    /// ONS GSS code, for authorities.
    #[arg(long)]
    pub gss_code: Option<String>,
    /// Three-letter register code, for authorities.
    #[arg(long)]
    pub register_code: Option<String>,
}

/// The default base URL when none is configured and no bind address applies.
pub const DEFAULT_BASE_URL: &str = "http://127.0.0.1:8080";
