//! `concord diff OLD.json NEW.json`: the compatibility engine on two schema files, offline, with
//! the same report the server gives. Exit code 1 when the change breaks the mode.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use serde_json::Value;

use crate::compat::{self, NoDocuments, Report, SchemaRef};
use crate::config::DiffArgs;
use crate::validate::{self, Compiled, PairOracle, SchemaDraft};

fn load(path: &Path, draft: Option<SchemaDraft>) -> Result<(Value, String, Compiled)> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let schema: Value =
        serde_json::from_str(&text).with_context(|| format!("{} is not JSON", path.display()))?;
    let schema = match draft {
        Some(draft) => draft.as_default_for(schema),
        None => schema,
    };
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let uri = format!("file://{}", absolute.display());
    let compiled = validate::compile(&schema, &uri, &[]).map_err(|problems| {
        let listed: Vec<String> = problems
            .iter()
            .map(|p| format!("at `{}`: {}", p.pointer, p.message))
            .collect();
        anyhow::anyhow!(
            "{} is not a usable schema: {}",
            path.display(),
            listed.join("; ")
        )
    })?;
    Ok((schema, uri, compiled))
}

/// Runs `concord diff`.
pub fn run(args: &DiffArgs) -> Result<ExitCode> {
    let (old, old_uri, old_compiled) = load(&args.old, args.draft)?;
    let (new, new_uri, new_compiled) = load(&args.new, args.draft)?;
    let report = compat::compare(
        SchemaRef {
            schema: &old,
            base_uri: &old_uri,
        },
        SchemaRef {
            schema: &new,
            base_uri: &new_uri,
        },
        &NoDocuments,
        &PairOracle {
            old: &old_compiled,
            new: &new_compiled,
        },
        args.mode,
        args.policy,
    );
    if args.json {
        super::emit(&format!("{}\n", serde_json::to_string_pretty(&report)?))?;
    } else {
        super::emit(&text(&report))?;
    }
    Ok(if report.compatible {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn text(report: &Report) -> String {
    let mut out = String::new();
    let verdict = if report.compatible {
        "compatible"
    } else {
        "BREAKS the mode"
    };
    let _ = writeln!(
        out,
        "{} ({}): {verdict}; needs a {} bump; {} change{}",
        report.mode,
        report.policy,
        report.required_bump,
        report.changes.len(),
        if report.changes.len() == 1 { "" } else { "s" }
    );
    for change in &report.changes {
        let _ = writeln!(
            out,
            "{} {} {} at {}{}",
            if change.breaking { "✗" } else { "·" },
            change.direction,
            change.kind,
            if change.pointer.is_empty() {
                "(root)"
            } else {
                &change.pointer
            },
            if change.breaking { " [breaking]" } else { "" }
        );
        let _ = writeln!(out, "    {}", change.message);
        if change.paths.len() > 1 {
            let _ = writeln!(out, "    reached at {}", change.paths.join(", "));
        }
        if let Some(witness) = &change.witness {
            let _ = writeln!(
                out,
                "    witness, valid under {} only: {}",
                witness.valid_under, witness.document
            );
        } else if let Some(note) = &change.witness_note {
            let _ = writeln!(out, "    {note}");
        }
    }
    out
}
