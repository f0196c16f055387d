//! Every state-changing form carries its session's CSRF token and comes from Concord's own
//! pages; without either, or without a live session, it is refused and nothing changes.

use concord::domain::Role;

use crate::helpers::spawn_app;

const SCHEMA: &str = r#"{"type":"object","required":["uprn"],"properties":{"uprn":{"type":"string","maxLength":12}}}"#;

fn standard_fields(action: &'static str) -> Vec<(&'static str, &'static str)> {
    vec![
        ("action", action),
        ("slug", "waste/bin-day"),
        ("title", "Bin day"),
        ("summary", "Which day the bins are collected."),
        ("theme", "waste"),
        ("version", "1.0.0"),
        ("rationale", "Every borough publishes it differently."),
        ("schema", SCHEMA),
    ]
}

#[tokio::test]
async fn a_form_without_its_csrf_token_or_with_another_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    let browser = app
        .signed_in("sam@camden.gov.uk", "camden", Role::Steward)
        .await;
    let before = app.snapshot().await;

    let missing = browser
        .post("/propose/standard", &standard_fields("save"))
        .await;
    assert_eq!(missing.status, 403, "{}", missing.body);
    assert!(
        missing.body.contains("did not come from Concord"),
        "{}",
        missing.body
    );

    let mut wrong = vec![("csrf", "not-the-token")];
    wrong.extend(standard_fields("save"));
    assert_eq!(browser.post("/propose/standard", &wrong).await.status, 403);

    // Another person's token does not do either.
    let other = app
        .signed_in("kim@camden.gov.uk", "camden", Role::Steward)
        .await;
    let others_token = other.get("/propose/standard").await.csrf();
    let before_other = app.snapshot().await;
    let mut borrowed = vec![("csrf", others_token.as_str())];
    borrowed.extend(standard_fields("save"));
    assert_eq!(
        browser.post("/propose/standard", &borrowed).await.status,
        403
    );
    assert_eq!(app.snapshot().await, before_other);
    assert_ne!(
        before, before_other,
        "signing the second person in made a session"
    );
}

#[tokio::test]
async fn a_form_sent_from_another_site_is_refused_before_anything_runs() {
    let app = spawn_app().await;
    let browser = app
        .signed_in("sam@camden.gov.uk", "camden", Role::Steward)
        .await;
    let csrf = browser.get("/propose/standard").await.csrf();
    let mut fields = vec![("csrf", csrf.as_str())];
    fields.extend(standard_fields("save"));
    let before = app.snapshot().await;
    let forged = browser
        .post_from("/propose/standard", &fields, Some("https://evil.example"))
        .await;
    assert_eq!(forged.status, 403);
    assert!(forged.body.contains("another website"), "{}", forged.body);
    assert_eq!(app.snapshot().await, before);

    // The same form from Concord's own page goes through.
    let sent = browser.post("/propose/standard", &fields).await;
    assert_eq!(sent.status, 303, "{}", sent.body);
}

#[tokio::test]
async fn a_form_posted_after_signing_out_is_refused_and_asks_to_sign_in() {
    let app = spawn_app().await;
    let browser = app
        .signed_in("sam@camden.gov.uk", "camden", Role::Steward)
        .await;
    let csrf = browser.get("/propose/standard").await.csrf();
    browser.post("/sign-out", &[("csrf", csrf.as_str())]).await;
    let before = app.snapshot().await;
    let mut fields = vec![("csrf", csrf.as_str())];
    fields.extend(standard_fields("save"));
    let page = browser.post("/propose/standard", &fields).await;
    assert_eq!(page.status, 401);
    assert!(page.body.contains("Nothing was changed"), "{}", page.body);
    assert!(page.body.contains("href=\"/sign-in\""));
    assert_eq!(app.snapshot().await, before);
}

#[tokio::test]
async fn pages_that_need_a_session_send_visitors_to_sign_in() {
    let app = spawn_app().await;
    let browser = app.browser();
    for path in [
        "/your-work",
        "/propose/standard",
        "/accounts",
        "/propose/version?standard=mobility/ev-chargepoint",
    ] {
        let page = browser.get(path).await;
        assert_eq!(page.status, 303, "{path}");
        assert_eq!(page.location.as_deref(), Some("/sign-in"), "{path}");
    }
}

#[tokio::test]
async fn check_stores_nothing_and_names_what_is_wrong_keeping_what_was_typed() {
    let app = spawn_app().await;
    let browser = app
        .signed_in("sam@camden.gov.uk", "camden", Role::Steward)
        .await;
    let before = app.snapshot().await;

    let checked = browser
        .submit(
            "/propose/standard",
            "/propose/standard",
            &standard_fields("check"),
        )
        .await;
    assert_eq!(checked.status, 200);
    assert!(
        checked.body.contains("The schema is valid"),
        "{}",
        checked.body
    );
    assert!(
        checked
            .body
            .contains("Every borough publishes it differently."),
        "the form keeps the rationale"
    );

    let mut bad = standard_fields("check");
    bad.retain(|(k, _)| *k != "schema");
    bad.push((
        "schema",
        r#"{"type":"object","properties":{"uprn":{"type":"strung"}}}"#,
    ));
    let refused = browser
        .submit("/propose/standard", "/propose/standard", &bad)
        .await;
    let summary = refused.error_summary().expect("an error summary");
    assert!(summary.contains("href=\"#schema\""), "{summary}");
    assert!(
        summary.contains("/properties/uprn/type"),
        "the problem names its pointer: {summary}"
    );

    let mut not_json = standard_fields("check");
    not_json.retain(|(k, _)| *k != "schema");
    not_json.push(("schema", "{\"type\": "));
    let refused = browser
        .submit("/propose/standard", "/propose/standard", &not_json)
        .await;
    assert!(
        refused
            .error_summary()
            .expect("summary")
            .contains("not JSON")
    );

    let mut bad_slug = standard_fields("save");
    bad_slug.retain(|(k, _)| *k != "slug");
    bad_slug.push(("slug", "Bin Day!"));
    let refused = browser
        .submit("/propose/standard", "/propose/standard", &bad_slug)
        .await;
    assert!(
        refused
            .error_summary()
            .expect("summary")
            .contains("href=\"#slug\"")
    );
    assert!(refused.body.contains("govuk-form-group--error"));
    assert_eq!(
        app.snapshot().await,
        before,
        "checking and refusals stored nothing"
    );
}

#[tokio::test]
async fn a_schema_file_upload_is_used_instead_of_the_text_box() {
    let app = spawn_app().await;
    let browser = app
        .signed_in("sam@camden.gov.uk", "camden", Role::Steward)
        .await;
    let csrf = browser.get("/propose/standard").await.csrf();
    let mut form = reqwest::multipart::Form::new().text("csrf", csrf);
    for (name, value) in standard_fields("save") {
        if name != "schema" {
            form = form.text(name, value);
        }
    }
    form = form.text("schema", "").part(
        "schema-file",
        reqwest::multipart::Part::bytes(SCHEMA.as_bytes().to_vec()).file_name("bin-day.json"),
    );
    let response = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
        .post(format!("{}/propose/standard", app.address))
        .header("cookie", browser.cookie.clone().expect("cookie"))
        .header("origin", &app.address)
        .multipart(form)
        .send()
        .await
        .expect("post");
    assert_eq!(response.status(), 303);
    let proposal = browser
        .get(response.headers()["location"].to_str().expect("location"))
        .await;
    assert!(
        proposal.body.contains("/properties/uprn"),
        "the field tree shows the uploaded schema"
    );
}

#[tokio::test]
async fn every_state_changing_form_refuses_a_post_without_its_csrf_token() {
    let app = spawn_app().await;
    let cdo = app.signed_in("cdo@london.gov.uk", "gla", Role::Cdo).await;
    let steward = app
        .signed_in("sam@camden.gov.uk", "camden", Role::Steward)
        .await;
    let saved = steward
        .submit(
            "/propose/standard",
            "/propose/standard",
            &standard_fields("save"),
        )
        .await;
    let proposal = saved.location.expect("a proposal");
    let account = app.account_id("sam@camden.gov.uk").await;
    let before = app.snapshot().await;
    for (who, path) in [
        (&steward, "/propose/standard".to_owned()),
        (&steward, "/propose/version".to_owned()),
        (&steward, format!("{proposal}/submit")),
        (&steward, format!("{proposal}/withdraw")),
        (&steward, format!("{proposal}/revise")),
        (&steward, format!("{proposal}/comments")),
        (&cdo, format!("{proposal}/review")),
        (&cdo, format!("{proposal}/convene")),
        (&cdo, format!("{proposal}/decision")),
        (&cdo, "/accounts".to_owned()),
        (&cdo, format!("/accounts/{account}/role")),
        (&cdo, format!("/accounts/{account}/deactivate")),
        (&cdo, format!("/accounts/{account}/tokens")),
        (&cdo, format!("/accounts/{account}/revoke")),
        (&cdo, format!("/accounts/{account}/sign-in-link")),
        (&steward, "/standards/common/address".to_owned()),
        (&cdo, "/standards/common/address".to_owned()),
        (&steward, "/sign-out".to_owned()),
    ] {
        let page = who
            .post(
                &path,
                &[("csrf", "forged"), ("body", "x"), ("role", "board")],
            )
            .await;
        assert_eq!(page.status, 403, "{path}: {}", page.body);
    }
    assert_eq!(app.snapshot().await, before);
}

#[tokio::test]
async fn its_authors_revise_and_withdraw_a_proposal_with_the_forms() {
    let app = spawn_app().await;
    let steward = app
        .signed_in("sam@camden.gov.uk", "camden", Role::Steward)
        .await;
    let saved = steward
        .submit(
            "/propose/standard",
            "/propose/standard",
            &standard_fields("save"),
        )
        .await;
    let proposal = saved.location.expect("a proposal");

    // Revising: the form starts from the latest revision.
    let form = steward.get(&format!("{proposal}/revise")).await;
    assert!(form.body.contains("value=\"1.0.0\""), "{}", form.body);
    let revised_schema = r#"{"type":"object","required":["uprn"],"properties":{"uprn":{"type":"string","maxLength":12},"day":{"type":"string"}}}"#;
    let revised = steward
        .submit(
            &format!("{proposal}/revise"),
            &format!("{proposal}/revise"),
            &[
                ("version", "1.0.0"),
                ("changelog", "Adds the day."),
                ("schema", revised_schema),
            ],
        )
        .await;
    assert_eq!(revised.status, 303, "{}", revised.body);
    let page = steward.get(&proposal).await;
    assert!(page.body.contains("Adds the day.") && page.body.contains("/properties/day"));

    // A revision that is not JSON is refused at its field, keeping what was typed.
    let before = app.snapshot().await;
    let refused = steward
        .submit(
            &format!("{proposal}/revise"),
            &format!("{proposal}/revise"),
            &[
                ("version", "1.0.0"),
                ("changelog", "Oops."),
                ("schema", "{"),
            ],
        )
        .await;
    assert_eq!(refused.status, 422);
    assert!(
        refused
            .error_summary()
            .expect("summary")
            .contains("href=\"#schema\"")
    );
    assert!(refused.body.contains("Oops."));
    assert_eq!(app.snapshot().await, before);

    // Someone from another organisation gets no buttons and is refused.
    let other = app
        .signed_in("kim@hackney.gov.uk", "hackney", Role::Steward)
        .await;
    assert!(!other.get(&proposal).await.body.contains("Withdraw"));
    let before = app.snapshot().await;
    let refused = other
        .submit(&proposal, &format!("{proposal}/withdraw"), &[])
        .await;
    assert_eq!(refused.status, 403);
    assert!(
        refused
            .error_summary()
            .expect("summary")
            .contains("authored")
    );
    assert_eq!(app.snapshot().await, before);

    let withdrawn = steward
        .submit(&proposal, &format!("{proposal}/withdraw"), &[])
        .await;
    assert_eq!(withdrawn.status, 303);
    let page = steward.get(&proposal).await;
    assert!(page.body.contains(">WITHDRAWN<"));
    assert!(
        !page.body.contains("Submit for consultation"),
        "a withdrawn proposal offers no steps"
    );
}
