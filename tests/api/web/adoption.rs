//! Adoption in the browser: declaring and publishing fixtures on a standard's page, the
//! adoption map and its downloads, an organisation's page, the impact above the review form,
//! and the CDO seeing who is still on a version before deprecating or retiring it.

use concord::clock::Clock;
use concord::domain::Role;
use serde_json::json;

use crate::adoption::support::{add_fixture, declare};
use crate::helpers::{CONVENE, PROPOSE_VERSION, SUBMIT, address_schema, spawn_app, version_input};

const PAGE: &str = "/standards/common/address";

#[tokio::test]
async fn a_steward_declares_adoption_and_publishes_and_removes_a_fixture_on_the_standards_page() {
    let app = spawn_app().await;
    app.seed(&[("common/address", "1.0.0", address_schema())])
        .await;
    let steward = app
        .signed_in("sam@camden.gov.uk", "camden", Role::Steward)
        .await;
    let page = steward.get(PAGE).await;
    assert!(page.body.contains("Declare adoption"), "{}", page.body);
    assert!(page.body.contains("No organisation has declared adoption"));

    let declared = steward
        .submit(
            PAGE,
            PAGE,
            &[
                ("form", "declare"),
                ("range", "^1"),
                ("status", "LIVE"),
                ("systems", "Bartec\nStreet works"),
                ("adoption-note", ""),
            ],
        )
        .await;
    assert_eq!(declared.status, 303, "{}", declared.body);
    let page = steward.get(PAGE).await;
    assert!(
        page.body.contains("Your organisation&#39;s adoption")
            || page.body.contains("Your organisation's adoption"),
        "{}",
        page.body
    );
    assert!(page.body.contains("Bartec, Street works"));
    assert!(
        page.body
            .contains("Fixtures are public. Do not put personal data in them")
    );
    let adoption = app
        .gql("{ adoptions { nodes { id } } }", json!({}), None)
        .await
        .data("/adoptions/nodes/0/id")
        .as_str()
        .expect("id")
        .to_owned();

    // A fixture the version rejects: the error summary names the pointers; nothing stored.
    let before = app.snapshot().await;
    let refused = steward
        .submit(
            PAGE,
            PAGE,
            &[
                ("form", "fixture"),
                ("adoption", &adoption),
                ("fixture-name", "Bad"),
                ("fixture-role", "PRODUCES"),
                ("fixture-document", r#"{"uprn": 0}"#),
            ],
        )
        .await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    let summary = refused.error_summary().expect("an error summary");
    assert!(
        summary.contains("at /uprn") && summary.contains("#fixture-document"),
        "{summary}"
    );
    assert!(
        refused.body.contains("{&quot;uprn&quot;: 0}"),
        "what was typed is kept"
    );
    let not_json = steward
        .submit(
            PAGE,
            PAGE,
            &[
                ("form", "fixture"),
                ("adoption", &adoption),
                ("fixture-name", "Bad"),
                ("fixture-role", "PRODUCES"),
                ("fixture-document", "{uprn"),
            ],
        )
        .await;
    assert!(
        not_json
            .error_summary()
            .expect("summary")
            .contains("not JSON")
    );
    assert_eq!(app.snapshot().await, before);

    let added = steward
        .submit(
            PAGE,
            PAGE,
            &[
                ("form", "fixture"),
                ("adoption", &adoption),
                ("fixture-name", "Town hall"),
                ("fixture-role", "PRODUCES"),
                ("fixture-document", r#"{"uprn": 5, "postcode": "NW1 2RU"}"#),
            ],
        )
        .await;
    assert_eq!(added.status, 303, "{}", added.body);
    let page = steward.get(PAGE).await;
    assert!(
        page.body.contains("<strong>Town hall</strong>"),
        "{}",
        page.body
    );
    let fixture = app
        .gql(
            "{ adoptions { nodes { fixtures { id } } } }",
            json!({}),
            None,
        )
        .await
        .data("/adoptions/nodes/0/fixtures/0/id")
        .as_str()
        .expect("id")
        .to_owned();
    let removed = steward
        .submit(
            PAGE,
            PAGE,
            &[("form", "remove-fixture"), ("fixture", &fixture)],
        )
        .await;
    assert_eq!(removed.status, 303);
    assert!(
        !steward
            .get(PAGE)
            .await
            .body
            .contains("<strong>Town hall</strong>")
    );
}

#[tokio::test]
async fn a_declaration_the_registry_refuses_is_shown_in_the_error_summary_and_others_see_no_form() {
    let app = spawn_app().await;
    app.seed(&[("common/address", "1.0.0", address_schema())])
        .await;
    let steward = app
        .signed_in("sam@camden.gov.uk", "camden", Role::Steward)
        .await;
    let before = app.snapshot().await;
    let refused = steward
        .submit(
            PAGE,
            PAGE,
            &[("form", "declare"), ("range", "^7"), ("status", "LIVE")],
        )
        .await;
    assert_eq!(refused.status, 422);
    let summary = refused.error_summary().expect("an error summary");
    assert!(
        summary.contains("#range") && summary.contains("published: 1.0.0"),
        "{summary}"
    );
    assert!(
        refused.body.contains("value=\"^7\""),
        "what was typed is kept"
    );
    let no_status = steward
        .submit(PAGE, PAGE, &[("form", "declare"), ("range", "^1")])
        .await;
    assert!(
        no_status
            .error_summary()
            .expect("summary")
            .contains("#status")
    );
    assert_eq!(app.snapshot().await, before);

    let board = app.signed_in("bo@tfl.gov.uk", "tfl", Role::Board).await;
    let before = app.snapshot().await;
    assert!(!board.get(PAGE).await.body.contains("Declare adoption"));
    let forbidden = board
        .submit(
            PAGE,
            PAGE,
            &[("form", "declare"), ("range", "^1"), ("status", "LIVE")],
        )
        .await;
    assert_eq!(forbidden.status, 403);
    assert!(
        forbidden
            .error_summary()
            .is_some_and(|s| s.contains("steward or partner"))
    );
    assert!(
        !app.browser()
            .get(PAGE)
            .await
            .body
            .contains("Declare adoption"),
        "signed out: no form"
    );
    assert_eq!(app.snapshot().await, before);
}

#[tokio::test]
async fn the_adoption_page_shows_the_matrix_the_map_with_its_text_alternative_and_the_downloads() {
    let app = spawn_app().await;
    app.seed(&[("common/address", "1.0.0", address_schema())])
        .await;
    declare(&app, "camden", "common/address", "^1").await;
    declare(&app, "loti", "common/address", "^1").await;
    let browser = app.browser();

    let page = browser.get("/adoption").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("London grid map"), "{}", page.body);
    assert!(page.body.contains("The map as a table"));
    assert!(
        page.body
            .contains("London Borough of Camden: 1 standard adopted"),
        "the square's title"
    );
    assert_eq!(
        page.body.matches("<rect").count(),
        35,
        "33 authorities, the GLA and TfL"
    );
    let by_status = browser.get("/adoption?standard=common/address").await;
    assert!(by_status.body.contains("concord-map--live"));
    assert!(by_status.body.contains("Live (^1)"));
    assert_eq!(
        browser.get("/adoption?standard=nothing/here").await.status,
        404
    );
    let other_theme = browser.get("/adoption?theme=transport").await;
    assert!(other_theme.body.contains("No standard has this theme"));

    let csv = app.get("/adoption.csv").await;
    assert!(
        csv.headers()["content-type"]
            .to_str()
            .expect("type")
            .starts_with("text/csv")
    );
    let csv = csv.text().await.expect("csv");
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 3, "a header and two declarations: {csv}");
    assert!(rows[1].starts_with("\"camden\",\"London Borough of Camden\",\"BOROUGH\""));
    let data: serde_json::Value = app.get("/adoption.json").await.json().await.expect("json");
    assert_eq!(data["adoptions"].as_array().expect("adoptions").len(), 2);
    assert_eq!(data["demonstrationData"], false);
    assert!(
        !page.body.contains("demonstration data"),
        "never loaded by default"
    );
    assert_eq!(
        data["authorities"].as_array().expect("authorities").len(),
        35
    );
}

#[tokio::test]
async fn an_organisations_page_shows_what_it_adopted_its_fixtures_and_its_usage() {
    let app = spawn_app().await;
    app.seed(&[("common/address", "1.0.0", address_schema())])
        .await;
    let (adoption, token) = declare(&app, "camden", "common/address", "^1").await;
    add_fixture(
        &app,
        &token,
        &adoption,
        "Council offices",
        "PRODUCES",
        json!({ "uprn": 5, "postcode": "NW1 2RU" }),
    )
    .await;
    app.client
        .post(format!("{}/validate/common/address/1.0.0", app.address))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body(json!({ "uprn": 5, "postcode": "NW1 2RU" }).to_string())
        .send()
        .await
        .expect("validate");
    let page = app.browser().get("/organisations/camden").await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("#adoption\">common/address</a>"),
        "{}",
        page.body
    );
    assert!(page.body.contains("Council offices (PRODUCES"));
    assert!(
        page.body
            .contains("1 document validated with London Borough of Camden")
    );
    assert_eq!(
        app.browser().get("/organisations/nowhere").await.status,
        404
    );
}

#[tokio::test]
async fn the_board_reads_the_impact_above_the_review_form_and_in_its_work() {
    let app = spawn_app().await;
    app.seed(&[("common/address", "1.0.0", address_schema())])
        .await;
    let (adoption, token) = declare(&app, "camden", "common/address", "^1").await;
    add_fixture(
        &app,
        &token,
        &adoption,
        "Big UPRN",
        "PRODUCES",
        json!({ "uprn": 100_023_336_956_i64, "postcode": "NW1 2RU" }),
    )
    .await;
    // The member's account exists before submission, so the CDO may convene them.
    app.signed_in("member@hackney.gov.uk", "hackney", Role::Board)
        .await;
    let loti = app.token("loti", Role::Steward).await;
    let mut schema = address_schema();
    schema["properties"]["uprn"]["maximum"] = json!(99_999);
    let id = app
        .gql(
            PROPOSE_VERSION,
            version_input("common/address", "2.0.0", schema),
            Some(&loti),
        )
        .await
        .data("/proposeVersion/proposal/id")
        .as_str()
        .expect("id")
        .to_owned();
    app.gql(SUBMIT, json!({ "id": id }), Some(&loti))
        .await
        .data("/submitProposal");
    app.clock.advance(chrono::Duration::days(29));
    // Signed in again now: a session lasts a day at most.
    let member = app
        .signed_in("member@hackney.gov.uk", "hackney", Role::Board)
        .await;
    let mut reviewers = vec![app.account_id("member@hackney.gov.uk").await.to_string()];
    for org in ["tfl", "westminster"] {
        reviewers.push(
            app.account_id_of_token(app.board_member(org))
                .await
                .to_string(),
        );
    }
    let deadline = (app.clock.now() + chrono::Duration::days(7)).to_rfc3339();
    app.gql(
        CONVENE,
        json!({ "id": id, "deadline": deadline, "reviewers": reviewers }),
        Some(&app.cdo),
    )
    .await
    .data("/conveneReview");

    let page = member.get(&format!("/proposals/{id}")).await;
    let impact = page
        .body
        .find("Impact on adopters")
        .expect("the impact section");
    let form = page.body.find("Your review").unwrap_or_else(|| {
        panic!(
            "the review form: {}",
            &page.body[page.body.find("Board review").unwrap_or(0)..]
        )
    });
    assert!(impact < form, "the impact comes before the review form");
    assert!(
        page.body.contains(
            "1 of 1 adopter affected: London Borough of Camden (1 fixture breaks at /uprn;"
        ),
        "{}",
        page.body
    );
    assert!(page.body[impact..form].contains("Big UPRN"));
    let work = member.get("/your-work").await;
    assert!(work.body.contains("Impact on adopters"), "{}", work.body);
    assert!(work.body.contains("1 of 1 adopter affected"));
}

#[tokio::test]
async fn the_cdo_sees_who_is_still_on_a_version_before_deprecating_and_retiring_it() {
    let app = spawn_app().await;
    app.seed(&[
        ("common/address", "1.0.0", address_schema()),
        ("common/address", "1.1.0", address_schema()),
    ])
    .await;
    declare(&app, "hackney", "common/address", "~1.0").await;
    let cdo = app.signed_in("cdo@london.gov.uk", "gla", Role::Cdo).await;
    let page = cdo.get("/standards/common/address?version=1.0.0").await;
    let still = page
        .body
        .find("Who is still on 1.0.0")
        .expect("who is on it");
    assert!(
        page.body[still..].contains("London Borough of Hackney: Live, range <code>~1.0</code>"),
        "{}",
        page.body
    );
    let bad = cdo
        .submit(
            "/standards/common/address?version=1.0.0",
            PAGE,
            &[
                ("form", "deprecate"),
                ("version", "1.0.0"),
                ("sunset", "next week"),
            ],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.error_summary().expect("summary").contains("#sunset"));
    let deprecated = cdo
        .submit(
            "/standards/common/address?version=1.0.0",
            PAGE,
            &[
                ("form", "deprecate"),
                ("version", "1.0.0"),
                ("successor", "1.1.0"),
                ("sunset", "2027-06-30"),
                ("deprecate-note", "Move to 1.1."),
            ],
        )
        .await;
    assert_eq!(deprecated.status, 303, "{}", deprecated.body);
    assert_eq!(
        deprecated.location.as_deref(),
        Some("/standards/common/address?version=1.0.0#manage")
    );
    let retired = cdo
        .submit(
            "/standards/common/address?version=1.0.0",
            PAGE,
            &[
                ("form", "retire"),
                ("version", "1.0.0"),
                ("retire-note", ""),
            ],
        )
        .await;
    assert_eq!(retired.status, 303);
    let status = app
        .gql(
            "{ standard(slug: \"common/address\") { version(req: \"1.0.0\") { status } } }",
            json!({}),
            None,
        )
        .await;
    assert_eq!(status.data("/standard/version/status"), "RETIRED");

    let steward = app
        .signed_in("sam@camden.gov.uk", "camden", Role::Steward)
        .await;
    assert!(
        !steward.get(PAGE).await.body.contains("Who is still on"),
        "for the CDO only"
    );
}

#[tokio::test]
async fn a_proposal_whose_impact_cannot_be_worked_out_still_shows_and_says_why() {
    let app = spawn_app().await;
    app.seed(&[
        ("common/address", "1.0.0", address_schema()),
        ("places/depot", "1.0.0", address_schema()),
    ])
    .await;
    declare(&app, "camden", "places/depot", "^1").await;
    let depot = json!({
        "type": "object",
        "properties": { "address": { "$ref": format!("{}/schemas/common/address/1.0.0", app.address) } }
    });
    let loti = app.token("loti", Role::Steward).await;
    let id = app
        .gql(
            PROPOSE_VERSION,
            version_input("places/depot", "2.0.0", depot),
            Some(&loti),
        )
        .await
        .data("/proposeVersion/proposal/id")
        .as_str()
        .expect("id")
        .to_owned();
    // The version the proposal references is retired: its schema no longer checks.
    app.gql(
        "mutation { retireVersion(standard: \"common/address\", version: \"1.0.0\") { version { status } } }",
        json!({}),
        Some(&app.cdo),
    )
    .await
    .data("/retireVersion");
    let page = app.browser().get(&format!("/proposals/{id}")).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body.contains("could not be worked out") && page.body.contains("retired"),
        "{}",
        page.body
    );
}
