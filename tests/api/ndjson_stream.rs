//! NDJSON over a raw connection, as a vendor's pipeline streams it: results come back while the
//! body is still being sent, and a client that asks `Expect: 100-continue` is told to go on.

use std::time::Duration;

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

use crate::helpers::spawn_app;

/// Reads one line (without its CRLF) within ten seconds; the bound only stops a broken server
/// from hanging the suite.
async fn line<R: tokio::io::AsyncBufRead + Unpin>(reader: &mut R) -> String {
    let mut text = String::new();
    tokio::time::timeout(Duration::from_secs(10), reader.read_line(&mut text))
        .await
        .expect("a line within 10 s")
        .expect("read");
    text.trim_end().to_owned()
}

/// Reads one chunk of a chunked response body: its size line, then its data.
async fn chunk<R: tokio::io::AsyncBufRead + Unpin>(reader: &mut R) -> String {
    loop {
        let size = line(reader).await;
        if size.is_empty() {
            continue;
        }
        let size = usize::from_str_radix(&size, 16).expect("chunk size");
        let mut data = vec![0; size + 2];
        tokio::time::timeout(
            Duration::from_secs(10),
            tokio::io::AsyncReadExt::read_exact(reader, &mut data),
        )
        .await
        .expect("a chunk within 10 s")
        .expect("read");
        return String::from_utf8(data[..size].to_vec()).expect("utf-8");
    }
}

#[tokio::test]
async fn results_stream_back_while_the_body_is_still_being_sent() {
    let app = spawn_app().await;
    app.seed(&[(
        "community/library-visit",
        "1.0.0",
        json!({"type": "object", "required": ["library"]}),
    )])
    .await;
    let address = app.address.trim_start_matches("http://");
    let stream = TcpStream::connect(address).await.expect("connect");
    let (read, mut write) = stream.into_split();
    let mut reader = BufReader::new(read);
    write
        .write_all(
            format!(
                "POST /validate/community/library-visit/1.0.0 HTTP/1.1\r\nHost: {address}\r\n\
                 Content-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\
                 Expect: 100-continue\r\n\r\n"
            )
            .as_bytes(),
        )
        .await
        .expect("send headers");
    assert_eq!(
        line(&mut reader).await,
        "HTTP/1.1 100 Continue",
        "the server asks for the body before it answers"
    );
    assert_eq!(line(&mut reader).await, "");

    let first = "{\"library\": \"Camden\"}\n{}\n";
    write
        .write_all(format!("{:x}\r\n{first}\r\n", first.len()).as_bytes())
        .await
        .expect("send the first lines");
    assert_eq!(line(&mut reader).await, "HTTP/1.1 200 OK");
    while !line(&mut reader).await.is_empty() {}
    let mut results = String::new();
    while results.lines().count() < 2 {
        results.push_str(&chunk(&mut reader).await);
    }
    let results: Vec<Value> = results
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    assert_eq!(results[0]["valid"], true);
    assert_eq!(results[1]["valid"], false);

    // The body is not finished yet: the first answers came back before it was.
    let last = "{\"library\": \"Hackney\"}\n";
    write
        .write_all(format!("{:x}\r\n{last}\r\n0\r\n\r\n", last.len()).as_bytes())
        .await
        .expect("send the rest");
    let third: Value = serde_json::from_str(chunk(&mut reader).await.trim()).expect("json");
    assert_eq!(
        (third["line"].clone(), third["valid"].clone()),
        (json!(3), json!(true))
    );
}
