//! What every page carries: a Content-Security-Policy that allows only Concord's own files (no
//! inline script, no framing), `nosniff` and a referrer policy; and the files themselves,
//! embedded byte for byte as the vendoring manifest records them.

use sha2::{Digest, Sha256};

use crate::helpers::{repo_path, spawn_app};

#[tokio::test]
async fn every_kind_of_page_sends_the_security_headers_and_no_inline_script() {
    let app = spawn_app().await;
    for path in [
        "/",
        "/standards/mobility/ev-chargepoint",
        "/proposals",
        "/sign-in",
        "/graphql",
        "/assets/concord.css",
        "/proposals/999",
    ] {
        let response = app.get(path).await;
        let headers = response.headers().clone();
        let csp = headers["content-security-policy"].to_str().expect("csp");
        for directive in [
            "default-src 'self'",
            "script-src 'self'",
            "frame-ancestors 'none'",
            "style-src 'self'",
        ] {
            assert!(csp.contains(directive), "{path}: {csp}");
        }
        assert!(
            !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"),
            "{csp}"
        );
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["referrer-policy"], "same-origin", "{path}");
        let body = response.text().await.expect("body");
        if path != "/assets/concord.css" {
            assert!(
                !body.contains("<script>") && !body.contains("<style"),
                "{path} has inline script or style"
            );
            assert!(
                !body.contains("unpkg.com") && !body.contains("cdn"),
                "{path} loads from elsewhere"
            );
        }
    }
}

#[tokio::test]
async fn the_pages_have_a_skip_link_one_main_and_the_service_name() {
    let app = spawn_app().await;
    let page = app.get("/").await.text().await.expect("body");
    assert!(page.contains("href=\"#main-content\" class=\"govuk-skip-link\""));
    assert_eq!(page.matches("<main").count(), 1);
    assert!(page.contains("id=\"main-content\""));
    assert!(page.contains(">Concord</a>"));
    assert!(page.contains("lang=\"en-GB\""));
}

#[tokio::test]
async fn graphiql_and_its_assets_come_from_concord_exactly_as_vendored() {
    let app = spawn_app().await;
    let graphiql = app.get("/graphql").await.text().await.expect("graphiql");
    for asset in [
        "/assets/vendor/react/react.production.min.js",
        "/assets/vendor/graphiql/graphiql.min.js",
        "/assets/graphiql.js",
    ] {
        assert!(graphiql.contains(asset), "GraphiQL loads {asset}");
    }
    let manifest: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo_path("assets/vendor/MANIFEST.json")).expect("manifest"),
    )
    .expect("manifest JSON");
    let files = manifest["files"].as_array().expect("files");
    assert!(files.len() >= 8);
    for file in files {
        let path = file["path"].as_str().expect("path");
        let served = app.get(&format!("/assets/vendor/{path}")).await;
        assert_eq!(served.status(), 200, "{path}");
        let kind = served.headers()["content-type"]
            .to_str()
            .expect("type")
            .to_owned();
        let bytes = served.bytes().await.expect("bytes");
        assert_eq!(
            hex::encode(Sha256::digest(&bytes)),
            file["sha256"].as_str().expect("sha256"),
            "{path}"
        );
        if path.ends_with(".js") {
            assert!(kind.starts_with("text/javascript"), "{path}: {kind}");
        }
    }
    assert_eq!(app.get("/assets/vendor/nothing.js").await.status(), 404);
}
