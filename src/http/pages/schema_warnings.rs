//! The notice, on a proposal's page, of what its schema asks for that Concord accepts but does
//! not check (unknown `format`s), so the board reads it before approving.

use maud::{Markup, html};

/// The board's notice of what the proposed schema asks for that Concord will not check, each
/// linked to its place in the schema.
pub fn section(warnings: &[crate::validate::SchemaWarning]) -> Markup {
    html! {
        @if !warnings.is_empty() {
            div class="govuk-warning-text" id="warnings" {
                span class="govuk-warning-text__icon" aria-hidden="true" { "!" }
                div class="govuk-warning-text__text" {
                    span class="govuk-visually-hidden" { "Warning" }
                    "Concord accepts this schema but will not check everything it says:"
                    ul class="govuk-list govuk-list--bullet" {
                        @for warning in warnings {
                            li {
                                (warning.message) " (at " code { (warning.pointer) }
                                @if let Some(document) = &warning.document { " in " code { (document) } }
                                ")"
                            }
                        }
                    }
                }
            }
        }
    }
}
