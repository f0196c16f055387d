//! Proposing from the browser: "Propose a new standard" and "Propose a new version". The schema
//! is pasted or uploaded as a file; "Check" shows what the registry would say (the schema's
//! problems with their JSON Pointers, or the compatibility report against the published
//! versions) without storing anything; "Save draft" makes the proposal. A refused form keeps
//! what was typed.

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;

use super::forms::{Problems, button, csrf, error_summary, text_input, textarea};
use super::layout::page;
use super::report::report;
use crate::domain::{SchemaDocument, Slug, VersionNumber};
use crate::http::AppState;
use crate::http::web::{Fields, Visitor};
use crate::registry::{
    Error, NewStandardProposal, NewVersionProposal, RawStandardProposal, Session,
};

/// The registry's field names and the form's ids.
const FIELDS: &[(&str, &str)] = &[
    ("slug", "slug"),
    ("title", "title"),
    ("summary", "summary"),
    ("theme", "theme"),
    ("version", "version"),
    ("changelog", "changelog"),
    ("rationale", "rationale"),
    ("schema", "schema"),
];

/// The schema from the uploaded file when one was chosen, else from the text box.
fn schema_text(fields: &Fields) -> &str {
    fields
        .filled("schema-file")
        .or_else(|| fields.get("schema"))
        .unwrap_or_default()
}

fn parse_schema(text: &str) -> Result<SchemaDocument, Error> {
    if text.trim().is_empty() {
        return Err(Error::bad_input(
            "schema",
            "paste the schema or choose its file",
        ));
    }
    SchemaDocument::parse(text.to_owned()).map_err(|e| {
        Error::bad_input(
            "schema",
            format!(
                "the schema is not JSON: {e} (line {}, column {})",
                e.line(),
                e.column()
            ),
        )
    })
}

fn schema_fields(fields: &Fields, problems: &Problems) -> Markup {
    html! {
        (textarea("schema", "Schema", Some("The JSON Schema, pasted here, or choose its file below."), schema_text(fields), 14, problems))
        div class="govuk-form-group" {
            label class="govuk-label govuk-label--s" for="schema-file" { "Or upload the schema file" }
            div id="schema-file-hint" class="govuk-hint" { "A .json file. When you choose one it is used instead of the text above." }
            input class="govuk-file-upload" id="schema-file" name="schema-file" type="file" accept=".json,application/json,application/schema+json" aria-describedby="schema-file-hint";
        }
    }
}

fn buttons() -> Markup {
    html! {
        div class="govuk-button-group" {
            (button("Check", Some("action"), Some("check"), true))
            (button("Save draft", Some("action"), Some("save"), false))
        }
    }
}

fn require_session(visitor: &Visitor) -> Result<&Session, Redirect> {
    visitor
        .session
        .as_ref()
        .ok_or_else(|| Redirect::to("/sign-in"))
}

fn standard_form(
    visitor: &Visitor,
    session: &Session,
    fields: &Fields,
    problems: &Problems,
    checked: Option<Markup>,
) -> Response {
    let markup = html! {
        div class="govuk-grid-row" { div class="govuk-grid-column-two-thirds" {
            (error_summary(problems))
            h1 class="govuk-heading-l" { "Propose a new standard" }
            @if let Some(checked) = checked { (checked) }
            form method="post" action="/propose/standard" enctype="multipart/form-data" novalidate {
                (csrf(&session.csrf_token))
                (text_input("slug", "Slug", Some("Lowercase words joined by hyphens, with / between parts: the standard's name in addresses, such as waste/collection-day"), fields.text("slug"), problems))
                (text_input("title", "Title", None, fields.text("title"), problems))
                (textarea("summary", "Summary", Some("What the standard describes, in a few sentences"), fields.text("summary"), 3, problems))
                (text_input("theme", "Theme", Some("Such as transport, waste, housing or energy"), fields.text("theme"), problems))
                (text_input("version", "Version", Some("The first version's number, such as 1.0.0 (0.1.0 for a draft standard)"), fields.text("version"), problems))
                (textarea("rationale", "Rationale", Some("Why London needs this standard"), fields.text("rationale"), 5, problems))
                (schema_fields(fields, problems))
                (buttons())
            }
        } }
    };
    page(visitor, "Propose a new standard", markup).into_response()
}

/// `GET /propose/standard`.
pub async fn standard_form_page(visitor: Visitor) -> Response {
    match require_session(&visitor) {
        Ok(session) => standard_form(
            &visitor,
            session,
            &Fields::default(),
            &Problems::default(),
            None,
        ),
        Err(redirect) => redirect.into_response(),
    }
}

/// `POST /propose/standard`.
pub async fn propose_standard(
    State(state): State<AppState>,
    visitor: Visitor,
    fields: Fields,
) -> Response {
    let session = match super::act_session(&visitor, &fields) {
        Ok(s) => s,
        Err(refusal) => return refusal.into_response(),
    };
    let registry = &state.registry;
    let outcome = async {
        let schema = parse_schema(schema_text(&fields))?;
        let input = NewStandardProposal::parse(
            RawStandardProposal {
                slug: fields.text("slug"),
                title: fields.text("title"),
                summary: fields.text("summary"),
                theme: fields.text("theme"),
                tags: &[],
                mode: None,
                policy: None,
                version: fields.text("version"),
                rationale: fields.text("rationale"),
            },
            schema.into(),
        )?;
        if fields.get("action") == Some("check") {
            registry
                .check_proposed_schema(&input.slug, &input.version, &input.schema)
                .await?;
            Ok(None)
        } else {
            registry
                .propose_standard(&visitor.caller(), input)
                .await
                .map(Some)
        }
    }
    .await;
    match outcome {
        Ok(Some(proposal)) => Redirect::to(&format!("/proposals/{}", proposal.id)).into_response(),
        Ok(None) => {
            let checked = html! {
                div class="govuk-panel govuk-panel--confirmation concord-check" {
                    h2 class="govuk-panel__title" { "The schema is valid" }
                    div class="govuk-panel__body" { "A new standard's first version needs the board's review like any major version. Nothing has been saved yet." }
                }
            };
            standard_form(
                &visitor,
                session,
                &fields,
                &Problems::default(),
                Some(checked),
            )
        }
        Err(error) => standard_form(
            &visitor,
            session,
            &fields,
            &Problems::from_error(&error, FIELDS),
            None,
        ),
    }
}

/// The standard a new version is proposed for.
#[derive(Debug, Deserialize)]
pub struct ForStandard {
    standard: Option<String>,
}

fn version_form(
    visitor: &Visitor,
    session: &Session,
    slug: &str,
    fields: &Fields,
    problems: &Problems,
    checked: Option<Markup>,
) -> Response {
    let markup = html! {
        (error_summary(problems))
        span class="govuk-caption-l" { code { (slug) } }
        h1 class="govuk-heading-l" { "Propose a new version" }
        @if let Some(checked) = checked { (checked) }
        div class="govuk-grid-row" { div class="govuk-grid-column-two-thirds" {
            form method="post" action="/propose/version" enctype="multipart/form-data" novalidate {
                (csrf(&session.csrf_token))
                input type="hidden" name="standard" value=(slug);
                (text_input("version", "Version", Some("Semantic versioning: MAJOR.MINOR.PATCH. Check tells you the smallest version the changes allow."), fields.text("version"), problems))
                (textarea("changelog", "Changelog", Some("What changed, for the people who use the standard"), fields.text("changelog"), 4, problems))
                (textarea("rationale", "Rationale", Some("Why the change is needed"), fields.text("rationale"), 4, problems))
                (schema_fields(fields, problems))
                (buttons())
            }
        } }
    };
    page(visitor, "Propose a new version", markup).into_response()
}

/// `GET /propose/version?standard=SLUG`.
pub async fn version_form_page(
    State(state): State<AppState>,
    visitor: Visitor,
    Query(query): Query<ForStandard>,
) -> Response {
    let session = match require_session(&visitor) {
        Ok(s) => s,
        Err(redirect) => return redirect.into_response(),
    };
    let slug = match Slug::parse(query.standard.as_deref().unwrap_or_default()) {
        Ok(slug) => slug,
        Err(e) => return super::PageError::from(Error::bad_input("standard", e)).into_response(),
    };
    if let Err(error) = state.registry.standard(&slug).await {
        return super::PageError::from(error).into_response();
    }
    version_form(
        &visitor,
        session,
        slug.as_str(),
        &Fields::default(),
        &Problems::default(),
        None,
    )
}

/// `POST /propose/version`.
pub async fn propose_version(
    State(state): State<AppState>,
    visitor: Visitor,
    fields: Fields,
) -> Response {
    let session = match super::act_session(&visitor, &fields) {
        Ok(s) => s,
        Err(refusal) => return refusal.into_response(),
    };
    let registry = &state.registry;
    let slug = fields.text("standard");
    let outcome = async {
        let schema = parse_schema(schema_text(&fields))?;
        if fields.get("action") == Some("check") {
            let standard = Slug::parse(slug).map_err(|e| Error::bad_input("standard", e))?;
            let declared = fields
                .filled("version")
                .map(|v| VersionNumber::parse(v).map_err(|e| Error::bad_input("version", e)))
                .transpose()?;
            let dry = registry
                .dry_run_compatibility(&standard, schema.into(), declared)
                .await?;
            Ok(Err(dry))
        } else {
            let input = NewVersionProposal::parse(
                slug,
                fields.text("version"),
                schema.into(),
                fields.text("changelog"),
                fields.text("rationale"),
            )?;
            registry
                .propose_version(&visitor.caller(), input)
                .await
                .map(Ok)
        }
    }
    .await;
    match outcome {
        Ok(Ok(proposal)) => Redirect::to(&format!("/proposals/{}", proposal.id)).into_response(),
        Ok(Err(dry)) => {
            let mut problems = Problems::default();
            let verdict = match &dry.declared {
                Some((version, Ok(note))) => html! {
                    p class="govuk-body" { "Version " strong { (version) } " is acceptable: the changes need at least a " (note.needed) " version."
                        @if let Some(remark) = &note.note { " " (remark) } }
                },
                Some((_, Err(error))) => {
                    problems = Problems::from_error(error, FIELDS);
                    html! {}
                }
                None => {
                    html! { p class="govuk-body" { "Enter a version to check it against the bump the changes need." } }
                }
            };
            let checked = html! {
                div class="govuk-inset-text concord-check" {
                    h2 class="govuk-heading-m" { "What the registry would say" }
                    p class="govuk-body" { "Nothing has been saved." }
                    (verdict)
                }
                @for compared in &dry.report.reports {
                    h3 class="govuk-heading-s" { "Against version " (compared.version) }
                    (report(&compared.report))
                }
            };
            version_form(&visitor, session, slug, &fields, &problems, Some(checked))
        }
        Err(error) => version_form(
            &visitor,
            session,
            slug,
            &fields,
            &Problems::from_error(&error, FIELDS),
            None,
        ),
    }
}
