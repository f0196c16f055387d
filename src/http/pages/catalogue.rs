//! The catalogue (`GET /`, searchable) and a standard's page (`GET /standards/{slug}`).

use axum::extract::{Path, Query, State};
use axum::response::Html;
use maud::html;
use serde::Deserialize;

use super::{PageError, day, page};
use crate::domain::Slug;
use crate::http::AppState;
use crate::registry::{Error, PageRequest, StandardFilter};

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
        h1 { "London's shared data and service standards" }
        p.muted { (listed.total) " standards, proposed by London's boroughs, the GLA, TfL and their partners, reviewed by the Smart London Board and approved by the Chief Digital Officer." }
        form method="get" action="/" {
            label for="q" { "Search " }
            input id="q" name="q" type="search" value=[search.as_deref()];
            " " button type="submit" { "Search" }
        }
        table {
            thead { tr { th { "Standard" } th { "Summary" } th { "Theme" } th { "Owner" } th { "Latest" } } }
            tbody {
                @for (_, entry) in &listed.items {
                    @let standard = &entry.standard;
                    tr {
                        td { a href={ "/standards/" (standard.slug) } { (standard.title) } br; code { (standard.slug) } }
                        td { (standard.summary) }
                        td { (standard.theme) }
                        td { (entry.owner.name) }
                        td { @if let Some(v) = &entry.latest { (v) } @else { span.muted { "none active" } } }
                    }
                }
            }
        }
        @if let Some(after) = next {
            p { a href={ "/?after=" (after) @if let Some(q) = &search { "&q=" (q) } } { "Next page" } }
        }
    };
    Ok(page("Catalogue", markup))
}

/// `GET /standards/{slug}`: what a standard is, who owns it, and every version published.
pub async fn standard(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Html<String>, PageError> {
    let registry = &state.registry;
    let slug = Slug::parse(&slug).map_err(|e| Error::bad_input("slug", e))?;
    let standard = registry.standard(&slug).await?;
    let owner = registry
        .organisation_by_id(standard.owner_organisation_id)
        .await?;
    let mut versions = registry.versions(standard.id).await?;
    versions.sort_by(|a, b| b.version.cmp(&a.version));
    let addresses = registry.addresses();
    let markup = html! {
        h1 { (standard.title) }
        p { code { (standard.slug) } " · " (standard.theme) " · owned by " (owner.name) }
        p { (standard.summary) }
        p {
            @for tag in &standard.tags { span.tag { (tag) } }
        }
        p.muted {
            "Compatibility: " code { (standard.mode.as_str()) } " (" code { (standard.policy.as_str()) } " for undeclared properties)."
        }
        @if let Some(upstream) = &standard.upstream {
            p.muted {
                "Rendered from "
                @if let Some(url) = &upstream.url { a href=(url) { (upstream.name) } } @else { (upstream.name) }
                @if let Some(version) = &upstream.version { " " (version) }
                @if let Some(licence) = &upstream.licence { " (" (licence) ")" }
                "."
                @if let Some(simplified) = &upstream.simplified { " Simplified: " (simplified) }
            }
        }
        h2 { "Versions" }
        table {
            thead { tr { th { "Version" } th { "Status" } th { "Approved" } th { "What changed" } th { "" } } }
            tbody {
                @for (i, version) in versions.iter().enumerate() {
                    tr {
                        td { a href=(addresses.canonical(&standard.slug, &version.version)) { (version.version) } }
                        td {
                            (version.status.as_str())
                            @if let Some(successor) = &version.successor { br; span.muted { "move to " (successor) } }
                            @if let Some(sunset) = version.sunset_at { br; span.muted { "sunset " (day(sunset)) } }
                        }
                        td { (day(version.approved_at)) }
                        td { (version.changelog) }
                        td {
                            a href={ "/schemas/" (standard.slug) "/" (version.version) "/bundle" } { "bundle" }
                            @if let Some(previous) = versions.get(i + 1) {
                                " · " a href={ "/diff/" (standard.slug) "?from=" (previous.version) "&to=" (version.version) } { "changes since " (previous.version) }
                            }
                        }
                    }
                }
            }
        }
        h2 { "Validate a payload" }
        pre { "curl -X POST " (registry.settings().base_url.trim_end_matches('/')) "/validate/" (standard.slug) "/latest \\\n  -H 'content-type: application/json' --data-binary @payload.json" }
    };
    Ok(page(&standard.title, markup))
}
