//! What the forms on a proposal page post to. Each handler checks the session and its CSRF
//! token, parses the fields, calls the same registry use case the GraphQL mutation calls, and
//! then either goes back to the proposal (303) or shows it again with the refusal in its error
//! summary, nothing changed.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{NaiveDate, TimeZone, Utc};
use maud::html;

use super::forms::{Problems, button, csrf, error_summary, text_input, textarea};
use super::layout::page;
use super::proposal::{parse_id, render};
use crate::domain::{Decision, SchemaDocument, Verdict};
use crate::http::AppState;
use crate::http::web::{Fields, Visitor};
use crate::registry::{Error, Session};

/// The registry's field names and the ids of the proposal page's fields.
const FIELDS: &[(&str, &str)] = &[
    ("verdict", "verdict"),
    ("comment", "review-comment"),
    ("decision", "decision"),
    ("note", "decision-note"),
    ("deadline", "deadline"),
    ("reviewers", "deadline"),
    ("version", "version"),
    ("changelog", "changelog"),
    ("schema", "schema"),
];

use super::act_session as checked;

async fn done(
    state: &AppState,
    visitor: &Visitor,
    id: i64,
    outcome: Result<(), Error>,
    anchor: &str,
) -> Response {
    match outcome {
        Ok(()) => Redirect::to(&format!("/proposals/{id}{anchor}")).into_response(),
        Err(error) => {
            let status = crate::http::status_of(&error);
            let problems = Problems::from_error(&error, FIELDS);
            render(state, visitor, id, &problems, status)
                .await
                .unwrap_or_else(IntoResponse::into_response)
        }
    }
}

macro_rules! proposal_id {
    ($id:expr) => {
        match parse_id(&$id) {
            Ok(id) => id,
            Err(error) => return super::PageError::from(error).into_response(),
        }
    };
}

/// `POST /proposals/{id}/submit`.
pub async fn submit(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(id): Path<String>,
    fields: Fields,
) -> Response {
    let id = proposal_id!(id);
    if let Err(refusal) = checked(&visitor, &fields) {
        return refusal.into_response();
    }
    let outcome = state
        .registry
        .submit_proposal(&visitor.caller(), id)
        .await
        .map(|_| ());
    done(&state, &visitor, id, outcome, "").await
}

/// `POST /proposals/{id}/withdraw`.
pub async fn withdraw(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(id): Path<String>,
    fields: Fields,
) -> Response {
    let id = proposal_id!(id);
    if let Err(refusal) = checked(&visitor, &fields) {
        return refusal.into_response();
    }
    let outcome = state
        .registry
        .withdraw_proposal(&visitor.caller(), id, fields.filled("note"))
        .await
        .map(|_| ());
    done(&state, &visitor, id, outcome, "").await
}

/// `POST /proposals/{id}/comments`: a comment, anchored at a field or not, or a reply.
pub async fn comment(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(id): Path<String>,
    fields: Fields,
) -> Response {
    let id = proposal_id!(id);
    if let Err(refusal) = checked(&visitor, &fields) {
        return refusal.into_response();
    }
    let outcome = async {
        let reply_to = fields
            .filled("reply_to")
            .map(|r| {
                r.parse::<i64>()
                    .map_err(|_| Error::bad_input("replyTo", "not a comment number"))
            })
            .transpose()?;
        state
            .registry
            .comment_on_proposal(
                &visitor.caller(),
                id,
                fields.text("body"),
                fields.filled("pointer"),
                reply_to,
            )
            .await
    }
    .await;
    let anchor = match &outcome {
        Ok(comment) => format!("#comment-{}", comment.id),
        Err(_) => String::new(),
    };
    done(&state, &visitor, id, outcome.map(|_| ()), &anchor).await
}

/// `POST /proposals/{id}/review`.
pub async fn review(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(id): Path<String>,
    fields: Fields,
) -> Response {
    let id = proposal_id!(id);
    if let Err(refusal) = checked(&visitor, &fields) {
        return refusal.into_response();
    }
    let outcome = async {
        let verdict = Verdict::parse(fields.text("verdict")).map_err(|_| {
            Error::bad_input("verdict", "choose Approve, Request changes or Reject")
        })?;
        state
            .registry
            .cast_review(&visitor.caller(), id, verdict, fields.text("comment"))
            .await
    }
    .await;
    done(&state, &visitor, id, outcome.map(|_| ()), "").await
}

/// `POST /proposals/{id}/decision`.
pub async fn decide(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(id): Path<String>,
    fields: Fields,
) -> Response {
    let id = proposal_id!(id);
    if let Err(refusal) = checked(&visitor, &fields) {
        return refusal.into_response();
    }
    let outcome = async {
        let decision = Decision::parse(fields.text("decision")).map_err(|_| {
            Error::bad_input("decision", "choose Approve, Request changes or Reject")
        })?;
        state
            .registry
            .decide_proposal(&visitor.caller(), id, decision, fields.filled("note"))
            .await
    }
    .await;
    done(&state, &visitor, id, outcome.map(|_| ()), "").await
}

/// `POST /proposals/{id}/convene`: the deadline is the end of the chosen day, London time being
/// within an hour of UTC.
pub async fn convene(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(id): Path<String>,
    fields: Fields,
) -> Response {
    let id = proposal_id!(id);
    if let Err(refusal) = checked(&visitor, &fields) {
        return refusal.into_response();
    }
    let outcome = async {
        let date = NaiveDate::parse_from_str(fields.text("deadline").trim(), "%Y-%m-%d").map_err(
            |_| {
                Error::bad_input(
                    "deadline",
                    "enter the date the board reports by, such as 2027-01-31",
                )
            },
        )?;
        let deadline = Utc.from_utc_datetime(&date.and_hms_opt(23, 59, 0).unwrap_or_default());
        let reviewers = fields
            .all("reviewers")
            .into_iter()
            .map(|r| {
                r.parse::<i64>()
                    .map_err(|_| Error::bad_input("reviewers", "not an account"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        if reviewers.is_empty() {
            return Err(Error::bad_input(
                "reviewers",
                "choose the board members who will review it",
            ));
        }
        state
            .registry
            .convene_review(&visitor.caller(), id, deadline, Some(reviewers))
            .await
    }
    .await;
    done(&state, &visitor, id, outcome.map(|_| ()), "").await
}

fn revise_page(
    visitor: &Visitor,
    session: &Session,
    id: i64,
    fields: &Fields,
    problems: &Problems,
) -> Response {
    let markup = html! {
        (error_summary(problems))
        span class="govuk-caption-l" { "Proposal " (id) }
        h1 class="govuk-heading-l" { "Revise the proposal" }
        div class="govuk-grid-row" { div class="govuk-grid-column-two-thirds" {
            form method="post" action={ "/proposals/" (id) "/revise" } enctype="multipart/form-data" novalidate {
                (csrf(&session.csrf_token))
                (text_input("version", "Version", Some("The version this revision proposes"), fields.text("version"), problems))
                (textarea("changelog", "Changelog", Some("What changed since the last revision"), fields.text("changelog"), 4, problems))
                (textarea("schema", "Schema", Some("The revised JSON Schema, pasted here, or choose its file below."), fields.text("schema"), 14, problems))
                div class="govuk-form-group" {
                    label class="govuk-label govuk-label--s" for="schema-file" { "Or upload the schema file" }
                    input class="govuk-file-upload" id="schema-file" name="schema-file" type="file" accept=".json,application/json";
                }
                (button("Save revision", None, None, false))
            }
        } }
    };
    let status = if problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    (status, page(visitor, "Revise the proposal", markup)).into_response()
}

/// `GET /proposals/{id}/revise`: the form, filled with the latest revision.
pub async fn revise_form(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(id): Path<String>,
) -> Response {
    let id = proposal_id!(id);
    let Some(session) = visitor.session.as_ref() else {
        return Redirect::to("/sign-in").into_response();
    };
    match state.registry.latest_revision(id).await {
        Ok(latest) => {
            let fields = Fields::from_pairs(vec![
                ("version".to_owned(), latest.version.to_string()),
                ("schema".to_owned(), latest.schema_text.to_string()),
            ]);
            revise_page(&visitor, session, id, &fields, &Problems::default())
        }
        Err(error) => super::PageError::from(error).into_response(),
    }
}

/// `POST /proposals/{id}/revise`.
pub async fn revise(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(id): Path<String>,
    fields: Fields,
) -> Response {
    let id = proposal_id!(id);
    let session = match checked(&visitor, &fields) {
        Ok(session) => session,
        Err(refusal) => return refusal.into_response(),
    };
    let outcome = async {
        let text = fields
            .filled("schema-file")
            .or_else(|| fields.get("schema"))
            .unwrap_or_default();
        let schema = SchemaDocument::parse(text.to_owned())
            .map_err(|e| Error::bad_input("schema", format!("the schema is not JSON: {e}")))?;
        state
            .registry
            .revise_proposal(
                &visitor.caller(),
                id,
                schema.into(),
                fields.text("version"),
                fields.text("changelog"),
            )
            .await
    }
    .await;
    match outcome {
        Ok(_) => Redirect::to(&format!("/proposals/{id}")).into_response(),
        Err(error) => revise_page(
            &visitor,
            session,
            id,
            &fields,
            &Problems::from_error(&error, FIELDS),
        ),
    }
}
