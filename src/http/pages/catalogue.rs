//! The catalogue (`GET /`, searchable).

use axum::extract::{Query, State};
use axum::response::Html;
use maud::html;
use serde::Deserialize;

use super::{PageError, page};
use crate::http::AppState;
use crate::http::web::Visitor;
use crate::registry::{PageRequest, StandardFilter};

/// The catalogue's query string.
#[derive(Debug, Deserialize)]
pub struct CatalogueQuery {
    /// Words to look for.
    q: Option<String>,
    /// The cursor of the previous page's last standard.
    after: Option<String>,
}

/// `GET /`: every standard, by slug, with the latest active version of each.
pub async fn catalogue(
    State(state): State<AppState>,
    visitor: Visitor,
    Query(query): Query<CatalogueQuery>,
) -> Result<Html<String>, PageError> {
    let registry = &state.registry;
    let search = query.q.filter(|q| !q.trim().is_empty());
    let filter = StandardFilter {
        search: search.clone(),
        ..StandardFilter::default()
    };
    let listed = registry
        .catalogue_page(&filter, &PageRequest::new(Some(100), query.after)?)
        .await?;
    let next = listed
        .has_next
        .then(|| listed.items.last().map(|(cursor, _)| cursor.clone()))
        .flatten();
    let markup = html! {
        h1 class="govuk-heading-l" { "London's shared data and service standards" }
        p class="govuk-body" { (listed.total) " standards, proposed by London's boroughs, the GLA, TfL and their partners, reviewed by the Smart London Board and approved by the Chief Digital Officer." }
        form method="get" action="/" class="govuk-form-group" {
            label class="govuk-label govuk-label--s" for="q" { "Search the standards" }
            input class="govuk-input govuk-input--width-20" id="q" name="q" type="search" value=[search.as_deref()];
            " "
            button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button" { "Search" }
        }
        div class="concord-table-wrap" {
            table class="govuk-table" {
                caption class="govuk-table__caption govuk-visually-hidden" { "Standards" }
                thead class="govuk-table__head" { tr class="govuk-table__row" {
                    th scope="col" class="govuk-table__header" { "Standard" }
                    th scope="col" class="govuk-table__header" { "Summary" }
                    th scope="col" class="govuk-table__header" { "Theme" }
                    th scope="col" class="govuk-table__header" { "Owner" }
                    th scope="col" class="govuk-table__header" { "Latest" }
                } }
                tbody class="govuk-table__body" {
                    @for (_, entry) in &listed.items {
                        @let standard = &entry.standard;
                        tr class="govuk-table__row" {
                            td class="govuk-table__cell" { a class="govuk-link" href={ "/standards/" (standard.slug) } { (standard.title) } br; code { (standard.slug) } }
                            td class="govuk-table__cell" { (standard.summary) }
                            td class="govuk-table__cell" { (standard.theme) }
                            td class="govuk-table__cell" { (entry.owner.name) }
                            td class="govuk-table__cell" { @if let Some(v) = &entry.latest { (v) } @else { span class="concord-muted" { "none active" } } }
                        }
                    }
                }
            }
        }
        @if let Some(after) = next {
            p class="govuk-body" { a class="govuk-link" href={ "/?after=" (after) @if let Some(q) = &search { "&q=" (q) } } { "Next page" } }
        }
    };
    Ok(page(&visitor, "Catalogue", markup))
}
