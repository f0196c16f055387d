//! `proposalEvents` over graphql-ws (`/graphql/ws`, the graphql-transport-ws protocol).

use std::time::Duration;

use concord::domain::Role;
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

use crate::helpers::{
    DECIDE, PROPOSE_STANDARD, REVIEW, SUBMIT, address_schema, spawn_app, standard_input,
};

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn connect(address: &str) -> Socket {
    let url = format!("{}/graphql/ws", address.replace("http://", "ws://"));
    let mut request = url.into_client_request().expect("request");
    request.headers_mut().insert(
        "sec-websocket-protocol",
        "graphql-transport-ws".parse().expect("header"),
    );
    let (mut socket, _) = tokio_tungstenite::connect_async(request)
        .await
        .expect("connect");
    socket
        .send(Message::Text(
            json!({ "type": "connection_init" }).to_string().into(),
        ))
        .await
        .expect("init");
    let ack = next_json(&mut socket).await;
    assert_eq!(ack["type"], "connection_ack");
    socket
}

async fn next_json(socket: &mut Socket) -> Value {
    loop {
        let message = tokio::time::timeout(Duration::from_secs(10), socket.next())
            .await
            .expect("a message within 10 s")
            .expect("open socket")
            .expect("message");
        if let Message::Text(text) = message {
            return serde_json::from_str(&text).expect("json");
        }
    }
}

#[tokio::test]
async fn a_subscriber_receives_a_proposals_events_as_it_moves() {
    let app = spawn_app().await;
    let camden = app.token("camden", Role::Steward).await;
    let proposed = app
        .gql(
            PROPOSE_STANDARD,
            standard_input("common/address", "1.0.0", address_schema()),
            Some(&camden),
        )
        .await;
    let id = proposed
        .data("/proposeStandard/proposal/id")
        .as_str()
        .expect("id")
        .to_owned();
    let mut socket = connect(&app.address).await;
    let query = "subscription($id: ID!) { proposalEvents(proposalId: $id) { action actorOrganisation details } }";
    socket
        .send(Message::Text(
            json!({ "id": "1", "type": "subscribe", "payload": { "query": query, "variables": { "id": id } } })
                .to_string()
                .into(),
        ))
        .await
        .expect("subscribe");
    // The subscription starts from now: give it a moment to register before moving the proposal.
    tokio::time::sleep(Duration::from_millis(200)).await;

    app.gql(SUBMIT, json!({ "id": id }), Some(&camden))
        .await
        .data("/submitProposal");
    app.gql(
        "mutation($id: ID!) { commentOnProposal(id: $id, body: \"Welcome\") { comment { id } } }",
        json!({ "id": id }),
        Some(&camden),
    )
    .await
    .data("/commentOnProposal");
    app.convene(&id).await;
    app.clock.advance(chrono::Duration::days(29));
    for token in app.convened_tokens(&id).await {
        app.gql(
            REVIEW,
            json!({ "id": id, "verdict": "APPROVE", "comment": "Fit for London." }),
            Some(&token),
        )
        .await
        .data("/castReview");
    }
    app.gql(
        DECIDE,
        json!({ "id": id, "decision": "APPROVE" }),
        Some(&app.cdo),
    )
    .await
    .data("/decideProposal");

    let mut actions = Vec::new();
    while actions.len() < 9 {
        let message = next_json(&mut socket).await;
        assert_eq!(message["type"], "next", "{message}");
        assert_eq!(message["id"], "1");
        let event = &message["payload"]["data"]["proposalEvents"];
        actions.push(event["action"].as_str().expect("action").to_owned());
        if event["action"] == "proposal.submitted" {
            assert_eq!(event["actorOrganisation"], "camden");
            assert_eq!(event["details"]["to"], "CONSULTATION");
        }
    }
    assert_eq!(
        actions,
        [
            "proposal.submitted",
            "proposal.commented",
            "proposal.review_convened",
            "proposal.reviewed",
            "proposal.reviewed",
            "proposal.reviewed",
            "standard.created",
            "version.published",
            "proposal.approved",
        ]
    );
}

#[tokio::test]
async fn subscribing_to_an_unknown_proposal_is_an_error() {
    let app = spawn_app().await;
    let mut socket = connect(&app.address).await;
    socket
        .send(Message::Text(
            json!({ "id": "1", "type": "subscribe", "payload": { "query": "subscription { proposalEvents(proposalId: \"999\") { action } }" } })
                .to_string()
                .into(),
        ))
        .await
        .expect("subscribe");
    let message = next_json(&mut socket).await;
    let code = if message["type"] == "error" {
        message["payload"][0]["extensions"]["code"].clone()
    } else {
        message["payload"]["errors"][0]["extensions"]["code"].clone()
    };
    assert_eq!(code, "NOT_FOUND", "{message}");
}

/// On PostgreSQL, a commit made through another replica wakes this one's subscribers at once
/// (`NOTIFY`), not on the minute-long safety net. (SQLite has one server per database file.)
#[tokio::test]
async fn a_commit_on_another_replica_reaches_subscribers_at_once_on_postgresql() {
    let app = spawn_app().await;
    if !app.database_url.starts_with("postgres") {
        return;
    }
    let camden = app.token("camden", Role::Steward).await;
    let proposed = app
        .gql(
            PROPOSE_STANDARD,
            standard_input("common/address", "1.0.0", address_schema()),
            Some(&camden),
        )
        .await;
    let id = proposed
        .data("/proposeStandard/proposal/id")
        .as_str()
        .expect("id")
        .to_owned();
    let mut socket = connect(&app.address).await;
    let query = "subscription($id: ID!) { proposalEvents(proposalId: $id) { action } }";
    socket
        .send(Message::Text(
            json!({ "id": "1", "type": "subscribe", "payload": { "query": query, "variables": { "id": id } } })
                .to_string()
                .into(),
        ))
        .await
        .expect("subscribe");
    tokio::time::sleep(Duration::from_millis(300)).await;

    let other = app.second_replica().await;
    let submitted = reqwest::Client::new()
        .post(format!("{other}/graphql"))
        .bearer_auth(&camden)
        .json(&json!({ "query": SUBMIT, "variables": { "id": id } }))
        .send()
        .await
        .expect("submit on the other replica");
    assert_eq!(submitted.status(), 200);
    let message = tokio::time::timeout(Duration::from_secs(5), next_json(&mut socket))
        .await
        .expect("woken within seconds, not on the minute-long safety net");
    assert_eq!(
        message["payload"]["data"]["proposalEvents"]["action"],
        "proposal.submitted"
    );
}
