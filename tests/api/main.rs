//! Concord's integration tests: each starts the real server on a random port with a fresh
//! database (SQLite, or PostgreSQL when `CONCORD_TEST_DATABASE_URL` is set) and drives it over
//! HTTP, or runs the real `concord` binary.

mod helpers;

mod adoption;
mod audit;
mod audit_head;
mod auth;
mod authorisation;
mod catalogue;
mod cli;
mod cli_propose;
mod cli_validate;
mod compat;
mod compatibility;
mod compatibility_cli;
mod decisions_refused;
mod differential;
mod governance;
mod health;
mod multi_file;
mod ndjson_stream;
mod organisations;
mod pages;
mod proposals;
mod proposals_refused;
mod query_counts;
mod real_schemas;
mod references;
mod request_ids;
mod rest_validate;
mod safeguards;
mod schemas_http;
mod sdl;
mod selectors;
mod serve;
mod standalone;
mod standards;
mod subscription;
mod validation;
mod web;
