//! `GET /diff/{slug}?from=1.0.0&to=2.0.0`: what changed between two published versions, each
//! change in a sentence, breaking ones with the document that shows the break.

use axum::extract::{Path, Query, State};
use axum::response::Html;
use maud::html;
use serde::Deserialize;

use super::{PageError, page, report};
use crate::domain::{Slug, VersionNumber};
use crate::http::AppState;
use crate::http::web::Visitor;
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
    visitor: Visitor,
    Path(slug): Path<String>,
    Query(query): Query<DiffQuery>,
) -> Result<Html<String>, PageError> {
    let slug = Slug::parse(&slug).map_err(|e| Error::bad_input("slug", e))?;
    let from = version("from", query.from.as_deref())?;
    let to = version("to", query.to.as_deref())?;
    let (standard, report) = state.registry.diff_versions(&slug, &from, &to).await?;
    let title = format!("{} {from} → {to}", standard.title);
    let markup = html! {
        span class="govuk-caption-l" { a class="govuk-link" href={ "/standards/" (standard.slug) } { (standard.slug) } }
        h1 class="govuk-heading-l" { (title) }
        (report::report(&report))
    };
    Ok(page(&visitor, &title, markup))
}
