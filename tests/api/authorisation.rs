//! Who may call each mutation: every mutation against public, steward, partner, board and CDO
//! callers, each on their own organisation's object and on another's. The expected answer is
//! the table below; every denial must leave the database unchanged.

use concord::domain::Role;
use serde_json::{Value, json};

use crate::helpers::{
    DECIDE, PROPOSE_STANDARD, PROPOSE_VERSION, SUBMIT, TestApp, standard_input, version_input,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Public,
    Steward,
    Partner,
    Board,
    Cdo,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Whose {
    Own,
    Other,
}

/// The columns of the table.
const CALLERS: [(Who, Whose); 9] = [
    (Who::Public, Whose::Other),
    (Who::Steward, Whose::Own),
    (Who::Steward, Whose::Other),
    (Who::Partner, Whose::Own),
    (Who::Partner, Whose::Other),
    (Who::Board, Whose::Own),
    (Who::Board, Whose::Other),
    (Who::Cdo, Whose::Own),
    (Who::Cdo, Whose::Other),
];

const A: bool = true;
const D: bool = false;

/// The table: for each mutation, allowed (A) or denied (D) for each caller above.
#[rustfmt::skip]
const TABLE: &[(&str, [bool; 9])] = &[
    //                      pub st-own st-oth pa-own pa-oth bo-own bo-oth cdo-own cdo-oth
    ("createOrganisation", [D,  D,     D,     D,     D,     D,     D,     A,      A]),
    ("createToken",        [D,  D,     D,     D,     D,     D,     D,     A,      A]),
    ("proposeStandard",    [D,  A,     A,     A,     A,     A,     A,     D,      D]),
    ("proposeVersion",     [D,  A,     A,     A,     A,     A,     A,     D,      D]),
    ("reviseProposal",     [D,  A,     D,     A,     D,     A,     D,     D,      D]),
    ("submitProposal",     [D,  A,     D,     A,     D,     A,     D,     D,      D]),
    ("withdrawProposal",   [D,  A,     D,     A,     D,     A,     D,     D,      D]),
    ("commentOnProposal",  [D,  A,     A,     A,     A,     A,     A,     A,      A]),
    // The CDO convenes their own organisation's proposal too; then only the board's verdict
    // decides it, so deciding it early is refused (safeguards::panels).
    ("conveneReview",      [D,  D,     D,     D,     D,     D,     D,     A,      A]),
    ("castReview",         [D,  D,     D,     D,     D,     D,     A,     D,      D]),
    ("decideProposal",     [D,  D,     D,     D,     D,     D,     D,     D,      A]),
    ("deprecateVersion",   [D,  D,     D,     D,     D,     D,     D,     A,      A]),
    ("retireVersion",      [D,  D,     D,     D,     D,     D,     D,     A,      A]),
];

/// The callers and the organisations whose objects they act on.
struct Cast {
    /// (who, organisation slug, token)
    callers: Vec<(Who, &'static str, String)>,
    /// A proposing token in each organisation, to create objects for it.
    proposers: Vec<(&'static str, String)>,
    /// A second CDO (outside the GLA), who prepares fixtures the GLA's CDO may not touch.
    fixture_cdo: String,
}

/// The organisation that is "another" for everyone.
const OTHER: &str = "hackney";

impl Cast {
    async fn new(app: &TestApp) -> Self {
        app.gql(
            "mutation { createOrganisation(input: {slug: \"acme\", name: \"Acme Ltd\", kind: PARTNER}) { organisation { slug } } }",
            json!({}),
            Some(&app.cdo),
        )
        .await
        .data("/createOrganisation");
        let callers = vec![
            (
                Who::Steward,
                "camden",
                app.token("camden", Role::Steward).await,
            ),
            (Who::Partner, "acme", app.token("acme", Role::Partner).await),
            (Who::Board, "tfl", app.board_member("tfl").to_owned()),
            (Who::Cdo, "gla", app.cdo.clone()),
        ];
        let mut proposers = Vec::new();
        for (org, role) in [
            ("camden", Role::Steward),
            ("acme", Role::Partner),
            ("tfl", Role::Steward),
            ("gla", Role::Steward),
            (OTHER, Role::Steward),
        ] {
            proposers.push((org, app.token(org, role).await));
        }
        let fixture_cdo = app.token("london-councils", Role::Cdo).await;
        Self {
            callers,
            proposers,
            fixture_cdo,
        }
    }

    fn caller(&self, who: Who) -> Option<(&'static str, &str)> {
        self.callers
            .iter()
            .find(|(w, _, _)| *w == who)
            .map(|(_, org, token)| (*org, token.as_str()))
    }

    fn proposer(&self, org: &str) -> &str {
        &self
            .proposers
            .iter()
            .find(|(o, _)| *o == org)
            .expect("proposer")
            .1
    }
}

/// How far a fixture proposal is taken.
#[derive(Clone, Copy)]
enum Stage {
    Draft,
    Consultation,
    InReview,
}

async fn fixture_proposal(app: &TestApp, cast: &Cast, org: &str, stage: Stage, n: usize) -> String {
    let author = cast.proposer(org);
    let proposed = app
        .gql(
            PROPOSE_STANDARD,
            standard_input(&format!("fixture/p{n}"), "1.0.0", json!({"type": "object"})),
            Some(author),
        )
        .await;
    let id = proposed
        .data("/proposeStandard/proposal/id")
        .as_str()
        .expect("id")
        .to_owned();
    if matches!(stage, Stage::Consultation | Stage::InReview) {
        app.gql(SUBMIT, json!({ "id": id }), Some(author))
            .await
            .data("/submitProposal");
    }
    if matches!(stage, Stage::InReview) {
        app.convene_as(&id, &cast.fixture_cdo).await;
    }
    id
}

async fn fixture_standard(app: &TestApp, cast: &Cast, org: &str, n: usize) -> String {
    let slug = format!("fixture/s{n}");
    let author = cast.proposer(org);
    let proposed = app
        .gql(
            PROPOSE_STANDARD,
            standard_input(&slug, "1.0.0", json!({"type": "object"})),
            Some(author),
        )
        .await;
    let id = proposed
        .data("/proposeStandard/proposal/id")
        .as_str()
        .expect("id")
        .to_owned();
    app.approve_as(author, &id, &cast.fixture_cdo).await;
    slug
}

/// The request a caller makes for `mutation` on an object of `org`.
async fn request(
    app: &TestApp,
    cast: &Cast,
    mutation: &str,
    org: &str,
    n: usize,
) -> (String, Value) {
    let proposal = |stage| fixture_proposal(app, cast, org, stage, n);
    match mutation {
        "createOrganisation" => (
            "mutation($slug: String!) { createOrganisation(input: {slug: $slug, name: \"Vendor\", kind: PARTNER}) { organisation { slug } } }".into(),
            json!({ "slug": format!("vendor-{n}") }),
        ),
        "createToken" => (
            "mutation($org: String!) { createToken(input: {organisation: $org, role: STEWARD, name: \"New\"}) { token } }".into(),
            json!({ "org": org }),
        ),
        "proposeStandard" => (PROPOSE_STANDARD.into(), standard_input(&format!("new/s{n}"), "1.0.0", json!({}))),
        "proposeVersion" => {
            let slug = fixture_standard(app, cast, org, n).await;
            (PROPOSE_VERSION.into(), version_input(&slug, "2.0.0", json!({"type": "object"})))
        }
        "reviseProposal" => (
            "mutation($id: ID!) { reviseProposal(id: $id, schema: {}, version: \"1.0.0\", changelog: \"c\") { proposal { id } } }".into(),
            json!({ "id": proposal(Stage::Draft).await }),
        ),
        "submitProposal" => (SUBMIT.into(), json!({ "id": proposal(Stage::Draft).await })),
        "withdrawProposal" => (
            "mutation($id: ID!) { withdrawProposal(id: $id) { proposal { id } } }".into(),
            json!({ "id": proposal(Stage::Draft).await }),
        ),
        "commentOnProposal" => (
            "mutation($id: ID!) { commentOnProposal(id: $id, body: \"A comment\") { comment { id } } }".into(),
            json!({ "id": proposal(Stage::Consultation).await }),
        ),
        "conveneReview" => {
            let deadline = (concord::clock::Clock::now(&app.clock) + chrono::Duration::days(7)).to_rfc3339();
            (
                "mutation($id: ID!, $deadline: DateTime!) { conveneReview(id: $id, deadline: $deadline) { proposal { id } } }".into(),
                json!({ "id": proposal(Stage::Consultation).await, "deadline": deadline }),
            )
        }
        "castReview" => (
            "mutation($id: ID!) { castReview(id: $id, verdict: APPROVE, comment: \"Good\") { review { verdict } } }".into(),
            json!({ "id": proposal(Stage::InReview).await }),
        ),
        "decideProposal" => (
            DECIDE.into(),
            json!({ "id": proposal(Stage::InReview).await, "decision": "REJECT", "note": "Not needed" }),
        ),
        "deprecateVersion" | "retireVersion" => {
            let slug = fixture_standard(app, cast, org, n).await;
            (
                format!("mutation($slug: String!) {{ {mutation}(standard: $slug, version: \"1.0.0\") {{ version {{ status }} }} }}"),
                json!({ "slug": slug }),
            )
        }
        other => panic!("no request for {other}"),
    }
}

#[tokio::test]
async fn every_mutation_allows_and_denies_exactly_as_the_table_says() {
    // TfL's own proposals leave two board organisations: allow a panel of two here.
    let governance = concord::registry::Governance {
        min_panel: 2,
        ..concord::registry::Governance::default()
    };
    let app =
        crate::helpers::spawn_app_with_settings(concord::registry::Limits::default(), governance)
            .await;
    let cast = Cast::new(&app).await;
    let mut n = 0;
    let mut mismatches = Vec::new();
    for (mutation, expected) in TABLE {
        for ((who, whose), allowed) in CALLERS.iter().zip(expected) {
            n += 1;
            let (own_org, token) = match cast.caller(*who) {
                Some((org, token)) => (org, Some(token)),
                None => (OTHER, None),
            };
            let org = if *whose == Whose::Own { own_org } else { OTHER };
            let (query, variables) = request(&app, &cast, mutation, org, n).await;
            let before = app.snapshot().await;
            let response = app.gql(&query, variables, token).await;
            let errors = response.body.get("errors");
            let outcome = match (errors, allowed) {
                (None, true) => None,
                (Some(_), false) => {
                    let want = if token.is_none() {
                        "UNAUTHENTICATED"
                    } else {
                        "FORBIDDEN"
                    };
                    if response.code() != want {
                        Some(format!(
                            "denied with {} instead of {want}: {}",
                            response.code(),
                            response.body
                        ))
                    } else if app.snapshot().await != before {
                        Some("a denial changed the database".to_owned())
                    } else {
                        None
                    }
                }
                (None, false) => Some("allowed, but the table says denied".to_owned()),
                (Some(_), true) => Some(format!(
                    "denied, but the table says allowed: {}",
                    response.body
                )),
            };
            if let Some(problem) = outcome {
                mismatches.push(format!("{mutation} as {who:?} on {whose:?}: {problem}"));
            }
        }
    }
    assert!(mismatches.is_empty(), "{mismatches:#?}");
}
