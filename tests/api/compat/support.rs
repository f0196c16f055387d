//! Test support: a validator-backed oracle built with Concord's validator options, and helpers to
//! run comparisons.

use std::collections::BTreeMap;

use concord::compat::{self, Mode, Oracle, Policy, Report, SchemaRef, Side};
use serde_json::Value;

/// The base URI test schemas are published under when they have no `$id`.
pub const OLD_URI: &str = "https://reg.example/schemas/test/thing/1.0.0";
/// The base URI of the new version.
pub const NEW_URI: &str = "https://reg.example/schemas/test/thing/1.1.0";

/// Compiles a schema exactly as Concord does (`concord::validate::compile`): formats asserted,
/// linear-time regexes, draft from `$schema`, the base URI when there is no `$id`, registered
/// documents offline.
pub fn validator(
    schema: &Value,
    base: &str,
    docs: &BTreeMap<String, Value>,
) -> Result<concord::validate::Compiled, String> {
    let documents: Vec<(String, Value)> =
        docs.iter().map(|(u, d)| (u.clone(), d.clone())).collect();
    concord::validate::compile(schema, base, &documents).map_err(|problems| {
        problems
            .iter()
            .map(|p| format!("{}: {}", p.pointer, p.message))
            .collect::<Vec<_>>()
            .join("; ")
    })
}

/// A validator built with `jsonschema` directly (the same settings, none of Concord's code), to
/// check witnesses independently of the oracle the engine was given.
pub fn independent_validator(schema: &Value, base: &str) -> Result<jsonschema::Validator, String> {
    let mut options = jsonschema::options()
        .should_validate_formats(true)
        .with_pattern_options(
            jsonschema::PatternOptions::fancy_regex()
                .backtrack_limit(concord::validate::BACKTRACK_LIMIT),
        )
        .offline();
    if schema.get("$id").is_none() && schema.get("id").is_none() {
        options = options.with_base_uri(base);
    }
    options.build(schema).map_err(|e| e.to_string())
}

/// An oracle over two compiled validators: Concord's own, or plain `jsonschema` for the few
/// engine-only cases whose schemas the registry would refuse (unknown formats).
pub struct SchemaOracle {
    old: Check,
    new: Check,
}

/// A compiled schema, as a function from document to validity.
type Check = Box<dyn Fn(&Value) -> bool>;

fn checker(schema: &Value, base: &str, docs: &BTreeMap<String, Value>) -> Result<Check, String> {
    match validator(schema, base, docs) {
        Ok(compiled) => Ok(Box::new(move |d| compiled.is_valid(d))),
        Err(e) if e.contains("is not a format") && docs.is_empty() => {
            let plain = independent_validator(schema, base)?;
            Ok(Box::new(move |d| plain.is_valid(d)))
        }
        Err(e) => Err(e),
    }
}

impl SchemaOracle {
    pub fn new(
        old: &Value,
        new: &Value,
        docs: &BTreeMap<String, Value>,
    ) -> Result<SchemaOracle, String> {
        Ok(SchemaOracle {
            old: checker(old, OLD_URI, docs)?,
            new: checker(new, NEW_URI, docs)?,
        })
    }
}

impl Oracle for SchemaOracle {
    fn accepts(&self, side: Side, document: &Value) -> bool {
        match side {
            Side::Old => (self.old)(document),
            Side::New => (self.new)(document),
        }
    }
}

/// An oracle that rejects every document.
pub struct RejectAll;

impl Oracle for RejectAll {
    fn accepts(&self, _: Side, _: &Value) -> bool {
        false
    }
}

/// An oracle that accepts every document.
pub struct AcceptAll;

impl Oracle for AcceptAll {
    fn accepts(&self, _: Side, _: &Value) -> bool {
        true
    }
}

/// Compares with the test URIs.
pub fn run(
    old: &Value,
    new: &Value,
    docs: &BTreeMap<String, Value>,
    oracle: &dyn Oracle,
    mode: Mode,
    policy: Policy,
) -> Report {
    compat::compare(
        SchemaRef {
            schema: old,
            base_uri: OLD_URI,
        },
        SchemaRef {
            schema: new,
            base_uri: NEW_URI,
        },
        docs,
        oracle,
        mode,
        policy,
    )
}

/// Compares with a validator oracle.
pub fn check(old: &Value, new: &Value, mode: Mode, policy: Policy) -> Report {
    let docs = BTreeMap::new();
    let oracle = SchemaOracle::new(old, new, &docs).expect("schemas compile");
    run(old, new, &docs, &oracle, mode, policy)
}
