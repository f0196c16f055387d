//! A proposal's impact as its page shows it, above the review form: the summary sentence, then
//! each affected adopter with its broken fixtures and the documents it could not read.

use maud::{Markup, html};

use crate::registry::{Error, Impact};

/// The section.
pub fn section(impact: &Impact) -> Markup {
    html! {
        h2 class="govuk-heading-m" id="impact" { "Impact on adopters" }
        div class="govuk-inset-text" {
            p class="govuk-body" { strong { (impact.summary) } }
            @if impact.adopters > 0 {
                p class="govuk-body-s" { "Computed now from the " (impact.adopters) " declared adoption" @if impact.adopters != 1 { "s" } " and the fixtures their organisations publish; it changes as they do." }
            }
        }
        @for a in &impact.affected {
            h3 class="govuk-heading-s" {
                a class="govuk-link" href={ "/organisations/" (a.organisation_slug) } { (a.organisation_name) }
                " (range " code { (a.adoption.range) }
                @if let Some(current) = &a.current { ", on " (current) }
                @if a.in_range { "; " (impact.proposed) " is in its range" } @else { "; " (impact.proposed) " is outside its range" }
                ")"
            }
            @if !a.broken_fixtures.is_empty() {
                p class="govuk-body" { "Fixtures it produces that " (impact.proposed) " rejects:" }
                ul class="govuk-list govuk-list--bullet" {
                    @for b in &a.broken_fixtures {
                        li {
                            strong { (b.fixture.name) }
                            ul class="govuk-list" {
                                @for e in b.errors.iter().take(5) {
                                    li { "at " code { (if e.instance_path.is_empty() { "(root)" } else { &e.instance_path }) } ": " (e.message) " (" code { (e.keyword) } ")" }
                                }
                            }
                        }
                    }
                }
            }
            @if !a.unreadable.is_empty() {
                p class="govuk-body" { "It consumes documents, and " (impact.proposed) " accepts documents its version rejects, such as:" }
                @for u in a.unreadable.iter().take(3) {
                    details class="govuk-details concord-details" {
                        summary class="govuk-details__summary" { span class="govuk-details__summary-text" { (u.change) } }
                        div class="govuk-details__text" {
                            @for e in u.errors.iter().take(3) {
                                p class="govuk-body-s" { "Its version says at " code { (if e.instance_path.is_empty() { "(root)" } else { &e.instance_path }) } ": " (e.message) }
                            }
                            pre class="concord-code" { (serde_json::to_string_pretty(&u.document).unwrap_or_default()) }
                        }
                    }
                }
            }
        }
    }
}

/// In place of the section when the impact could not be computed.
pub fn unavailable(error: &Error) -> Markup {
    if let Error::Internal(source) = error {
        tracing::error!(error = %source, "impact analysis failed");
    }
    let why = match error {
        Error::Internal(_) => "an internal error".to_owned(),
        other => other.to_string(),
    };
    html! {
        h2 class="govuk-heading-m" id="impact" { "Impact on adopters" }
        div class="govuk-inset-text" {
            p class="govuk-body" { "The impact of this revision on adopters could not be worked out: " (why) "." }
        }
    }
}
