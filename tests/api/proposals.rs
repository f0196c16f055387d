//! The proposal path that works: propose, submit, approve, publish.

use concord::domain::Role;
use serde_json::json;

use crate::helpers::{
    DECIDE, PROPOSE_STANDARD, PROPOSE_VERSION, REVIEW, SUBMIT, VALIDATE, address_schema, spawn_app,
    standard_input, version_input,
};

#[tokio::test]
async fn a_borough_proposes_a_standard_the_cdo_approves_it_and_a_vendor_validates_against_it() {
    let app = spawn_app().await;
    let camden = app.token("camden", Role::Steward).await;
    let proposed = app
        .gql(
            PROPOSE_STANDARD,
            standard_input("common/address", "1.0.0", address_schema()),
            Some(&camden),
        )
        .await;
    assert_eq!(proposed.data("/proposeStandard/proposal/state"), "DRAFT");
    assert_eq!(
        proposed.data("/proposeStandard/proposal/kind"),
        "NEW_STANDARD"
    );
    let id = proposed
        .data("/proposeStandard/proposal/id")
        .as_str()
        .expect("id")
        .to_owned();

    let standard = app
        .gql(
            "{ standard(slug: \"common/address\") { slug } }",
            json!({}),
            None,
        )
        .await;
    assert!(
        standard.data("/standard").is_null(),
        "nothing is published before approval"
    );

    let submitted = app.gql(SUBMIT, json!({ "id": id }), Some(&camden)).await;
    assert_eq!(
        submitted.data("/submitProposal/proposal/state"),
        "CONSULTATION"
    );
    // A new standard is consulted on for 28 days, then the board reviews it.
    app.clock.advance(chrono::Duration::days(28));
    app.convene(&id).await;
    for token in app.convened_tokens(&id).await {
        app.gql(
            REVIEW,
            json!({ "id": id, "verdict": "APPROVE", "comment": "Use it." }),
            Some(&token),
        )
        .await
        .data("/castReview");
    }

    let decided = app
        .gql(
            DECIDE,
            json!({ "id": id, "decision": "APPROVE", "note": "Agreed by the board" }),
            Some(&app.cdo),
        )
        .await;
    assert_eq!(decided.data("/decideProposal/proposal/state"), "APPROVED");
    let version = decided.data("/decideProposal/proposal/publishedVersion");
    assert_eq!(version["version"], "1.0.0");
    assert_eq!(version["status"], "ACTIVE");
    assert_eq!(
        version["uri"],
        format!("{}/schemas/common/address/1.0.0", app.address)
    );

    let standard = app
        .gql(
            "{ standard(slug: \"common/address\") { title owner { slug } versions { version approvedBy { name } proposal { id } } } }",
            json!({}),
            None,
        )
        .await;
    assert_eq!(standard.data("/standard/owner/slug"), "camden");
    assert_eq!(
        standard.data("/standard/versions/0/proposal/id"),
        id.as_str()
    );
    assert_eq!(
        standard.data("/standard/versions/0/approvedBy/name"),
        "Chief Digital Officer"
    );

    app.gql(
        "mutation { createOrganisation(input: {slug: \"acme-mobility\", name: \"Acme Mobility Ltd\", kind: PARTNER}) { organisation { slug } } }",
        json!({}),
        Some(&app.cdo),
    )
    .await
    .data("/createOrganisation");
    let vendor = app.token("acme-mobility", Role::Partner).await;
    let valid = app
        .gql(
            VALIDATE,
            json!({ "standard": "common/address", "payload": { "uprn": 5045394, "postcode": "NW1 2DB" } }),
            Some(&vendor),
        )
        .await;
    assert_eq!(valid.data("/validate/valid"), true);
    assert_eq!(valid.data("/validate/version/version"), "1.0.0");
    assert_eq!(valid.data("/validate/errors"), &json!([]));

    let invalid = app
        .gql(
            VALIDATE,
            json!({ "standard": "common/address", "version": "1.0.0", "payload": { "uprn": 0, "postcode": "nw1" } }),
            None,
        )
        .await;
    assert_eq!(invalid.data("/validate/valid"), false);
    let errors = invalid.data("/validate/errors").as_array().expect("errors");
    let found: Vec<(&str, &str)> = errors
        .iter()
        .map(|e| {
            (
                e["instancePath"].as_str().expect("path"),
                e["keyword"].as_str().expect("keyword"),
            )
        })
        .collect();
    assert!(found.contains(&("/uprn", "minimum")), "{found:?}");
    assert!(found.contains(&("/postcode", "pattern")), "{found:?}");
}

#[tokio::test]
async fn a_new_version_is_published_after_the_first_and_ranges_resolve_to_it() {
    let app = spawn_app().await;
    let hackney = app.token("hackney", Role::Steward).await;
    app.publish_standard(&hackney, "common/address", "1.0.0", address_schema())
        .await;
    let mut widened = address_schema();
    widened["properties"]["usrn"] = json!({"type": "integer", "minimum": 1});
    // Another borough may propose the next version of a standard it does not own.
    let camden = app.token("camden", Role::Steward).await;
    let proposed = app
        .gql(
            PROPOSE_VERSION,
            version_input("common/address", "1.1.0", widened),
            Some(&camden),
        )
        .await;
    assert_eq!(
        proposed.data("/proposeVersion/proposal/kind"),
        "NEW_VERSION"
    );
    let id = proposed
        .data("/proposeVersion/proposal/id")
        .as_str()
        .expect("id")
        .to_owned();
    app.approve(&camden, &id).await;

    let query = "{ standard(slug: \"common/address\") {
        versions { version }
        latest: version { version }
        caret: version(req: \"^1\") { version }
        exact: version(req: \"1.0.0\") { version }
        none: version(req: \"^2\") { version }
    } }";
    let response = app.gql(query, json!({}), None).await;
    assert_eq!(
        response.data("/standard/versions"),
        &json!([{"version": "1.1.0"}, {"version": "1.0.0"}])
    );
    assert_eq!(response.data("/standard/latest/version"), "1.1.0");
    assert_eq!(response.data("/standard/caret/version"), "1.1.0");
    assert_eq!(response.data("/standard/exact/version"), "1.0.0");
    assert!(response.data("/standard/none").is_null());
}

#[tokio::test]
async fn a_rejected_proposal_publishes_nothing_and_keeps_the_cdo_note() {
    let app = spawn_app().await;
    let hackney = app.token("hackney", Role::Steward).await;
    let proposed = app
        .gql(
            PROPOSE_STANDARD,
            standard_input("mobility/bus-stop", "1.0.0", json!({"type": "object"})),
            Some(&hackney),
        )
        .await;
    let id = proposed
        .data("/proposeStandard/proposal/id")
        .as_str()
        .expect("id")
        .to_owned();
    app.gql(SUBMIT, json!({ "id": id }), Some(&hackney))
        .await
        .data("/submitProposal");
    app.convene(&id).await;
    let rejected = app
        .gql(
            DECIDE,
            json!({ "id": id, "decision": "REJECT", "note": "NaPTAN already covers this" }),
            Some(&app.cdo),
        )
        .await;
    assert_eq!(rejected.data("/decideProposal/proposal/state"), "REJECTED");
    assert_eq!(
        rejected.data("/decideProposal/proposal/decisionNote"),
        "NaPTAN already covers this"
    );
    assert!(
        rejected
            .data("/decideProposal/proposal/publishedVersion")
            .is_null()
    );
    let standard = app
        .gql(
            "{ standard(slug: \"mobility/bus-stop\") { slug } }",
            json!({}),
            None,
        )
        .await;
    assert!(standard.data("/standard").is_null());
}

#[tokio::test]
async fn a_proposal_shows_its_author_revision_and_schema_to_anyone() {
    let app = spawn_app().await;
    let islington = app.token("islington", Role::Steward).await;
    let proposed = app
        .gql(
            PROPOSE_STANDARD,
            standard_input("common/address", "0.1.0", address_schema()),
            Some(&islington),
        )
        .await;
    let id = proposed
        .data("/proposeStandard/proposal/id")
        .as_str()
        .expect("id")
        .to_owned();
    let query = "query($id: ID!) { proposal(id: $id) {
        state rationale author { name role } authorOrganisation { slug gssCode }
        latestRevision { number version schema contentHash }
        revisions { number }
    } }";
    let response = app.gql(query, json!({ "id": id }), None).await;
    assert_eq!(
        response.data("/proposal/authorOrganisation/slug"),
        "islington"
    );
    assert_eq!(
        response.data("/proposal/authorOrganisation/gssCode"),
        "E09000019"
    );
    assert_eq!(response.data("/proposal/author/role"), "STEWARD");
    assert_eq!(response.data("/proposal/latestRevision/version"), "0.1.0");
    assert_eq!(
        response.data("/proposal/latestRevision/schema"),
        &address_schema()
    );
    assert!(
        response
            .data("/proposal/latestRevision/contentHash")
            .as_str()
            .expect("hash")
            .starts_with("sha256:")
    );
    assert_eq!(
        response.data("/proposal/revisions"),
        &json!([{"number": 1}])
    );
}

#[tokio::test]
async fn proposals_are_listed_newest_first_and_filtered_by_state() {
    let app = spawn_app().await;
    let camden = app.token("camden", Role::Steward).await;
    for slug in ["a/one", "a/two", "a/three"] {
        app.gql(
            PROPOSE_STANDARD,
            standard_input(slug, "1.0.0", json!({})),
            Some(&camden),
        )
        .await
        .data("/proposeStandard");
    }
    app.gql(SUBMIT, json!({ "id": "3" }), Some(&camden))
        .await
        .data("/submitProposal");
    let query = "query($state: ProposalState, $after: String) {
        proposals(state: $state, first: 2, after: $after) {
            totalCount pageInfo { hasNextPage endCursor } nodes { standardSlug state }
        } }";
    let first = app.gql(query, json!({}), None).await;
    assert_eq!(first.data("/proposals/totalCount"), 3);
    assert_eq!(first.data("/proposals/nodes/0/standardSlug"), "a/three");
    assert_eq!(first.data("/proposals/pageInfo/hasNextPage"), true);
    let cursor = first.data("/proposals/pageInfo/endCursor").clone();
    let second = app.gql(query, json!({ "after": cursor }), None).await;
    assert_eq!(
        second.data("/proposals/nodes"),
        &json!([{"standardSlug": "a/one", "state": "DRAFT"}])
    );
    assert_eq!(second.data("/proposals/pageInfo/hasNextPage"), false);
    let drafts = app
        .gql(query, json!({ "state": "CONSULTATION" }), None)
        .await;
    assert_eq!(drafts.data("/proposals/totalCount"), 1);
}
