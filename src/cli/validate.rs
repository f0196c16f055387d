//! `concord validate`: payload files against a standard, asked of a Concord server or checked
//! offline against a bundle, printing each problem with its JSON Pointer. Made for CI: the exit
//! code is 0 when every document is valid and 1 when any is not.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use serde::Serialize;
use serde_json::Value;

use crate::config::ValidateArgs;
use crate::validate;

/// One document's result, from either source.
#[derive(Debug, Serialize)]
struct Report {
    file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    valid: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    errors: Vec<Value>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    warnings: Vec<Value>,
}

fn is_ndjson(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("ndjson") || e.eq_ignore_ascii_case("jsonl"))
}

/// Runs `concord validate`.
pub async fn run(args: ValidateArgs) -> Result<ExitCode> {
    let reports = match &args.bundle {
        Some(bundle) => offline(bundle, args.draft, &args.files)?,
        None => online(&args).await?,
    };
    let mut out = String::new();
    for report in &reports {
        if args.json {
            out.push_str(&serde_json::to_string(report)?);
            out.push('\n');
        } else {
            write_text(report, &mut out);
        }
    }
    super::emit(&out)?;
    Ok(if reports.iter().all(|r| r.valid) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn write_text(report: &Report, out: &mut String) {
    let place = match report.line {
        Some(line) => format!("{}:{line}", report.file),
        None => report.file.clone(),
    };
    let _ = writeln!(
        out,
        "{place}: {}",
        if report.valid { "valid" } else { "invalid" }
    );
    for error in &report.errors {
        let pointer = error["instancePath"].as_str().unwrap_or("");
        let message = error["message"].as_str().unwrap_or("");
        let _ = match error["keyword"].as_str() {
            Some(keyword) => writeln!(
                out,
                "  {}: {message} [{keyword} at {}]",
                if pointer.is_empty() {
                    "(document)"
                } else {
                    pointer
                },
                error["schemaPath"].as_str().unwrap_or("")
            ),
            None => writeln!(out, "  {message}"),
        };
    }
    for warning in &report.warnings {
        let _ = writeln!(
            out,
            "  warning: {}",
            warning["message"].as_str().unwrap_or("")
        );
    }
}

/// Each document of a file: (line number for NDJSON, the text).
fn documents(path: &Path) -> Result<Vec<(Option<usize>, String)>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    if is_ndjson(path) {
        Ok(text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(i, l)| (Some(i + 1), l.to_owned()))
            .collect())
    } else {
        Ok(vec![(None, text)])
    }
}

fn offline(
    bundle_path: &Path,
    draft: Option<validate::SchemaDraft>,
    files: &[std::path::PathBuf],
) -> Result<Vec<Report>> {
    let text = std::fs::read_to_string(bundle_path)
        .with_context(|| format!("reading the bundle {}", bundle_path.display()))?;
    let bundle: Value = serde_json::from_str(&text)
        .with_context(|| format!("{} is not JSON", bundle_path.display()))?;
    let bundle = match draft {
        Some(draft) => draft.as_default_for(bundle),
        None => bundle,
    };
    // A bundle carries its canonical URI as `$id`; one without falls back to its file's URL.
    let own_uri = bundle
        .get("$id")
        .or_else(|| bundle.get("id"))
        .and_then(Value::as_str)
        .map(str::to_owned)
        .unwrap_or_else(|| format!("file:///{}", bundle_path.display()));
    let compiled = validate::compile(&bundle, &own_uri, &[]).map_err(|problems| {
        let listed: Vec<String> = problems
            .iter()
            .map(|p| format!("at `{}`: {}", p.pointer, p.message))
            .collect();
        anyhow::anyhow!(
            "{} is not a usable schema: {}",
            bundle_path.display(),
            listed.join("; ")
        )
    })?;
    let mut reports = Vec::new();
    for file in files {
        for (line, text) in documents(file)? {
            let name = file.display().to_string();
            match serde_json::from_str::<Value>(&text) {
                Ok(document) => {
                    let outcome = validate::validate(&compiled, &document, 100);
                    reports.push(Report {
                        file: name,
                        line,
                        valid: outcome.valid,
                        errors: outcome.violations.iter().map(|v| serde_json::to_value(v).unwrap_or_default()).collect(),
                        warnings: outcome
                            .deprecated_uses
                            .iter()
                            .map(|p| serde_json::json!({ "code": "DEPRECATED_PROPERTY", "message": format!("`{p}` uses something the schema marks deprecated"), "instancePath": p }))
                            .collect(),
                    });
                }
                Err(e) => reports.push(Report {
                    file: name,
                    line,
                    valid: false,
                    errors: vec![serde_json::json!({ "message": format!("not JSON: {e}") })],
                    warnings: Vec::new(),
                }),
            }
        }
    }
    Ok(reports)
}

async fn online(args: &ValidateArgs) -> Result<Vec<Report>> {
    let Some(standard) = &args.standard else {
        bail!("--standard is required (or --bundle FILE to validate offline)");
    };
    let mut url =
        reqwest::Url::parse(&args.server).with_context(|| format!("--server {}", args.server))?;
    {
        let mut segments = url
            .path_segments_mut()
            .map_err(|()| anyhow::anyhow!("--server {} cannot take a path", args.server))?;
        segments.pop_if_empty().push("validate");
        segments.extend(standard.split('/'));
        segments.push(args.version_req.as_deref().unwrap_or("latest"));
    }
    let client = reqwest::Client::new();
    let mut reports = Vec::new();
    for file in &args.files {
        let body = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
        let content_type = if is_ndjson(file) {
            "application/x-ndjson"
        } else {
            "application/json"
        };
        let response = client
            .post(url.clone())
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .with_context(|| format!("asking {}", args.server))?;
        let status = response.status();
        let text = response
            .text()
            .await
            .context("reading the server's answer")?;
        if !status.is_success() {
            let message = serde_json::from_str::<Value>(&text)
                .ok()
                .and_then(|v| v["error"]["message"].as_str().map(str::to_owned))
                .unwrap_or(text);
            bail!(
                "{}: the server answered {status}: {message}",
                file.display()
            );
        }
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let result: Value =
                serde_json::from_str(line).context("the server's answer is not JSON")?;
            let name = file.display().to_string();
            let at = result["line"]
                .as_u64()
                .and_then(|n| usize::try_from(n).ok());
            if let Some(error) = result.get("error") {
                reports.push(Report {
                    file: name,
                    line: at,
                    valid: false,
                    errors: vec![error.clone()],
                    warnings: Vec::new(),
                });
                continue;
            }
            reports.push(Report {
                file: name,
                line: at,
                valid: result["valid"].as_bool().unwrap_or(false),
                errors: result["errors"].as_array().cloned().unwrap_or_default(),
                warnings: result["warnings"].as_array().cloned().unwrap_or_default(),
            });
        }
    }
    Ok(reports)
}
