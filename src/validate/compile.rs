//! Compiling a schema into a validator with Concord's fixed semantics: `format` asserted (and
//! unknown formats refused), patterns on a linear-time regex engine, and references resolved only
//! from documents the registry supplies. Bundling uses the same settings.

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
        .should_ignore_unknown_formats(false)
        .with_pattern_options(
            PatternOptions::regex()
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
        if let Some(rest) = message.strip_prefix("Unknown format: '") {
            let format = rest.split('\'').next().unwrap_or_default();
            message = format!(
                "`format: {format}` is not a format {} defines, and Concord asserts formats, so \
                 it refuses ones it cannot check; use a later draft if it defines it, or a \
                 `pattern`",
                draft.name()
            );
        } else if message.ends_with("is not a \"regex\"") {
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
    let marks_deprecated =
        marks_deprecated(schema) || documents.iter().any(|(_, doc)| marks_deprecated(doc));
    Ok(Compiled {
        validator,
        draft,
        marks_deprecated,
    })
}

/// One self-contained schema: `schema` with every document it references (`documents`, the whole
/// reference closure) embedded under `$defs` (`definitions` before 2019-09) by its canonical URI,
/// each carrying that URI as its identifier, and with its own canonical URI as `$id`, so its
/// references resolve inside it wherever it is loaded from.
///
/// Whole documents are embedded, not the fragments that are referenced: a reference such as
/// `/schemas/common/geo-point/1.0.0#/$defs/latitude` must still find `/$defs/latitude` inside the
/// embedded document (jsonschema's own bundler embeds only the fragment there).
pub fn bundle(
    schema: &Value,
    own_uri: &str,
    documents: &[(String, Value)],
) -> Result<Value, SchemaProblem> {
    let draft = SchemaDraft::detect(schema)?;
    let mut bundled = schema.clone();
    let Value::Object(root) = &mut bundled else {
        // A boolean schema references nothing.
        return Ok(bundled);
    };
    root.entry(draft.id_keyword().to_owned())
        .or_insert_with(|| Value::String(own_uri.to_owned()));
    if documents.is_empty() {
        return Ok(bundled);
    }
    let container = match draft {
        SchemaDraft::Draft4 | SchemaDraft::Draft6 | SchemaDraft::Draft7 => "definitions",
        SchemaDraft::Draft201909 | SchemaDraft::Draft202012 => "$defs",
    };
    let definitions = root
        .entry(container.to_owned())
        .or_insert_with(|| Value::Object(serde_json::Map::new()));
    let Value::Object(definitions) = definitions else {
        return Err(SchemaProblem::new(
            format!("/{container}"),
            Some(container),
            format!("`{container}` is not an object, so nothing can be embedded in it"),
        ));
    };
    for (uri, document) in documents {
        let mut embedded = document.clone();
        if let Value::Object(object) = &mut embedded {
            // Identified for the embedded document's own draft and for the bundle's, and with
            // its draft said outright: standing alone, a document without `$schema` is 2020-12,
            // but embedded it would take on the bundle's draft.
            let own = SchemaDraft::detect(document).unwrap_or(draft);
            object
                .entry("$schema".to_owned())
                .or_insert_with(|| Value::String(own.uri().to_owned()));
            for keyword in [own.id_keyword(), draft.id_keyword()] {
                object
                    .entry(keyword.to_owned())
                    .or_insert_with(|| Value::String(uri.clone()));
            }
        }
        definitions.entry(uri.clone()).or_insert(embedded);
    }
    Ok(bundled)
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
    fn unknown_formats_are_refused() {
        let problems = compile(&json!({"format": "postcode"}), OWN, &[]).expect_err("unknown");
        assert!(problems[0].message.contains("postcode"), "{problems:?}");
        let draft7 =
            json!({"$schema": "http://json-schema.org/draft-07/schema#", "format": "uuid"});
        let problems = compile(&draft7, OWN, &[]).expect_err("uuid came in 2019-09");
        assert!(
            problems[0].message.contains("draft-07 defines"),
            "{problems:?}"
        );
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

    #[test]
    fn a_bundle_keeps_references_into_a_fragment_of_another_document() {
        let geo = json!({"$defs": {"latitude": {"type": "number", "maximum": 90}}});
        let schema =
            json!({"properties": {"lat": {"$ref": "/schemas/common/geo/1.0.0#/$defs/latitude"}}});
        let docs = vec![(
            "https://reg.example/schemas/common/geo/1.0.0".to_owned(),
            geo,
        )];
        let bundled = bundle(&schema, OWN, &docs).expect("bundles");
        let standalone =
            compile(&bundled, "https://elsewhere.example/b.json", &[]).expect("self-contained");
        assert!(standalone.is_valid(&json!({"lat": 51.5})));
        assert!(!standalone.is_valid(&json!({"lat": 91})));
    }

    #[test]
    fn a_bundle_validates_on_its_own_exactly_as_the_original() {
        let address = json!({"type": "object", "required": ["uprn"], "properties": {"uprn": {"type": "integer"}}});
        let schema = json!({"properties": {"home": {"$ref": "/schemas/common/address/1.0.0"}}});
        let docs = vec![(
            "https://reg.example/schemas/common/address/1.0.0".to_owned(),
            address,
        )];
        let original = compile(&schema, OWN, &docs).expect("compiles");
        let bundled = bundle(&schema, OWN, &docs).expect("bundles");
        assert_eq!(bundled["$id"], OWN);
        let standalone =
            compile(&bundled, "https://elsewhere.example/b.json", &[]).expect("self-contained");
        for doc in [
            json!({"home": {"uprn": 1}}),
            json!({"home": {}}),
            json!({"home": {"uprn": "x"}}),
        ] {
            assert_eq!(standalone.is_valid(&doc), original.is_valid(&doc), "{doc}");
        }
    }

    #[test]
    fn a_bundle_keeps_each_embedded_documents_own_draft() {
        // Under draft-07 `prefixItems` means nothing; in a 2020-12 document it constrains items.
        let draft7 = "http://json-schema.org/draft-07/schema#";
        let list = json!({"prefixItems": [{"type": "string"}]});
        let declared = json!({"$schema": "https://json-schema.org/draft/2020-12/schema", "prefixItems": [{"type": "string"}]});
        for (label, doc) in [("no $schema", list), ("2020-12", declared)] {
            let schema = json!({"$schema": draft7, "properties": {"a": {"$ref": "/schemas/common/list/1.0.0"}}});
            let docs = vec![(
                "https://reg.example/schemas/common/list/1.0.0".to_owned(),
                doc,
            )];
            let original = compile(&schema, OWN, &docs).expect("compiles");
            let bundled = bundle(&schema, OWN, &docs).expect("bundles");
            let standalone =
                compile(&bundled, "https://elsewhere.example/b.json", &[]).expect("self-contained");
            for instance in [json!({"a": [1]}), json!({"a": ["x"]})] {
                assert_eq!(
                    standalone.is_valid(&instance),
                    original.is_valid(&instance),
                    "{label}: {instance}"
                );
            }
        }
    }
}
