//! The forms on a proposal page, each shown only to whom the governance rules would allow to use
//! it (asked of `governance::authorise` and `next_state`, the same checks the use cases make, so
//! the page never decides a rule itself): the authors' submit, revise and withdraw; comments and
//! replies; the convened board member's review; the CDO's convening and decision.

use maud::{Markup, html};

use super::forms::{button, csrf, radios};
use crate::domain::ProposalState;
use crate::governance::{Action, Step, authorise, next_state};
use crate::http::AppState;
use crate::http::web::Visitor;
use crate::registry::{Account, Comment, Organisation, Proposal, Result, ReviewTally, Session};

/// Who is looking, as the forms need to know.
pub struct Context {
    session: Option<Session>,
    convened: bool,
    eligible: Vec<(Account, String)>,
}

impl Context {
    /// The context of `visitor` on `proposal`.
    pub async fn of(state: &AppState, visitor: &Visitor, proposal: &Proposal) -> Result<Self> {
        let session = visitor.session.clone();
        let Some(me) = session.as_ref().map(|s| &s.principal) else {
            return Ok(Self {
                session,
                convened: false,
                eligible: Vec::new(),
            });
        };
        let convened = state
            .registry
            .reviewers(proposal)
            .await?
            .iter()
            .any(|a| a.id == me.account_id);
        let mut eligible = Vec::new();
        if me.role == crate::domain::Role::Cdo && proposal.state == ProposalState::Consultation {
            for account in state.registry.eligible_reviewers(proposal).await? {
                let organisation = state
                    .registry
                    .organisation_by_id(account.organisation_id)
                    .await?;
                eligible.push((account, organisation.name));
            }
        }
        Ok(Self {
            session,
            convened,
            eligible,
        })
    }

    fn may(&self, action: Action) -> bool {
        self.session
            .as_ref()
            .is_some_and(|s| authorise(Some(actor(s)), action).is_ok())
    }

    fn csrf(&self) -> Markup {
        self.session
            .as_ref()
            .map(|s| csrf(&s.csrf_token))
            .unwrap_or_default()
    }
}

fn actor(session: &Session) -> crate::governance::Actor {
    crate::governance::Actor {
        role: session.principal.role,
        organisation_id: session.principal.organisation_id,
    }
}

fn step_allowed(proposal: &Proposal, step: Step) -> bool {
    next_state(proposal.state, step).is_ok()
}

/// Submit, revise and withdraw, for the authoring organisation.
pub fn author_actions(context: &Context, proposal: &Proposal) -> Markup {
    let manage = Action::ManageProposal {
        author_organisation: proposal.author_organisation_id,
    };
    if !context.may(manage) {
        return html! {};
    }
    let id = proposal.id;
    html! {
        h2 class="govuk-heading-m" { "Your organisation's proposal" }
        div class="govuk-button-group" {
            @if step_allowed(proposal, Step::Submit) {
                form method="post" action={ "/proposals/" (id) "/submit" } class="concord-inline-form" {
                    (context.csrf()) (button("Submit for consultation", None, None, false))
                }
            }
            @if step_allowed(proposal, Step::Revise) {
                a class="govuk-button govuk-button--secondary" href={ "/proposals/" (id) "/revise" } { "Revise" }
            }
            @if step_allowed(proposal, Step::Withdraw) {
                form method="post" action={ "/proposals/" (id) "/withdraw" } class="concord-inline-form" {
                    (context.csrf())
                    button type="submit" class="govuk-button govuk-button--warning" data-module="govuk-button" { "Withdraw" }
                }
            }
        }
    }
}

/// A comment form, on the whole proposal or anchored at a field's pointer.
pub fn comment_form(
    context: &Context,
    proposal: &Proposal,
    pointer: Option<&str>,
    reply_to: Option<i64>,
) -> Markup {
    if !context.may(Action::Comment) || !step_allowed(proposal, Step::Comment) {
        return html! {};
    }
    let suffix = pointer.map(|p| p.replace('/', "-")).unwrap_or_default();
    let id = format!("comment{suffix}");
    let label = if pointer.is_some() {
        "Comment on this field"
    } else {
        "Comment on the proposal"
    };
    let body = html! {
        form method="post" action={ "/proposals/" (proposal.id) "/comments" } novalidate {
            (context.csrf())
            @if let Some(pointer) = pointer { input type="hidden" name="pointer" value=(pointer); }
            @if let Some(reply_to) = reply_to { input type="hidden" name="reply_to" value=(reply_to); }
            div class="govuk-form-group" {
                label class="govuk-label" for=(id) { (label) }
                textarea class="govuk-textarea" id=(id) name="body" rows="3" {}
            }
            (button("Send comment", None, None, true))
        }
    };
    match pointer {
        None => body,
        Some(_) => html! {
            details class="govuk-details concord-details" {
                summary class="govuk-details__summary" { span class="govuk-details__summary-text" { (label) } }
                div class="govuk-details__text" { (body) }
            }
        },
    }
}

/// A reply form under a comment.
pub fn reply_form(context: &Context, comment: &Comment) -> Markup {
    if !context.may(Action::Comment) {
        return html! {};
    }
    let id = format!("reply-{}", comment.id);
    html! {
        details class="govuk-details concord-details" {
            summary class="govuk-details__summary" { span class="govuk-details__summary-text" { "Reply" } }
            div class="govuk-details__text" {
                form method="post" action={ "/proposals/" (comment.proposal_id) "/comments" } novalidate {
                    (context.csrf())
                    input type="hidden" name="reply_to" value=(comment.id);
                    div class="govuk-form-group" {
                        label class="govuk-label" for=(id) { "Your reply" }
                        textarea class="govuk-textarea" id=(id) name="body" rows="3" {}
                    }
                    (button("Send reply", None, None, true))
                }
            }
        }
    }
}

const VERDICTS: &[(&str, &str)] = &[
    ("APPROVE", "Approve"),
    ("REQUEST_CHANGES", "Request changes"),
    ("REJECT", "Reject"),
];

/// The review form, for a board member the CDO convened.
pub fn review_form(
    context: &Context,
    proposal: &Proposal,
    owner: &Option<Organisation>,
    proposer: &str,
) -> Markup {
    let review = Action::Review {
        author_organisation: proposal.author_organisation_id,
        convened: context.convened,
    };
    if !context.may(review) || !step_allowed(proposal, Step::Review) {
        return html! {};
    }
    let none = super::forms::Problems::default();
    html! {
        form method="post" action={ "/proposals/" (proposal.id) "/review" } novalidate class="concord-review" {
            (context.csrf())
            p class="govuk-body" {
                "Proposed by " strong { (proposer) }
                @if let Some(owner) = owner { " for a standard owned by " strong { (owner.name) } }
                "."
            }
            (radios("verdict", "Your review", VERDICTS, None, &none))
            div class="govuk-form-group" {
                label class="govuk-label govuk-label--s" for="review-comment" { "Comment" }
                div id="review-comment-hint" class="govuk-hint" { "Your reasons, published with your review" }
                textarea class="govuk-textarea" id="review-comment" name="comment" rows="4" aria-describedby="review-comment-hint" {}
            }
            (button("Send review", None, None, false))
        }
    }
}

/// The convene form, for the CDO once a proposal is in consultation: a deadline and the
/// reviewers, every eligible member preselected.
pub fn convene_form(context: &Context, proposal: &Proposal) -> Markup {
    if !context.may(Action::Convene) || !step_allowed(proposal, Step::Convene) {
        return html! {};
    }
    html! {
        h2 class="govuk-heading-m" { "Convene the board" }
        form method="post" action={ "/proposals/" (proposal.id) "/convene" } novalidate {
            (context.csrf())
            div class="govuk-form-group" {
                label class="govuk-label govuk-label--s" for="deadline" { "The board reports by" }
                div id="deadline-hint" class="govuk-hint" { "A date, such as 2027-01-31" }
                input class="govuk-input govuk-input--width-10" id="deadline" name="deadline" type="date" aria-describedby="deadline-hint";
            }
            div class="govuk-form-group" {
                fieldset class="govuk-fieldset" {
                    legend class="govuk-fieldset__legend govuk-fieldset__legend--s" { "Reviewers" }
                    div class="govuk-hint" { "Every board member outside the proposer's organisation is eligible." }
                    div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes" {
                        @for (account, organisation) in &context.eligible {
                            div class="govuk-checkboxes__item" {
                                input class="govuk-checkboxes__input" id={ "reviewer-" (account.id) } name="reviewers" type="checkbox" value=(account.id) checked;
                                label class="govuk-label govuk-checkboxes__label" for={ "reviewer-" (account.id) } { (account.name) " (" (organisation) ")" }
                            }
                        }
                    }
                }
            }
            (button("Convene the board", None, None, false))
        }
    }
}

/// The decision form, for the CDO once the board is reviewing.
pub fn decision_form(context: &Context, proposal: &Proposal, tally: &ReviewTally) -> Markup {
    if !context.may(Action::Decide) || !step_allowed(proposal, Step::Approve) {
        return html! {};
    }
    let none = super::forms::Problems::default();
    html! {
        form method="post" action={ "/proposals/" (proposal.id) "/decision" } novalidate class="concord-decision" {
            (context.csrf())
            @if let Err(why) = &tally.approval { div class="govuk-inset-text" { "Approval is not possible yet: " (why) } }
            (radios("decision", "Your decision", VERDICTS, None, &none))
            div class="govuk-form-group" {
                label class="govuk-label govuk-label--s" for="decision-note" { "Note" }
                div id="decision-note-hint" class="govuk-hint" { "Required when you reject or request changes" }
                textarea class="govuk-textarea" id="decision-note" name="note" rows="4" aria-describedby="decision-note-hint" {}
            }
            (button("Record decision", None, None, false))
        }
    }
}
