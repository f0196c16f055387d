//! Printing what a Concord server answers about a proposal (its compatibility report and its
//! schema's warnings) for `propose` and `check`, in the form `concord diff` prints its own.

use std::fmt::Write as _;

use serde_json::Value;

/// A compatibility report (GraphQL's `CompatibilityReport`) as text.
pub fn report_text(report: &Value, out: &mut String) {
    if report.is_null() {
        let _ = writeln!(out, "a new standard: no published version to compare with");
        return;
    }
    let changes = report["changes"].as_array().map_or(&[][..], Vec::as_slice);
    let _ = writeln!(
        out,
        "{} ({}): {}; needs a {} bump; {} change{}",
        report["mode"].as_str().unwrap_or(""),
        report["policy"].as_str().unwrap_or(""),
        if report["compatible"] == true {
            "compatible"
        } else {
            "BREAKS the mode"
        },
        report["requiredBump"].as_str().unwrap_or(""),
        changes.len(),
        if changes.len() == 1 { "" } else { "s" }
    );
    for change in changes {
        let breaking = change["breaking"] == true;
        let pointer = change["pointer"].as_str().unwrap_or("");
        let _ = writeln!(
            out,
            "{} {} {} at {}{}",
            if breaking { "✗" } else { "·" },
            change["direction"].as_str().unwrap_or(""),
            change["kind"].as_str().unwrap_or(""),
            if pointer.is_empty() {
                "(root)"
            } else {
                pointer
            },
            if breaking { " [breaking]" } else { "" }
        );
        let _ = writeln!(out, "    {}", change["message"].as_str().unwrap_or(""));
        let paths: Vec<&str> = change["paths"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|p| p.as_str())
            .collect();
        if paths.len() > 1 {
            let _ = writeln!(out, "    reached at {}", paths.join(", "));
        }
        if let Some(witness) = change["witness"].as_object() {
            let _ = writeln!(
                out,
                "    witness, valid under {} only: {}",
                witness["validUnder"].as_str().unwrap_or(""),
                witness["document"]
            );
        } else if let Some(note) = change["witnessNote"].as_str() {
            let _ = writeln!(out, "    {note}");
        }
    }
    if let Some(check) = report["versionCheck"].as_object()
        && let Some(message) = check["message"].as_str()
    {
        let _ = writeln!(out, "version: {message}");
    }
}

/// Warnings (`pointer`, `message`) as text.
pub fn warnings_text(warnings: &Value, out: &mut String) {
    for warning in warnings.as_array().into_iter().flatten() {
        let _ = writeln!(
            out,
            "warning: {} (at {}{})",
            warning["message"].as_str().unwrap_or(""),
            warning["pointer"].as_str().unwrap_or(""),
            warning["document"]
                .as_str()
                .map(|d| format!(" in {d}"))
                .unwrap_or_default()
        );
    }
}
