//! What the forms on a standard's page post to (`POST /standards/{slug}`, the form named by its
//! hidden `form` field): declaring adoption, adding and removing fixtures, and the CDO's
//! deprecation and retirement. Each checks the session and its CSRF token, calls the use case
//! the GraphQL mutation calls, and goes back to the page (303), or shows it again with the
//! refusal in its error summary and the form's values kept, nothing changed.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{NaiveDate, TimeZone, Utc};

use super::act_session;
use super::forms::Problems;
use super::standard::render;
use super::standard_adoption::Posted;
use crate::domain::{AdoptionStatus, FixtureRole, Slug, VersionNumber};
use crate::http::AppState;
use crate::http::web::{Fields, Visitor};
use crate::registry::{Error, NewFixture, RawAdoption};

/// `POST /standards/{slug}`.
pub async fn standard_act(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(slug): Path<String>,
    fields: Fields,
) -> Response {
    if let Err(refusal) = act_session(&visitor, &fields) {
        return refusal.into_response();
    }
    let form = fields.text("form").to_owned();
    let version = fields.filled("version").map(str::to_owned);
    let (outcome, names, anchor): (Result<(), Error>, &[(&str, &str)], &str) = match form.as_str() {
        "declare" => (
            declare(&state, &visitor, &slug, &fields).await,
            &[
                ("range", "range"),
                ("status", "status"),
                ("systems", "systems"),
                ("note", "adoption-note"),
            ],
            "#declare",
        ),
        "fixture" => (
            add_fixture(&state, &visitor, &fields).await,
            &[
                ("name", "fixture-name"),
                ("role", "fixture-role"),
                ("document", "fixture-document"),
                ("adoption", "fixture-document"),
            ],
            "#fixtures",
        ),
        "remove-fixture" => (
            state
                .registry
                .remove_fixture(&visitor.caller(), fields.text("fixture"))
                .await
                .map(|_| ()),
            &[],
            "#fixtures",
        ),
        "deprecate" => (
            deprecate(&state, &visitor, &slug, &fields).await,
            &[
                ("successor", "successor"),
                ("sunset", "sunset"),
                ("note", "deprecate-note"),
            ],
            "#manage",
        ),
        "retire" => (
            retire(&state, &visitor, &slug, &fields).await,
            &[("note", "retire-note")],
            "#manage",
        ),
        _ => (
            Err(Error::bad_input("form", "this page has no such form")),
            &[],
            "",
        ),
    };
    match outcome {
        Ok(()) => {
            let query = version.map(|v| format!("?version={v}")).unwrap_or_default();
            Redirect::to(&format!("/standards/{slug}{query}{anchor}")).into_response()
        }
        Err(error) => {
            let status = crate::http::status_of(&error);
            let problems = Problems::from_error(&error, names);
            let posted = Posted {
                action: &form,
                fields: &fields,
            };
            render(
                &state,
                &visitor,
                &slug,
                version.as_deref(),
                &problems,
                Some(&posted),
                status,
            )
            .await
            .unwrap_or_else(IntoResponse::into_response)
        }
    }
}

async fn declare(
    state: &AppState,
    visitor: &Visitor,
    slug: &str,
    fields: &Fields,
) -> Result<(), Error> {
    let status = AdoptionStatus::parse(fields.text("status"))
        .map_err(|_| Error::bad_input("status", "choose how far along your organisation is"))?;
    let systems: Vec<String> = fields
        .text("systems")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    state
        .registry
        .declare_adoption(
            &visitor.caller(),
            RawAdoption {
                standard: slug,
                range: fields.text("range"),
                status,
                systems: &systems,
                note: fields.filled("adoption-note"),
            },
        )
        .await
        .map(|_| ())
}

async fn add_fixture(state: &AppState, visitor: &Visitor, fields: &Fields) -> Result<(), Error> {
    let role = FixtureRole::parse(fields.text("fixture-role")).map_err(|_| {
        Error::bad_input(
            "role",
            "choose whether you produce or consume documents like it",
        )
    })?;
    let text = fields
        .filled("fixture-file")
        .or_else(|| fields.filled("fixture-document"))
        .ok_or_else(|| Error::bad_input("document", "paste the document or choose its file"))?;
    let document: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| Error::bad_input("document", format!("the document is not JSON: {e}")))?;
    state
        .registry
        .add_fixture(
            &visitor.caller(),
            NewFixture {
                adoption: fields.text("adoption"),
                name: fields.text("fixture-name"),
                role,
                document,
            },
        )
        .await
        .map(|_| ())
}

fn standard_and_version(slug: &str, fields: &Fields) -> Result<(Slug, VersionNumber), Error> {
    Ok((
        Slug::parse(slug).map_err(|e| Error::bad_input("standard", e))?,
        VersionNumber::parse(fields.text("version")).map_err(|e| Error::bad_input("version", e))?,
    ))
}

async fn deprecate(
    state: &AppState,
    visitor: &Visitor,
    slug: &str,
    fields: &Fields,
) -> Result<(), Error> {
    let (slug, number) = standard_and_version(slug, fields)?;
    let successor = fields
        .filled("successor")
        .map(|s| VersionNumber::parse(s).map_err(|e| Error::bad_input("successor", e)))
        .transpose()?;
    let sunset = fields
        .filled("sunset")
        .map(|d| {
            NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d")
                .map(|date| Utc.from_utc_datetime(&date.and_hms_opt(23, 59, 0).unwrap_or_default()))
                .map_err(|_| {
                    Error::bad_input("sunset", "enter the sunset date, such as 2027-06-30")
                })
        })
        .transpose()?;
    state
        .registry
        .deprecate_version(
            &visitor.caller(),
            &slug,
            &number,
            successor.as_ref(),
            sunset,
            fields.filled("deprecate-note"),
        )
        .await
        .map(|_| ())
}

async fn retire(
    state: &AppState,
    visitor: &Visitor,
    slug: &str,
    fields: &Fields,
) -> Result<(), Error> {
    let (slug, number) = standard_and_version(slug, fields)?;
    state
        .registry
        .retire_version(
            &visitor.caller(),
            &slug,
            &number,
            fields.filled("retire-note"),
        )
        .await
        .map(|_| ())
}
