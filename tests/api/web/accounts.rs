//! The CDO's accounts pages, and stopping tokens and sessions: revoking a token (page, GraphQL,
//! CLI), expiring one, and deactivating an account.

use chrono::Duration;
use concord::domain::Role;
use serde_json::json;

use crate::helpers::spawn_app;

const ADD_TOKEN: &str = "mutation($input: AddTokenInput!) { addToken(input: $input) { secret token { prefix label expiresAt revokedAt } } }";
const REVOKE: &str =
    "mutation($prefix: String!) { revokeToken(prefix: $prefix) { token { prefix revokedAt } } }";
const WHO: &str = "{ me { name } }";

#[tokio::test]
async fn the_cdo_invites_from_the_web_and_sees_the_link_once() {
    let app = spawn_app().await;
    let cdo = app.signed_in("cdo@london.gov.uk", "gla", Role::Cdo).await;
    let page = cdo.get("/accounts").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Greater London Authority"));

    let invited = cdo
        .submit(
            "/accounts",
            "/accounts",
            &[
                ("name", "Kim Steward"),
                ("email", "kim@hackney.gov.uk"),
                ("organisation", "hackney"),
                ("role", "steward"),
            ],
        )
        .await;
    assert_eq!(invited.status, 200, "{}", invited.body);
    let at = invited
        .body
        .find("id=\"sign-in-link\">")
        .expect("the link is shown");
    let link = &invited.body[at + "id=\"sign-in-link\">".len()..];
    let link = link[..link.find('<').expect("end")].trim().to_owned();
    assert!(
        link.starts_with(&format!("{}/sign-in/link/", app.address)),
        "{link}"
    );
    assert!(
        !cdo.get("/accounts").await.body.contains(&link),
        "shown only once"
    );
    let mut kim = app.browser();
    assert_eq!(kim.sign_in_with(&link).await.status, 303);
    assert!(kim.get("/your-work").await.body.contains("Kim Steward"));

    // A CDO account is the operator's alone; a bad address names its field.
    let before = app.snapshot().await;
    let refused = cdo
        .submit(
            "/accounts",
            "/accounts",
            &[
                ("name", "Another CDO"),
                ("email", "x@gla.gov.uk"),
                ("organisation", "gla"),
                ("role", "cdo"),
            ],
        )
        .await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert!(refused.body.contains("operator"), "{}", refused.body);
    let refused = cdo
        .submit(
            "/accounts",
            "/accounts",
            &[
                ("name", "Nobody"),
                ("email", "not an address"),
                ("organisation", "gla"),
                ("role", "steward"),
            ],
        )
        .await;
    assert!(
        refused
            .error_summary()
            .expect("summary")
            .contains("href=\"#email\"")
    );
    assert_eq!(app.snapshot().await, before);

    // Only the CDO has the accounts pages.
    let steward = app
        .signed_in("sam@camden.gov.uk", "camden", Role::Steward)
        .await;
    assert_eq!(steward.get("/accounts").await.status, 403);
}

#[tokio::test]
async fn a_revoked_token_stops_working_at_once_everywhere() {
    let app = spawn_app().await;
    let token = app.token("camden", Role::Steward).await;
    assert_eq!(app.gql(WHO, json!({}), Some(&token)).await.status, 200);
    let prefix = &token[..14];

    // Someone else's token is not theirs to revoke.
    let other = app.token("hackney", Role::Steward).await;
    let before = app.snapshot().await;
    app.assert_refused(
        REVOKE,
        json!({ "prefix": prefix }),
        Some(&other),
        "FORBIDDEN",
    )
    .await;
    assert_eq!(app.snapshot().await, before);

    let revoked = app
        .gql(REVOKE, json!({ "prefix": prefix }), Some(&app.cdo))
        .await;
    assert!(revoked.data("/revokeToken/token/revokedAt").is_string());
    let refused = app.gql(WHO, json!({}), Some(&token)).await;
    assert_eq!(refused.status, 401);
    assert!(refused.body.to_string().contains("revoked"));
    let rest = app
        .client
        .post(format!("{}/validate/mobility/ev-chargepoint", app.address))
        .bearer_auth(&token)
        .body("{}")
        .send()
        .await
        .expect("validate");
    assert_eq!(rest.status(), 401);

    // Holders revoke their own.
    let own = app
        .gql(REVOKE, json!({ "prefix": &other[..14] }), Some(&other))
        .await;
    assert!(own.data("/revokeToken/token/revokedAt").is_string());
    assert_eq!(app.gql(WHO, json!({}), Some(&other)).await.status, 401);
}

#[tokio::test]
async fn the_operator_revokes_a_token_from_the_command_line() {
    let app = spawn_app().await;
    let token = app.token("camden", Role::Steward).await;
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_concord"))
        .args(["token", "revoke", &token[..14]])
        .env("DATABASE_URL", &app.database_url)
        .env(
            "CONCORD_AUDIT_KEY_FILE",
            crate::helpers::key_file_for(&app.database_url),
        )
        .env("CONCORD_LOG", "warn")
        .output()
        .expect("run concord");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(app.gql(WHO, json!({}), Some(&token)).await.status, 401);
    let unknown = std::process::Command::new(env!("CARGO_BIN_EXE_concord"))
        .args(["token", "revoke", "concord_nothing"])
        .env("DATABASE_URL", &app.database_url)
        .env(
            "CONCORD_AUDIT_KEY_FILE",
            crate::helpers::key_file_for(&app.database_url),
        )
        .output()
        .expect("run concord");
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("does not exist"));
}

#[tokio::test]
async fn concord_invite_prints_the_sign_in_link_alone_and_finds_an_existing_account() {
    let app = spawn_app().await;
    let invite = |email: &str, role: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_concord"))
            .args([
                "invite",
                "--email",
                email,
                "--org",
                "gla",
                "--role",
                role,
                "--name",
                "Chief Digital Officer",
            ])
            .env("DATABASE_URL", &app.database_url)
            .env(
                "CONCORD_AUDIT_KEY_FILE",
                crate::helpers::key_file_for(&app.database_url),
            )
            .env("CONCORD_BASE_URL", &app.address)
            .env("CONCORD_LOG", "warn")
            .output()
            .expect("run concord")
    };
    let first = invite("cdo@london.gov.uk", "cdo");
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let link = String::from_utf8_lossy(&first.stdout).trim().to_owned();
    assert!(
        link.starts_with(&format!("{}/sign-in/link/", app.address)),
        "{link}"
    );
    assert_eq!(String::from_utf8_lossy(&first.stdout).lines().count(), 1);
    let second = invite("CDO@london.gov.uk", "cdo");
    assert!(second.status.success());
    let mut browser = app.browser();
    assert_eq!(browser.sign_in_with(&link).await.status, 303);
    assert!(
        browser
            .get("/your-work")
            .await
            .body
            .contains("Ready to convene the board")
    );
    let clash = invite("cdo@london.gov.uk", "steward");
    assert!(!clash.status.success());
    assert!(String::from_utf8_lossy(&clash.stderr).contains("already has an account"));
}

#[tokio::test]
async fn a_token_made_with_an_expiry_stops_working_when_it_expires() {
    let app = spawn_app().await;
    let steward = app.token("camden", Role::Steward).await;
    let account = app.account_id_of_token(&steward).await;
    let added = app
        .gql(ADD_TOKEN, json!({ "input": { "account": account.to_string(), "label": "Camden CI", "expiresInDays": 1 } }), Some(&steward))
        .await;
    let secret = added
        .data("/addToken/secret")
        .as_str()
        .expect("secret")
        .to_owned();
    assert_eq!(added.data("/addToken/token/label"), "Camden CI");
    assert!(added.data("/addToken/token/expiresAt").is_string());
    assert_eq!(app.gql(WHO, json!({}), Some(&secret)).await.status, 200);
    app.clock.advance(Duration::days(1));
    let expired = app.gql(WHO, json!({}), Some(&secret)).await;
    assert_eq!(expired.status, 401);
    assert!(expired.body.to_string().contains("expired"));

    let before = app.snapshot().await;
    app.assert_refused(
        ADD_TOKEN,
        json!({ "input": { "account": account.to_string(), "expiresInDays": 0 } }),
        Some(&steward),
        "BAD_USER_INPUT",
    )
    .await;
    app.assert_refused(
        ADD_TOKEN,
        json!({ "input": { "account": "1", "label": "mine now" } }),
        Some(&steward),
        "FORBIDDEN",
    )
    .await;
    assert_eq!(app.snapshot().await, before);
}

#[tokio::test]
async fn deactivating_an_account_stops_its_tokens_and_sessions_at_once() {
    let app = spawn_app().await;
    let steward = app
        .signed_in("sam@camden.gov.uk", "camden", Role::Steward)
        .await;
    let id = app.account_id("sam@camden.gov.uk").await;
    let cdo = app.signed_in("cdo@london.gov.uk", "gla", Role::Cdo).await;

    // A token for the steward, made on the account page, listed there with its prefix.
    let made = cdo
        .submit(
            &format!("/accounts/{id}"),
            &format!("/accounts/{id}/tokens"),
            &[("label", "Camden CI"), ("expires", "30")],
        )
        .await;
    assert_eq!(made.status, 200, "{}", made.body);
    let at = made
        .body
        .find("id=\"new-token\">")
        .expect("the token is shown once");
    let token = &made.body[at + "id=\"new-token\">".len()..];
    let token = token[..token.find('<').expect("end")].trim().to_owned();
    assert_eq!(app.gql(WHO, json!({}), Some(&token)).await.status, 200);
    let listed = cdo.get(&format!("/accounts/{id}")).await;
    assert!(listed.body.contains(&token[..14]) && listed.body.contains("Camden CI"));
    assert!(!listed.body.contains(&token), "the secret is never listed");

    let done = cdo
        .submit(
            &format!("/accounts/{id}"),
            &format!("/accounts/{id}/deactivate"),
            &[],
        )
        .await;
    assert_eq!(done.status, 303, "{}", done.body);
    assert_eq!(
        steward.get("/your-work").await.status,
        303,
        "the session ended"
    );
    assert_eq!(
        app.gql(WHO, json!({}), Some(&token)).await.status,
        401,
        "the token stopped"
    );
    assert!(
        cdo.get(&format!("/accounts/{id}"))
            .await
            .body
            .contains("Deactivated on")
    );

    // Nobody re-invites a deactivated account; the CDO's own account is not the CDO's to stop.
    let before = app.snapshot().await;
    let refused = cdo
        .submit(
            "/accounts",
            "/accounts",
            &[
                ("name", "Sam"),
                ("email", "sam@camden.gov.uk"),
                ("organisation", "camden"),
                ("role", "steward"),
            ],
        )
        .await;
    assert!(
        refused
            .error_summary()
            .expect("summary")
            .contains("deactivated")
    );
    let own = app.account_id("cdo@london.gov.uk").await;
    let refused = cdo
        .submit(
            &format!("/accounts/{id}"),
            &format!("/accounts/{own}/deactivate"),
            &[],
        )
        .await;
    assert_eq!(refused.status, 403);
    assert_eq!(app.snapshot().await, before);
}

#[tokio::test]
async fn the_cdo_changes_a_role_but_never_to_or_from_cdo() {
    let app = spawn_app().await;
    app.invite("sam@camden.gov.uk", "camden", Role::Steward, "Sam")
        .await;
    let id = app.account_id("sam@camden.gov.uk").await;
    let cdo = app.signed_in("cdo@london.gov.uk", "gla", Role::Cdo).await;
    let changed = cdo
        .submit(
            &format!("/accounts/{id}"),
            &format!("/accounts/{id}/role"),
            &[("role", "board")],
        )
        .await;
    assert_eq!(changed.status, 303, "{}", changed.body);
    assert!(
        cdo.get(&format!("/accounts/{id}"))
            .await
            .body
            .contains(">board<")
    );
    let before = app.snapshot().await;
    let refused = cdo
        .submit(
            &format!("/accounts/{id}"),
            &format!("/accounts/{id}/role"),
            &[("role", "cdo")],
        )
        .await;
    assert_eq!(refused.status, 403);
    assert_eq!(app.snapshot().await, before);
}
