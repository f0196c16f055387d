//! The command implementations behind `main`. The CLI holds the database itself, so it acts as the
//! operator: it may create organisations and tokens without a token of its own.

mod audit;
mod client;
mod diff;
mod import;
mod people;
mod propose;
mod report;
mod validate;

use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, Result};
use sea_orm::DatabaseConnection;

use crate::app::{App, shutdown_signal};
use crate::clock::SystemClock;
use crate::config::{
    AuditCommand, Command, DEFAULT_BASE_URL, DatabaseArgs, OrgCommand, OrgCreateArgs, SeedArgs,
    ServeArgs, TokenCommand, TokenCreateArgs,
};
use crate::domain::{OrgSlug, Role};
use crate::registry::{
    Governance, Limits, NewOrganisation, Registry, Settings, parse_organisations_toml,
};
use crate::{db, graphql};

/// Runs one command. `validate` and `diff` report their verdict through the exit code; the
/// others succeed or fail.
pub async fn run(command: Command) -> Result<std::process::ExitCode> {
    let done = match command {
        Command::Validate(args) => return validate::run(args).await,
        Command::Diff(args) => return diff::run(&args),
        Command::Propose(args) => return propose::run_propose(args).await,
        Command::Check(args) => return propose::run_check(args).await,
        Command::Import(args) => return import::run(args).await,
        Command::Serve(args) => serve(*args).await,
        Command::Migrate(args) => {
            let db = connect(&args).await?;
            db::migrate(&db).await.context("migrating the database")?;
            eprintln!("database migrated");
            Ok(())
        }
        Command::Seed(args) => seed(args).await,
        Command::Token {
            command: TokenCommand::Create(args),
        } => create_token(args).await,
        Command::Token {
            command: TokenCommand::Revoke(args),
        } => people::revoke_token(args).await,
        Command::Invite(args) => people::invite(args).await,
        Command::Org {
            command: OrgCommand::Create(args),
        } => create_org(args).await,
        Command::Audit {
            command: AuditCommand::Verify(args),
        } => audit::verify(args).await,
        Command::Sdl => {
            print!("{}", graphql::sdl());
            Ok(())
        }
    };
    done.map(|()| std::process::ExitCode::SUCCESS)
}

async fn connect(args: &DatabaseArgs) -> Result<DatabaseConnection> {
    db::connect(&args.database_url, args.db_max_connections)
        .await
        .with_context(|| format!("connecting to {}", redact(&args.database_url)))
}

/// Hides a password in a database URL before it is printed.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// A registry over a migrated database, for the commands that are not the server.
/// Writes `text` to standard output. A reader that went away early (`concord diff … | head`) is
/// not an error: the command still exits with its verdict rather than a panic.
fn emit(text: &str) -> Result<()> {
    use std::io::Write as _;
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

async fn operator_registry(args: &DatabaseArgs, base_url: Option<&str>) -> Result<Registry> {
    let db = connect(args).await?;
    db::migrate(&db).await.context("migrating the database")?;
    // The operator's writes are audited and signed like the server's.
    let key = audit::load_or_create_key(&args.audit_key_file)?;
    Ok(registry_over(db, base_url, Some(key)))
}

fn registry_over(
    db: DatabaseConnection,
    base_url: Option<&str>,
    audit_key: Option<crate::registry::AuditKey>,
) -> Registry {
    registry_with_clock(db, base_url, audit_key, Arc::new(SystemClock))
}

fn registry_with_clock(
    db: DatabaseConnection,
    base_url: Option<&str>,
    audit_key: Option<crate::registry::AuditKey>,
    clock: Arc<dyn crate::clock::Clock>,
) -> Registry {
    Registry::new(
        db,
        clock,
        Settings {
            base_url: base_url.unwrap_or(DEFAULT_BASE_URL).to_owned(),
            limits: Limits::default(),
            validator_cache_size: 16,
            governance: Governance::default(),
            audit_key,
            sessions: Default::default(),
            oidc: None,
            catalogue_dir: None,
        },
    )
}

async fn serve(args: ServeArgs) -> Result<()> {
    let db = connect(&args.database).await?;
    db::migrate(&db).await.context("migrating the database")?;
    let mut settings = args.settings();
    settings.audit_key = Some(audit::load_or_create_key(&args.database.audit_key_file)?);
    let app = App::with_limits(
        db,
        Arc::new(SystemClock),
        settings.clone(),
        args.max_body_bytes,
        args.http_limits(),
    );
    if app.registry.organisations(None).await?.is_empty() {
        load_catalogue(&app.registry, &args.standards_dir).await?;
    }
    if let Some(token) = app.registry.bootstrap_first_cdo().await? {
        println!(
            "Created the first CDO account (organisation gla). Its API token, shown only once:"
        );
        println!("{}", token.secret);
    }
    let listener = tokio::net::TcpListener::bind(args.bind)
        .await
        .with_context(|| format!("binding {}", args.bind))?;
    tracing::info!(address = %args.bind, base_url = %settings.base_url, "Concord is listening");
    app.serve_with_grace(
        listener,
        shutdown_signal(),
        std::time::Duration::from_secs(args.shutdown_grace),
    )
    .await?;
    Ok(())
}

/// The organisations file as it was when this binary was built, used when the catalogue folder
/// has none (a binary installed on its own, say).
const BUILT_IN_ORGANISATIONS: &str = include_str!("../../standards/organisations.toml");

async fn load_catalogue(registry: &Registry, dir: &Path) -> Result<()> {
    if !dir.join("organisations.toml").exists() {
        let organisations =
            parse_organisations_toml(BUILT_IN_ORGANISATIONS, "built-in organisations")?;
        let added = registry.load_organisations(organisations).await?;
        tracing::info!(added, "loaded the built-in list of organisations");
    }
    if !dir.exists() {
        tracing::warn!(dir = %dir.display(), "no catalogue folder; starting with no standards");
        return Ok(());
    }
    let report = registry
        .seed(dir)
        .await
        .with_context(|| format!("loading the catalogue from {}", dir.display()))?;
    tracing::info!(?report, "catalogue loaded");
    Ok(())
}

async fn seed(args: SeedArgs) -> Result<()> {
    if args.demo {
        return seed_demo(args).await;
    }
    let registry = operator_registry(&args.database, args.base.base_url.as_deref()).await?;
    let report = registry
        .seed(&args.dir)
        .await
        .with_context(|| format!("seeding from {}", args.dir.display()))?;
    println!(
        "organisations added: {}, standards added: {}, versions published: {}, unchanged: {}, statuses changed: {}",
        report.organisations_added,
        report.standards_added,
        report.versions_added,
        report.versions_unchanged,
        report.statuses_changed
    );
    Ok(())
}

/// `concord seed --demo`: the catalogue, then the demonstration told on a clock that starts
/// weeks ago and ends now.
async fn seed_demo(args: SeedArgs) -> Result<()> {
    let db = connect(&args.database).await?;
    db::migrate(&db).await.context("migrating the database")?;
    let key = audit::load_or_create_key(&args.database.audit_key_file)?;
    let clock = crate::clock::ManualClock::new(
        chrono::Utc::now() - chrono::Duration::days(crate::registry::STARTS_DAYS_AGO),
    );
    let registry = registry_with_clock(
        db,
        args.base.base_url.as_deref(),
        Some(key),
        Arc::new(clock.clone()),
    );
    load_catalogue(&registry, &args.dir).await?;
    let report = registry
        .seed_demo(&args.dir, &clock)
        .await
        .context("loading the demonstration data")?;
    if report.already_loaded {
        println!("the demonstration data was already loaded; nothing changed");
    } else {
        println!(
            "demonstration data loaded: {} adoptions, {} fixtures, {} proposals (every page now says the data is illustrative)",
            report.adoptions, report.fixtures, report.proposals
        );
    }
    Ok(())
}

async fn create_token(args: TokenCreateArgs) -> Result<()> {
    let org = OrgSlug::parse(&args.org).context("--org")?;
    let role = Role::parse(&args.role).context("--role")?;
    let registry = operator_registry(&args.database, None).await?;
    let (_, token) = registry
        .create_token_as_operator(&org, role, &args.name)
        .await
        .context("creating the token")?;
    println!("{}", token.secret);
    Ok(())
}

async fn create_org(args: OrgCreateArgs) -> Result<()> {
    let new = NewOrganisation::parse(
        &args.slug,
        &args.name,
        &args.kind,
        args.gss_code.as_deref(),
        args.register_code.as_deref(),
    )?;
    let registry = operator_registry(&args.database, None).await?;
    let org = registry
        .create_organisation_as_operator(new)
        .await
        .context("creating the organisation")?;
    println!("{}", org.slug);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_in_database_urls_are_hidden() {
        assert_eq!(redact("postgres://u:secret@h/db"), "postgres://u:***@h/db");
        assert_eq!(redact("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(
            redact("sqlite://concord.db?mode=rwc"),
            "sqlite://concord.db?mode=rwc"
        );
    }
}
