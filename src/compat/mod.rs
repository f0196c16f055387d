//! Concord's compatibility engine: compares two JSON Schemas and says how the set of valid
//! documents moved, whether that breaks the standard's mode, which semver bump it needs, and, for
//! each break, a document that shows it (checked by the caller's validator).
//!
//! The engine is pure: no I/O, no validator. References to other registered versions come from a
//! [`Resolver`]; witness documents are confirmed by an [`Oracle`]. docs/COMPATIBILITY.md explains
//! the model, every change kind and where Concord's verdicts differ from Confluent's.
//!
//! ```text
//! compare ─► walk (keywords/*) ─► changes with witness plans ─► verdict ─► witness (sample + oracle)
//! ```

mod automata;
mod budget;
mod frame;
mod keywords;
mod kinds;
mod location;
mod messages;
mod model;
mod node;
mod plan;
mod reach;
mod regex;
mod resolve;
mod sample;
mod sample_scalar;
mod sample_shapes;
mod shape;
mod verdict;
mod versioning;
mod walk;
mod witness;

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use serde_json::Value;

pub use budget::WorkBudget;
pub use kinds::{ChangeKind, Family, KindInfo};
pub use model::{Bump, Change, Direction, Mode, Policy, Report, Side, Witness};
pub use verdict::{breaks, change_bump, required_bump};
pub use versioning::{
    BumpNote, TransitiveReport, VersionError, VersionReport, check_declared_version, check_newer,
    check_report_version, combine_transitive, effective_bump, needed_bump,
};

/// Supplies registered schema documents by absolute URI (without fragment), e.g.
/// `https://reg.example/schemas/common/address/1.0.0`.
pub trait Resolver {
    /// The document registered under `absolute_uri`, if any.
    fn resolve(&self, absolute_uri: &str) -> Option<&Value>;
}

impl Resolver for HashMap<String, Value> {
    fn resolve(&self, absolute_uri: &str) -> Option<&Value> {
        self.get(absolute_uri)
    }
}

impl Resolver for BTreeMap<String, Value> {
    fn resolve(&self, absolute_uri: &str) -> Option<&Value> {
        self.get(absolute_uri)
    }
}

/// A resolver with no documents, for schemas without cross-document references.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoDocuments;

impl Resolver for NoDocuments {
    fn resolve(&self, _absolute_uri: &str) -> Option<&Value> {
        None
    }
}

/// Validates whole documents against the old or new root schema (the caller compiles both with
/// Concord's validator options). Witnesses are attached only when it confirms them.
pub trait Oracle {
    /// Whether `document` is valid under that side's root schema.
    fn accepts(&self, side: Side, document: &Value) -> bool;
}

/// A schema to compare and the canonical URI it is published under (its base URI when it has no
/// `$id`).
#[derive(Debug, Clone, Copy, Serialize)]
pub struct SchemaRef<'a> {
    /// The schema document.
    pub schema: &'a Value,
    /// Its canonical URI.
    pub base_uri: &'a str,
}

/// Compares `old` with `new` and judges the changes under `mode` and `policy`, within the
/// default work budget.
pub fn compare<'a>(
    old: SchemaRef<'a>,
    new: SchemaRef<'a>,
    resolver: &'a dyn Resolver,
    oracle: &dyn Oracle,
    mode: Mode,
    policy: Policy,
) -> Report {
    compare_within(
        old,
        new,
        resolver,
        oracle,
        mode,
        policy,
        WorkBudget::default(),
    )
}

/// [`compare`] within `budget`: past it, or once the caller sets its cancel flag, the walk stops
/// and what it had not compared is reported as one UNKNOWN change saying so.
#[allow(clippy::too_many_arguments)]
pub fn compare_within<'a>(
    old: SchemaRef<'a>,
    new: SchemaRef<'a>,
    resolver: &'a dyn Resolver,
    oracle: &dyn Oracle,
    mode: Mode,
    policy: Policy,
    budget: WorkBudget,
) -> Report {
    let docs = resolve::Docs::new(
        (old.schema, old.base_uri),
        (new.schema, new.base_uri),
        resolver,
    );
    let mut walker = walk::Walker::new(node::Ctx::within(docs, budget));
    let (old_root, new_root) = (
        walker.ctx.docs.root(Side::Old),
        walker.ctx.docs.root(Side::New),
    );
    walker.compare_locs(vec![old_root], vec![new_root], &walk::Frame::default());
    let (raws, mut ctx) = walker.finish();
    let mut changes: Vec<Change> = raws
        .iter()
        .map(|r| Change {
            pointer: r.pointer.clone(),
            pointer_side: r.pointer_side,
            kind: r.kind,
            direction: r.direction,
            message: r.message.clone(),
            instance_path: r.instance_path.clone(),
            paths: r.paths.clone(),
            target: r.target.clone(),
            lenient_relaxes: r.lenient,
            breaking: breaks(mode, policy, r.direction, r.lenient),
            witness: None,
            witness_note: None,
        })
        .collect();
    witness::attach(&mut ctx, &raws, &mut changes, oracle, mode);
    let required_bump = required_bump(&changes);
    Report {
        mode,
        policy,
        compatible: !changes.iter().any(|c| c.breaking),
        required_bump,
        changes,
    }
}

/// Documents meant to be valid under one side's schema, for tests and tooling (the same sampler
/// that builds witnesses). `count` variants are tried; the ones the sampler cannot build are
/// skipped. Nothing here is validated.
pub fn sample_documents(schema: SchemaRef<'_>, resolver: &dyn Resolver, count: u32) -> Vec<Value> {
    let docs = resolve::Docs::new(
        (schema.schema, schema.base_uri),
        (schema.schema, schema.base_uri),
        resolver,
    );
    let mut ctx = node::Ctx::new(docs);
    let mut sampler = sample::Sampler::new(&mut ctx);
    (0..count)
        .filter_map(|v| sampler.document(Side::Old, v))
        .collect()
}
