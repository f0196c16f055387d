//! `concord audit verify`, and the registry's audit key file: created (readable by its owner
//! only) by the first command that writes, read by every later one.

use std::path::Path;

use anyhow::{Context, Result};

use crate::config::VerifyArgs;
use crate::db;
use crate::registry::{AuditHead, AuditKey, AuditPublicKey, VerifyOptions};

/// The key in `path`, created there if the file does not exist.
pub fn load_or_create_key(path: &Path) -> Result<AuditKey> {
    match std::fs::read_to_string(path) {
        Ok(text) => AuditKey::parse_secret(&text)
            .map_err(|e| anyhow::anyhow!("{}: not an audit key: {e}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let key = AuditKey::generate();
            write_private(path, &key.secret_hex())
                .with_context(|| format!("creating the audit key {}", path.display()))?;
            eprintln!(
                "created the audit signing key {} (public key {})",
                path.display(),
                key.public_hex()
            );
            Ok(key)
        }
        Err(e) => Err(e).with_context(|| format!("reading the audit key {}", path.display())),
    }
}

#[cfg(unix)]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(text.as_bytes())
}

#[cfg(not(unix))]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    std::fs::write(path, text)
}

/// The public key to check checkpoints with: given, or from the key file when there is one.
fn public_key(args: &VerifyArgs) -> Result<Option<AuditPublicKey>> {
    if let Some(hex) = &args.public_key {
        return AuditPublicKey::parse(hex)
            .map(Some)
            .map_err(|e| anyhow::anyhow!("--public-key: {e}"));
    }
    match std::fs::read_to_string(&args.database.audit_key_file) {
        Ok(text) => AuditKey::parse_secret(&text)
            .map(|key| Some(AuditPublicKey::of(&key)))
            .map_err(|e| anyhow::anyhow!("{}: {e}", args.database.audit_key_file.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).context("reading the audit key"),
    }
}

/// The head the caller saw before, from `--since-head` or `--since-head-file` (a saved
/// `GET /audit/head` answer).
fn seen_head(args: &VerifyArgs) -> Result<Option<(i64, String)>> {
    let text = match (&args.since_head, &args.since_head_file) {
        (Some(text), _) => text.clone(),
        (None, Some(file)) => {
            let saved: serde_json::Value = serde_json::from_str(
                &std::fs::read_to_string(file)
                    .with_context(|| format!("reading {}", file.display()))?,
            )
            .with_context(|| format!("{}: not a saved GET /audit/head answer", file.display()))?;
            format!(
                "{}:{}",
                saved["count"],
                saved["hash"].as_str().unwrap_or_default()
            )
        }
        (None, None) => return Ok(None),
    };
    AuditHead::parse_seen(&text)
        .map(Some)
        .map_err(|e| anyhow::anyhow!("--since-head: {e}"))
}

/// Runs the check; an error (exit 2) names what does not match.
pub async fn verify(args: VerifyArgs) -> Result<()> {
    let options = VerifyOptions {
        since_head: seen_head(&args)?,
        public_key: public_key(&args)?,
    };
    // A check writes nothing: it does not migrate a database it finds behind.
    let db = super::connect(&args.database).await?;
    if !db::is_migrated(&db)
        .await
        .context("reading the migrations")?
    {
        anyhow::bail!("the database is not migrated (run `concord migrate` first)");
    }
    let registry = super::registry_over(db, None, None);
    let report = registry.verify_audit_chain(&options).await?;
    if let Some((id, reason)) = report.first_broken {
        anyhow::bail!("audit chain broken at event {id}: {reason}");
    }
    if let Some(problem) = report.head_problem {
        anyhow::bail!("audit log does not match: {problem}");
    }
    let mut checked = vec![format!("{} events", report.events)];
    if let Some((count, _)) = options.since_head {
        checked.push(format!("holds the head seen at {count}"));
    }
    if report.checkpoints_checked {
        checked.push("matches its signed checkpoints".to_owned());
    } else {
        checked.push("signed checkpoints not checked: no key (give --public-key)".to_owned());
    }
    println!("audit chain intact: {}", checked.join("; "));
    Ok(())
}
