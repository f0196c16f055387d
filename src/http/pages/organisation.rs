//! An organisation's page (`/organisations/{slug}`): what it has adopted, over which versions
//! and how far along, the fixtures it publishes, and how much it validates.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use maud::html;

use super::standard_adoption::{USAGE_DAYS, status_label};
use super::{PageError, day, page};
use crate::domain::OrgSlug;
use crate::http::AppState;
use crate::http::web::Visitor;
use crate::registry::{AdoptionFilter, Error, UsageFilter, usage_totals};

/// `GET /organisations/{slug}`.
pub async fn organisation(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let registry = &state.registry;
    let slug = OrgSlug::parse(&slug).map_err(|e| Error::bad_input("slug", e))?;
    let organisation = registry.organisation(&slug).await?;
    let adoptions = registry
        .all_adoptions(AdoptionFilter {
            organisation_id: Some(organisation.id),
            ..AdoptionFilter::default()
        })
        .await?;
    let ids: Vec<i64> = adoptions.iter().map(|a| a.id).collect();
    let fixtures = registry.fixtures_of(&ids).await?;
    let mut standards = std::collections::HashMap::new();
    for a in &adoptions {
        let standard = registry.standard_by_id(a.standard_id).await?;
        let resolved = registry.adopted_version(a).await?.map(|(_, v)| v.version);
        standards.insert(a.standard_id, (standard, resolved));
    }
    let usage = registry
        .recent_usage(
            UsageFilter {
                organisation_id: Some(organisation.id),
                ..UsageFilter::default()
            },
            USAGE_DAYS,
        )
        .await?;
    let by_version = usage_totals(&usage, |r| (r.standard_id, r.version_id));
    let mut usage_rows = Vec::new();
    for ((standard_id, version_id), n) in by_version {
        let standard = registry.standard_by_id(standard_id).await?;
        let version = registry.version_by_id(version_id).await?;
        usage_rows.push((standard, version.version, n));
    }
    let total: u64 = usage_rows.iter().map(|(_, _, n)| n).sum();
    let markup = html! {
        span class="govuk-caption-l" { (organisation.kind.as_str()) @if let Some(code) = &organisation.gss_code { " · " (code) } }
        h1 class="govuk-heading-l" { (organisation.name) }
        h2 class="govuk-heading-m" { "Standards adopted" }
        @if adoptions.is_empty() {
            p class="govuk-body" { (organisation.name) " has not declared adoption of any standard." }
        } @else {
            div class="concord-table-wrap" {
                table class="govuk-table" {
                    caption class="govuk-table__caption govuk-table__caption--s govuk-visually-hidden" { "Standards " (organisation.name) " has adopted" }
                    thead class="govuk-table__head" { tr class="govuk-table__row" {
                        th scope="col" class="govuk-table__header" { "Standard" }
                        th scope="col" class="govuk-table__header" { "Status" }
                        th scope="col" class="govuk-table__header" { "Versions" }
                        th scope="col" class="govuk-table__header" { "Uses now" }
                        th scope="col" class="govuk-table__header" { "Systems" }
                        th scope="col" class="govuk-table__header" { "Declared" }
                    } }
                    tbody class="govuk-table__body" {
                        @for a in &adoptions {
                            @let (standard, resolved) = &standards[&a.standard_id];
                            tr class="govuk-table__row" {
                                td class="govuk-table__cell" { a class="govuk-link" href={ "/standards/" (standard.slug) "#adoption" } { (standard.title) } }
                                td class="govuk-table__cell" { strong class="govuk-tag govuk-tag--grey" { (status_label(a.status)) } }
                                td class="govuk-table__cell" { code { (a.range) } }
                                td class="govuk-table__cell" { @match resolved { Some(v) => { (v) }, None => { "no version in use" } } }
                                td class="govuk-table__cell" { (a.systems.join(", ")) }
                                td class="govuk-table__cell" { (day(a.declared_at)) }
                            }
                        }
                    }
                }
            }
            @for a in adoptions.iter().filter(|a| a.note.is_some()) {
                p class="govuk-body" { strong { (standards[&a.standard_id].0.title) ": " } (a.note.as_deref().unwrap_or_default()) }
            }
        }
        h2 class="govuk-heading-m" { "Fixtures" }
        @if fixtures.is_empty() {
            p class="govuk-body" { (organisation.name) " publishes no fixtures." }
        } @else {
            p class="govuk-body" { "Documents " (organisation.name) " exchanges under the standards it adopts. The board sees whether a proposed version would reject them." }
            @for f in &fixtures {
                @let standard = adoptions.iter().find(|a| a.id == f.adoption_id).map(|a| &standards[&a.standard_id].0);
                details class="govuk-details concord-details" {
                    summary class="govuk-details__summary" { span class="govuk-details__summary-text" {
                        (f.name) " (" (f.role.as_str()) @if let Some(s) = standard { ", " (s.title) } ")"
                    } }
                    div class="govuk-details__text" { pre class="concord-code" { (serde_json::to_string_pretty(&f.document).unwrap_or_default()) } }
                }
            }
        }
        h2 class="govuk-heading-m" { "Validations in the last " (USAGE_DAYS) " days" }
        @if usage_rows.is_empty() {
            p class="govuk-body" { "No documents validated with " (organisation.name) "'s tokens in the last " (USAGE_DAYS) " days." }
        } @else {
            p class="govuk-body" { (total) " document" @if total != 1 { "s" } " validated with " (organisation.name) "'s tokens. Concord counts them; it never keeps the documents." }
            ul class="govuk-list govuk-list--bullet" {
                @for (standard, version, n) in &usage_rows {
                    li { (standard.title) " " (version) ": " (n) }
                }
            }
        }
    };
    Ok(page(&visitor, &organisation.name, markup).into_response())
}
