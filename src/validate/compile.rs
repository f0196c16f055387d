//! Compiling a schema into a validator with Concord's fixed semantics: `format` asserted (and
//! unknown formats refused), patterns on a linear-time regex engine, and references resolved only
//! from documents the registry supplies.

use jsonschema::{PatternOptions, Registry, Validator};
use serde_json::Value;

use super::{MAX_PROBLEMS, SchemaDraft, SchemaProblem};

/// Upper bounds on one compiled regular expression; a pattern that needs more is refused at
/// proposal time rather than allowed to consume memory on every validation.
const REGEX_SIZE_LIMIT: usize = 1 << 20;
const REGEX_DFA_SIZE_LIMIT: usize = 1 << 20;

/// A schema compiled for validation.
pub struct Compiled {
    pub(crate) validator: Validator,
    draft: SchemaDraft,
}

impl Compiled {
    /// The draft the schema is written in.
    pub fn draft(&self) -> SchemaDraft {
        self.draft
    }

    /// Whether `instance` is valid (the cheap check, without collecting errors).
    pub fn is_valid(&self, instance: &Value) -> bool {
        self.validator.is_valid(instance)
    }
}

impl std::fmt::Debug for Compiled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Compiled")
            .field("draft", &self.draft)
            .finish_non_exhaustive()
    }
}

/// Compiles `schema`, whose own URI is `own_uri`, with `documents` (absolute URI, schema) as the
/// only resolvable external references.
pub fn compile(
    schema: &Value,
    own_uri: &str,
    documents: &[(String, Value)],
) -> Result<Compiled, Vec<SchemaProblem>> {
    let draft = SchemaDraft::detect(schema).map_err(|p| vec![p])?;
    let registry;
    let mut options = jsonschema::options()
        .with_draft(draft.engine())
        .with_base_uri(own_uri)
        .should_validate_formats(true)
        .should_ignore_unknown_formats(false)
        .with_pattern_options(
            PatternOptions::regex()
                .size_limit(REGEX_SIZE_LIMIT)
                .dfa_size_limit(REGEX_DFA_SIZE_LIMIT),
        )
        .offline();
    if !documents.is_empty() {
        registry = Registry::new()
            .extend(
                documents
                    .iter()
                    .map(|(uri, doc)| (uri.as_str(), doc.clone())),
            )
            .and_then(|builder| builder.prepare())
            .map_err(|e| {
                vec![SchemaProblem::new(
                    "",
                    Some("$ref"),
                    format!("a referenced schema could not be loaded: {e}"),
                )]
            })?;
        options = options.with_registry(&registry);
    }
    let validator = options.build(schema).map_err(|e| {
        let pointer = e.instance_path().to_string();
        let mut message = e.to_string();
        if message.ends_with("is not a \"regex\"") {
            // The engine's wording is terse; say why a pattern that is valid ECMA-262 is refused.
            message = format!(
                "{message}: patterns run on a linear-time engine (so no schema can stall \
                 validation), which has no backreferences or look-around, and a compiled \
                 pattern must stay under 1 MiB"
            );
        }
        let mut problems = vec![SchemaProblem::new(
            pointer,
            Some(e.kind().keyword()),
            message,
        )];
        problems.truncate(MAX_PROBLEMS);
        problems
    })?;
    Ok(Compiled { validator, draft })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const OWN: &str = "https://reg.example/schemas/a/1.0.0";

    #[test]
    fn formats_are_asserted_in_every_draft() {
        let compiled = compile(&json!({"format": "email"}), OWN, &[]).expect("compiles");
        assert!(!compiled.is_valid(&json!("not-an-email")));
        assert!(compiled.is_valid(&json!("someone@camden.gov.uk")));
    }

    #[test]
    fn unknown_formats_are_refused() {
        let problems = compile(&json!({"format": "postcode"}), OWN, &[]).expect_err("unknown");
        assert!(problems[0].message.contains("postcode"), "{problems:?}");
    }

    #[test]
    fn backtracking_patterns_are_refused_rather_than_run() {
        let problems = compile(&json!({"pattern": "^(a+)+\\1b"}), OWN, &[]).expect_err("backref");
        assert_eq!(problems[0].pointer, "/pattern", "{problems:?}");
        assert!(problems[0].message.contains("linear-time"), "{problems:?}");
    }

    #[test]
    fn supplied_documents_resolve_references_and_nothing_else_does() {
        let address = json!({"type": "object", "required": ["uprn"]});
        let schema = json!({"$ref": "/schemas/common/address/1.0.0"});
        let docs = vec![(
            "https://reg.example/schemas/common/address/1.0.0".to_owned(),
            address,
        )];
        let compiled = compile(&schema, OWN, &docs).expect("compiles");
        assert!(!compiled.is_valid(&json!({})));
        assert!(compiled.is_valid(&json!({"uprn": 1})));
        assert!(compile(&schema, OWN, &[]).is_err());
    }
}
