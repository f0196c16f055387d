//! The CDO's accounts pages: every account by organisation with an invitation form (the link is
//! shown once), and each account with its role, its API tokens (prefix, label, created, last
//! used, expiry) and the forms to change the role, send a new sign-in link, create or revoke a
//! token and deactivate it. The rules are the registry's: these pages only call it.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};

use super::forms::{Problems, button, csrf, error_summary, radios, text_input};
use super::layout::page;
use super::{PageError, day};
use crate::domain::{Email, OrgSlug, Role};
use crate::http::AppState;
use crate::http::web::{Fields, Visitor};
use crate::registry::{Error, Invitation, Session, TokenRequest};

const FIELDS: &[(&str, &str)] = &[
    ("email", "email"),
    ("organisation", "organisation"),
    ("role", "role"),
    ("name", "name"),
    ("label", "label"),
    ("expiresInDays", "expires"),
];

const ROLES: &[(&str, &str)] = &[
    (
        "steward",
        "Steward: proposes and maintains standards for their organisation",
    ),
    (
        "partner",
        "Partner: a tech partner proposing for their organisation",
    ),
    (
        "board",
        "Board: a Smart London Board member who reviews proposals",
    ),
];

fn when(at: Option<chrono::DateTime<chrono::Utc>>, none: &str) -> String {
    at.map(|at| at.format("%-d %B %Y %H:%M").to_string())
        .unwrap_or_else(|| none.to_owned())
}

async fn directory(
    state: &AppState,
    visitor: &Visitor,
    session: &Session,
    fields: &Fields,
    problems: &Problems,
    shown: Option<Markup>,
) -> Result<Response, PageError> {
    let directory = state.registry.account_directory(&visitor.caller()).await?;
    let organisations = state.registry.organisations(None).await?;
    let markup = html! {
        (error_summary(problems))
        h1 class="govuk-heading-l" { "Accounts" }
        @if let Some(shown) = shown { (shown) }
        h2 class="govuk-heading-m" { "Invite someone" }
        div class="govuk-grid-row" { div class="govuk-grid-column-two-thirds" {
            form method="post" action="/accounts" novalidate {
                (csrf(&session.csrf_token))
                (text_input("name", "Name", None, fields.text("name"), problems))
                (text_input("email", "Email address", Some("The address they sign in with"), fields.text("email"), problems))
                div class={ "govuk-form-group" @if problems.for_field("organisation").is_some() { " govuk-form-group--error" } } {
                    label class="govuk-label govuk-label--s" for="organisation" { "Organisation" }
                    @if let Some(error) = problems.for_field("organisation") { p id="organisation-error" class="govuk-error-message" { span class="govuk-visually-hidden" { "Error: " } (error) } }
                    select class="govuk-select" id="organisation" name="organisation" {
                        @for org in &organisations {
                            option value=(org.slug) selected[fields.text("organisation") == org.slug.as_str()] { (org.name) }
                        }
                    }
                }
                (radios("role", "Role", ROLES, fields.get("role"), problems))
                (button("Invite", None, None, false))
            }
        } }
        h2 class="govuk-heading-m" { "Accounts by organisation" }
        @for group in &directory {
            h3 class="govuk-heading-s" { (group.organisation.name) }
            div class="concord-table-wrap" {
                table class="govuk-table" {
                    thead class="govuk-table__head" { tr class="govuk-table__row" {
                        th scope="col" class="govuk-table__header" { "Name" }
                        th scope="col" class="govuk-table__header" { "Role" }
                        th scope="col" class="govuk-table__header" { "Email address" }
                        th scope="col" class="govuk-table__header" { "Status" }
                    } }
                    tbody class="govuk-table__body" {
                        @for account in &group.accounts {
                            tr class="govuk-table__row" {
                                td class="govuk-table__cell" { a class="govuk-link" href={ "/accounts/" (account.id) } { (account.name) } }
                                td class="govuk-table__cell" { (account.role.as_str()) }
                                td class="govuk-table__cell" { @if let Some(email) = &account.email { (email) } }
                                td class="govuk-table__cell" { @if account.deactivated_at.is_some() { "Deactivated" } @else { "Active" } }
                            }
                        }
                    }
                }
            }
        }
    };
    let status = if problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((status, page(visitor, "Accounts", markup)).into_response())
}

fn link_shown(url: &str, expires: chrono::DateTime<chrono::Utc>, who: &str) -> Markup {
    html! {
        div class="govuk-panel govuk-panel--confirmation" {
            h2 class="govuk-panel__title" { "Sign-in link for " (who) }
            div class="govuk-panel__body" { "Shown only this once. It works once, until " (when(Some(expires), "")) " UTC." }
        }
        p class="govuk-body concord-link-shown" id="sign-in-link" { (url) }
    }
}

/// `GET /accounts`.
pub async fn accounts(
    State(state): State<AppState>,
    visitor: Visitor,
) -> Result<Response, PageError> {
    let Some(session) = visitor.session.clone() else {
        return Ok(Redirect::to("/sign-in").into_response());
    };
    directory(
        &state,
        &visitor,
        &session,
        &Fields::default(),
        &Problems::default(),
        None,
    )
    .await
}

/// `POST /accounts`: invites someone.
pub async fn invite(
    State(state): State<AppState>,
    visitor: Visitor,
    fields: Fields,
) -> Result<Response, PageError> {
    let session = match super::act_session(&visitor, &fields) {
        Ok(s) => s.clone(),
        Err(refusal) => return Ok(refusal.into_response()),
    };
    let outcome = async {
        let email = Email::parse(fields.text("email")).map_err(|e| Error::bad_input("email", e))?;
        let organisation = OrgSlug::parse(fields.text("organisation"))
            .map_err(|e| Error::bad_input("organisation", e))?;
        let role = Role::parse(fields.text("role"))
            .map_err(|_| Error::bad_input("role", "choose a role"))?;
        state
            .registry
            .invite(
                &visitor.caller(),
                Invitation {
                    email: &email,
                    organisation: &organisation,
                    role,
                    name: fields.text("name"),
                },
            )
            .await
    }
    .await;
    match outcome {
        Ok((account, link)) => {
            directory(
                &state,
                &visitor,
                &session,
                &Fields::default(),
                &Problems::default(),
                Some(link_shown(&link.url, link.expires_at, &account.name)),
            )
            .await
        }
        Err(error @ Error::Forbidden(_)) | Err(error @ Error::Unauthenticated(_)) => {
            Err(error.into())
        }
        Err(error) => {
            directory(
                &state,
                &visitor,
                &session,
                &fields,
                &Problems::from_error(&error, FIELDS),
                None,
            )
            .await
        }
    }
}

async fn account_page(
    state: &AppState,
    visitor: &Visitor,
    session: &Session,
    id: i64,
    problems: &Problems,
    shown: Option<Markup>,
) -> Result<Response, PageError> {
    let caller = visitor.caller();
    let account = state.registry.account(id).await?;
    let tokens = state.registry.tokens_of(&caller, id).await?;
    let organisation = state
        .registry
        .organisation_by_id(account.organisation_id)
        .await?;
    let active = account.deactivated_at.is_none();
    let markup = html! {
        (error_summary(problems))
        span class="govuk-caption-l" { (organisation.name) }
        h1 class="govuk-heading-l" { (account.name) }
        @if let Some(shown) = shown { (shown) }
        dl class="govuk-summary-list" {
            div class="govuk-summary-list__row" { dt class="govuk-summary-list__key" { "Role" } dd class="govuk-summary-list__value" { (account.role.as_str()) } }
            div class="govuk-summary-list__row" { dt class="govuk-summary-list__key" { "Email address" } dd class="govuk-summary-list__value" { @if let Some(e) = &account.email { (e) } @else { "None (API tokens only)" } } }
            div class="govuk-summary-list__row" { dt class="govuk-summary-list__key" { "Created" } dd class="govuk-summary-list__value" { (day(account.created_at)) } }
            div class="govuk-summary-list__row" { dt class="govuk-summary-list__key" { "Status" } dd class="govuk-summary-list__value" { @match account.deactivated_at { Some(at) => { "Deactivated on " (day(at)) }, None => "Active" } } }
        }
        h2 class="govuk-heading-m" { "API tokens" }
        div class="concord-table-wrap" {
            table class="govuk-table" {
                thead class="govuk-table__head" { tr class="govuk-table__row" {
                    th scope="col" class="govuk-table__header" { "Prefix" }
                    th scope="col" class="govuk-table__header" { "Label" }
                    th scope="col" class="govuk-table__header" { "Created" }
                    th scope="col" class="govuk-table__header" { "Last used" }
                    th scope="col" class="govuk-table__header" { "Expires" }
                    th scope="col" class="govuk-table__header" { span class="govuk-visually-hidden" { "Action" } }
                } }
                tbody class="govuk-table__body" {
                    @for token in &tokens {
                        tr class="govuk-table__row" {
                            td class="govuk-table__cell" { code { (token.prefix) } }
                            td class="govuk-table__cell" { (token.label.as_deref().unwrap_or("")) }
                            td class="govuk-table__cell" { (day(token.created_at)) }
                            td class="govuk-table__cell" { (when(token.last_used_at, "Never")) }
                            td class="govuk-table__cell" { (when(token.expires_at, "Never")) }
                            td class="govuk-table__cell" {
                                @if let Some(at) = token.revoked_at { "Revoked " (day(at)) } @else {
                                    form method="post" action={ "/accounts/" (id) "/revoke" } class="concord-inline-form" {
                                        (csrf(&session.csrf_token))
                                        input type="hidden" name="prefix" value=(token.prefix);
                                        button type="submit" class="govuk-button govuk-button--warning govuk-!-margin-bottom-0" data-module="govuk-button" { "Revoke" span class="govuk-visually-hidden" { " token " (token.prefix) } }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        @if active {
            h3 class="govuk-heading-s" { "Create a token" }
            form method="post" action={ "/accounts/" (id) "/tokens" } novalidate {
                (csrf(&session.csrf_token))
                (text_input("label", "Label", Some("What it is for, such as Camden CI"), "", problems))
                div class="govuk-form-group" {
                    label class="govuk-label govuk-label--s" for="expires" { "Expires after (days)" }
                    div id="expires-hint" class="govuk-hint" { "Leave empty for a token that lasts until it is revoked" }
                    input class="govuk-input govuk-input--width-4" id="expires" name="expires" type="text" inputmode="numeric" aria-describedby="expires-hint";
                }
                (button("Create token", None, None, true))
            }
            @if account.role != Role::Cdo {
                h2 class="govuk-heading-m" { "Change the role" }
                form method="post" action={ "/accounts/" (id) "/role" } novalidate {
                    (csrf(&session.csrf_token))
                    (radios("role", "New role", ROLES, Some(account.role.as_str()), problems))
                    (button("Change role", None, None, true))
                }
                @if account.email.is_some() {
                    form method="post" action={ "/accounts/" (id) "/sign-in-link" } {
                        (csrf(&session.csrf_token))
                        (button("Send a new sign-in link", None, None, true))
                    }
                }
                h2 class="govuk-heading-m" { "Deactivate" }
                p class="govuk-body" { "Their tokens and sessions stop working at once. Their reviews and comments stay on the record." }
                form method="post" action={ "/accounts/" (id) "/deactivate" } {
                    (csrf(&session.csrf_token))
                    button type="submit" class="govuk-button govuk-button--warning" data-module="govuk-button" { "Deactivate this account" }
                }
            }
        }
    };
    let status = if problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((status, page(visitor, &account.name, markup)).into_response())
}

fn account_id(id: &str) -> Result<i64, Error> {
    id.parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| Error::bad_input("id", "not an account number"))
}

/// `GET /accounts/{id}`.
pub async fn account(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let Some(session) = visitor.session.clone() else {
        return Ok(Redirect::to("/sign-in").into_response());
    };
    account_page(
        &state,
        &visitor,
        &session,
        account_id(&id)?,
        &Problems::default(),
        None,
    )
    .await
}

/// `POST /accounts/{id}/{action}`: role, deactivate, sign-in-link, tokens, tokens/revoke.
pub async fn act(
    State(state): State<AppState>,
    visitor: Visitor,
    Path((id, action)): Path<(String, String)>,
    fields: Fields,
) -> Result<Response, PageError> {
    let session = match super::act_session(&visitor, &fields) {
        Ok(s) => s.clone(),
        Err(refusal) => return Ok(refusal.into_response()),
    };
    let id = account_id(&id)?;
    let caller = visitor.caller();
    let registry = &state.registry;
    let outcome: Result<Option<Markup>, Error> = match action.as_str() {
        "role" => match Role::parse(fields.text("role")) {
            Ok(role) => registry.change_role(&caller, id, role).await.map(|_| None),
            Err(_) => Err(Error::bad_input("role", "choose a role")),
        },
        "deactivate" => registry.deactivate_account(&caller, id).await.map(|_| None),
        "sign-in-link" => registry
            .new_sign_in_link(&caller, id)
            .await
            .map(|link| Some(link_shown(&link.url, link.expires_at, "this account"))),
        "tokens" => {
            let expires_in_days = match fields.filled("expires").map(str::parse::<u32>).transpose()
            {
                Ok(days) => days,
                Err(_) => {
                    return account_page(
                        &state,
                        &visitor,
                        &session,
                        id,
                        &Problems::from_error(
                            &Error::bad_input("expiresInDays", "enter a whole number of days"),
                            FIELDS,
                        ),
                        None,
                    )
                    .await;
                }
            };
            let request = TokenRequest {
                label: fields.filled("label").map(str::to_owned),
                expires_in_days,
            };
            registry.add_token(&caller, id, &request).await.map(|(info, token)| Some(html! {
                div class="govuk-panel govuk-panel--confirmation" {
                    h2 class="govuk-panel__title" { "Token " (info.prefix) " created" }
                    div class="govuk-panel__body" { "Copy it now: it is shown only this once." }
                }
                p class="govuk-body concord-link-shown" id="new-token" { (token.secret) }
            }))
        }
        "revoke" => registry
            .revoke_token(&caller, fields.text("prefix"))
            .await
            .map(|_| None),
        _ => Err(Error::not_found("account action", &action)),
    };
    match outcome {
        Ok(None) => Ok(Redirect::to(&format!("/accounts/{id}")).into_response()),
        Ok(Some(shown)) => {
            account_page(
                &state,
                &visitor,
                &session,
                id,
                &Problems::default(),
                Some(shown),
            )
            .await
        }
        Err(error @ (Error::Forbidden(_) | Error::Unauthenticated(_) | Error::NotFound { .. })) => {
            Err(error.into())
        }
        Err(error) => {
            account_page(
                &state,
                &visitor,
                &session,
                id,
                &Problems::from_error(&error, FIELDS),
                None,
            )
            .await
        }
    }
}
