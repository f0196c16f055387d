//! Proposals: the list (`GET /proposals`, newest first, optionally `?state=IN_REVIEW`) and one
//! proposal (`GET /proposals/{id}`) with its revisions, the board's reviews, the public comments
//! in threads, and its timeline from the audit log.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::response::Html;
use maud::{Markup, html};
use serde::Deserialize;

use super::{PageError, day, page};
use crate::domain::ProposalState;
use crate::http::AppState;
use crate::registry::{Comment, Error, PageRequest, Registry, Result};

/// The list's query string.
#[derive(Debug, Deserialize)]
pub struct ProposalsQuery {
    state: Option<String>,
}

/// `GET /proposals`.
pub async fn proposals(
    State(state): State<AppState>,
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
        h1 { "Proposals" }
        p {
            "Show: " a href="/proposals" { "all" }
            @for s in ProposalState::ALL { " · " a href={ "/proposals?state=" (s.as_str()) } { (s.as_str()) } }
        }
        p.muted { (listed.total) " proposals" @if let Some(s) = wanted { " in " (s.as_str()) } "; the newest 100 are shown." }
        table {
            thead { tr { th { "#" } th { "Standard" } th { "State" } th { "Consultation closes" } } }
            tbody {
                @for (_, p) in &listed.items {
                    tr {
                        td { a href={ "/proposals/" (p.id) } { (p.id) } }
                        td { (p.title) br; code { (p.standard_slug) } }
                        td { (p.state.as_str()) }
                        td { @if let Some(at) = p.consultation_closes_at { (day(at)) } }
                    }
                }
            }
        }
    };
    Ok(page("Proposals", markup))
}

/// `GET /proposals/{id}`.
pub async fn proposal(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, PageError> {
    let registry = &state.registry;
    let id = id
        .parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| Error::bad_input("id", format!("`{id}` is not a proposal number")))?;
    let proposal = registry.proposal(id).await?;
    let revisions = registry.revisions(id).await?;
    let reviews = registry.reviews(&proposal).await?;
    let tally = registry.review_tally(&proposal).await?;
    let comments = registry.comments(id, false).await?;
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
    let title = format!("Proposal {}: {}", proposal.id, proposal.title);
    let markup = html! {
        h1 { (title) }
        p {
            strong { (proposal.state.as_str()) } " · " code { (proposal.standard_slug) }
            @if let Some(owner) = &owner { " (a standard owned by " (owner.name) ")" }
            " · proposed by " (author.name) " on " (day(proposal.created_at))
            @if let Some(closes) = proposal.consultation_closes_at { " · consultation closes " (day(closes)) }
        }
        p { (proposal.summary) }
        h2 { "Why" }
        p { (proposal.rationale) }
        @if let Some(note) = &proposal.decision_note { h2 { "Decision" } blockquote { (note) } }
        h2 { "Revisions" }
        table {
            thead { tr { th { "#" } th { "Version" } th { "Needs" } th { "Changelog" } } }
            tbody {
                @for r in &revisions {
                    tr { td { (r.number) } td { (r.version) } td { (r.required_bump.as_str()) } td { (r.changelog) } }
                }
            }
        }
        @if let Some(compatibility) = &changes {
            @if let Some(report) = compatibility.latest() {
                h3 { "Changes against the latest published version" }
                ul {
                    @for change in &report.changes {
                        li {
                            @if change.breaking { span.breaking { "breaking " } }
                            code { (change.kind) } " at " code { (change.pointer) } ": " (change.message)
                        }
                    }
                }
            }
        }
        h2 { "Board review" }
        p { (tally.tally.approvals) " of the " (tally.tally.eligible) " eligible board members approve; approval needs " (tally.needed) ". "
            (tally.tally.changes_requested) " request changes, " (tally.tally.rejections) " reject." }
        ul {
            @for review in &reviews {
                li { strong { (names.get(review.reviewer_account_id)) } ": " (review.verdict.as_str()) blockquote { (review.comment) } }
            }
        }
        h2 { "Comments" }
        (threads(&comments, None, &names))
        h2 { "Timeline" }
        table {
            tbody {
                @for event in &timeline {
                    tr { td { (day(event.occurred_at)) } td { code { (event.action) } } td { (event.actor_name.as_deref().unwrap_or("the registry")) } }
                }
            }
        }
    };
    Ok(page(&title, markup))
}

/// The comments answering `parent` (the top level for `None`), each with its own replies.
fn threads(comments: &[Comment], parent: Option<i64>, names: &Names) -> Markup {
    html! {
        ul {
            @for c in comments.iter().filter(|c| c.reply_to == parent) {
                li {
                    strong { (names.get(c.author_account_id)) } " on revision " (c.revision_number)
                    @if let Some(pointer) = &c.pointer { ", about " code { (pointer) } }
                    blockquote { (c.body) }
                    (threads(comments, Some(c.id), names))
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
