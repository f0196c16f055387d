//! The web pages people read: the catalogue, a standard, the changes between two versions, and a
//! proposal with its reviews and comments. Every value on them is escaped.

use concord::domain::Role;
use serde_json::json;

use crate::governance::{COMMENT, propose};
use crate::helpers::{SUBMIT, TestApp, spawn_app};

async fn html(app: &TestApp, path: &str) -> (u16, String) {
    let response = app.get(path).await;
    let status = response.status().as_u16();
    let content_type = response.headers()["content-type"]
        .to_str()
        .expect("content type")
        .to_owned();
    assert!(
        content_type.starts_with("text/html"),
        "{path}: {content_type}"
    );
    (status, response.text().await.expect("body"))
}

#[tokio::test]
async fn the_catalogue_lists_and_searches_standards_and_a_standard_shows_its_versions() {
    let app = spawn_app().await;
    let v1 = json!({"type": "object", "properties": {"kind": {"enum": ["house", "flat", "shop"]}}});
    let v2 = json!({"type": "object", "properties": {"kind": {"enum": ["house", "flat"]}}});
    app.seed(&[
        ("common/address", "1.0.0", v1),
        ("common/address", "2.0.0", v2),
        ("mobility/bus-stop", "1.0.0", json!({"type": "object"})),
    ])
    .await;
    let (status, page) = html(&app, "/").await;
    assert_eq!(status, 200);
    assert!(
        page.contains("href=\"/standards/common/address\""),
        "{page}"
    );
    assert!(page.contains("mobility/bus-stop"));
    let (_, found) = html(&app, "/?q=bus").await;
    assert!(found.contains("mobility/bus-stop"));
    assert!(
        !found.contains("href=\"/standards/common/address\""),
        "{found}"
    );

    let (status, page) = html(&app, "/standards/common/address").await;
    assert_eq!(status, 200);
    assert!(
        page.contains("v2.0.0") && page.contains("v1.0.0"),
        "changelogs: {page}"
    );
    assert!(
        page.contains("/diff/common/address?from=1.0.0&amp;to=2.0.0"),
        "{page}"
    );

    let (status, diff) = html(&app, "/diff/common/address?from=1.0.0&to=2.0.0").await;
    assert_eq!(status, 200);
    assert!(diff.contains("ENUM_VALUE_REMOVED"), "{diff}");
    assert!(diff.contains("breaking"));
    assert!(diff.contains("MAJOR"));
    assert!(
        diff.contains("shop"),
        "the witness document is shown: {diff}"
    );
}

#[tokio::test]
async fn a_proposal_page_shows_reviews_threads_and_timeline_with_every_value_escaped() {
    let app = spawn_app().await;
    let camden = app.token("camden", Role::Steward).await;
    let id = propose(&app, &camden, "common/address").await;
    app.gql(SUBMIT, json!({ "id": id }), Some(&camden))
        .await
        .data("/submitProposal");
    let first = app
        .gql(
            COMMENT,
            json!({ "id": id, "body": "<script>alert('x')</script> Why a UPRN?", "pointer": "/properties/uprn" }),
            Some(&camden),
        )
        .await;
    let parent = first.data("/commentOnProposal/comment/id").clone();
    app.gql(
        COMMENT,
        json!({ "id": id, "body": "Because every address has one.", "replyTo": parent }),
        Some(&camden),
    )
    .await
    .data("/commentOnProposal");
    let (status, page) = html(&app, &format!("/proposals/{id}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("CONSULTATION"));
    assert!(
        !page.contains("<script>alert"),
        "user text is escaped: {page}"
    );
    assert!(page.contains("&lt;script&gt;"));
    let question = page.find("Why a UPRN?").expect("the comment");
    let answer = page
        .find("Because every address has one.")
        .expect("the reply");
    assert!(question < answer, "the reply is threaded under its comment");
    assert!(page.contains("proposal.submitted"), "the timeline is shown");

    let (_, list) = html(&app, "/proposals?state=CONSULTATION").await;
    assert!(
        list.contains(&format!("href=\"/proposals/{id}\"")),
        "{list}"
    );
    let (_, none) = html(&app, "/proposals?state=APPROVED").await;
    assert!(!none.contains(&format!("href=\"/proposals/{id}\"")));
}

#[tokio::test]
async fn pages_for_what_does_not_exist_or_cannot_be_read_say_so() {
    let app = spawn_app().await;
    for (path, status) in [
        ("/standards/common/nothing", 404),
        ("/?after=not-a-cursor", 422),
        ("/standards/Not%20A%20Slug", 422),
        ("/proposals/999", 404),
        ("/proposals/abc", 422),
        ("/proposals?state=SIDEWAYS", 422),
        ("/diff/common/nothing?from=1.0.0&to=2.0.0", 404),
        ("/diff/common/address?from=1.0", 422),
    ] {
        let (got, page) = html(&app, path).await;
        assert_eq!(got, status, "{path}: {page}");
        assert!(page.contains("Back to the catalogue"), "{path}");
    }
}
