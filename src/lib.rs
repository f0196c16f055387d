//! Concord: London's cross-authority standards registry.
//!
//! Layers, from the inside out: `domain` (the vocabulary as types), the pure rule modules
//! `validate`, `compat` and `governance`, `db` (storage), `registry` (the use cases, the only code that
//! touches `db`), and the thin transports `graphql` and `http`, assembled in `app` and driven by
//! the `cli`.

pub mod app;
pub mod auth;
pub mod cli;
pub mod clock;
pub mod compat;
pub mod config;
pub mod db;
pub mod domain;
pub mod governance;
pub mod graphql;
pub mod http;
pub mod registry;
pub mod telemetry;
pub mod validate;
