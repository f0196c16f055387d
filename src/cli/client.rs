//! A GraphQL client for the commands that act on a Concord server (`propose`, `check`,
//! `import`). It tells the registry's refusals (the answer carries a stable `extensions.code`:
//! exit 1) apart from everything else that can go wrong (no server, no token, a server that is
//! not Concord: exit 2), which is what a CI job branches on.

use std::fmt::Write as _;

use anyhow::{Context, anyhow};
use serde_json::{Value, json};

use crate::config::ServerArgs;

/// Codes that mean the caller, not the proposal, is wrong: a missing or revoked token, too many
/// requests, a server fault. Every other code is the registry refusing what was sent.
const NOT_A_REFUSAL: &[&str] = &["UNAUTHENTICATED", "RATE_LIMITED", "INTERNAL_SERVER_ERROR"];

/// The registry refused a request by its rules.
#[derive(Debug, Clone)]
pub struct Refusal {
    /// The stable `extensions.code`, such as `INVALID_SCHEMA`.
    pub code: String,
    /// The server's sentence.
    pub message: String,
    /// `extensions.problems` (document, pointer, keyword, message), for a schema refused.
    pub problems: Vec<Value>,
}

impl Refusal {
    /// The refusal as text: the code and sentence, then each problem at its JSON Pointer.
    pub fn describe(&self) -> String {
        let mut out = format!("refused ({}): {}\n", self.code, self.message);
        for problem in &self.problems {
            let pointer = problem["pointer"].as_str().unwrap_or("");
            let _ = writeln!(
                out,
                "  {}{}: {}",
                problem["document"]
                    .as_str()
                    .map(|d| format!("{d} "))
                    .unwrap_or_default(),
                if pointer.is_empty() {
                    "(root)"
                } else {
                    pointer
                },
                problem["message"].as_str().unwrap_or("")
            );
        }
        out
    }
}

/// Why a request did not give data.
#[derive(Debug)]
pub enum Failure {
    /// Refused by the registry's rules (exit 1).
    Refused(Refusal),
    /// Anything else: connection, authentication, an answer that is not Concord's (exit 2).
    Usage(anyhow::Error),
}

impl From<anyhow::Error> for Failure {
    fn from(error: anyhow::Error) -> Self {
        Self::Usage(error)
    }
}

/// A Concord server's GraphQL endpoint, with the caller's token if there is one.
pub struct Client {
    http: reqwest::Client,
    server: reqwest::Url,
    token: Option<String>,
}

impl Client {
    /// A client for `args.server`.
    pub fn new(args: &ServerArgs) -> anyhow::Result<Self> {
        let server = reqwest::Url::parse(&args.server)
            .with_context(|| format!("--server {} is not a URL", args.server))?;
        if server.cannot_be_a_base() {
            return Err(anyhow!("--server {} cannot take a path", args.server));
        }
        Ok(Self {
            http: reqwest::Client::new(),
            server,
            token: args.token.clone().filter(|t| !t.is_empty()),
        })
    }

    /// Whether a token was given.
    pub fn has_token(&self) -> bool {
        self.token.is_some()
    }

    /// The address of `path` on the server, such as `/proposals/12`.
    pub fn url_of(&self, path: &str) -> String {
        let base = self.server.as_str().trim_end_matches('/');
        format!("{base}{path}")
    }

    /// Runs one GraphQL operation and returns its `data`.
    pub async fn query(&self, query: &str, variables: Value) -> Result<Value, Failure> {
        let mut request = self
            .http
            .post(self.url_of("/graphql"))
            .json(&json!({ "query": query, "variables": variables }));
        if let Some(token) = &self.token {
            request = request.bearer_auth(token);
        }
        let response = request
            .send()
            .await
            .with_context(|| format!("could not reach {}", self.server))?;
        let status = response.status();
        let text = response
            .text()
            .await
            .context("reading the server's answer")?;
        let body: Value = serde_json::from_str(&text).map_err(|_| {
            anyhow!(
                "{} answered {status} with something that is not a GraphQL answer; is it a Concord server?",
                self.server
            )
        })?;
        if let Some(error) = body["errors"].as_array().and_then(|e| e.first()) {
            let code = error["extensions"]["code"]
                .as_str()
                .unwrap_or("UNKNOWN")
                .to_owned();
            let message = error["message"].as_str().unwrap_or("").to_owned();
            if NOT_A_REFUSAL.contains(&code.as_str()) || !status.is_success() && code == "UNKNOWN" {
                return Err(Failure::Usage(anyhow!(
                    "{} ({code}): {message}",
                    self.server
                )));
            }
            return Err(Failure::Refused(Refusal {
                code,
                message,
                problems: error["extensions"]["problems"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default(),
            }));
        }
        match body.get("data") {
            Some(data) if !data.is_null() => Ok(data.clone()),
            _ => Err(Failure::Usage(anyhow!(
                "{} answered {status} without data",
                self.server
            ))),
        }
    }
}
