//! The page shell every page shares, in the GOV.UK Design System's patterns (skip link, service
//! navigation, one `main`, a footer) with Concord's own name: no crown and no GDS font, since
//! this is not a GOV.UK service. Styles and script are Concord's own files; nothing is inline.

use axum::response::Html;
use maud::{DOCTYPE, Markup, html};

use crate::http::web::Visitor;

/// A whole page: the shared header and navigation around `body`.
pub fn page(visitor: &Visitor, title: &str, body: Markup) -> Html<String> {
    let signed_in = visitor.session.as_ref();
    Html(
        html! {
            (DOCTYPE)
            html lang="en-GB" class="govuk-template" {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover";
                    title { (title) " · Concord" }
                    link rel="stylesheet" href="/assets/vendor/govuk-frontend/govuk-frontend.min.css";
                    link rel="stylesheet" href="/assets/concord.css";
                }
                body class="govuk-template__body" {
                    a href="#main-content" class="govuk-skip-link" { "Skip to main content" }
                    section aria-label="Service information" class="govuk-service-navigation" {
                        div class="govuk-width-container" {
                            div class="govuk-service-navigation__container" {
                                span class="govuk-service-navigation__service-name" {
                                    a href="/" class="govuk-service-navigation__link" { "Concord" }
                                }
                                nav aria-label="Menu" class="govuk-service-navigation__wrapper" {
                                    ul class="govuk-service-navigation__list" {
                                        (item("/", "Catalogue"))
                                        (item("/proposals", "Proposals"))
                                        (item("/adoption", "Adoption"))
                                        @if let Some(session) = signed_in {
                                            (item("/your-work", "Your work"))
                                            @if session.principal.role == crate::domain::Role::Cdo {
                                                (item("/accounts", "Accounts"))
                                            }
                                        }
                                        (item("/graphql", "GraphQL"))
                                        @match signed_in {
                                            Some(session) => li class="govuk-service-navigation__item" {
                                                form method="post" action="/sign-out" class="concord-inline-form" {
                                                    input type="hidden" name="csrf" value=(session.csrf_token);
                                                    button type="submit" class="concord-link-button govuk-service-navigation__link" { "Sign out" }
                                                }
                                            },
                                            None => (item("/sign-in", "Sign in")),
                                        }
                                    }
                                }
                            }
                        }
                    }
                    div class="govuk-width-container" {
                        @if visitor.demo {
                            div class="govuk-phase-banner" {
                                p class="govuk-phase-banner__content" {
                                    strong class="govuk-tag govuk-phase-banner__content__tag" { "Demo" }
                                    span class="govuk-phase-banner__text" {
                                        "This registry holds demonstration data: the adoptions, fixtures and proposals shown are illustrative, and no organisation has made them."
                                    }
                                }
                            }
                        }
                        @if let Some(session) = signed_in {
                            p class="govuk-body-s concord-signed-in" {
                                "Signed in as " strong { (session.principal.name) } " ("
                                (session.principal.organisation_slug) ", " (session.principal.role.as_str()) ")"
                            }
                        }
                        main class="govuk-main-wrapper" id="main-content" {
                            (body)
                        }
                    }
                    footer class="govuk-footer" {
                        div class="govuk-width-container" {
                            p class="govuk-body-s" {
                                "Concord, London's register of shared data and service standards. "
                                a class="govuk-footer__link" href="/graphql" { "GraphQL API" } " · "
                                a class="govuk-footer__link" href="/audit/head" { "Audit head" }
                            }
                        }
                    }
                    script type="module" src="/assets/concord.js" {}
                }
            }
        }
        .into_string(),
    )
}

fn item(href: &str, label: &str) -> Markup {
    html! {
        li class="govuk-service-navigation__item" {
            a class="govuk-service-navigation__link" href=(href) { (label) }
        }
    }
}
