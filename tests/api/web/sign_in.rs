//! One-time sign-in links and sessions.

use chrono::Duration;
use concord::domain::Role;

use crate::helpers::spawn_app;

#[tokio::test]
async fn a_sign_in_link_asks_to_confirm_then_works_once_and_starts_a_session() {
    let app = spawn_app().await;
    let link = app
        .invite("Sam@Camden.gov.uk", "camden", Role::Steward, "Sam Steward")
        .await;
    let mut browser = app.browser();

    // Opening the link spends nothing: a mail scanner may follow it.
    let opened = browser.get(&link).await;
    assert_eq!(opened.status, 200);
    assert!(opened.body.contains(">Sign in</button>"), "{}", opened.body);
    assert!(!opened.body.contains("Signed in as"));

    let confirmed = browser.sign_in_with(&link).await;
    assert_eq!(confirmed.status, 303);
    assert_eq!(confirmed.location.as_deref(), Some("/your-work"));
    let cookie = &confirmed.cookies[0];
    assert!(cookie.starts_with("concord_session="), "{cookie}");
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(attribute), "{cookie} lacks {attribute}");
    }
    assert!(
        !cookie.contains("Secure"),
        "the test server is plain http: {cookie}"
    );

    let work = browser.get("/your-work").await;
    assert_eq!(work.status, 200);
    assert!(work.body.contains("Your work"));
    assert!(
        work.body
            .contains("Signed in as <strong>Sam Steward</strong>"),
        "{}",
        work.body
    );

    let before = app.snapshot().await;
    let again = app.browser().sign_in_with(&link).await;
    assert_eq!(again.status, 401);
    assert!(again.body.contains("does not work"), "{}", again.body);
    assert!(again.cookies.is_empty());
    assert_eq!(
        app.snapshot().await,
        before,
        "a spent link changed the database"
    );
}

#[tokio::test]
async fn a_sign_in_link_stops_working_after_24_hours() {
    let app = spawn_app().await;
    let link = app
        .invite("late@camden.gov.uk", "camden", Role::Steward, "Late")
        .await;
    app.clock.advance(Duration::hours(24));
    let before = app.snapshot().await;
    let page = app.browser().sign_in_with(&link).await;
    assert_eq!(page.status, 401);
    assert!(page.body.contains("expired"), "{}", page.body);
    assert_eq!(app.snapshot().await, before);
    assert_eq!(app.browser().get(&link).await.status, 401);
}

#[tokio::test]
async fn a_mistyped_link_is_refused_without_saying_whose_it_was() {
    let app = spawn_app().await;
    let page = app
        .browser()
        .sign_in_with(&format!("{}/sign-in/link/not-a-real-link", app.address))
        .await;
    assert_eq!(page.status, 401);
    assert!(
        page.error_summary()
            .expect("summary")
            .contains("does not work")
    );
}

#[tokio::test]
async fn a_session_ends_when_idle_for_eight_hours() {
    let app = spawn_app().await;
    let browser = app
        .signed_in("idle@camden.gov.uk", "camden", Role::Steward)
        .await;
    app.clock.advance(Duration::hours(7));
    assert_eq!(browser.get("/your-work").await.status, 200);
    app.clock.advance(Duration::hours(7));
    assert_eq!(
        browser.get("/your-work").await.status,
        200,
        "used an hour ago"
    );
    app.clock.advance(Duration::hours(8));
    let ended = browser.get("/your-work").await;
    assert_eq!(ended.status, 303);
    assert_eq!(ended.location.as_deref(), Some("/sign-in"));
    let sign_in = browser.get("/sign-in").await;
    assert!(
        sign_in.body.contains("not used for a while"),
        "{}",
        sign_in.body
    );
}

#[tokio::test]
async fn a_session_ends_24_hours_after_signing_in_however_much_it_is_used() {
    let app = spawn_app().await;
    let browser = app
        .signed_in("busy@camden.gov.uk", "camden", Role::Steward)
        .await;
    for _ in 0..3 {
        app.clock.advance(Duration::hours(7));
        assert_eq!(browser.get("/your-work").await.status, 200);
    }
    app.clock.advance(Duration::hours(4));
    assert_eq!(browser.get("/your-work").await.status, 303);
    assert!(browser.get("/sign-in").await.body.contains("expired"));
}

#[tokio::test]
async fn signing_out_ends_the_session_on_the_server() {
    let app = spawn_app().await;
    let browser = app
        .signed_in("out@camden.gov.uk", "camden", Role::Steward)
        .await;
    let out = browser.submit("/your-work", "/sign-out", &[]).await;
    assert_eq!(out.status, 200);
    assert!(out.body.contains("You have signed out"));
    assert!(
        out.cookies
            .iter()
            .any(|c| c.starts_with("concord_session=;") && c.contains("Max-Age=0"))
    );
    // The old cookie, replayed, no longer works.
    assert_eq!(browser.get("/your-work").await.status, 303);
}

#[tokio::test]
async fn a_deactivated_account_cannot_sign_in_with_a_link_it_was_sent() {
    let app = spawn_app().await;
    let link = app
        .invite("gone@camden.gov.uk", "camden", Role::Steward, "Gone")
        .await;
    let id = app.account_id("gone@camden.gov.uk").await;
    app.registry
        .deactivate_account_as_operator(id)
        .await
        .expect("deactivate");
    let page = app.browser().sign_in_with(&link).await;
    assert_eq!(page.status, 401);
    assert!(page.body.contains("deactivated"), "{}", page.body);
}
