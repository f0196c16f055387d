//! Starting the `concord serve` binary itself, for the tests about what an operator sees: its
//! output, its logs, its signals.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use super::key_file_for;

/// A port nothing listens on.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

/// Starts `concord serve` on a free port over `database_url` with `standards` as its catalogue,
/// with `args` and `env` added (`CONCORD_LOG` is `warn` unless `env` says otherwise), stdout and
/// stderr piped, and waits until it is ready; the child and its address.
pub async fn start_serve(
    database_url: &str,
    standards: &Path,
    args: &[&str],
    env: &[(&str, &str)],
) -> (Child, String) {
    let port = free_port();
    let mut command = Command::new(env!("CARGO_BIN_EXE_concord"));
    command
        .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
        .args(args)
        .env("DATABASE_URL", database_url)
        .env("CONCORD_AUDIT_KEY_FILE", key_file_for(database_url))
        .env("CONCORD_STANDARDS_DIR", standards)
        .env("CONCORD_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (name, value) in env {
        command.env(name, value);
    }
    let mut child = command.spawn().expect("spawn serve");
    let address = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    for _ in 0..300 {
        if client
            .get(format!("{address}/readyz"))
            .send()
            .await
            .is_ok_and(|r| r.status() == 200)
        {
            return (child, address);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("server did not become ready");
}
