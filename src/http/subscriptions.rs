//! GraphQL subscriptions over WebSocket at `/graphql/ws`, capped: at most `per_client` open
//! connections from one address, `total` in all, and `per_connection` subscriptions on one
//! connection. A connection past a cap is refused before the upgrade (`429`, `RATE_LIMITED`
//! naming the cap in its message); a subscription past the per-connection cap gets an error of
//! its own, and the connection stays up.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};

use async_graphql::Data;
use async_graphql_axum::{GraphQLProtocol, GraphQLWebSocket};
use axum::extract::{ConnectInfo, FromRequestParts, Request, State, WebSocketUpgrade};
use axum::response::{IntoResponse, Response};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::AppState;
use super::error::ApiError;
use crate::graphql::SubscriptionSlots;
use crate::registry::Error;

/// The caps on live subscriptions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SubscriptionCaps {
    /// Open connections from one client address.
    pub per_client: usize,
    /// Open connections in all.
    pub total: usize,
    /// Subscriptions on one connection.
    pub per_connection: usize,
}

impl Default for SubscriptionCaps {
    fn default() -> Self {
        Self {
            per_client: 10,
            total: 1000,
            per_connection: 10,
        }
    }
}

/// The open subscription connections of one server.
#[derive(Debug)]
pub struct Subscribers {
    caps: SubscriptionCaps,
    total: Arc<Semaphore>,
    clients: Arc<Mutex<HashMap<IpAddr, usize>>>,
}

/// A connection's place, given back when it closes.
struct Slot {
    clients: Arc<Mutex<HashMap<IpAddr, usize>>>,
    client: Option<IpAddr>,
    _total: OwnedSemaphorePermit,
}

impl Drop for Slot {
    fn drop(&mut self) {
        if let Some(client) = self.client
            && let Ok(mut clients) = self.clients.lock()
            && let Some(open) = clients.get_mut(&client)
        {
            *open -= 1;
            if *open == 0 {
                clients.remove(&client);
            }
        }
    }
}

fn refused(why: &str) -> Error {
    Error::RateLimited {
        retry_after: 30,
        message: format!("{why}: close one, or try again in 30 seconds"),
    }
}

impl Subscribers {
    /// No connections yet.
    pub fn new(caps: SubscriptionCaps) -> Self {
        Self {
            caps,
            total: Arc::new(Semaphore::new(caps.total.max(1))),
            clients: Arc::new(Mutex::new(HashMap::new())),
        }
    }

    fn admit(&self, client: Option<IpAddr>) -> Result<Slot, Error> {
        let total = self
            .total
            .clone()
            .try_acquire_owned()
            .map_err(|_| refused("the server has as many live subscriptions as it takes"))?;
        if let Some(client) = client {
            let mut clients = self
                .clients
                .lock()
                .map_err(|_| Error::internal(std::io::Error::other("subscribers lock poisoned")))?;
            let open = clients.entry(client).or_default();
            if *open >= self.caps.per_client {
                return Err(refused(
                    "this address has as many live subscription connections as it may",
                ));
            }
            *open += 1;
        }
        Ok(Slot {
            clients: self.clients.clone(),
            client,
            _total: total,
        })
    }
}

/// `GET /graphql/ws`.
pub async fn websocket(State(state): State<AppState>, request: Request) -> Response {
    let (mut parts, _) = request.into_parts();
    let client = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(address)| address.ip());
    let protocol = match GraphQLProtocol::from_request_parts(&mut parts, &state).await {
        Ok(protocol) => protocol,
        Err(refusal) => return refusal.into_response(),
    };
    let upgrade = match WebSocketUpgrade::from_request_parts(&mut parts, &state).await {
        Ok(upgrade) => upgrade,
        Err(refusal) => return refusal.into_response(),
    };
    let slot = match state.subscribers.admit(client) {
        Ok(slot) => slot,
        Err(error) => return ApiError(error).into_response(),
    };
    let mut data = Data::default();
    data.insert(SubscriptionSlots(Arc::new(Semaphore::new(
        state.subscribers.caps.per_connection.max(1),
    ))));
    let schema = state.schema.clone();
    upgrade
        .protocols(async_graphql::http::ALL_WEBSOCKET_PROTOCOLS)
        .on_upgrade(move |stream| async move {
            GraphQLWebSocket::new(stream, schema, protocol)
                .with_data(data)
                .serve()
                .await;
            drop(slot);
        })
}
