//! Where the files of a version made of several files live, and how each is read.
//!
//! A version's root is served at `{canonical}` (`/schemas/{slug}/{version}`) and each named
//! document at `{canonical}/{path}`. For relative references between them to resolve inside the
//! version (`definitions.json` → `{canonical}/definitions.json`, not `/schemas/{slug}/definitions.json`),
//! the root of a version with documents is read at `{canonical}/`: that is its base URI when it
//! is compiled, compared or bundled; when another standard references it by `{canonical}`, the
//! root is supplied with its references made absolute as read from there. A document that does not say which draft it
//! is in is read under the root's draft, as the files of one standard are written together.

use serde_json::Value;

use super::SchemaDraft;
use crate::domain::SchemaFiles;

/// The base URI a version's root is read at: `{canonical}` for one file, `{canonical}/` when it
/// has documents.
pub fn root_uri(canonical: &str, multi_file: bool) -> String {
    if multi_file {
        format!("{canonical}/")
    } else {
        canonical.to_owned()
    }
}

/// The URI of the document at `path` in the version at `canonical`.
pub fn document_uri(canonical: &str, path: &str) -> String {
    format!("{canonical}/{path}")
}

/// The named documents of `files`, each at its URI and read under the root's draft when it does
/// not name its own.
pub fn own_documents(files: &SchemaFiles, canonical: &str) -> Vec<(String, Value)> {
    let draft = SchemaDraft::detect(files.root().value()).unwrap_or(SchemaDraft::Draft202012);
    files
        .document_values()
        .into_iter()
        .map(|(path, value)| {
            (
                document_uri(canonical, path),
                draft.as_default_for(value.clone()),
            )
        })
        .collect()
}

/// What a version supplies to a schema that references it (and to the compatibility engine):
/// its root at `{canonical}`, then its documents. The root of a version with documents is
/// supplied with every reference made absolute (resolved against `{canonical}/`, as it is read),
/// so its relative references still reach its own documents however it is reached, `{canonical}`
/// or `{canonical}#/a/pointer` alike; what is served stays exactly as its authors wrote it.
pub fn as_referenced(files: &SchemaFiles, canonical: &str) -> Vec<(String, Value)> {
    let root = if files.is_multi_file() {
        absolute_references(files.root().value(), canonical)
    } else {
        files.root().value().clone()
    };
    let mut documents = vec![(canonical.to_owned(), root)];
    documents.extend(own_documents(files, canonical));
    documents
}

/// `root` with each reference replaced by its absolute URI, resolved as the root is read (at
/// `{canonical}/`, following any `$id`s), and references to the root itself written against
/// `{canonical}`, the URI it is supplied at.
fn absolute_references(root: &Value, canonical: &str) -> Value {
    let draft = SchemaDraft::detect(root).unwrap_or(SchemaDraft::Draft202012);
    let base = root_uri(canonical, true);
    let mut rewritten = root.clone();
    for found in super::refs::walk(root, draft, &base).refs {
        let Ok(resolved) = found.resolved else {
            continue;
        };
        let absolute = match resolved.strip_prefix(&base) {
            Some(rest) if rest.is_empty() || rest.starts_with('#') => format!("{canonical}{rest}"),
            _ => resolved,
        };
        if let Some(slot) = rewritten.pointer_mut(&found.pointer) {
            *slot = Value::String(absolute);
        }
    }
    rewritten
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::SchemaDocument;
    use crate::validate::compile;
    use serde_json::json;

    const CANONICAL: &str = "https://reg.example/schemas/common/address/1.0.0";

    fn files(root: Value, documents: &[(&str, Value)]) -> SchemaFiles {
        SchemaFiles::parse(
            SchemaDocument::from_value(root),
            documents
                .iter()
                .map(|(path, value)| {
                    (
                        (*path).to_owned(),
                        SchemaDocument::from_value(value.clone()),
                    )
                })
                .collect(),
        )
        .expect("files")
    }

    fn address() -> SchemaFiles {
        files(
            json!({
                "$schema": "http://json-schema.org/draft-07/schema#",
                "type": "object",
                "properties": {"postcode": {"$ref": "definitions.json#/definitions/postcode"}}
            }),
            &[(
                "definitions.json",
                json!({"definitions": {"postcode": {"type": "string", "maxLength": 8}}}),
            )],
        )
    }

    #[test]
    fn a_relative_reference_resolves_inside_the_version() {
        let files = address();
        let compiled = compile(
            files.root().value(),
            &root_uri(CANONICAL, true),
            &own_documents(&files, CANONICAL),
        )
        .expect("compiles");
        assert!(compiled.is_valid(&json!({"postcode": "NW1 2BH"})));
        assert!(!compiled.is_valid(&json!({"postcode": "far too long a postcode"})));
    }

    #[test]
    fn a_schema_referencing_the_version_by_its_canonical_uri_reaches_its_documents() {
        let files = address();
        let schema = json!({"properties": {"home": {"$ref": "/schemas/common/address/1.0.0"}}});
        let compiled = compile(
            &schema,
            "https://reg.example/schemas/housing/tenancy/1.0.0",
            &as_referenced(&files, CANONICAL),
        )
        .expect("compiles");
        assert!(compiled.is_valid(&json!({"home": {"postcode": "E8 1DY"}})));
        assert!(!compiled.is_valid(&json!({"home": {"postcode": 12}})));
    }

    #[test]
    fn a_root_referencing_its_own_version_by_canonical_uri_still_compiles() {
        let files = files(
            json!({
                "properties": {
                    "a": {"$ref": "defs.json#/$defs/a"},
                    "b": {"$ref": "/schemas/common/address/1.0.0#/properties/a"}
                }
            }),
            &[("defs.json", json!({"$defs": {"a": {"type": "integer"}}}))],
        );
        let compiled = compile(
            files.root().value(),
            &root_uri(CANONICAL, true),
            &as_referenced(&files, CANONICAL),
        )
        .expect("compiles");
        assert!(compiled.is_valid(&json!({"a": 1, "b": 2})));
        assert!(!compiled.is_valid(&json!({"b": "two"})));
    }

    #[test]
    fn a_document_without_a_draft_is_read_under_the_roots() {
        let files = address();
        let documents = own_documents(&files, CANONICAL);
        assert_eq!(
            documents[0].1["$schema"],
            "http://json-schema.org/draft-07/schema#"
        );
        assert_eq!(
            documents[0].0,
            "https://reg.example/schemas/common/address/1.0.0/definitions.json"
        );
    }
}
