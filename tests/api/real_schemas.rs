//! Schemas as real projects publish them: ECMA-262 patterns the linear-time engine refuses
//! (look-around, backreferences), patterns too costly to match, and `format`s Concord does not
//! know, which are annotations reported to the board.

use concord::domain::Role;
use serde_json::{Value, json};

use crate::helpers::{PROPOSE_STANDARD, spawn_app, standard_input};

/// Schemas whose patterns need the backtracking engine, and documents to try on each.
fn lookaround_and_backreference_cases() -> Vec<(Value, Vec<Value>)> {
    vec![
        (
            json!({"properties": {"namespace": {"type": "string", "pattern": "^(?!org\\.example\\.)[a-z]+(\\.[a-z]+)*$"}}}),
            vec![
                json!({"namespace": "uk.gov.camden"}),
                json!({"namespace": "org.example.waste"}),
                json!({"namespace": "UK"}),
            ],
        ),
        (
            json!({"properties": {"fee": {"type": "string", "pattern": "(?<=£)[0-9]+(?!\\.)"}}}),
            vec![
                json!({"fee": "£12"}),
                json!({"fee": "$12"}),
                json!({"fee": "£12.50"}),
            ],
        ),
        (
            json!({"properties": {"tag": {"type": "string", "pattern": "^<([a-z]+)>[^<]*</\\1>$"}}}),
            vec![json!({"tag": "<b>bold</b>"}), json!({"tag": "<b>bold</i>"})],
        ),
        (
            json!({"patternProperties": {"^(?!x-)[a-z]+$": {"type": "integer"}}, "propertyNames": {"pattern": "^(?=.{1,12}$)[a-z-]+$"}}),
            vec![
                json!({"count": 1}),
                json!({"count": "one"}),
                json!({"x-vendor": "any"}),
                json!({"much-too-long-a-name": 1}),
            ],
        ),
    ]
}

#[tokio::test]
async fn look_around_and_backreference_patterns_give_the_verdicts_jsonschema_gives_in_process() {
    let app = spawn_app().await;
    let camden = app.token("camden", Role::Steward).await;
    for (i, (schema, documents)) in lookaround_and_backreference_cases().into_iter().enumerate() {
        let slug = format!("test/patterns-{i}");
        app.publish_standard(&camden, &slug, "1.0.0", schema.clone())
            .await;
        // The same engine settings Concord documents, built here independently of its code.
        let reference = jsonschema::options()
            .with_pattern_options(
                jsonschema::PatternOptions::fancy_regex()
                    .backtrack_limit(concord::validate::BACKTRACK_LIMIT),
            )
            .build(&schema)
            .expect("jsonschema compiles it");
        let mut verdicts = Vec::new();
        for document in &documents {
            let answer = app.validate_rest(&slug, "1.0.0", document).await;
            assert_eq!(
                answer["valid"],
                reference.is_valid(document),
                "{schema} on {document}: {answer}"
            );
            verdicts.push(reference.is_valid(document));
        }
        assert!(
            verdicts.contains(&true) && verdicts.contains(&false),
            "case {i} exercises both verdicts: {verdicts:?}"
        );
    }
}

#[tokio::test]
async fn a_catastrophic_look_around_pattern_refuses_a_long_value_as_too_costly() {
    let app = spawn_app().await;
    let camden = app.token("camden", Role::Steward).await;
    let schema = json!({"properties": {"code": {"type": "string", "pattern": "^((?=a)a+)+$"}}});
    app.publish_standard(&camden, "test/redos", "1.0.0", schema)
        .await;
    let long = json!({"code": format!("{}!", "a".repeat(50_000))});
    let answer = app.validate_rest("test/redos", "1.0.0", &long).await;
    assert_eq!(answer["valid"], false, "{}", answer["errors"]);
    let error = &answer["errors"][0];
    assert_eq!(error["keyword"], "pattern");
    assert_eq!(error["instancePath"], "/code");
    assert!(
        error["message"]
            .as_str()
            .is_some_and(|m| m.contains("too costly")),
        "{error}"
    );
    // A short value is decided as usual.
    let short = app
        .validate_rest("test/redos", "1.0.0", &json!({"code": "aaa"}))
        .await;
    assert_eq!(short["valid"], true, "{short}");
}

const REVISION_WARNINGS: &str = "query($id: ID!) { proposal(id: $id) {
  latestRevision { warnings { pointer keyword message } }
} }";

#[tokio::test]
async fn unknown_formats_are_accepted_unchecked_and_reported_to_the_board() {
    let app = spawn_app().await;
    let camden = app.token("camden", Role::Steward).await;
    let schema = json!({"properties": {
        "bins": {"type": "integer", "format": "uint"},
        "colour": {"type": "string", "format": "color"},
        "email": {"type": "string", "format": "email"}
    }});
    let proposed = app
        .gql(
            PROPOSE_STANDARD,
            standard_input("waste/bins", "1.0.0", schema.clone()),
            Some(&camden),
        )
        .await;
    let id = proposed
        .data("/proposeStandard/proposal/id")
        .as_str()
        .expect("accepted")
        .to_owned();
    let warnings = app
        .gql(REVISION_WARNINGS, json!({ "id": id }), Some(&camden))
        .await;
    let warnings = warnings.data("/proposal/latestRevision/warnings");
    assert_eq!(
        warnings,
        &json!([
            {"pointer": "/properties/bins/format", "keyword": "format",
             "message": "`format: uint` is not a format Concord checks; values are not checked against it"},
            {"pointer": "/properties/colour/format", "keyword": "format",
             "message": "`format: color` is not a format Concord checks; values are not checked against it"}
        ]),
        "{warnings}"
    );
    let page = app.browser().get(&format!("/proposals/{id}")).await;
    assert!(
        page.body.contains("<code>/properties/colour/format</code>"),
        "the board sees each warning on the page"
    );

    app.approve(&camden, &id).await;
    let answer = app
        .validate_rest(
            "waste/bins",
            "1.0.0",
            &json!({"bins": 3, "colour": "not a colour at all"}),
        )
        .await;
    assert_eq!(
        answer["valid"], true,
        "an annotation is not asserted: {answer}"
    );
    let answer = app
        .validate_rest("waste/bins", "1.0.0", &json!({"email": "not-an-email"}))
        .await;
    assert_eq!(
        answer["valid"], false,
        "known formats stay asserted: {answer}"
    );
    assert_eq!(answer["errors"][0]["keyword"], "format");
}
