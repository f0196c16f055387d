//! Compiling a schema into a validator with Concord's fixed semantics: known `format`s asserted
//! (unknown ones are annotations, see [`super::warnings`]), patterns as ECMA-262 with a bounded
//! backtracking engine, and references resolved only from documents the registry supplies.
//! Bundling uses the same settings.

use jsonschema::{PatternOptions, Registry, Validator};
use serde_json::Value;

use super::{MAX_PROBLEMS, SchemaDraft, SchemaProblem};

/// Upper bounds on one compiled regular expression; a pattern that needs more is refused at
/// proposal time rather than allowed to consume memory on every validation.
const REGEX_SIZE_LIMIT: usize = 1 << 20;
const REGEX_DFA_SIZE_LIMIT: usize = 1 << 20;

/// How many times one match of a pattern may backtrack. Patterns the linear-time engine accepts
/// never backtrack (fancy-regex hands them to it whole); the rest (look-around, backreferences)
/// run on fancy-regex's backtracking VM, and a match that needs more steps than this is
/// abandoned, so no pattern can stall validation. Real patterns need a few hundred steps; the
/// catastrophic ones need billions.
pub const BACKTRACK_LIMIT: usize = 100_000;

/// A schema compiled for validation.
pub struct Compiled {
    pub(crate) validator: Validator,
    draft: SchemaDraft,
    /// Whether any schema involved marks something `deprecated`; only then is the (slower)
    /// annotation-collecting evaluation run, to warn about deprecated properties in use.
    pub(crate) marks_deprecated: bool,
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

/// Whether `value` contains `"deprecated": true` anywhere.
fn marks_deprecated(value: &Value) -> bool {
    match value {
        Value::Object(map) => {
            map.get("deprecated") == Some(&Value::Bool(true)) || map.values().any(marks_deprecated)
        }
        Value::Array(items) => items.iter().any(marks_deprecated),
        _ => false,
    }
}

/// Concord's fixed validation settings for a schema of `draft` whose own URI is `own_uri`.
fn options<'a>(draft: SchemaDraft, own_uri: &str) -> jsonschema::ValidationOptions<'a> {
    jsonschema::options()
        .with_draft(draft.engine())
        .with_base_uri(own_uri)
        .should_validate_formats(true)
        .should_ignore_unknown_formats(true)
        .with_pattern_options(
            PatternOptions::fancy_regex()
                .backtrack_limit(BACKTRACK_LIMIT)
                .size_limit(REGEX_SIZE_LIMIT)
                .dfa_size_limit(REGEX_DFA_SIZE_LIMIT),
        )
        .offline()
}

/// The supplied documents and the drafts' metaschemas (which ship with the validator) as the
/// only resolvable references.
fn registry_of(documents: &[(String, Value)]) -> Result<Registry<'static>, SchemaProblem> {
    referencing::SPECIFICATIONS
        .extend(
            documents
                .iter()
                .map(|(uri, doc)| (uri.as_str(), doc.clone())),
        )
        .and_then(|builder| builder.prepare())
        .map_err(|e| {
            SchemaProblem::new(
                "",
                Some("$ref"),
                format!("a referenced schema could not be loaded: {e}"),
            )
        })
}

/// Whether `schema` references a draft's metaschema anywhere.
fn references_a_metaschema(schema: &Value, draft: SchemaDraft, own_uri: &str) -> bool {
    super::refs::walk(schema, draft, own_uri)
        .refs
        .iter()
        .any(|r| {
            r.resolved
                .as_deref()
                .is_ok_and(|uri| crate::domain::is_metaschema(uri.split('#').next().unwrap_or(uri)))
        })
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
    let mut options = options(draft, own_uri);
    // The validator knows its own draft's metaschema; a reference to another draft's needs the
    // registry of them all.
    if !documents.is_empty() || references_a_metaschema(schema, draft, own_uri) {
        registry = registry_of(documents).map_err(|p| vec![p])?;
        options = options.with_registry(&registry);
    }
    let validator = options.build(schema).map_err(|e| {
        let pointer = e.instance_path().to_string();
        let mut message = e.to_string();
        if message.ends_with("is not a \"regex\"") {
            // The engine's wording is terse; say what a pattern may be.
            message = format!(
                "{message}: a pattern must be an ECMA-262 regular expression, and compiled it \
                 must stay under 1 MiB"
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
    let marks_deprecated =
        marks_deprecated(schema) || documents.iter().any(|(_, doc)| marks_deprecated(doc));
    Ok(Compiled {
        validator,
        draft,
        marks_deprecated,
    })
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
    fn a_reference_to_a_drafts_metaschema_resolves_offline() {
        for (draft, metaschema) in [
            (
                "http://json-schema.org/draft-07/schema#",
                "http://json-schema.org/draft-07/schema#",
            ),
            (
                "https://json-schema.org/draft/2020-12/schema",
                "https://json-schema.org/draft/2020-12/schema",
            ),
            (
                "https://json-schema.org/draft/2020-12/schema",
                "https://json-schema.org/draft/2019-09/schema",
            ),
            (
                "http://json-schema.org/draft-04/schema#",
                "http://json-schema.org/draft-04/schema#",
            ),
            (
                "http://json-schema.org/draft-06/schema#",
                "http://json-schema.org/draft-06/schema#",
            ),
        ] {
            let schema = json!({
                "$schema": draft,
                "type": "object",
                "properties": {"schema": {"$ref": metaschema}}
            });
            let compiled = compile(&schema, OWN, &[])
                .unwrap_or_else(|p| panic!("{metaschema} resolves offline: {p:?}"));
            assert!(
                compiled.is_valid(&json!({"schema": {"type": "string"}})),
                "{metaschema}"
            );
            assert!(
                !compiled.is_valid(&json!({"schema": {"type": 12}})),
                "{metaschema}"
            );
        }
    }

    #[test]
    fn unknown_formats_are_annotations_and_known_ones_stay_asserted() {
        let compiled = compile(&json!({"format": "uint"}), OWN, &[]).expect("an annotation");
        assert!(compiled.is_valid(&json!("anything at all")));
        let draft7 =
            json!({"$schema": "http://json-schema.org/draft-07/schema#", "format": "uuid"});
        let compiled = compile(&draft7, OWN, &[]).expect("uuid came in 2019-09");
        assert!(compiled.is_valid(&json!("not-a-uuid")));
        let compiled = compile(&json!({"format": "uuid"}), OWN, &[]).expect("2020-12");
        assert!(!compiled.is_valid(&json!("not-a-uuid")));
    }

    #[test]
    fn ecma_patterns_the_linear_engine_refuses_compile_and_match() {
        for (pattern, matching, failing) in [
            (
                r"^(?!org\.example\.)[a-z.]+$",
                "uk.gov.camden",
                "org.example.x",
            ),
            (r"(?<=£)\d+", "£12", "$12"),
            (r"^(a|b)\1$", "aa", "ab"),
            (r"^[a-z]+]$", "abc]", "abc"),
            (r"^\cJ$", "\n", "J"),
            (r"^\u{1F600}$", "\u{1F600}", "x"),
        ] {
            let compiled = compile(&json!({"pattern": pattern}), OWN, &[])
                .unwrap_or_else(|p| panic!("{pattern}: {p:?}"));
            assert!(
                compiled.is_valid(&json!(matching)),
                "{pattern} ~ {matching}"
            );
            assert!(
                !compiled.is_valid(&json!(failing)),
                "{pattern} !~ {failing}"
            );
        }
    }

    #[test]
    fn a_pattern_too_costly_to_match_refuses_the_value_with_the_pattern_keyword() {
        let compiled = compile(&json!({"pattern": "^((?=a)a+)+$"}), OWN, &[]).expect("compiles");
        let long = json!(format!("{}!", "a".repeat(50_000)));
        assert!(!compiled.is_valid(&long));
        let outcome = super::super::validate(&compiled, &long, 10);
        assert_eq!(outcome.violations.len(), 1, "{:?}", outcome.violations);
        assert_eq!(outcome.violations[0].keyword, "pattern");
        assert!(
            outcome.violations[0].message.contains("too costly"),
            "{:?}",
            outcome.violations
        );
    }

    #[test]
    fn a_pattern_that_is_not_ecma_262_is_refused_at_its_pointer() {
        let problems = compile(&json!({"pattern": "(unclosed"}), OWN, &[]).expect_err("invalid");
        assert_eq!(problems[0].pointer, "/pattern", "{problems:?}");
        assert!(problems[0].message.contains("ECMA-262"), "{problems:?}");
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
