//! The compatibility engine: the table-driven corpus, property tests over generated schema pairs,
//! the witness oracle, and the engine's public API (docs/COMPATIBILITY.md included).

#![allow(dead_code)]

mod corpus;
mod engine;
mod generate;
mod instances;
mod properties;
mod regressions;
mod support;
mod witness_oracle;
