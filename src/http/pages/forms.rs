//! Form parts in the GOV.UK Design System's patterns: the error summary (each error a link to
//! its field), labelled inputs with hints and inline errors, radios in a fieldset, and the CSRF
//! token every state-changing form carries. A registry error becomes a summary entry pointing at
//! the field it names.

use maud::{Markup, html};

use crate::registry::Error;

/// One problem with a form: the field's id (the link target) and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The id of the field it is about (empty: the form as a whole).
    pub field: String,
    /// The message, in plain English.
    pub message: String,
}

/// The problems of a form.
#[derive(Debug, Clone, Default)]
pub struct Problems(pub Vec<Problem>);

impl Problems {
    /// A problem with the form as a whole.
    pub fn general(message: impl Into<String>) -> Self {
        Self(vec![Problem {
            field: String::new(),
            message: message.into(),
        }])
    }

    /// A registry refusal, pinned to the form field it names when it names one. `fields` maps
    /// the registry's field names to the form's ids.
    pub fn from_error(error: &Error, fields: &[(&str, &str)]) -> Self {
        let named = match error {
            Error::BadInput { field, .. } => Some(field.as_str()),
            Error::InvalidSchema(_) => Some("schema"),
            Error::InvalidDocument { .. } => Some("document"),
            Error::VersionBumpTooSmall(_) => Some("version"),
            _ => None,
        };
        let field = named
            .and_then(|f| {
                fields
                    .iter()
                    .find(|(name, _)| {
                        f == *name
                            || f.starts_with(&format!("{name}."))
                            || f.starts_with(&format!("{name}["))
                            || f.starts_with(&format!("{name}/"))
                    })
                    .map(|(_, id)| (*id).to_owned())
            })
            .unwrap_or_default();
        let message = match error {
            // Each problem names the JSON Pointer it is at.
            Error::InvalidSchema(problems) => {
                let listed: Vec<String> = problems
                    .iter()
                    .take(5)
                    .map(|p| {
                        let at = if p.pointer.is_empty() {
                            "(root)"
                        } else {
                            &p.pointer
                        };
                        format!("at {at}: {}", p.message)
                    })
                    .collect();
                format!("The schema is not valid: {}", listed.join("; "))
            }
            Error::InvalidDocument {
                message,
                violations,
            } => {
                let listed: Vec<String> = violations
                    .iter()
                    .take(5)
                    .map(|v| {
                        let at = if v.instance_path.is_empty() {
                            "(root)"
                        } else {
                            &v.instance_path
                        };
                        format!("at {at}: {}", v.message)
                    })
                    .collect();
                format!("{}: {}", capitalise(message), listed.join("; "))
            }
            other => capitalise(&other.to_string()),
        };
        Self(vec![Problem { field, message }])
    }

    /// The message for a field, if it has one.
    pub fn for_field(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|p| p.field == field)
            .map(|p| p.message.as_str())
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The error summary at the top of a form, focused on load by Concord's script.
pub fn error_summary(problems: &Problems) -> Markup {
    html! {
        @if !problems.is_empty() {
            div class="govuk-error-summary" data-module="govuk-error-summary" tabindex="-1" {
                div role="alert" {
                    h2 class="govuk-error-summary__title" { "There is a problem" }
                    div class="govuk-error-summary__body" {
                        ul class="govuk-list govuk-error-summary__list" {
                            @for problem in &problems.0 {
                                li {
                                    @if problem.field.is_empty() { (problem.message) }
                                    @else { a href={ "#" (problem.field) } { (problem.message) } }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The hidden CSRF field.
pub fn csrf(token: &str) -> Markup {
    html! { input type="hidden" name="csrf" value=(token); }
}

/// A labelled text input.
pub fn text_input(
    id: &str,
    label: &str,
    hint: Option<&str>,
    value: &str,
    problems: &Problems,
) -> Markup {
    let error = problems.for_field(id);
    let described = described_by(id, hint.is_some(), error.is_some());
    html! {
        div class={ "govuk-form-group" @if error.is_some() { " govuk-form-group--error" } } {
            label class="govuk-label govuk-label--s" for=(id) { (label) }
            @if let Some(hint) = hint { div id={ (id) "-hint" } class="govuk-hint" { (hint) } }
            @if let Some(error) = error { p id={ (id) "-error" } class="govuk-error-message" { span class="govuk-visually-hidden" { "Error: " } (error) } }
            input class={ "govuk-input" @if error.is_some() { " govuk-input--error" } } id=(id) name=(id) type="text" value=(value) aria-describedby=[described];
        }
    }
}

/// A labelled textarea.
pub fn textarea(
    id: &str,
    label: &str,
    hint: Option<&str>,
    value: &str,
    rows: u8,
    problems: &Problems,
) -> Markup {
    let error = problems.for_field(id);
    let described = described_by(id, hint.is_some(), error.is_some());
    html! {
        div class={ "govuk-form-group" @if error.is_some() { " govuk-form-group--error" } } {
            label class="govuk-label govuk-label--s" for=(id) { (label) }
            @if let Some(hint) = hint { div id={ (id) "-hint" } class="govuk-hint" { (hint) } }
            @if let Some(error) = error { p id={ (id) "-error" } class="govuk-error-message" { span class="govuk-visually-hidden" { "Error: " } (error) } }
            textarea class={ "govuk-textarea" @if error.is_some() { " govuk-textarea--error" } } id=(id) name=(id) rows=(rows) aria-describedby=[described] { (value) }
        }
    }
}

/// Radios in a fieldset with a legend: `(value, label)` pairs.
pub fn radios(
    id: &str,
    legend: &str,
    options: &[(&str, &str)],
    chosen: Option<&str>,
    problems: &Problems,
) -> Markup {
    let error = problems.for_field(id);
    html! {
        div class={ "govuk-form-group" @if error.is_some() { " govuk-form-group--error" } } {
            fieldset class="govuk-fieldset" aria-describedby=[error.map(|_| format!("{id}-error"))] {
                legend class="govuk-fieldset__legend govuk-fieldset__legend--m" { h2 class="govuk-fieldset__heading" { (legend) } }
                @if let Some(error) = error { p id={ (id) "-error" } class="govuk-error-message" { span class="govuk-visually-hidden" { "Error: " } (error) } }
                div class="govuk-radios" data-module="govuk-radios" {
                    @for (i, (value, label)) in options.iter().enumerate() {
                        @let input_id = if i == 0 { id.to_owned() } else { format!("{id}-{i}") };
                        div class="govuk-radios__item" {
                            input class="govuk-radios__input" id=(input_id) name=(id) type="radio" value=(value) checked[chosen == Some(*value)];
                            label class="govuk-label govuk-radios__label" for=(input_id) { (label) }
                        }
                    }
                }
            }
        }
    }
}

/// A submit button.
pub fn button(label: &str, name: Option<&str>, value: Option<&str>, secondary: bool) -> Markup {
    html! {
        button type="submit" class={ "govuk-button" @if secondary { " govuk-button--secondary" } } data-module="govuk-button" name=[name] value=[value] { (label) }
    }
}

fn described_by(id: &str, hint: bool, error: bool) -> Option<String> {
    let parts: Vec<String> = [
        hint.then(|| format!("{id}-hint")),
        error.then(|| format!("{id}-error")),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// A sentence starts with a capital.
fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
