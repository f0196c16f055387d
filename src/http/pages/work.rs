//! `GET /your-work`: what is waiting for the signed-in person (the registry's `work_for`).

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};

use super::layout::page;
use super::{PageError, day};
use crate::http::AppState;
use crate::http::web::Visitor;
use crate::registry::{Proposal, Work};

fn proposal_table(
    proposals: &[Proposal],
    date_heading: &str,
    date: impl Fn(&Proposal) -> String,
) -> Markup {
    html! {
        div class="concord-table-wrap" {
            table class="govuk-table" {
                thead class="govuk-table__head" { tr class="govuk-table__row" {
                    th scope="col" class="govuk-table__header" { "Proposal" }
                    th scope="col" class="govuk-table__header" { "State" }
                    th scope="col" class="govuk-table__header" { (date_heading) }
                } }
                tbody class="govuk-table__body" {
                    @for p in proposals {
                        tr class="govuk-table__row" {
                            td class="govuk-table__cell" { a class="govuk-link" href={ "/proposals/" (p.id) } { (p.id) ": " (p.title) } br; code { (p.standard_slug) } }
                            td class="govuk-table__cell" { strong class="govuk-tag" { (p.state.as_str()) } }
                            td class="govuk-table__cell" { (date(p)) }
                        }
                    }
                }
            }
        }
    }
}

fn or_none(items: usize, nothing: &str, body: Markup) -> Markup {
    html! { @if items == 0 { p class="govuk-body" { (nothing) } } @else { (body) } }
}

/// `GET /your-work`.
pub async fn your_work(
    State(state): State<AppState>,
    visitor: Visitor,
) -> Result<Response, PageError> {
    if visitor.session.is_none() {
        return Ok(Redirect::to("/sign-in").into_response());
    }
    let work = state.registry.work_for(&visitor.caller()).await?;
    let opt_day = |at: Option<chrono::DateTime<chrono::Utc>>| at.map(day).unwrap_or_default();
    let markup = match &work {
        Work::Board { reviews } => html! {
            h1 class="govuk-heading-l" { "Your work" }
            h2 class="govuk-heading-m" { "Proposals awaiting your review" }
            (or_none(reviews.len(), "The CDO has not convened you on any proposal under review.", html! {
                div class="concord-table-wrap" {
                    table class="govuk-table" {
                        thead class="govuk-table__head" { tr class="govuk-table__row" {
                            th scope="col" class="govuk-table__header" { "Proposal" }
                            th scope="col" class="govuk-table__header" { "Report by" }
                            th scope="col" class="govuk-table__header" { "Impact on adopters" }
                            th scope="col" class="govuk-table__header" { "Your review" }
                        } }
                        tbody class="govuk-table__body" {
                            @for r in reviews {
                                tr class="govuk-table__row" {
                                    td class="govuk-table__cell" { a class="govuk-link" href={ "/proposals/" (r.proposal.id) } { (r.proposal.id) ": " (r.proposal.title) } }
                                    td class="govuk-table__cell" { (opt_day(r.proposal.review_deadline)) }
                                    td class="govuk-table__cell" { (r.impact) }
                                    td class="govuk-table__cell" { @if r.reviewed { "Sent (you can still change it)" } @else { strong { "Not yet sent" } } }
                                }
                            }
                        }
                    }
                }
            }))
        },
        Work::Organisation { proposals } => html! {
            h1 class="govuk-heading-l" { "Your work" }
            p class="govuk-body" {
                a class="govuk-button" href="/propose/standard" { "Propose a new standard" }
            }
            p class="govuk-body" { "To propose a new version, open the standard in the " a class="govuk-link" href="/" { "catalogue" } "." }
            h2 class="govuk-heading-m" { "Your organisation's proposals" }
            (or_none(proposals.len(), "Your organisation has no proposals yet.", proposal_table(proposals, "Consultation closes", |p| opt_day(p.consultation_closes_at))))
        },
        Work::Cdo {
            ready_to_convene,
            in_consultation,
            under_review,
        } => html! {
            h1 class="govuk-heading-l" { "Your work" }
            h2 class="govuk-heading-m" { "Ready to convene the board" }
            p class="govuk-body" { "Their consultation has closed." }
            (or_none(ready_to_convene.len(), "No consultation has closed.", proposal_table(ready_to_convene, "Consultation closed", |p| opt_day(p.consultation_closes_at))))
            h2 class="govuk-heading-m" { "Reviews under way" }
            (or_none(under_review.len(), "No proposal is under review.", html! {
                div class="concord-table-wrap" {
                    table class="govuk-table" {
                        thead class="govuk-table__head" { tr class="govuk-table__row" {
                            th scope="col" class="govuk-table__header" { "Proposal" }
                            th scope="col" class="govuk-table__header" { "Board reports by" }
                            th scope="col" class="govuk-table__header" { "Approvals" }
                            th scope="col" class="govuk-table__header" { "Ready for a decision" }
                        } }
                        tbody class="govuk-table__body" {
                            @for u in under_review {
                                tr class="govuk-table__row" {
                                    td class="govuk-table__cell" { a class="govuk-link" href={ "/proposals/" (u.proposal.id) } { (u.proposal.id) ": " (u.proposal.title) } }
                                    td class="govuk-table__cell" { (opt_day(u.proposal.review_deadline)) }
                                    td class="govuk-table__cell" { (u.tally.tally.approvals) " of " (u.tally.needed) " needed" }
                                    td class="govuk-table__cell" { @match &u.tally.approval { Ok(()) => strong { "Yes" }, Err(why) => (why) } }
                                }
                            }
                        }
                    }
                }
            }))
            h2 class="govuk-heading-m" { "Consultations running" }
            (or_none(in_consultation.len(), "No consultation is running.", proposal_table(in_consultation, "Consultation closes", |p| opt_day(p.consultation_closes_at))))
        },
    };
    Ok(page(&visitor, "Your work", markup).into_response())
}
