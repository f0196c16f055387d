//! Adoption: declarations, the fixtures adopters publish, usage counts, and the impact of a
//! proposal on the organisations that adopted its standard.

mod declare;
mod fixtures;
mod impact;
pub mod support;
mod usage;
