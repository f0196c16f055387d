//! A GraphQL document's shape is measured before its cost: nested fragment spreads that would
//! expand exponentially, or a flood of aliases, are refused at once, while GraphiQL's
//! introspection query still passes.

use std::time::Duration;

use serde_json::json;

use crate::helpers::spawn_app;

/// graphql-js's `getIntrospectionQuery()`, as GraphiQL sends it.
const INTROSPECTION: &str = "query IntrospectionQuery {
  __schema {
    queryType { name } mutationType { name } subscriptionType { name }
    types { ...FullType }
    directives { name description locations args { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description
  fields(includeDeprecated: true) {
    name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason
  }
  inputFields { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
fragment TypeRef on __Type {
  kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name
  ofType { kind name ofType { kind name ofType { kind name } } } } } } }
}";

#[tokio::test]
async fn graphiqls_introspection_query_still_passes() {
    let app = spawn_app().await;
    let answer = app.gql(INTROSPECTION, json!({}), None).await;
    assert!(answer.body["errors"].is_null(), "{}", answer.body);
    assert_eq!(answer.data("/__schema/queryType/name"), "Query");
}

#[tokio::test]
async fn nested_fragment_spreads_are_refused_before_they_cost_anything() {
    let app = spawn_app().await;
    let mut query = String::from("query { ...F0 }\n");
    for i in 0..30 {
        query.push_str(&format!(
            "fragment F{i} on Query {{ ...F{n} ...F{n} }}\n",
            n = i + 1
        ));
    }
    query.push_str("fragment F30 on Query { standards { totalCount } }\n");
    let answer = tokio::time::timeout(Duration::from_secs(5), app.gql(&query, json!({}), None))
        .await
        .expect("answered within seconds, not minutes");
    assert_eq!(answer.code(), "LIMIT_EXCEEDED", "{}", answer.body);
    let health = tokio::time::timeout(Duration::from_secs(2), app.get("/healthz")).await;
    assert!(health.is_ok_and(|r| r.status() == 200));
}

#[tokio::test]
async fn a_flood_of_aliases_is_refused_by_name() {
    let app = spawn_app().await;
    let aliases: String = (0..100)
        .map(|i| format!("a{i}: organisations {{ slug }} "))
        .collect();
    let answer = app.gql(&format!("{{ {aliases} }}"), json!({}), None).await;
    assert_eq!(answer.code(), "LIMIT_EXCEEDED", "{}", answer.body);
    assert!(
        answer.error()["message"]
            .as_str()
            .is_some_and(|m| m.contains("aliased fields")),
        "{}",
        answer.body
    );
}

#[tokio::test]
async fn nested_lists_are_costed_at_their_length_so_a_small_query_cannot_return_megabytes() {
    let app = spawn_app().await;
    for query in [
        "{ organisations { standards { versions { bundle } } } }",
        "{ standards(first: 100) { nodes { versions { bundle schema } } } }",
        "{ a: organisations { standards { versions { schema } } } b: organisations { slug } }",
    ] {
        let answer = tokio::time::timeout(Duration::from_secs(5), app.gql(query, json!({}), None))
            .await
            .expect("refused within seconds");
        assert_eq!(answer.code(), "LIMIT_EXCEEDED", "{query}: {}", answer.body);
    }
    // What people ask for stays well inside the limit.
    for query in [
        "{ organisations { slug name standards { slug title } } }",
        "{ standards(first: 20) { totalCount nodes { slug title versions { version status } } } }",
        "{ standards(first: 5) { nodes { versions { schema } } } }",
    ] {
        let answer = app.gql(query, json!({}), None).await;
        assert!(answer.body["errors"].is_null(), "{query}: {}", answer.body);
    }
}
