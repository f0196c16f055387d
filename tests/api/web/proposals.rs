//! A proposal taken through the board's review and the CDO's decision with the page's forms,
//! and the governance refusals shown in the error summary, with nothing changed.

use chrono::Duration;
use concord::clock::Clock;
use concord::domain::Role;
use serde_json::json;

use crate::helpers::REVIEW;
use crate::helpers::web::Browser;
use crate::helpers::{TestApp, spawn_app};

const SCHEMA: &str = r#"{"type":"object","required":["uprn"],"properties":{"uprn":{"type":"string","maxLength":12,"description":"Unique Property Reference Number"},"day":{"enum":["MON","TUE"]}}}"#;

/// A steward proposes and submits a new standard with the forms; its proposal's path.
async fn proposed(steward: &Browser<'_>) -> String {
    let saved = steward
        .submit(
            "/propose/standard",
            "/propose/standard",
            &[
                ("action", "save"),
                ("slug", "waste/bin-day"),
                ("title", "Bin day"),
                ("summary", "Which day the bins are collected."),
                ("theme", "waste"),
                ("version", "1.0.0"),
                ("rationale", "Every borough publishes it differently."),
                ("schema", SCHEMA),
            ],
        )
        .await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    let path = saved.location.expect("the proposal");
    let submitted = steward.submit(&path, &format!("{path}/submit"), &[]).await;
    assert_eq!(submitted.status, 303, "{}", submitted.body);
    path
}

/// The reviewer checkboxes' values on the convene form.
fn reviewer_ids(body: &str) -> Vec<String> {
    body.match_indices("name=\"reviewers\" type=\"checkbox\" value=\"")
        .map(|(at, pattern)| {
            let rest = &body[at + pattern.len()..];
            rest[..rest.find('"').expect("end")].to_owned()
        })
        .collect()
}

async fn cdo(app: &TestApp) -> Browser<'_> {
    app.signed_in("cdo@london.gov.uk", "gla", Role::Cdo).await
}

#[tokio::test]
async fn the_board_reviews_and_the_cdo_decides_with_the_forms() {
    let app = spawn_app().await;
    let steward = app
        .signed_in("sam@camden.gov.uk", "camden", Role::Steward)
        .await;
    // The member's account exists before the proposal is submitted, so they are eligible.
    app.invite("bea@hackney.gov.uk", "hackney", Role::Board, "Bea")
        .await;
    let path = proposed(&steward).await;
    let id = path.rsplit('/').next().expect("id").to_owned();
    app.clock.advance(Duration::days(29));
    let member = app
        .signed_in("bea@hackney.gov.uk", "hackney", Role::Board)
        .await;

    let cdo = cdo(&app).await;
    let page = cdo.get(&path).await;
    assert!(page.body.contains("Convene the board"));
    let reviewers = reviewer_ids(&page.body);
    assert_eq!(
        reviewers.len(),
        4,
        "every eligible board member is preselected: {reviewers:?}"
    );
    assert!(page.body.matches(" checked").count() >= 4);
    let deadline = (app.clock.now() + Duration::days(7))
        .format("%Y-%m-%d")
        .to_string();
    let mut fields: Vec<(&str, &str)> = vec![("deadline", deadline.as_str())];
    fields.extend(reviewers.iter().map(|r| ("reviewers", r.as_str())));
    let convened = cdo.submit(&path, &format!("{path}/convene"), &fields).await;
    assert_eq!(convened.status, 303, "{}", convened.body);

    // The member sees the review with the owner and proposer, and the date to report by.
    let work = member.get("/your-work").await;
    assert!(work.body.contains("Bin day"), "{}", work.body);
    assert!(work.body.contains("Not yet sent"));
    let page = member.get(&path).await;
    assert!(page.body.contains("<legend"), "{}", page.body);
    assert!(page.body.contains("Your review"));
    let sent = member
        .submit(
            &path,
            &format!("{path}/review"),
            &[("verdict", "APPROVE"), ("comment", "Clear and useful.")],
        )
        .await;
    assert_eq!(sent.status, 303, "{}", sent.body);
    for (org, _, token) in &app.board {
        if org != "westminster" {
            app.gql(
                REVIEW,
                json!({ "id": id, "verdict": "APPROVE", "comment": "Agreed." }),
                Some(token),
            )
            .await
            .data("/castReview");
        }
    }

    let decided = cdo
        .submit(
            &path,
            &format!("{path}/decision"),
            &[("decision", "APPROVE"), ("note", "As the board advised.")],
        )
        .await;
    assert_eq!(decided.status, 303, "{}", decided.body);
    let page = app.browser().get(&path).await;
    assert!(page.body.contains(">APPROVED<"), "{}", page.body);
    assert!(
        app.browser()
            .get("/standards/waste/bin-day")
            .await
            .body
            .contains("1.0.0")
    );
}

#[tokio::test]
async fn governance_refusals_are_shown_in_plain_english_and_change_nothing() {
    let app = spawn_app().await;
    let steward = app
        .signed_in("sam@camden.gov.uk", "camden", Role::Steward)
        .await;
    let camden_member = app
        .signed_in("cam@camden.gov.uk", "camden", Role::Board)
        .await;
    let path = proposed(&steward).await;
    let cdo = cdo(&app).await;

    // Convened while the consultation is still open, approved by every member...
    let page = cdo.get(&path).await;
    let deadline = (app.clock.now() + Duration::days(40))
        .format("%Y-%m-%d")
        .to_string();
    let mut fields: Vec<(&str, &str)> = vec![("deadline", deadline.as_str())];
    let reviewers = reviewer_ids(&page.body);
    fields.extend(reviewers.iter().map(|r| ("reviewers", r.as_str())));
    assert_eq!(
        cdo.submit(&path, &format!("{path}/convene"), &fields)
            .await
            .status,
        303
    );
    let id = path.rsplit('/').next().expect("id");
    for (_, _, token) in &app.board {
        app.gql(
            REVIEW,
            json!({ "id": id, "verdict": "APPROVE", "comment": "Agreed." }),
            Some(token),
        )
        .await
        .data("/castReview");
    }

    // ...the CDO still cannot approve before it closes.
    let before = app.snapshot().await;
    let refused = cdo
        .submit(
            &path,
            &format!("{path}/decision"),
            &[("decision", "APPROVE")],
        )
        .await;
    assert_eq!(refused.status, 409, "{}", refused.body);
    let summary = refused.error_summary().expect("summary");
    assert!(summary.contains("consultation"), "{summary}");
    assert_eq!(app.snapshot().await, before);

    // A rejection must say why; the summary links to the note.
    let refused = cdo
        .submit(
            &path,
            &format!("{path}/decision"),
            &[("decision", "REJECT"), ("note", "")],
        )
        .await;
    assert!(
        refused
            .error_summary()
            .expect("summary")
            .contains("href=\"#decision-note\"")
    );
    assert_eq!(app.snapshot().await, before);

    // A board member from the proposer's organisation gets no review form, and is refused.
    let page = camden_member.get(&path).await;
    assert!(!page.body.contains("Send review"));
    let refused = camden_member
        .submit(
            &path,
            &format!("{path}/review"),
            &[("verdict", "APPROVE"), ("comment", "Mine.")],
        )
        .await;
    assert_eq!(refused.status, 403);
    let summary = refused.error_summary().expect("summary").to_lowercase();
    assert!(summary.contains("conflict of interest"), "{summary}");
    assert_eq!(app.snapshot().await, before);

    // No verdict chosen.
    let member = app
        .signed_in("bea@hackney.gov.uk", "hackney", Role::Board)
        .await;
    let refused = member
        .submit(&path, &format!("{path}/review"), &[("comment", "Hmm.")])
        .await;
    assert!(
        refused
            .error_summary()
            .expect("summary")
            .contains("href=\"#verdict\"")
    );
}

#[tokio::test]
async fn comments_sit_beside_the_field_they_are_about_and_replies_under_them() {
    let app = spawn_app().await;
    let steward = app
        .signed_in("sam@camden.gov.uk", "camden", Role::Steward)
        .await;
    let path = proposed(&steward).await;
    let member = app
        .signed_in("bea@hackney.gov.uk", "hackney", Role::Board)
        .await;

    let sent = member
        .submit(
            &path,
            &format!("{path}/comments"),
            &[
                ("pointer", "/properties/uprn"),
                ("body", "Should this allow 13 digits?"),
            ],
        )
        .await;
    assert_eq!(sent.status, 303, "{}", sent.body);
    let anchor = sent.location.expect("location");
    assert!(anchor.contains("#comment-"), "{anchor}");
    let page = steward.get(&path).await;
    let field = &page.body[page
        .body
        .find("id=\"field-properties-uprn\"")
        .expect("the uprn field")..];
    let field = &field[..field.find("</li>\n").unwrap_or(field.len()).min(
        field
            .find("id=\"field-properties-day\"")
            .unwrap_or(field.len()),
    )];
    assert!(
        field.contains("Should this allow 13 digits?"),
        "the comment is beside its field"
    );
    let comment_id = anchor.rsplit('-').next().expect("id");
    let replied = steward
        .submit(
            &path,
            &format!("{path}/comments"),
            &[
                ("reply_to", comment_id),
                ("body", "No: UPRNs have at most 12."),
            ],
        )
        .await;
    assert_eq!(replied.status, 303);
    assert!(
        steward
            .get(&path)
            .await
            .body
            .contains("No: UPRNs have at most 12.")
    );

    let before = app.snapshot().await;
    let refused = member
        .submit(
            &path,
            &format!("{path}/comments"),
            &[("pointer", "/properties/nope"), ("body", "?")],
        )
        .await;
    assert!(
        refused
            .error_summary()
            .expect("summary")
            .contains("/properties/nope"),
        "{}",
        refused.body
    );
    let refused = member
        .submit(&path, &format!("{path}/comments"), &[("body", "  ")])
        .await;
    assert!(refused.error_summary().is_some());
    assert_eq!(app.snapshot().await, before);
}
