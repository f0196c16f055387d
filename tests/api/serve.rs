//! `concord serve` as an operator starts it: on an empty database it migrates, loads the
//! organisations and the catalogue, prints a first CDO token once, and stops gracefully.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::helpers::{free_port, fresh_database, repo_path, start_serve};

#[tokio::test]
async fn serve_creates_a_first_cdo_token_once_and_stops_gracefully_on_sigterm() {
    let dir = tempfile::tempdir().expect("dir");
    let database_url = fresh_database(dir.path()).await;
    let mut tokens = Vec::new();
    for round in 0..2 {
        let port = free_port();
        let mut child = Command::new(env!("CARGO_BIN_EXE_concord"))
            .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
            .env("DATABASE_URL", &database_url)
            .env(
                "CONCORD_AUDIT_KEY_FILE",
                crate::helpers::key_file_for(&database_url),
            )
            .env("CONCORD_STANDARDS_DIR", dir.path().join("no-catalogue"))
            .env("CONCORD_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn serve");
        let client = reqwest::Client::new();
        let mut ready = false;
        for _ in 0..100 {
            if client
                .get(format!("http://127.0.0.1:{port}/readyz"))
                .send()
                .await
                .is_ok_and(|r| r.status() == 200)
            {
                ready = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(ready, "server did not become ready (round {round})");
        let status = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .expect("kill");
        assert!(status.success());
        let exit = child.wait().expect("wait");
        assert!(exit.success(), "serve exited with {exit:?} on SIGTERM");
        let printed: Vec<String> = BufReader::new(child.stdout.take().expect("stdout"))
            .lines()
            .map_while(Result::ok)
            .filter(|l| l.starts_with("concord_"))
            .collect();
        tokens.push(printed);
    }
    assert_eq!(tokens[0].len(), 1, "the first start prints one CDO token");
    assert!(tokens[1].is_empty(), "later starts print none");
}

#[tokio::test]
async fn serve_on_an_empty_database_loads_the_catalogue_and_offers_graphiql() {
    let dir = tempfile::tempdir().expect("dir");
    let database_url = fresh_database(dir.path()).await;
    let (mut child, address) = start_serve(&database_url, &repo_path("standards"), &[], &[]).await;
    let client = reqwest::Client::new();
    let answer: serde_json::Value = client
        .post(format!("{address}/graphql"))
        .json(
            &serde_json::json!({ "query": "{ standards { totalCount } organisations { slug } }" }),
        )
        .send()
        .await
        .expect("graphql")
        .json()
        .await
        .expect("json");
    let catalogue = std::fs::read_dir(repo_path("standards"))
        .expect("standards")
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .flat_map(|theme| {
            std::fs::read_dir(theme.path())
                .into_iter()
                .flatten()
                .filter_map(Result::ok)
        })
        .filter(|e| e.path().join("standard.toml").exists())
        .count();
    assert!(catalogue >= 12, "the catalogue holds {catalogue} standards");
    assert_eq!(
        answer["data"]["standards"]["totalCount"], catalogue,
        "{answer}"
    );
    let organisations = answer["data"]["organisations"]
        .as_array()
        .expect("organisations");
    for slug in ["camden", "city-of-london", "gla", "tfl", "loti"] {
        assert!(
            organisations.iter().any(|o| o["slug"] == slug),
            "{slug} loaded"
        );
    }
    let graphiql = client
        .get(format!("{address}/graphql"))
        .send()
        .await
        .expect("graphiql");
    assert_eq!(graphiql.status(), 200);
    assert!(graphiql.text().await.expect("page").contains("graphiql"));
    child.kill().expect("kill");
    let _ = child.wait();
}

#[tokio::test]
async fn a_request_still_in_flight_cannot_hold_shutdown_past_the_grace() {
    use std::io::Write;
    let dir = tempfile::tempdir().expect("dir");
    let database_url = fresh_database(dir.path()).await;
    let (mut child, address) = start_serve(
        &database_url,
        &dir.path().join("no-catalogue"),
        &["--shutdown-grace", "1"],
        &[],
    )
    .await;
    let port: u16 = address
        .rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .expect("port");
    // A client that promises a body and sends only its start: the request stays in flight.
    let mut slow = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect");
    slow.write_all(
        b"POST /graphql HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 100000\r\n\r\n{\"query\": ",
    )
    .expect("write");
    tokio::time::sleep(Duration::from_millis(300)).await;
    let started = std::time::Instant::now();
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    let mut exited = None;
    for _ in 0..100 {
        if let Some(code) = child.try_wait().expect("wait") {
            exited = Some(code);
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let Some(code) = exited else {
        let _ = child.kill();
        panic!("serve still running ten seconds after SIGTERM");
    };
    assert!(code.success(), "{code:?}");
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "it waited for the request in flight, up to the grace"
    );
    drop(slow);
}
