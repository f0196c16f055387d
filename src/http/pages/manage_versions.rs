//! The CDO's forms on a standard's page to deprecate or retire the version shown, preceded by
//! who is still on it: the adopters whose declared range resolves to it, and how much each has
//! validated against it lately, so the decision is made knowing whom it reaches.

use maud::{Markup, html};

use super::PageError;
use super::forms::{Problems, button, csrf, text_input, textarea};
use super::standard_adoption::{Posted, USAGE_DAYS, status_label};
use crate::domain::VersionStatus;
use crate::governance::{Action, Actor, authorise};
use crate::http::AppState;
use crate::http::web::Visitor;
use crate::registry::{AdoptionFilter, Standard, UsageFilter, Version};

/// The section, for the CDO only, when the version is not retired.
pub async fn section(
    state: &AppState,
    visitor: &Visitor,
    standard: &Standard,
    versions: &[Version],
    version: &Version,
    problems: &Problems,
    posted: Option<&Posted<'_>>,
) -> Result<Markup, PageError> {
    let Some(session) = visitor.session.as_ref() else {
        return Ok(html! {});
    };
    let actor = Actor {
        role: session.principal.role,
        organisation_id: session.principal.organisation_id,
    };
    if authorise(Some(actor), Action::ManageVersions).is_err()
        || version.status == VersionStatus::Retired
    {
        return Ok(html! {});
    }
    let registry = &state.registry;
    let on_it: Vec<_> = registry
        .all_adoptions(AdoptionFilter {
            standard_id: Some(standard.id),
            ..AdoptionFilter::default()
        })
        .await?
        .into_iter()
        .filter(|a| a.resolves_to(versions).is_some_and(|v| v.id == version.id))
        .collect();
    // Only validations against this very version count as being on it.
    let validators = super::standard_adoption::usage_by_organisation(
        state,
        UsageFilter {
            standard_id: Some(standard.id),
            version_id: Some(version.id),
            ..UsageFilter::default()
        },
    )
    .await?;
    let mut ids: Vec<i64> = on_it.iter().map(|a| a.organisation_id).collect();
    ids.extend(validators.iter().map(|(id, _)| *id));
    let names = registry.organisations_by_ids(&ids).await?;
    let name_of = |id: i64| names.get(&id).map(|o| o.name.clone()).unwrap_or_default();
    let later: Vec<&Version> = versions
        .iter()
        .filter(|v| v.version > version.version && v.status != VersionStatus::Retired)
        .collect();
    let value = |form: &str, name: &str| {
        Posted::value(posted, form, name)
            .unwrap_or_default()
            .to_owned()
    };
    Ok(html! {
        h2 class="govuk-heading-m" id="manage" { "Deprecate or retire " (version.version) }
        h3 class="govuk-heading-s" { "Who is still on " (version.version) }
        @if on_it.is_empty() && validators.is_empty() {
            p class="govuk-body" { "No declared adoption resolves to " (version.version) ", and no organisation has validated against it in the last " (USAGE_DAYS) " days." }
        } @else {
            @if !on_it.is_empty() {
                ul class="govuk-list govuk-list--bullet" {
                    @for a in &on_it {
                        li { (name_of(a.organisation_id)) ": " (status_label(a.status)) ", range " code { (a.range) }
                            @if !a.systems.is_empty() { " (" (a.systems.join(", ")) ")" } }
                    }
                }
            }
            @if !validators.is_empty() {
                p class="govuk-body" { "Validated against " (version.version) " in the last " (USAGE_DAYS) " days:" }
                ul class="govuk-list govuk-list--bullet" {
                    @for (id, n) in &validators { li { (name_of(*id)) ": " (n) " document" @if *n != 1 { "s" } } }
                }
            }
        }
        @if version.status == VersionStatus::Active {
            form method="post" action={ "/standards/" (standard.slug) } novalidate {
                (csrf(&session.csrf_token))
                input type="hidden" name="form" value="deprecate";
                input type="hidden" name="version" value=(version.version);
                h3 class="govuk-heading-s" { "Deprecate " (version.version) }
                div class={ "govuk-form-group" @if problems.for_field("successor").is_some() { " govuk-form-group--error" } } {
                    label class="govuk-label govuk-label--s" for="successor" { "Move adopters to (optional)" }
                    @if let Some(error) = problems.for_field("successor") { p id="successor-error" class="govuk-error-message" { span class="govuk-visually-hidden" { "Error: " } (error) } }
                    select class="govuk-select" id="successor" name="successor" {
                        option value="" { "No successor" }
                        @for v in &later { option value=(v.version) selected[value("deprecate", "successor") == v.version.to_string()] { (v.version) } }
                    }
                }
                (text_input("sunset", "Sunset date (optional)", Some("The day after which it may be retired, such as 2027-06-30."), &value("deprecate", "sunset"), problems))
                (textarea("deprecate-note", "Note (optional)", Some("Shown to everyone who validates against it."), &value("deprecate", "deprecate-note"), 2, problems))
                (button("Deprecate this version", None, None, true))
            }
        }
        form method="post" action={ "/standards/" (standard.slug) } novalidate {
            (csrf(&session.csrf_token))
            input type="hidden" name="form" value="retire";
            input type="hidden" name="version" value=(version.version);
            h3 class="govuk-heading-s" { "Retire " (version.version) }
            p class="govuk-body" { "A retired version keeps its address, but no range chooses it and fixtures are no longer checked against it." }
            (textarea("retire-note", "Note (optional)", None, &value("retire", "retire-note"), 2, problems))
            button type="submit" class="govuk-button govuk-button--warning" data-module="govuk-button" { "Retire this version" }
        }
    })
}
