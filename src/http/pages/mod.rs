//! Web pages for people: the catalogue, a standard with its versions, the changes between two
//! versions, and proposals with their reviews, comments and timeline. Server-rendered HTML with
//! no script, so they work in any browser and on a council's locked-down desktop; everything on
//! them is public, as the registry is. maud escapes every value it writes.

mod catalogue;
mod diff;
mod proposal;

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use maud::{DOCTYPE, Markup, html};

pub use catalogue::{catalogue, standard};
pub use diff::diff;
pub use proposal::{proposal, proposals};

use super::error::{error_body, status_of};
use crate::registry::Error;

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:72rem;margin:0 auto;padding:1rem 1.5rem;line-height:1.5;color:#1d1d1b}\
a{color:#005ea5}table{border-collapse:collapse;width:100%;margin:1rem 0}th,td{text-align:left;padding:.35rem .6rem;border-bottom:1px solid #ddd;vertical-align:top}\
code{background:#f3f2f1;padding:0 .2rem}.tag{display:inline-block;background:#e8f1f8;border-radius:.2rem;padding:0 .4rem;margin-right:.3rem}\
.breaking{color:#b10e1e;font-weight:600}.muted{color:#505a5f}nav a{margin-right:1rem}blockquote{border-left:4px solid #ddd;margin:.5rem 0;padding-left:.8rem}\
pre{background:#f3f2f1;padding:.5rem;overflow-x:auto}";

/// A whole page: the shared header and navigation around `body`.
fn page(title: &str, body: Markup) -> Html<String> {
    Html(
        html! {
            (DOCTYPE)
            html lang="en-GB" {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { (title) " · Concord" }
                    style { (maud::PreEscaped(STYLE)) }
                }
                body {
                    header {
                        nav {
                            a href="/" { strong { "Concord" } }
                            a href="/" { "Catalogue" }
                            a href="/proposals" { "Proposals" }
                            a href="/graphql" { "GraphQL" }
                        }
                    }
                    main { (body) }
                }
            }
        }
        .into_string(),
    )
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
            h1 { (heading) }
            p { (message) }
            p { a href="/" { "Back to the catalogue" } }
        };
        (status, page(heading, markup)).into_response()
    }
}

/// The date part of a timestamp, as people write it in London.
fn day(at: chrono::DateTime<chrono::Utc>) -> String {
    at.format("%-d %B %Y").to_string()
}
