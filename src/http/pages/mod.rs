//! Web pages for people: the catalogue, a standard with its versions, the changes between two
//! versions, and proposals with their reviews, comments and timeline. Server-rendered HTML whose
//! one script only enhances, so they work in any browser and on a council's locked-down desktop; everything on
//! them is public, as the registry is. maud escapes every value it writes.
//! Signed-in people also act here: propose, comment, review, convene, decide and manage accounts,
//! through the same use cases as the API; a refusal is shown in the form's error summary.

mod accounts;
mod act;
mod actions;
mod adopt;
mod adoption_map;
mod catalogue;
mod diff;
mod forms;
mod impact;
mod layout;
mod london_grid;
mod manage_versions;
mod organisation;
mod proposal;
mod propose;
mod report;
mod schema_warnings;
mod sign_in;
mod standard;
mod standard_adoption;
mod tree;
mod work;

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use maud::html;

pub use accounts::{account, accounts, act as account_act, invite};
pub use act::{comment, convene, decide, review, revise, revise_form, submit, withdraw};
pub use adopt::standard_act;
pub use adoption_map::{adoption, adoption_csv, adoption_json};
pub use catalogue::catalogue;
pub use diff::diff;
pub use layout::page;
pub use organisation::organisation;
pub use proposal::{proposal, proposals};
pub use propose::{propose_standard, propose_version, standard_form_page, version_form_page};
pub use sign_in::{link, oidc_callback, oidc_start, redeem, sign_in, sign_out};
pub use standard::standard;
pub use work::your_work;

use crate::http::web::Visitor;

use super::error::{error_body, status_of};
use crate::registry::Error;

/// A short page saying why a request was refused before anything ran.
pub fn refusal_page(message: &str) -> Html<String> {
    let markup = html! {
        h1 class="govuk-heading-l" { "Concord did not do that" }
        p class="govuk-body" { (capitalised(message)) "." }
        p class="govuk-body" { a class="govuk-link" href="/" { "Back to the catalogue" } }
    };
    page(&Visitor::default(), "Not done", markup)
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The answer to a form posted without a live session: `401`, with a way to sign in.
pub fn not_signed_in(visitor: &Visitor) -> Response {
    let why = visitor
        .ended
        .clone()
        .unwrap_or_else(|| "you need to sign in to do this".to_owned());
    let markup = html! {
        h1 class="govuk-heading-l" { "Sign in to carry on" }
        p class="govuk-body" { (capitalised(&why)) ". Nothing was changed." }
        p class="govuk-body" { a class="govuk-link" href="/sign-in" { "Sign in" } }
    };
    (
        StatusCode::UNAUTHORIZED,
        page(&Visitor::default(), "Sign in to carry on", markup),
    )
        .into_response()
}

/// The answer to a refused form (a bad CSRF token): `403`, nothing changed.
pub fn forbidden(message: &str) -> Response {
    (StatusCode::FORBIDDEN, refusal_page(message)).into_response()
}

/// Why a state-changing form was refused before anything ran.
pub enum Denied {
    /// No live session.
    NotSignedIn(Option<String>),
    /// The CSRF token is missing or wrong.
    Csrf(String),
}

impl IntoResponse for Denied {
    fn into_response(self) -> Response {
        match self {
            Self::NotSignedIn(ended) => not_signed_in(&Visitor {
                session: None,
                ended,
                demo: false,
            }),
            Self::Csrf(message) => forbidden(&message),
        }
    }
}

/// The session of a state-changing form, its CSRF token checked, or the refusal to send.
fn act_session<'a>(
    visitor: &'a Visitor,
    fields: &crate::http::web::Fields,
) -> Result<&'a crate::registry::Session, Denied> {
    let session = visitor
        .session
        .as_ref()
        .ok_or_else(|| Denied::NotSignedIn(visitor.ended.clone()))?;
    fields
        .check_csrf(session)
        .map_err(|refusal| Denied::Csrf(refusal.to_string()))?;
    Ok(session)
}

/// A registry error as a page, with the status the REST surface gives it.
pub struct PageError(Error);

impl From<Error> for PageError {
    fn from(error: Error) -> Self {
        Self(error)
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let status = status_of(&self.0);
        let body = error_body(&self.0);
        let message = body["error"]["message"]
            .as_str()
            .unwrap_or("Something went wrong");
        let heading = match status {
            StatusCode::NOT_FOUND => "Not found",
            StatusCode::BAD_REQUEST | StatusCode::UNPROCESSABLE_ENTITY => "Not a valid address",
            _ => "Something went wrong",
        };
        let markup = html! {
            h1 class="govuk-heading-l" { (heading) }
            p class="govuk-body" { (message) }
            p class="govuk-body" { a class="govuk-link" href="/" { "Back to the catalogue" } }
        };
        (status, page(&Visitor::default(), heading, markup)).into_response()
    }
}

/// The date part of a timestamp, as people write it in London.
fn day(at: chrono::DateTime<chrono::Utc>) -> String {
    at.format("%-d %B %Y").to_string()
}
