//! The adoption part of a standard's page: who has declared adoption, over which versions and
//! how far along, how much each organisation validates, and, for a signed-in steward or
//! partner, the forms to declare their organisation's adoption and publish its fixtures.

use maud::{Markup, html};

use super::PageError;
use super::forms::{Problems, button, csrf, radios, text_input, textarea};
use crate::domain::{AdoptionStatus, FixtureRole};
use crate::governance::{Action, Actor, authorise};
use crate::http::AppState;
use crate::http::web::{Fields, Visitor};
use crate::registry::{Adoption, AdoptionFilter, Standard, UsageFilter, Version, usage_totals};

/// The days of usage the pages show.
pub const USAGE_DAYS: i64 = crate::registry::DEFAULT_USAGE_DAYS;

/// A refused form's values, to show again.
pub struct Posted<'a> {
    /// Which form was posted (its `action` button).
    pub action: &'a str,
    /// What it held.
    pub fields: &'a Fields,
}

impl Posted<'_> {
    /// The posted value of `name` if `action` was the form posted.
    pub fn value<'v>(posted: Option<&'v Posted<'_>>, action: &str, name: &str) -> Option<&'v str> {
        posted
            .filter(|p| p.action == action)
            .and_then(|p| p.fields.get(name))
    }
}

/// The statuses as the form offers them.
pub const STATUSES: &[(&str, &str)] = &[
    ("PLANNED", "Planned: we mean to adopt it"),
    ("IMPLEMENTING", "Implementing: we are building to it"),
    ("LIVE", "Live: our systems exchange documents under it"),
    ("RETIRED", "Retired: we no longer use it"),
];

/// A status as people read it.
pub fn status_label(status: AdoptionStatus) -> &'static str {
    match status {
        AdoptionStatus::Planned => "Planned",
        AdoptionStatus::Implementing => "Implementing",
        AdoptionStatus::Live => "Live",
        AdoptionStatus::Retired => "Retired",
    }
}

/// Validations per organisation over the last [`USAGE_DAYS`] days, most first.
pub async fn usage_by_organisation(
    state: &AppState,
    filter: UsageFilter,
) -> Result<Vec<(i64, u64)>, PageError> {
    let rows = state.registry.recent_usage(filter, USAGE_DAYS).await?;
    Ok(usage_totals(&rows, |r| r.organisation_id))
}

/// The section.
pub async fn section(
    state: &AppState,
    visitor: &Visitor,
    standard: &Standard,
    versions: &[Version],
    problems: &Problems,
    posted: Option<&Posted<'_>>,
) -> Result<Markup, PageError> {
    let registry = &state.registry;
    let adoptions = registry
        .all_adoptions(AdoptionFilter {
            standard_id: Some(standard.id),
            ..AdoptionFilter::default()
        })
        .await?;
    let ids: Vec<i64> = adoptions.iter().map(|a| a.organisation_id).collect();
    let usage = usage_by_organisation(
        state,
        UsageFilter {
            standard_id: Some(standard.id),
            ..UsageFilter::default()
        },
    )
    .await?;
    let mut all_ids = ids.clone();
    all_ids.extend(usage.iter().map(|(id, _)| *id));
    let names = registry.organisations_by_ids(&all_ids).await?;
    let adoption_ids: Vec<i64> = adoptions.iter().map(|a| a.id).collect();
    let fixtures = registry.fixtures_of(&adoption_ids).await?;
    let session = visitor.session.as_ref();
    let may_declare = session.is_some_and(|s| {
        authorise(
            Some(Actor {
                role: s.principal.role,
                organisation_id: s.principal.organisation_id,
            }),
            Action::DeclareAdoption,
        )
        .is_ok()
    });
    let mine = session.and_then(|s| {
        adoptions
            .iter()
            .find(|a| a.organisation_id == s.principal.organisation_id)
    });
    let by_usage = usage;
    let name_of = |id: i64| names.get(&id).map(|o| o.name.clone()).unwrap_or_default();
    let slug_of = |id: i64| {
        names
            .get(&id)
            .map(|o| o.slug.to_string())
            .unwrap_or_default()
    };
    Ok(html! {
        h2 class="govuk-heading-m" id="adoption" { "Adoption" }
        @if adoptions.is_empty() {
            p class="govuk-body" { "No organisation has declared adoption of this standard yet." }
        } @else {
            div class="concord-table-wrap" {
                table class="govuk-table" {
                    caption class="govuk-table__caption govuk-table__caption--s" { (adoptions.len()) " organisation" @if adoptions.len() != 1 { "s" } " have declared adoption" }
                    thead class="govuk-table__head" { tr class="govuk-table__row" {
                        th scope="col" class="govuk-table__header" { "Organisation" }
                        th scope="col" class="govuk-table__header" { "Status" }
                        th scope="col" class="govuk-table__header" { "Versions" }
                        th scope="col" class="govuk-table__header" { "Uses now" }
                        th scope="col" class="govuk-table__header" { "Systems" }
                        th scope="col" class="govuk-table__header govuk-table__header--numeric" { "Fixtures" }
                    } }
                    tbody class="govuk-table__body" {
                        @for a in &adoptions {
                            tr class="govuk-table__row" {
                                td class="govuk-table__cell" { a class="govuk-link" href={ "/organisations/" (slug_of(a.organisation_id)) } { (name_of(a.organisation_id)) } }
                                td class="govuk-table__cell" { strong class="govuk-tag govuk-tag--grey" { (status_label(a.status)) } }
                                td class="govuk-table__cell" { code { (a.range) } }
                                td class="govuk-table__cell" { @match a.resolves_to(versions) { Some(v) => { (v.version) }, None => { "no version in use" } } }
                                td class="govuk-table__cell" { (a.systems.join(", ")) }
                                td class="govuk-table__cell govuk-table__cell--numeric" { (fixtures.iter().filter(|f| f.adoption_id == a.id).count()) }
                            }
                        }
                    }
                }
            }
        }
        h3 class="govuk-heading-s" { "Validations in the last " (USAGE_DAYS) " days" }
        @if by_usage.is_empty() {
            p class="govuk-body" { "No validations made with an organisation's token in the last " (USAGE_DAYS) " days. Anonymous validations are not counted." }
        } @else {
            ul class="govuk-list govuk-list--bullet" {
                @for (id, n) in by_usage.iter().take(10) {
                    li { a class="govuk-link" href={ "/organisations/" (slug_of(*id)) } { (name_of(*id)) } ": " (n) " document" @if *n != 1 { "s" } }
                }
            }
            p class="govuk-body concord-muted" { "Counts of documents validated with each organisation's tokens; Concord never keeps the documents." }
        }
        @if let Some(session) = session.filter(|_| may_declare) {
            (declare_form(standard, mine, &session.csrf_token, problems, posted))
            @if let Some(adoption) = mine {
                (fixtures_part(standard, adoption, versions, &fixtures, &session.csrf_token, problems, posted))
            }
        }
    })
}

fn declare_form(
    standard: &Standard,
    mine: Option<&Adoption>,
    token: &str,
    problems: &Problems,
    posted: Option<&Posted<'_>>,
) -> Markup {
    let range = Posted::value(posted, "declare", "range")
        .map(str::to_owned)
        .or_else(|| mine.map(|a| a.range.to_string()))
        .unwrap_or_default();
    let status = Posted::value(posted, "declare", "status")
        .map(str::to_owned)
        .or_else(|| mine.map(|a| a.status.as_str().to_owned()));
    let systems = Posted::value(posted, "declare", "systems")
        .map(str::to_owned)
        .or_else(|| mine.map(|a| a.systems.join("\n")))
        .unwrap_or_default();
    let note = Posted::value(posted, "declare", "adoption-note")
        .map(str::to_owned)
        .or_else(|| mine.and_then(|a| a.note.clone()))
        .unwrap_or_default();
    html! {
        h3 class="govuk-heading-s" id="declare" { @if mine.is_some() { "Your organisation's adoption" } @else { "Declare adoption" } }
        form method="post" action={ "/standards/" (standard.slug) } novalidate {
            (csrf(token))
            input type="hidden" name="form" value="declare";
            (text_input("range", "Versions you use", Some("A semver range, such as ^2 (any 2.x), ~1.4 (1.4.x) or >=1, <3. It must take in a published version."), &range, problems))
            (radios("status", "How far along are you?", STATUSES, status.as_deref(), problems))
            (textarea("systems", "Systems that use it (optional)", Some("One per line, such as the product or service name. At most 20."), &systems, 3, problems))
            (textarea("adoption-note", "Note (optional)", Some("Anything the board should know, such as when you expect to go live."), &note, 3, problems))
            (button(if mine.is_some() { "Update adoption" } else { "Declare adoption" }, None, None, false))
        }
    }
}

fn fixtures_part(
    standard: &Standard,
    adoption: &Adoption,
    versions: &[Version],
    fixtures: &[crate::registry::Fixture],
    token: &str,
    problems: &Problems,
    posted: Option<&Posted<'_>>,
) -> Markup {
    let mine: Vec<_> = fixtures
        .iter()
        .filter(|f| f.adoption_id == adoption.id)
        .collect();
    let checked_against = adoption.resolves_to(versions);
    let value = |name| Posted::value(posted, "fixture", name).unwrap_or_default();
    let roles = [
        (
            FixtureRole::Produces.as_str(),
            "We produce documents like this (we send them)",
        ),
        (
            FixtureRole::Consumes.as_str(),
            "We consume documents like this (we receive and read them)",
        ),
    ];
    html! {
        h3 class="govuk-heading-s" id="fixtures" { "Your fixtures" }
        p class="govuk-body" { "Fixtures are documents your systems really exchange under this standard. When a new version is proposed, the board sees whether it would reject them." }
        @if mine.is_empty() {
            p class="govuk-body" { "You have not published any fixtures." }
        } @else {
            ul class="govuk-list" {
                @for f in &mine {
                    li {
                        form method="post" action={ "/standards/" (standard.slug) } class="concord-inline-form" {
                            (csrf(token))
                            input type="hidden" name="form" value="remove-fixture";
                            input type="hidden" name="fixture" value=(f.id);
                            strong { (f.name) } " (" (f.role.as_str()) ") "
                            button type="submit" class="govuk-button govuk-button--warning govuk-!-margin-bottom-0" data-module="govuk-button" { "Remove" span class="govuk-visually-hidden" { " " (f.name) } }
                        }
                    }
                }
            }
        }
        div class="govuk-warning-text" {
            span class="govuk-warning-text__icon" aria-hidden="true" { "!" }
            strong class="govuk-warning-text__text" {
                span class="govuk-visually-hidden" { "Warning" }
                "Fixtures are public. Do not put personal data in them: use made-up names, addresses and reference numbers."
            }
        }
        form method="post" action={ "/standards/" (standard.slug) } enctype="multipart/form-data" novalidate {
            (csrf(token))
            input type="hidden" name="form" value="fixture";
            input type="hidden" name="adoption" value=(adoption.id);
            (text_input("fixture-name", "Fixture name", Some("Unique among your fixtures, such as \"Collection round, one street\"."), value("fixture-name"), problems))
            (radios("fixture-role", "Which way does it travel?", &roles, Posted::value(posted, "fixture", "fixture-role"), problems))
            @let hint = match checked_against {
                Some(v) => format!("The JSON document. It must be valid under {}, the version {} resolves to.", v.version, adoption.range),
                None => format!("The JSON document. Every version {} takes in is retired, so fixtures cannot be checked.", adoption.range),
            };
            (textarea("fixture-document", "Document", Some(&hint), value("fixture-document"), 8, problems))
            div class="govuk-form-group" {
                label class="govuk-label govuk-label--s" for="fixture-file" { "Or upload the document" }
                div id="fixture-file-hint" class="govuk-hint" { "A .json file. When you choose one it is used instead of the text above." }
                input class="govuk-file-upload" id="fixture-file" name="fixture-file" type="file" accept=".json,application/json" aria-describedby="fixture-file-hint";
            }
            (button("Add fixture", None, None, false))
        }
    }
}
