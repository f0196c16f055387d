//! `GET /diff/{slug}?from=1.0.0&to=2.0.0`: what changed between two published versions, each
//! change in a sentence, breaking ones with the document that shows the break.

use axum::extract::{Path, Query, State};
use axum::response::Html;
use maud::html;
use serde::Deserialize;

use super::{PageError, page};
use crate::domain::{Slug, VersionNumber};
use crate::http::AppState;
use crate::registry::Error;

/// The two versions compared.
#[derive(Debug, Deserialize)]
pub struct DiffQuery {
    from: Option<String>,
    to: Option<String>,
}

fn version(field: &str, value: Option<&str>) -> Result<VersionNumber, Error> {
    let value = value.ok_or_else(|| Error::bad_input(field, format!("`{field}` is missing")))?;
    VersionNumber::parse(value).map_err(|e| Error::bad_input(field, e))
}

/// The page.
pub async fn diff(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(query): Query<DiffQuery>,
) -> Result<Html<String>, PageError> {
    let slug = Slug::parse(&slug).map_err(|e| Error::bad_input("slug", e))?;
    let from = version("from", query.from.as_deref())?;
    let to = version("to", query.to.as_deref())?;
    let (standard, report) = state.registry.diff_versions(&slug, &from, &to).await?;
    let title = format!("{} {from} → {to}", standard.title);
    let verdict = if report.compatible {
        "compatible"
    } else {
        "breaks the standard's mode"
    };
    let markup = html! {
        h1 { (title) }
        p { a href={ "/standards/" (standard.slug) } { (standard.slug) } }
        p {
            "Under " code { (report.mode) } " (" code { (report.policy) } "), " (to) " " strong { (verdict) }
            "; the changes need a " strong { (report.required_bump) } " bump. "
            (report.changes.len()) " change" @if report.changes.len() != 1 { "s" } "."
        }
        table {
            thead { tr { th { "Where" } th { "Change" } th { "What it means" } } }
            tbody {
                @for change in &report.changes {
                    tr {
                        td { code { @if change.pointer.is_empty() { "(root)" } @else { (change.pointer) } } }
                        td {
                            (change.kind) br;
                            @if change.breaking { span.breaking { "breaking" } } @else { span.muted { (change.direction) } }
                        }
                        td {
                            (change.message)
                            @if let Some(witness) = &change.witness {
                                br; span.muted { "Valid under " (witness.valid_under) " only:" }
                                pre { (witness.document) }
                            } @else if let Some(note) = &change.witness_note {
                                br; span.muted { (note) }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(page(&title, markup))
}
