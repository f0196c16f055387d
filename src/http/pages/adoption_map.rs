//! `/adoption`: who has adopted which standard across London. A matrix of the 33 authorities,
//! the GLA and TfL against the standards (each cell the status and version range), filterable
//! by theme; a London grid map coloured by how many standards each authority has adopted, or by
//! its status for one chosen standard, with the same facts as a table beside it; and the data
//! as `/adoption.csv` and `/adoption.json`.

use axum::extract::{Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use serde::Deserialize;
use serde_json::json;

use super::london_grid::square;
use super::standard_adoption::status_label;
use super::{PageError, page};
use crate::http::AppState;
use crate::http::web::Visitor;
use crate::registry::{AdoptionMatrix, Error};

/// The page's query: a theme to narrow the standards, a standard to colour the map by.
#[derive(Debug, Deserialize)]
pub struct AdoptionQuery {
    theme: Option<String>,
    standard: Option<String>,
}

impl AdoptionQuery {
    fn theme(&self) -> Option<&str> {
        self.theme.as_deref().filter(|t| !t.is_empty())
    }
}

/// Side of a map square, and the gap between squares, in SVG units.
const SIDE: u32 = 52;
const GAP: u32 = 4;

/// `GET /adoption`.
pub async fn adoption(
    State(state): State<AppState>,
    visitor: Visitor,
    Query(query): Query<AdoptionQuery>,
) -> Result<Response, PageError> {
    let matrix = state.registry.adoption_matrix(query.theme()).await?;
    let chosen = match query.standard.as_deref().filter(|s| !s.is_empty()) {
        Some(slug) => Some(
            matrix
                .standards
                .iter()
                .find(|s| s.slug.as_str() == slug)
                .ok_or_else(|| Error::not_found("standard", slug))?,
        ),
        None => None,
    };
    let theme = query.theme().unwrap_or_default();
    let downloads = if theme.is_empty() {
        String::new()
    } else {
        format!("?theme={theme}")
    };
    let markup = html! {
        h1 class="govuk-heading-l" { "Adoption across London" }
        p class="govuk-body-l" { "Which of London's authorities have declared they use which standard, over which versions, and how far along they are." }
        form method="get" action="/adoption" class="concord-filters" {
            div class="govuk-form-group" {
                label class="govuk-label govuk-label--s" for="theme" { "Theme" }
                select class="govuk-select" id="theme" name="theme" {
                    option value="" { "All themes" }
                    @for t in &matrix.themes { option value=(t) selected[t == theme] { (t) } }
                }
            }
            div class="govuk-form-group" {
                label class="govuk-label govuk-label--s" for="standard" { "Colour the map by" }
                select class="govuk-select" id="standard" name="standard" {
                    option value="" { "How many standards each has adopted" }
                    @for s in &matrix.standards { option value=(s.slug) selected[chosen.is_some_and(|c| c.id == s.id)] { "Status for " (s.title) } }
                }
            }
            button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button" { "Show" }
        }
        p class="govuk-body" {
            "Download: " a class="govuk-link" href={ "/adoption.csv" (downloads) } { "CSV" } " · " a class="govuk-link" href={ "/adoption.json" (downloads) } { "JSON" }
            " (every declaration of the standards shown, vendors' and partners' too)."
        }
        (map(&matrix, chosen.map(|s| s.id)))
        (grid(&matrix))
    };
    Ok(page(&visitor, "Adoption across London", markup).into_response())
}

/// The colour class and the words for an authority's square.
fn shade(matrix: &AdoptionMatrix, organisation_id: i64, standard: Option<i64>) -> (String, String) {
    match standard {
        Some(standard_id) => match matrix.cell(organisation_id, standard_id) {
            Some(a) => (
                format!("concord-map--{}", a.status.as_str().to_ascii_lowercase()),
                format!("{} ({})", status_label(a.status), a.range),
            ),
            None => ("concord-map--none".to_owned(), "Not declared".to_owned()),
        },
        None => {
            let n = matrix.adopted(organisation_id);
            let class = format!("concord-map--count-{}", n.min(4));
            (
                class,
                format!("{n} standard{} adopted", if n == 1 { "" } else { "s" }),
            )
        }
    }
}

fn map(matrix: &AdoptionMatrix, standard: Option<i64>) -> Markup {
    let placed: Vec<_> = matrix
        .authorities
        .iter()
        .filter_map(|o| square(o.slug.as_str()).map(|(abbr, row, col)| (o, abbr, row, col)))
        .collect();
    let width = 8 * (SIDE + GAP);
    let height = 8 * (SIDE + GAP) + GAP * 4;
    let what = match standard.and_then(|id| matrix.standard(id)) {
        Some(s) => format!("each authority's status for {}", s.title),
        None => "how many of the standards shown each authority has adopted".to_owned(),
    };
    html! {
        h2 class="govuk-heading-m" id="map" { "Map" }
        div class="govuk-grid-row" {
        div class="govuk-grid-column-one-half" {
        figure class="concord-map" {
            svg viewBox={ "0 0 " (width) " " (height) } role="img" aria-labelledby="map-title" aria-describedby="map-table-caption" focusable="false" {
                title id="map-title" { "London grid map: " (what) }
                @for (o, abbr, row, col) in &placed {
                    @let (class, words) = shade(matrix, o.id, standard);
                    @let x = u32::from(*col) * (SIDE + GAP);
                    @let y = u32::from(*row) * (SIDE + GAP) + if *row == 7 { GAP * 4 } else { 0 };
                    g class=(class) {
                        title { (o.name) ": " (words) }
                        // Closed explicitly: in HTML, an SVG element written as a void one swallows
                        // what follows it.
                        rect x=(x) y=(y) width=(SIDE) height=(SIDE) rx="3" {}
                        text x=(x + SIDE / 2) y=(y + SIDE / 2 + 5) text-anchor="middle" { (abbr) }
                    }
                }
            }
            figcaption class="govuk-body-s" {
                "Each square is an authority, in its usual place (north at the top); the GLA and TfL are in the row beneath. "
                (legend(standard.is_some()))
            }
        }
        }
        div class="govuk-grid-column-one-half" {
        table class="govuk-table concord-map-table" {
            caption class="govuk-table__caption govuk-table__caption--s" id="map-table-caption" { "The map as a table: " (what) }
            thead class="govuk-table__head" { tr class="govuk-table__row" {
                th scope="col" class="govuk-table__header" { "Authority" }
                th scope="col" class="govuk-table__header" { @if standard.is_some() { "Status" } @else { "Standards adopted" } }
            } }
            tbody class="govuk-table__body" {
                @for (o, ..) in &placed {
                    tr class="govuk-table__row" {
                        th scope="row" class="govuk-table__header" { a class="govuk-link" href={ "/organisations/" (o.slug) } { (o.name) } }
                        td class="govuk-table__cell" { (shade(matrix, o.id, standard).1) }
                    }
                }
            }
        }
        }
        }
    }
}

fn legend(by_status: bool) -> Markup {
    let keys: Vec<(String, &str)> = if by_status {
        vec![
            ("concord-map--none".into(), "not declared"),
            ("concord-map--planned".into(), "planned"),
            ("concord-map--implementing".into(), "implementing"),
            ("concord-map--live".into(), "live"),
            ("concord-map--retired".into(), "retired"),
        ]
    } else {
        vec![
            ("concord-map--count-0".into(), "none"),
            ("concord-map--count-1".into(), "1"),
            ("concord-map--count-2".into(), "2"),
            ("concord-map--count-3".into(), "3"),
            ("concord-map--count-4".into(), "4 or more"),
        ]
    };
    html! {
        span class="concord-map-legend" {
            "Key: "
            @for (class, label) in &keys { span class={ "concord-map-key " (class) } { (label) } " " }
        }
    }
}

fn grid(matrix: &AdoptionMatrix) -> Markup {
    html! {
        h2 class="govuk-heading-m" id="matrix" { "Authorities and standards" }
        @if matrix.standards.is_empty() {
            p class="govuk-body" { "No standard has this theme." }
        } @else {
            div class="concord-table-wrap concord-matrix-wrap" tabindex="0" role="region" aria-labelledby="matrix-caption" {
                table class="govuk-table concord-matrix" {
                    caption class="govuk-table__caption govuk-table__caption--s" id="matrix-caption" { "Each cell: the status and version range an authority declared" }
                    thead class="govuk-table__head" { tr class="govuk-table__row" {
                        th scope="col" class="govuk-table__header" { "Authority" }
                        @for s in &matrix.standards { th scope="col" class="govuk-table__header" { a class="govuk-link" href={ "/standards/" (s.slug) "#adoption" } { (s.title) } } }
                    } }
                    tbody class="govuk-table__body" {
                        @for o in &matrix.authorities {
                            tr class="govuk-table__row" {
                                th scope="row" class="govuk-table__header" { a class="govuk-link" href={ "/organisations/" (o.slug) } { (o.name) } }
                                @for s in &matrix.standards {
                                    td class="govuk-table__cell" {
                                        @match matrix.cell(o.id, s.id) {
                                            Some(a) => { (status_label(a.status)) br; code { (a.range) } },
                                            None => { span class="concord-muted" { "–" } span class="govuk-visually-hidden" { "not declared" } },
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A CSV field, quoted, with a leading `=`, `+`, `-` or `@` defused so that a spreadsheet
/// shows it as text rather than running it as a formula.
fn csv_field(text: &str) -> String {
    let defused = if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    format!("\"{}\"", defused.replace('"', "\"\""))
}

/// `GET /adoption.csv`: one row per declaration.
pub async fn adoption_csv(
    State(state): State<AppState>,
    Query(query): Query<AdoptionQuery>,
) -> Result<Response, PageError> {
    let matrix = state.registry.adoption_matrix(query.theme()).await?;
    let mut out = String::from(
        "organisation,organisation_name,organisation_kind,gss_code,standard,standard_title,theme,status,range,systems,declared_at,updated_at\r\n",
    );
    for a in &matrix.adoptions {
        let (Some(o), Some(s)) = (
            matrix.organisations.get(&a.organisation_id),
            matrix.standard(a.standard_id),
        ) else {
            continue;
        };
        let row = [
            o.slug.to_string(),
            o.name.clone(),
            o.kind.as_str().to_owned(),
            o.gss_code.clone().unwrap_or_default(),
            s.slug.to_string(),
            s.title.clone(),
            s.theme.clone(),
            a.status.as_str().to_owned(),
            a.range.to_string(),
            a.systems.join("; "),
            a.declared_at.to_rfc3339(),
            a.updated_at.to_rfc3339(),
        ];
        let fields: Vec<String> = row.iter().map(|f| csv_field(f)).collect();
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    Ok((
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                CONTENT_DISPOSITION,
                "attachment; filename=\"concord-adoption.csv\"",
            ),
        ],
        out,
    )
        .into_response())
}

/// `GET /adoption.json`: the authorities, the standards and every declaration.
pub async fn adoption_json(
    State(state): State<AppState>,
    Query(query): Query<AdoptionQuery>,
) -> Result<Response, PageError> {
    let registry = &state.registry;
    let matrix = registry.adoption_matrix(query.theme()).await?;
    let body = json!({
        "generatedAt": registry.now().to_rfc3339(),
        "demonstrationData": registry.demo_data().await,
        "theme": query.theme(),
        "authorities": matrix.authorities.iter().map(|o| json!({
            "slug": o.slug.as_str(), "name": o.name, "kind": o.kind.as_str(), "gssCode": o.gss_code,
            "adopted": matrix.adopted(o.id),
        })).collect::<Vec<_>>(),
        "standards": matrix.standards.iter().map(|s| json!({
            "slug": s.slug.as_str(), "title": s.title, "theme": s.theme,
        })).collect::<Vec<_>>(),
        "adoptions": matrix.adoptions.iter().filter_map(|a| {
            let o = matrix.organisations.get(&a.organisation_id)?;
            let s = matrix.standard(a.standard_id)?;
            Some(json!({
                "organisation": o.slug.as_str(), "standard": s.slug.as_str(),
                "status": a.status.as_str(), "range": a.range.to_string(), "systems": a.systems,
                "note": a.note, "declaredAt": a.declared_at.to_rfc3339(), "updatedAt": a.updated_at.to_rfc3339(),
            }))
        }).collect::<Vec<_>>(),
    });
    Ok(axum::Json(body).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_and_formulas_defused() {
        assert_eq!(csv_field("Camden"), "\"Camden\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=HYPERLINK(1)"), "\"'=HYPERLINK(1)\"");
        assert_eq!(csv_field("-1"), "\"'-1\"");
    }
}
