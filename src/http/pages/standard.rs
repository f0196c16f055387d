//! A standard's page (`GET /standards/{slug}`, `?version=` to pick one): what it is and who owns
//! it, documentation generated from the chosen version's schema (a field table, its examples),
//! how to validate against it with curl and the CLI, downloads of the schema and the bundle, and
//! every version with its status and the changes between neighbours.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::html;
use serde::Deserialize;

use super::forms::{Problems, error_summary};
use super::standard_adoption::{self, Posted};
use super::{PageError, day, page, tree};
use crate::domain::{Slug, VersionNumber, VersionStatus};
use crate::governance::{Action, Actor, authorise};
use crate::http::AppState;
use crate::http::web::Visitor;
use crate::registry::Error;

/// The version picker's query string.
#[derive(Debug, Deserialize)]
pub struct StandardQuery {
    version: Option<String>,
}

/// `GET /standards/{slug}`.
pub async fn standard(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(slug): Path<String>,
    Query(query): Query<StandardQuery>,
) -> Result<Response, PageError> {
    render(
        &state,
        &visitor,
        &slug,
        query.version.as_deref(),
        &Problems::default(),
        None,
        StatusCode::OK,
    )
    .await
}

/// The standard's page, with `problems` in its error summary and the refused form's `posted`
/// values kept.
pub async fn render(
    state: &AppState,
    visitor: &Visitor,
    slug: &str,
    version: Option<&str>,
    problems: &Problems,
    posted: Option<&Posted<'_>>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let registry = &state.registry;
    let slug = Slug::parse(slug).map_err(|e| Error::bad_input("slug", e))?;
    let standard = registry.standard(&slug).await?;
    let owner = registry
        .organisation_by_id(standard.owner_organisation_id)
        .await?;
    let mut versions = registry.versions(standard.id).await?;
    versions.sort_by(|a, b| b.version.cmp(&a.version));
    let wanted = version
        .filter(|v| !v.is_empty())
        .map(|v| VersionNumber::parse(v).map_err(|e| Error::bad_input("version", e)))
        .transpose()?;
    let shown = match &wanted {
        Some(v) => Some(
            versions
                .iter()
                .find(|candidate| candidate.version == *v)
                .ok_or_else(|| Error::not_found("version", v))?,
        ),
        None => versions
            .iter()
            .find(|v| v.status == VersionStatus::Active)
            .or(versions.first()),
    };
    let may_propose = visitor.session.as_ref().is_some_and(|s| {
        authorise(
            Some(Actor {
                role: s.principal.role,
                organisation_id: s.principal.organisation_id,
            }),
            Action::Propose,
        )
        .is_ok()
    });
    let addresses = registry.addresses();
    let base = registry
        .settings()
        .base_url
        .trim_end_matches('/')
        .to_owned();
    let adoption =
        standard_adoption::section(state, visitor, &standard, &versions, problems, posted).await?;
    let managing = match shown {
        Some(version) => {
            super::manage_versions::section(
                state, visitor, &standard, &versions, version, problems, posted,
            )
            .await?
        }
        None => html! {},
    };
    let markup = html! {
        (error_summary(problems))
        span class="govuk-caption-l" { code { (standard.slug) } }
        h1 class="govuk-heading-l" { (standard.title) }
        p class="govuk-body-l" { (standard.summary) }
        p class="govuk-body" { (standard.theme) " · owned by " (owner.name) " · compatibility " code { (standard.mode.as_str()) } " (" code { (standard.policy.as_str()) } " for undeclared properties)" }
        @if !standard.tags.is_empty() {
            p class="govuk-body" { @for tag in &standard.tags { strong class="govuk-tag govuk-tag--grey" { (tag) } " " } }
        }
        @if let Some(upstream) = &standard.upstream {
            p class="govuk-body concord-muted" {
                "Rendered from "
                @if let Some(url) = &upstream.url { a class="govuk-link" href=(url) { (upstream.name) } } @else { (upstream.name) }
                @if let Some(version) = &upstream.version { " " (version) }
                @if let Some(licence) = &upstream.licence { " (" (licence) ")" }
                "."
                @if let Some(simplified) = &upstream.simplified { " Simplified: " (simplified) }
            }
        }
        @if may_propose {
            a class="govuk-button govuk-button--secondary" href={ "/propose/version?standard=" (standard.slug) } { "Propose a new version" }
        }
        @if let Some(version) = shown {
            form method="get" action={ "/standards/" (standard.slug) } class="govuk-form-group" {
                label class="govuk-label govuk-label--s" for="version" { "Version" }
                select class="govuk-select" id="version" name="version" {
                    @for v in &versions {
                        option value=(v.version) selected[v.version == version.version] { (v.version) " (" (v.status.as_str()) ")" }
                    }
                }
                " "
                button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button" { "Show" }
            }
            h2 class="govuk-heading-m" { "Version " (version.version) }
            p class="govuk-body" {
                strong class="govuk-tag" { (version.status.as_str()) } " approved " (day(version.approved_at)) ". "
                @if let Some(successor) = &version.successor { "Move to " (successor) ". " }
                @if let Some(sunset) = version.sunset_at { "Sunset " (day(sunset)) ". " }
            }
            p class="govuk-body" {
                "Download: " a class="govuk-link" href=(addresses.canonical(&standard.slug, &version.version)) { "the schema" }
                " · " a class="govuk-link" href={ "/schemas/" (standard.slug) "/" (version.version) "/bundle" } { "the bundle" } " (the schema with everything it references, for offline validation)"
                @if !version.documents.is_empty() {
                    " · the documents it references: "
                    @for (i, document) in version.documents.iter().enumerate() {
                        @if i > 0 { ", " }
                        a class="govuk-link" href=(crate::validate::document_uri(&addresses.canonical(&standard.slug, &version.version), document.path.as_str())) { (document.path) }
                    }
                }
            }
            h3 class="govuk-heading-s" { "Fields" }
            @let fields = tree::fields(&version.schema);
            @if fields.is_empty() {
                p class="govuk-body" { "This schema declares no properties." }
            } @else {
                div class="concord-table-wrap" {
                    table class="govuk-table" {
                        caption class="govuk-table__caption govuk-table__caption--s govuk-visually-hidden" { "Fields of version " (version.version) }
                        thead class="govuk-table__head" { tr class="govuk-table__row" {
                            th scope="col" class="govuk-table__header" { "Field" }
                            th scope="col" class="govuk-table__header" { "Type" }
                            th scope="col" class="govuk-table__header" { "Required" }
                            th scope="col" class="govuk-table__header" { "Constraints" }
                            th scope="col" class="govuk-table__header" { "Description" }
                        } }
                        tbody class="govuk-table__body" {
                            @for field in &fields {
                                tr class="govuk-table__row" {
                                    td class="govuk-table__cell" {
                                        @for _ in 0..field.depth { span class="concord-muted" aria-hidden="true" { "↳ " } }
                                        code { (field.name) }
                                        @if field.deprecated { " " strong class="govuk-tag govuk-tag--grey" { "deprecated" } }
                                    }
                                    td class="govuk-table__cell" { (field.kind) }
                                    td class="govuk-table__cell" { @if field.required { "Yes" } @else { "No" } }
                                    td class="govuk-table__cell" { (field.constraints.join("; ")) }
                                    td class="govuk-table__cell" { (field.description.as_deref().unwrap_or("")) }
                                }
                            }
                        }
                    }
                }
            }
            @let examples = registry.catalogue_examples(&standard.slug, &version.version);
            @if !examples.is_empty() {
                h3 class="govuk-heading-s" { "Examples" }
                p class="govuk-body" { "Documents valid under this version, from the catalogue." }
                @for example in &examples {
                    details class="govuk-details concord-details" {
                        summary class="govuk-details__summary" { span class="govuk-details__summary-text" { (example.name) } }
                        div class="govuk-details__text" { pre class="concord-code" { (serde_json::to_string_pretty(&example.document).unwrap_or_default()) } }
                    }
                }
            } @else if let Some(examples) = version.schema.get("examples").and_then(|e| e.as_array()).filter(|e| !e.is_empty()) {
                h3 class="govuk-heading-s" { "Examples" }
                @for example in examples.iter().take(3) {
                    pre class="concord-code" { (serde_json::to_string_pretty(example).unwrap_or_default()) }
                }
            }
            h3 class="govuk-heading-s" { "How to validate" }
            p class="govuk-body" { "With curl (no account needed):" }
            pre class="concord-code" { "curl -X POST " (base) "/validate/" (standard.slug) "/%5E" (version.version.major()) " \\\n  -H 'content-type: application/json' --data-binary @payload.json" }
            p class="govuk-body" { "With the Concord command line, in CI (exits 1 when a document is invalid):" }
            pre class="concord-code" { "concord validate --server " (base) " --standard " (standard.slug) " --version '^" (version.version.major()) "' payload.json" }
        }
        (managing)
        (adoption)
        h2 class="govuk-heading-m" { "Version history" }
        div class="concord-table-wrap" {
            table class="govuk-table" {
                thead class="govuk-table__head" { tr class="govuk-table__row" {
                    th scope="col" class="govuk-table__header" { "Version" }
                    th scope="col" class="govuk-table__header" { "Status" }
                    th scope="col" class="govuk-table__header" { "Approved" }
                    th scope="col" class="govuk-table__header" { "What changed" }
                    th scope="col" class="govuk-table__header" { "Changes" }
                } }
                tbody class="govuk-table__body" {
                    @for (i, version) in versions.iter().enumerate() {
                        tr class="govuk-table__row" {
                            td class="govuk-table__cell" { a class="govuk-link" href={ "/standards/" (standard.slug) "?version=" (version.version) } { (version.version) } }
                            td class="govuk-table__cell" { (version.status.as_str()) }
                            td class="govuk-table__cell" { (day(version.approved_at)) }
                            td class="govuk-table__cell" { (version.changelog) }
                            td class="govuk-table__cell" {
                                @if let Some(previous) = versions.get(i + 1) {
                                    a class="govuk-link" href={ "/diff/" (standard.slug) "?from=" (previous.version) "&to=" (version.version) } { "since " (previous.version) }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok((status, page(visitor, &standard.title, markup)).into_response())
}
