//! Time and load: rate limits per address and per token (`429` with `Retry-After`), the
//! header-read timeout, the minimum body rate, the connection cap and the caps on live
//! subscriptions. Every test is bounded in time: a server that does not cut the client off fails
//! it in seconds rather than hanging the suite.

use std::time::Duration;

use concord::domain::Role;
use concord::http::HttpLimits;
use concord::http::rate::Rate;
use concord::http::serve::ConnectionLimits;
use concord::http::slow::MinBodyRate;
use concord::http::subscriptions::SubscriptionCaps;
use futures_util::{SinkExt, StreamExt};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

use crate::helpers::{PROPOSE_STANDARD, address_schema, spawn_app_with_http, standard_input};

fn host(address: &str) -> String {
    address.trim_start_matches("http://").to_owned()
}

/// Reads until the server closes the connection (or `within` passes: then None).
async fn closed_within(stream: &mut TcpStream, within: Duration) -> Option<Vec<u8>> {
    let mut answer = Vec::new();
    tokio::time::timeout(within, async {
        let mut buffer = [0u8; 1024];
        loop {
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(n) => answer.extend_from_slice(&buffer[..n]),
            }
        }
    })
    .await
    .ok()
    .map(|()| answer)
}

#[tokio::test]
async fn an_address_past_its_rate_is_told_to_retry_later_and_others_are_not() {
    let app = spawn_app_with_http(HttpLimits {
        anonymous_rate: Rate {
            per_second: 1,
            burst: 3,
        },
        token_rate: Rate {
            per_second: 1,
            burst: 2,
        },
        ..HttpLimits::default()
    })
    .await;
    for _ in 0..3 {
        assert_eq!(app.get("/healthz").await.status(), 200);
    }
    let refused = app.get("/").await;
    assert_eq!(refused.status(), 429);
    let retry: u64 = refused.headers()["retry-after"]
        .to_str()
        .expect("text")
        .parse()
        .expect("seconds");
    assert!((1..=2).contains(&retry), "{retry}");
    let body: serde_json::Value = refused.json().await.expect("json");
    assert_eq!(body["error"]["code"], "RATE_LIMITED", "{body}");

    // Token holders are counted per token, apart from the address's anonymous requests.
    let one = app.token("camden", Role::Steward).await;
    let two = app.token("hackney", Role::Steward).await;
    let who = "{ me { name } }";
    for _ in 0..2 {
        assert_eq!(app.gql(who, json!({}), Some(&one)).await.status, 200);
    }
    let limited = app.gql(who, json!({}), Some(&one)).await;
    assert_eq!(limited.status, 429, "{}", limited.body);
    assert_eq!(app.gql(who, json!({}), Some(&two)).await.status, 200);
}

#[tokio::test]
async fn a_client_that_never_finishes_its_headers_is_cut_off() {
    let app = spawn_app_with_http(HttpLimits {
        connections: ConnectionLimits {
            header_read_timeout: Duration::from_secs(1),
            ..ConnectionLimits::default()
        },
        ..HttpLimits::default()
    })
    .await;
    let mut stream = TcpStream::connect(host(&app.address))
        .await
        .expect("connect");
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: concord\r\nX-Slow: ")
        .await
        .expect("write");
    let answer = closed_within(&mut stream, Duration::from_secs(5)).await;
    assert!(answer.is_some(), "the connection was still open after 5 s");
}

#[tokio::test]
async fn a_body_that_trickles_in_is_refused_rather_than_waited_for() {
    let app = spawn_app_with_http(HttpLimits {
        min_body_rate: MinBodyRate {
            bytes_per_second: 1000,
            grace: Duration::from_secs(1),
        },
        ..HttpLimits::default()
    })
    .await;
    app.seed(&[("common/address", "1.0.0", address_schema())])
        .await;
    let mut stream = TcpStream::connect(host(&app.address))
        .await
        .expect("connect");
    stream
        .write_all(b"POST /validate/common/address/1.0.0 HTTP/1.1\r\nHost: concord\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{")
        .await
        .expect("write");
    let trickle = async {
        for _ in 0..40 {
            tokio::time::sleep(Duration::from_millis(250)).await;
            if stream.write_all(b" ").await.is_err() {
                break;
            }
        }
    };
    let _ = tokio::time::timeout(Duration::from_secs(4), trickle).await;
    let answer = closed_within(&mut stream, Duration::from_secs(5))
        .await
        .expect("answered");
    let text = String::from_utf8_lossy(&answer);
    assert!(text.starts_with("HTTP/1.1 413"), "{text}");
    assert!(
        text.contains("more slowly than 1000 bytes a second"),
        "the answer says why: {text}"
    );
    assert_eq!(app.get("/healthz").await.status(), 200);
}

#[tokio::test]
async fn past_the_connection_cap_a_new_connection_is_closed_at_once() {
    let app = spawn_app_with_http(HttpLimits {
        connections: ConnectionLimits {
            max_connections: 2,
            header_read_timeout: Duration::from_secs(30),
        },
        ..HttpLimits::default()
    })
    .await;
    let address = host(&app.address);
    let mut held = Vec::new();
    for _ in 0..2 {
        let mut stream = TcpStream::connect(&address).await.expect("connect");
        stream
            .write_all(b"GET /healthz HTTP/1.1\r\nHost: concord\r\n")
            .await
            .expect("write");
        held.push(stream);
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut third = TcpStream::connect(&address)
        .await
        .expect("the kernel accepts");
    let _ = third
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: concord\r\n\r\n")
        .await;
    let answer = closed_within(&mut third, Duration::from_secs(3))
        .await
        .expect("closed at once");
    assert!(
        answer.is_empty(),
        "nothing is read or answered past the cap"
    );
    drop(held);
    let mut answered = false;
    for _ in 0..20 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        if let Ok(Ok(r)) = tokio::time::timeout(
            Duration::from_secs(2),
            reqwest::get(format!("{}/healthz", app.address)),
        )
        .await
            && r.status() == 200
        {
            answered = true;
            break;
        }
    }
    assert!(answered, "once connections close, new ones are served");
}

#[tokio::test]
async fn live_subscriptions_are_capped_per_client_and_per_connection() {
    let app = spawn_app_with_http(HttpLimits {
        subscriptions: SubscriptionCaps {
            per_client: 1,
            total: 10,
            per_connection: 1,
        },
        ..HttpLimits::default()
    })
    .await;
    let url = format!("{}/graphql/ws", app.address.replace("http://", "ws://"));
    let request = || {
        let mut request = url.clone().into_client_request().expect("request");
        request.headers_mut().insert(
            "sec-websocket-protocol",
            "graphql-transport-ws".parse().expect("header"),
        );
        request
    };
    let (mut first, _) = tokio_tungstenite::connect_async(request())
        .await
        .expect("first connection");
    let second = tokio_tungstenite::connect_async(request()).await;
    match second {
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
            assert_eq!(response.status(), 429)
        }
        other => panic!("a second connection from the same address was not refused: {other:?}"),
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
    first
        .send(Message::Text(
            json!({ "type": "connection_init" }).to_string().into(),
        ))
        .await
        .expect("init");
    let query = "subscription($id: ID!) { proposalEvents(proposalId: $id) { action } }";
    for sub in ["a", "b"] {
        first
            .send(Message::Text(
                json!({ "id": sub, "type": "subscribe", "payload": { "query": query, "variables": { "id": id } } })
                    .to_string()
                    .into(),
            ))
            .await
            .expect("subscribe");
    }
    // One of the two stays open; the other is over the per-connection cap (which one is
    // refused depends on which the server starts first).
    let mut refused = Vec::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(2);
    while let Ok(Some(Ok(message))) = tokio::time::timeout_at(deadline, first.next()).await {
        if let Message::Text(text) = message {
            let value: serde_json::Value = serde_json::from_str(&text).expect("json");
            if value.to_string().contains("as many subscriptions") {
                refused.push(value["id"].as_str().expect("id").to_owned());
            }
        }
    }
    assert_eq!(
        refused.len(),
        1,
        "exactly one subscription over the cap: {refused:?}"
    );
    drop(first);
    // Closing the connection gives its place back.
    let mut reopened = false;
    for _ in 0..20 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        if tokio_tungstenite::connect_async(request()).await.is_ok() {
            reopened = true;
            break;
        }
    }
    assert!(reopened);
}
