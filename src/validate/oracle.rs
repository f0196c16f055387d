//! The compatibility engine's oracle, answered by Concord's own compiled validators: a witness is
//! shown only if the registry itself would accept it under one version and reject it under the
//! other.

use serde_json::Value;

use super::Compiled;
use crate::compat::{Oracle, Side};

/// Both sides of a comparison, compiled with Concord's settings and their references.
#[derive(Debug, Clone, Copy)]
pub struct PairOracle<'a> {
    /// The earlier schema.
    pub old: &'a Compiled,
    /// The later schema.
    pub new: &'a Compiled,
}

impl Oracle for PairOracle<'_> {
    fn accepts(&self, side: Side, document: &Value) -> bool {
        match side {
            Side::Old => self.old.is_valid(document),
            Side::New => self.new.is_valid(document),
        }
    }
}
