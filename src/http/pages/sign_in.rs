//! Signing in and out: the "Sign in" page, one-time links (opened, then confirmed with a button,
//! so a mail scanner that follows the link does not spend it), OpenID Connect through the
//! deployment's identity provider, and "Sign out".

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use serde::Deserialize;

use super::forms::{Problems, button, error_summary};
use super::layout::page;
use crate::auth::session::{NewSession, OIDC_ATTEMPT_LIFETIME};
use crate::http::AppState;
use crate::http::web::{
    Fields, OIDC_COOKIE, SESSION_COOKIE, Visitor, cookie, set_cookie, with_cookie,
};
use crate::registry::OidcAttempt;

/// Where a person lands after signing in.
const AFTER_SIGN_IN: &str = "/your-work";

fn sign_in_page(
    state: &AppState,
    visitor: &Visitor,
    problems: &Problems,
    status: StatusCode,
) -> Response {
    let oidc = state.oidc.is_some();
    let markup = html! {
        div class="govuk-grid-row" {
            div class="govuk-grid-column-two-thirds" {
                (error_summary(problems))
                h1 class="govuk-heading-l" { "Sign in" }
                @if let Some(ended) = &visitor.ended {
                    @if problems.is_empty() {
                        div class="govuk-inset-text" { (ended) ". Sign in again to carry on." }
                    }
                }
                @if oidc {
                    p class="govuk-body" { "Sign in with the account you use at work. Concord matches you to the account the Chief Digital Officer's office made for you by your e-mail address." }
                    a href="/sign-in/oidc" role="button" draggable="false" class="govuk-button govuk-button--start" data-module="govuk-button" { "Sign in with your organisation's account" }
                }
                h2 class="govuk-heading-m" { "Signing in with a link" }
                p class="govuk-body" {
                    "The Chief Digital Officer's office can send you a sign-in link. It works once, for 24 hours. "
                    "Open it in this browser and confirm."
                }
                p class="govuk-body" {
                    "Reading the catalogue, validating payloads and checking a schema need no account. "
                    a class="govuk-link" href="/" { "Go to the catalogue" } "."
                }
            }
        }
    };
    (status, page(visitor, "Sign in", markup)).into_response()
}

/// `GET /sign-in`.
pub async fn sign_in(State(state): State<AppState>, visitor: Visitor) -> Response {
    if visitor.session.is_some() {
        return Redirect::to(AFTER_SIGN_IN).into_response();
    }
    sign_in_page(&state, &visitor, &Problems::default(), StatusCode::OK)
}

/// `GET /sign-in/link/{secret}`: asks to confirm, without spending the link.
pub async fn link(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(secret): Path<String>,
) -> Response {
    if let Err(error) = state.registry.sign_in_link_works(&secret).await {
        let problems = Problems::general(error.to_string());
        return sign_in_page(&state, &visitor, &problems, StatusCode::UNAUTHORIZED);
    }
    let markup = html! {
        div class="govuk-grid-row" {
            div class="govuk-grid-column-two-thirds" {
                h1 class="govuk-heading-l" { "Sign in to Concord" }
                p class="govuk-body" { "This link signs you in once. Confirm to carry on." }
                form method="post" action={ "/sign-in/link/" (secret) } novalidate {
                    (button("Sign in", None, None, false))
                }
            }
        }
    };
    page(&visitor, "Sign in", markup).into_response()
}

/// `POST /sign-in/link/{secret}`: spends the link and starts the session.
pub async fn redeem(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(secret): Path<String>,
) -> Response {
    match state.registry.redeem_sign_in_link(&secret).await {
        Ok(session) => signed_in(&state, &session),
        Err(error) => {
            let problems = Problems::general(error.to_string());
            sign_in_page(&state, &visitor, &problems, StatusCode::UNAUTHORIZED)
        }
    }
}

fn signed_in(state: &AppState, session: &NewSession) -> Response {
    let max_age = (session.expires_at - state.registry.now())
        .num_seconds()
        .max(0);
    with_cookie(
        Redirect::to(AFTER_SIGN_IN).into_response(),
        set_cookie(state, SESSION_COOKIE, &session.secret.value, max_age),
    )
}

/// `POST /sign-out`.
pub async fn sign_out(
    State(state): State<AppState>,
    visitor: Visitor,
    headers: HeaderMap,
    fields: Fields,
) -> Response {
    if let Some(session) = &visitor.session
        && fields.check_csrf(session).is_err()
    {
        return (
            StatusCode::FORBIDDEN,
            super::refusal_page("this form has expired; reload the page and sign out again"),
        )
            .into_response();
    }
    if let Some(secret) = cookie(&headers, SESSION_COOKIE)
        && let Err(error) = state.registry.sign_out(secret).await
    {
        return super::PageError::from(error).into_response();
    }
    let markup = html! {
        h1 class="govuk-heading-l" { "You have signed out" }
        p class="govuk-body" { a class="govuk-link" href="/sign-in" { "Sign in again" } " or " a class="govuk-link" href="/" { "go to the catalogue" } "." }
    };
    with_cookie(
        page(&Visitor::default(), "Signed out", markup).into_response(),
        set_cookie(&state, SESSION_COOKIE, "", 0),
    )
}

/// `GET /sign-in/oidc`: leaves for the identity provider.
pub async fn oidc_start(State(state): State<AppState>, visitor: Visitor) -> Response {
    let Some(oidc) = state.oidc.clone() else {
        return sign_in_page(
            &state,
            &visitor,
            &Problems::general(
                "Concord is not set up to sign in with an identity provider here; ask for a sign-in link",
            ),
            StatusCode::NOT_FOUND,
        );
    };
    let departure = match oidc.depart().await {
        Ok(d) => d,
        Err(error) => {
            tracing::error!(%error, "could not start an OpenID Connect sign-in");
            return sign_in_page(
                &state,
                &visitor,
                &Problems::general(
                    "Your organisation's sign-in service could not be reached. Try again in a few minutes.",
                ),
                StatusCode::BAD_GATEWAY,
            );
        }
    };
    let attempt = OidcAttempt {
        nonce: departure.nonce,
        pkce_verifier: departure.pkce_verifier,
    };
    if let Err(error) = state
        .registry
        .begin_oidc_attempt(&departure.state, attempt)
        .await
    {
        return super::PageError::from(error).into_response();
    }
    with_cookie(
        Redirect::to(&departure.url).into_response(),
        set_cookie(
            &state,
            OIDC_COOKIE,
            &departure.state,
            OIDC_ATTEMPT_LIFETIME.num_seconds(),
        ),
    )
}

/// The provider's answer.
#[derive(Debug, Deserialize)]
pub struct Callback {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
    error_description: Option<String>,
}

/// `GET /sign-in/oidc/callback`: checks the provider's answer and starts the session.
pub async fn oidc_callback(
    State(state): State<AppState>,
    visitor: Visitor,
    headers: HeaderMap,
    Query(answer): Query<Callback>,
) -> Response {
    let refuse = |message: &str, status| {
        with_cookie(
            sign_in_page(&state, &visitor, &Problems::general(message), status),
            set_cookie(&state, OIDC_COOKIE, "", 0),
        )
    };
    let Some(oidc) = state.oidc.clone() else {
        return refuse(
            "Concord is not set up to sign in with an identity provider here",
            StatusCode::NOT_FOUND,
        );
    };
    if let Some(error) = &answer.error {
        tracing::info!(%error, description = answer.error_description.as_deref(), "the identity provider refused a sign-in");
        return refuse(
            "Your organisation's sign-in service did not sign you in. Try again.",
            StatusCode::UNAUTHORIZED,
        );
    }
    let (Some(code), Some(returned)) = (answer.code.as_deref(), answer.state.as_deref()) else {
        return refuse(
            "The answer from your organisation's sign-in service was incomplete. Try again.",
            StatusCode::BAD_REQUEST,
        );
    };
    // The `state` must come back to the browser that left with it (against login CSRF).
    if cookie(&headers, OIDC_COOKIE)
        .is_none_or(|kept| !crate::auth::session::same_token(kept, returned))
    {
        return refuse(
            "This sign-in was started in another browser or window. Start again here.",
            StatusCode::FORBIDDEN,
        );
    }
    let attempt = match state.registry.finish_oidc_attempt(returned).await {
        Ok(attempt) => attempt,
        Err(error) => return refuse(&error.to_string(), StatusCode::UNAUTHORIZED),
    };
    let email = match oidc
        .arrive(code, &attempt.nonce, &attempt.pkce_verifier)
        .await
    {
        Ok(email) => email,
        Err(crate::auth::oidc::OidcError::Email(why)) => {
            return refuse(&why, StatusCode::FORBIDDEN);
        }
        Err(error) => {
            tracing::warn!(%error, "an OpenID Connect sign-in was refused");
            return refuse(
                "Concord could not confirm who you are with your organisation's sign-in service. Try again.",
                StatusCode::UNAUTHORIZED,
            );
        }
    };
    match state.registry.sign_in_with_email(&email).await {
        Ok(session) => with_cookie(
            signed_in(&state, &session),
            set_cookie(&state, OIDC_COOKIE, "", 0),
        ),
        Err(error) => refuse(&error.to_string(), StatusCode::FORBIDDEN),
    }
}
