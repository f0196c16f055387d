//! Proposals: the list (`GET /proposals`, newest first, optionally `?state=IN_REVIEW`) and one
//! proposal (`GET /proposals/{id}`) with its revisions, the board's reviews, the public comments
//! in threads, and its timeline from the audit log.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use maud::{Markup, html};
use serde::Deserialize;

use super::forms::{Problems, error_summary};
use super::report::report;
use super::{PageError, actions, day, page, tree};
use crate::domain::ProposalState;
use crate::http::AppState;
use crate::http::web::Visitor;
use crate::registry::{Comment, Error, PageRequest, Registry, Result};

/// The list's query string.
#[derive(Debug, Deserialize)]
pub struct ProposalsQuery {
    state: Option<String>,
}

/// `GET /proposals`.
pub async fn proposals(
    State(state): State<AppState>,
    visitor: Visitor,
    Query(query): Query<ProposalsQuery>,
) -> Result<Html<String>, PageError> {
    let wanted = query
        .state
        .filter(|s| !s.is_empty())
        .map(|s| ProposalState::parse(&s).map_err(|e| Error::bad_input("state", e)))
        .transpose()?;
    let listed = state
        .registry
        .proposals(wanted, &PageRequest::new(Some(100), None)?)
        .await?;
    let markup = html! {
        h1 class="govuk-heading-l" { "Proposals" }
        p class="govuk-body" {
            "Show: " a class="govuk-link" href="/proposals" { "all" }
            @for s in ProposalState::ALL { " · " a class="govuk-link" href={ "/proposals?state=" (s.as_str()) } { (s.as_str()) } }
        }
        p class="govuk-body concord-muted" { (listed.total) " proposals" @if let Some(s) = wanted { " in " (s.as_str()) } "; the newest 100 are shown." }
        div class="concord-table-wrap" {
            table class="govuk-table" {
                caption class="govuk-table__caption govuk-visually-hidden" { "Proposals" }
                thead class="govuk-table__head" { tr class="govuk-table__row" {
                    th scope="col" class="govuk-table__header" { "#" }
                    th scope="col" class="govuk-table__header" { "Standard" }
                    th scope="col" class="govuk-table__header" { "State" }
                    th scope="col" class="govuk-table__header" { "Consultation closes" }
                } }
                tbody class="govuk-table__body" {
                    @for (_, p) in &listed.items {
                        tr class="govuk-table__row" {
                            td class="govuk-table__cell" { a class="govuk-link" href={ "/proposals/" (p.id) } { (p.id) } }
                            td class="govuk-table__cell" { (p.title) br; code { (p.standard_slug) } }
                            td class="govuk-table__cell" { (p.state.as_str()) }
                            td class="govuk-table__cell" { @if let Some(at) = p.consultation_closes_at { (day(at)) } }
                        }
                    }
                }
            }
        }
    };
    Ok(page(&visitor, "Proposals", markup))
}

/// The proposal page's query string.
#[derive(Debug, Deserialize)]
pub struct ProposalQuery {
    /// Which page of comments (from 1).
    comments: Option<u32>,
}

/// How many comment threads a page shows.
const THREADS_PER_PAGE: usize = 50;

/// `GET /proposals/{id}`.
pub async fn proposal(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(id): Path<String>,
    Query(query): Query<ProposalQuery>,
) -> Result<Response, PageError> {
    let id = parse_id(&id)?;
    let page = query.comments.unwrap_or(1).max(1);
    render_page(
        &state,
        &visitor,
        id,
        &Problems::default(),
        StatusCode::OK,
        page,
    )
    .await
}

/// The comments on page `page` (from 1): that page's threads, each with all its replies; and
/// how many pages there are.
fn comments_page(comments: Vec<Comment>, page: u32) -> (Vec<Comment>, usize) {
    let threads: Vec<i64> = comments
        .iter()
        .filter(|c| c.reply_to.is_none())
        .map(|c| c.id)
        .collect();
    let pages = threads.len().div_ceil(THREADS_PER_PAGE).max(1);
    let start = (page as usize - 1).saturating_mul(THREADS_PER_PAGE);
    let mut shown: std::collections::HashSet<i64> = threads
        .iter()
        .skip(start)
        .take(THREADS_PER_PAGE)
        .copied()
        .collect();
    let mut kept = Vec::new();
    // Oldest first, so a reply's parent has been seen before it.
    for comment in comments {
        let keep = match comment.reply_to {
            None => shown.contains(&comment.id),
            Some(parent) => shown.contains(&parent),
        };
        if keep {
            shown.insert(comment.id);
            kept.push(comment);
        }
    }
    (kept, pages)
}

/// A proposal number from the address.
pub fn parse_id(id: &str) -> Result<i64, Error> {
    id.parse::<i64>().ok().filter(|n| *n > 0).ok_or_else(|| {
        Error::bad_input(
            "id",
            format!("`{}` is not a proposal number", crate::domain::Quoted(id)),
        )
    })
}

/// The proposal page, with `problems` in its error summary (a refused form) and `status`.
pub async fn render(
    state: &AppState,
    visitor: &Visitor,
    id: i64,
    problems: &Problems,
    status: StatusCode,
) -> Result<Response, PageError> {
    render_page(state, visitor, id, problems, status, 1).await
}

async fn render_page(
    state: &AppState,
    visitor: &Visitor,
    id: i64,
    problems: &Problems,
    status: StatusCode,
    comments_at: u32,
) -> Result<Response, PageError> {
    let registry = &state.registry;
    let proposal = registry.proposal(id).await?;
    let revisions = registry.revisions(id).await?;
    let reviews = registry.reviews(&proposal).await?;
    let tally = registry.review_tally(&proposal).await?;
    let (comments, comment_pages) = comments_page(registry.comments(id, false).await?, comments_at);
    let timeline = registry.proposal_timeline(&proposal).await?;
    let names = Names::of(
        registry,
        reviews
            .iter()
            .map(|r| r.reviewer_account_id)
            .chain(comments.iter().map(|c| c.author_account_id)),
    )
    .await?;
    let author = registry
        .organisation_by_id(proposal.author_organisation_id)
        .await?;
    // Anyone may propose a version of a shared standard; the board sees whose standard it is.
    let owner = match proposal.standard_id {
        Some(id) => {
            let standard = registry.standard_by_id(id).await?;
            Some(
                registry
                    .organisation_by_id(standard.owner_organisation_id)
                    .await?,
            )
        }
        None => None,
    };
    let latest = revisions.iter().max_by_key(|r| r.number);
    let changes = latest.and_then(|revision| revision.compatibility.as_ref());
    let context = actions::Context::of(state, visitor, &proposal).await?;
    // The impact is worth showing, not worth losing the page over: a revision whose schema no
    // longer checks (it references a version since retired) says so in its place.
    let impact = match latest {
        Some(revision) => Some(registry.impact(&proposal, revision).await),
        None => None,
    };
    let title = format!("Proposal {}: {}", proposal.id, proposal.title);
    let field_list = latest.map(|r| tree::fields(&r.schema)).unwrap_or_default();
    let markup = html! {
        (error_summary(problems))
        span class="govuk-caption-l" { "Proposal " (proposal.id) }
        h1 class="govuk-heading-l" { (proposal.title) }
        dl class="govuk-summary-list" {
            (row("State", html! { strong class="govuk-tag" { (proposal.state.as_str()) } }))
            (row("Standard", html! { code { (proposal.standard_slug) } @if let Some(owner) = &owner { " (a standard owned by " (owner.name) ")" } }))
            (row("Proposed by", html! { (author.name) " on " (day(proposal.created_at)) }))
            @if let Some(closes) = proposal.consultation_closes_at { (row("Consultation closes", html! { (day(closes)) })) }
            @if let Some(deadline) = proposal.review_deadline { (row("The board reports by", html! { (day(deadline)) })) }
        }
        p class="govuk-body" { (proposal.summary) }
        h2 class="govuk-heading-m" { "Why" }
        p class="govuk-body" { (proposal.rationale) }
        @if let Some(note) = &proposal.decision_note { h2 class="govuk-heading-m" { "Decision" } div class="govuk-inset-text" { (note) } }
        (actions::author_actions(&context, &proposal))
        h2 class="govuk-heading-m" { "Board review" }
        p class="govuk-body" { (tally.tally.approvals) " of the " (tally.tally.eligible) " eligible board members approve; approval needs " (tally.needed) ". "
            (tally.tally.changes_requested) " request changes, " (tally.tally.rejections) " reject." }
        @if !reviews.is_empty() {
            ul class="govuk-list" {
                @for review in &reviews {
                    li class="concord-comment" { strong { (names.get(review.reviewer_account_id)) } ": " (review.verdict.as_str()) p class="govuk-body" { (review.comment) } }
                }
            }
        }
        @if let Some(revision) = latest { (super::schema_warnings::section(&revision.warnings())) }
        @match &impact {
            Some(Ok(impact)) => (super::impact::section(impact)),
            Some(Err(error)) => (super::impact::unavailable(error)),
            None => {},
        }
        (actions::review_form(&context, &proposal, &owner, &author.name))
        (actions::convene_form(&context, &proposal))
        (actions::decision_form(&context, &proposal, &tally))
        @if let Some(compatibility) = &changes {
            @for compared in &compatibility.report.reports {
                h2 class="govuk-heading-m" { "Changes against version " (compared.version) }
                (report(&compared.report))
            }
        }
        @if let Some(revision) = latest {
            h2 class="govuk-heading-m" { "Fields of version " (revision.version) }
            p class="govuk-body concord-muted" { "Each field's JSON Pointer in the schema is shown under it; comments on a field appear beside it." }
            ul class="concord-tree" {
                @for field in &field_list {
                    li class="concord-field" id={ "field" (field.pointer.replace('/', "-")) } {
                        div { @for _ in 0..field.depth { span class="concord-muted" { "↳ " } } (tree::field_heading(field)) }
                        @if let Some(description) = &field.description { p class="govuk-body-s" { (description) } }
                        @if !field.constraints.is_empty() { p class="govuk-body-s concord-muted" { (field.constraints.join("; ")) } }
                        p class="govuk-body-s concord-muted" { code { (field.pointer) } }
                        (threads(&comments, None, Some(&field.pointer), &names, &context))
                        (actions::comment_form(&context, &proposal, Some(&field.pointer), None))
                    }
                }
            }
            details class="govuk-details" {
                summary class="govuk-details__summary" { span class="govuk-details__summary-text" { "The schema as submitted" } }
                div class="govuk-details__text" { pre class="concord-code" { (revision.schema_text) } }
            }
            @for document in revision.documents.iter() {
                details class="govuk-details" {
                    summary class="govuk-details__summary" { span class="govuk-details__summary-text" { "The document " code { (document.path) } " as submitted" } }
                    div class="govuk-details__text" { pre class="concord-code" { (document.document.text()) } }
                }
            }
        }
        h2 class="govuk-heading-m" id="comments" { "Comments" }
        @if comment_pages > 1 {
            p class="govuk-body" { "Comments, page " (comments_at) " of " (comment_pages) " (" (THREADS_PER_PAGE) " threads a page, with their replies)." }
        }
        (threads(&comments, None, None, &names, &context))
        @if comment_pages > 1 {
            nav class="govuk-pagination" aria-label="Pages of comments" {
                @if comments_at > 1 {
                    div class="govuk-pagination__prev" { a class="govuk-link govuk-pagination__link" href={ "/proposals/" (proposal.id) "?comments=" (comments_at - 1) "#comments" } rel="prev" { span class="govuk-pagination__link-title" { "Earlier comments" } } }
                }
                @if (comments_at as usize) < comment_pages {
                    div class="govuk-pagination__next" { a class="govuk-link govuk-pagination__link" href={ "/proposals/" (proposal.id) "?comments=" (comments_at + 1) "#comments" } rel="next" { span class="govuk-pagination__link-title" { "Later comments" } } }
                }
            }
        }
        (actions::comment_form(&context, &proposal, None, None))
        h2 class="govuk-heading-m" { "Revisions" }
        div class="concord-table-wrap" {
            table class="govuk-table" {
                thead class="govuk-table__head" { tr class="govuk-table__row" { th scope="col" class="govuk-table__header" { "#" } th scope="col" class="govuk-table__header" { "Version" } th scope="col" class="govuk-table__header" { "Needs" } th scope="col" class="govuk-table__header" { "Changelog" } } }
                tbody class="govuk-table__body" {
                    @for r in &revisions {
                        tr class="govuk-table__row" { td class="govuk-table__cell" { (r.number) } td class="govuk-table__cell" { (r.version) } td class="govuk-table__cell" { (r.required_bump.as_str()) } td class="govuk-table__cell" { (r.changelog) } }
                    }
                }
            }
        }
        h2 class="govuk-heading-m" { "Timeline" }
        div class="concord-table-wrap" {
            table class="govuk-table" {
                caption class="govuk-table__caption govuk-visually-hidden" { "What happened to this proposal" }
                tbody class="govuk-table__body" {
                    @for event in &timeline {
                        tr class="govuk-table__row" { td class="govuk-table__cell" { (day(event.occurred_at)) } td class="govuk-table__cell" { code { (event.action) } } td class="govuk-table__cell" { (event.actor_name.as_deref().unwrap_or("the registry")) } }
                    }
                }
            }
        }
    };
    Ok((status, page(visitor, &title, markup)).into_response())
}

fn row(key: &str, value: Markup) -> Markup {
    html! {
        div class="govuk-summary-list__row" {
            dt class="govuk-summary-list__key" { (key) }
            dd class="govuk-summary-list__value" { (value) }
        }
    }
}

/// The comments answering `parent` (the top level for `None`) anchored at `pointer` (comments
/// on the whole proposal for `None`), each with its own replies and a reply form.
fn threads(
    comments: &[Comment],
    parent: Option<i64>,
    pointer: Option<&str>,
    names: &Names,
    context: &actions::Context,
) -> Markup {
    let shown: Vec<&Comment> = comments
        .iter()
        .filter(|c| c.reply_to == parent && (parent.is_some() || c.pointer.as_deref() == pointer))
        .collect();
    html! {
        @if !shown.is_empty() {
            ul class="govuk-list" {
                @for c in shown {
                    li class="concord-comment" id={ "comment-" (c.id) } {
                        strong { (names.get(c.author_account_id)) } " on revision " (c.revision_number)
                        p class="govuk-body" { (c.body) }
                        (threads(comments, Some(c.id), None, names, context))
                        (actions::reply_form(context, c))
                    }
                }
            }
        }
    }
}

/// Account names, looked up once each.
struct Names(HashMap<i64, String>);

impl Names {
    async fn of(registry: &Registry, ids: impl Iterator<Item = i64>) -> Result<Self> {
        let mut names = HashMap::new();
        for id in ids {
            if let std::collections::hash_map::Entry::Vacant(slot) = names.entry(id) {
                let account = registry.account(id).await?;
                let organisation = registry.organisation_by_id(account.organisation_id).await?;
                slot.insert(format!("{} ({})", account.name, organisation.name));
            }
        }
        Ok(Self(names))
    }

    fn get(&self, id: i64) -> &str {
        self.0.get(&id).map_or("someone", String::as_str)
    }
}
