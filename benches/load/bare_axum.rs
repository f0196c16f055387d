//! Bare axum 0.8 + tokio server for Concord's load benchmark: the HTTP ceiling of this machine.
//!
//! `POST /echo` reads the request body and answers a fixed small JSON document,
//! `{"valid":true,"errors":[]}`, so a load run against it measures HTTP/1.1 parsing, routing and
//! the tokio runtime, with no validation. Run it pinned to one core, as `measure.sh anchors`
//! does, and tokio starts one worker:
//!
//! ```sh
//! taskset -c 0 target/release/examples/bare-axum 3001   # or PORT=3001; default 3001
//! ```
//!
//! It binds 127.0.0.1 only, sets `TCP_NODELAY` on accepted connections (as Concord does), uses
//! mimalloc (as Concord does), and stops on Ctrl-C (SIGTERM ends it too).

use anyhow::Context as _;
use axum::{
    Router, body::Bytes, http::header, response::IntoResponse, routing::post,
    serve::ListenerExt as _,
};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The fixed answer to every `POST /echo`.
const REPLY: &str = r#"{"valid":true,"errors":[]}"#;

/// Reads the whole body (a real service has to) and answers [`REPLY`].
async fn echo(_body: Bytes) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], REPLY)
}

/// The port: the first argument, else `PORT`, else 3001.
fn port() -> anyhow::Result<u16> {
    let raw = std::env::args()
        .nth(1)
        .or_else(|| std::env::var("PORT").ok())
        .unwrap_or_else(|| "3001".to_owned());
    raw.parse()
        .with_context(|| format!("port {raw:?} is not a number from 0 to 65535"))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let port = port()?;
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .with_context(|| format!("binding 127.0.0.1:{port}"))?
        .tap_io(|stream| {
            let _ = stream.set_nodelay(true);
        });
    let workers = tokio::runtime::Handle::current().metrics().num_workers();
    eprintln!(
        "bare-axum listening on http://127.0.0.1:{port}/echo ({workers} tokio worker{}, pid {})",
        if workers == 1 { "" } else { "s" },
        std::process::id()
    );
    let app = Router::new().route("/echo", post(echo));
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .context("serving")
}
