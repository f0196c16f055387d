//! Checking a proposed schema before anything is stored: its draft, its meta-schema, and that
//! every reference is local or names a version in this registry.

use serde_json::Value;

use super::files::{own_documents, root_uri};
use super::refs::{Scope, classify, walk};
use super::{Addresses, MAX_PROBLEMS, RegistryRef, SchemaDraft, SchemaProblem};
use crate::domain::SchemaFiles;

/// What the registry learns from a schema that passed inspection.
#[derive(Debug, Clone)]
pub struct Inspection {
    /// The draft it is written in.
    pub draft: SchemaDraft,
    /// The registry versions it references (each must then be checked to exist and not be retired).
    pub references: Vec<RegistryRef>,
}

/// Checks `schema`, whose canonical URI will be `own_uri`, against its draft's meta-schema and the
/// reference rules. Every problem found is returned, each located by a JSON Pointer.
pub fn inspect(
    schema: &Value,
    own_uri: &str,
    addresses: &Addresses,
) -> Result<Inspection, Vec<SchemaProblem>> {
    let draft = SchemaDraft::detect(schema).map_err(|p| vec![p])?;
    inspect_files(
        draft,
        &[(None, schema.clone(), own_uri.to_owned())],
        own_uri,
        addresses,
    )
}

/// Checks every file of a version whose canonical URI will be `canonical`: each against its
/// draft's meta-schema (a document read under the root's draft when it names none), and every
/// reference: local to its file, to another file of the version, or to a published version.
/// Problems in a named document name it (`document`).
pub fn inspect_version(
    files: &SchemaFiles,
    canonical: &str,
    addresses: &Addresses,
) -> Result<Inspection, Vec<SchemaProblem>> {
    let root = files.root().value();
    let draft = SchemaDraft::detect(root).map_err(|p| vec![p])?;
    let mut all = vec![(
        None,
        root.clone(),
        root_uri(canonical, files.is_multi_file()),
    )];
    for ((path, _), (uri, value)) in files
        .document_values()
        .into_iter()
        .zip(own_documents(files, canonical))
    {
        all.push((Some(path), value, uri));
    }
    inspect_files(draft, &all, canonical, addresses)
}

/// Inspects `files` (each with its path, none for the root, and its URI) as one version whose
/// root is in `draft`.
fn inspect_files(
    draft: SchemaDraft,
    files: &[(Option<&str>, Value, String)],
    canonical: &str,
    addresses: &Addresses,
) -> Result<Inspection, Vec<SchemaProblem>> {
    let mut problems = Vec::new();
    let mut walks = Vec::new();
    for (path, schema, uri) in files {
        let file_draft = match SchemaDraft::detect(schema) {
            Ok(d) => d,
            Err(p) => {
                problems.push(p.in_document(*path));
                continue;
            }
        };
        problems.extend(
            meta_problems(schema, file_draft)
                .into_iter()
                .map(|p| p.in_document(*path)),
        );
        walks.push((*path, walk(schema, file_draft, uri)));
    }
    if !problems.is_empty() {
        problems.truncate(MAX_PROBLEMS);
        return Err(problems);
    }
    let mut scope = Scope {
        local: vec![canonical.to_owned()],
        version: (files.len() > 1).then(|| root_uri(canonical, true)),
        documents: files.iter().filter_map(|(p, _, _)| *p).collect(),
    };
    for (_, walked) in &walks {
        scope.local.extend(walked.resources.iter().cloned());
    }
    let mut references: Vec<RegistryRef> = Vec::new();
    for (path, walked) in walks {
        let (found, refused) = classify(&walked, &scope, addresses);
        for r in found {
            if !references.iter().any(|known| known.uri == r.uri) {
                references.push(r);
            }
        }
        problems.extend(refused.into_iter().map(|p| p.in_document(path)));
        problems.extend(walked.problems.into_iter().map(|p| p.in_document(path)));
    }
    if problems.is_empty() {
        Ok(Inspection { draft, references })
    } else {
        problems.truncate(MAX_PROBLEMS);
        Err(problems)
    }
}

/// `schema` checked against `draft`'s meta-schema.
fn meta_problems(schema: &Value, draft: SchemaDraft) -> Vec<SchemaProblem> {
    let meta = match draft {
        SchemaDraft::Draft4 => jsonschema::draft4::meta::validator(),
        SchemaDraft::Draft6 => jsonschema::draft6::meta::validator(),
        SchemaDraft::Draft7 => jsonschema::draft7::meta::validator(),
        SchemaDraft::Draft201909 => jsonschema::draft201909::meta::validator(),
        SchemaDraft::Draft202012 => jsonschema::draft202012::meta::validator(),
    };
    meta.iter_errors(schema)
        .take(MAX_PROBLEMS)
        .map(|e| {
            SchemaProblem::new(
                e.instance_path().to_string(),
                Some(e.kind().keyword()),
                format!("not a valid {} schema here: {e}", draft.name()),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn check(schema: Value) -> Result<Inspection, Vec<SchemaProblem>> {
        inspect(
            &schema,
            "https://reg.example/schemas/a/1.0.0",
            &Addresses::new("https://reg.example"),
        )
    }

    #[test]
    fn a_plain_schema_passes_with_its_draft() {
        let inspection = check(json!({"type": "object"})).expect("valid");
        assert_eq!(inspection.draft, SchemaDraft::Draft202012);
    }

    #[test]
    fn a_wrongly_typed_keyword_is_located_by_pointer() {
        let problems = check(json!({"properties": {"a": {"type": 12}}})).expect_err("invalid");
        assert_eq!(problems[0].pointer, "/properties/a/type");
    }

    #[test]
    fn every_meta_schema_problem_is_reported() {
        let problems = check(json!({"minLength": -1, "required": "a"})).expect_err("invalid");
        let mut pointers: Vec<&str> = problems.iter().map(|p| p.pointer.as_str()).collect();
        pointers.sort_unstable();
        assert_eq!(pointers, ["/minLength", "/required"]);
    }

    fn version(documents: &[(&str, Value)]) -> Result<Inspection, Vec<SchemaProblem>> {
        use crate::domain::SchemaDocument;
        let files = SchemaFiles::parse(
            SchemaDocument::from_value(json!({
                "properties": {
                    "a": {"$ref": "defs.json#/$defs/a"},
                    "self": {"$ref": "/schemas/a/1.0.0#/properties/a"}
                }
            })),
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
        .expect("files");
        inspect_version(
            &files,
            "https://reg.example/schemas/a/1.0.0",
            &Addresses::new("https://reg.example"),
        )
    }

    #[test]
    fn references_between_a_versions_files_are_local() {
        let inspection = version(&[
            (
                "defs.json",
                json!({"$defs": {"a": {"$ref": "more/b.json"}}}),
            ),
            ("more/b.json", json!({"type": "string"})),
        ])
        .expect("valid");
        assert!(inspection.references.is_empty());
    }

    #[test]
    fn a_missing_file_and_a_bad_document_are_named_with_their_document() {
        let problems = version(&[("other.json", json!({"type": 12}))]).expect_err("invalid");
        assert_eq!(problems[0].document.as_deref(), Some("other.json"));
        assert_eq!(problems[0].pointer, "/type");
        let problems = version(&[("other.json", json!({}))]).expect_err("missing");
        assert_eq!(problems[0].document, None);
        assert_eq!(problems[0].pointer, "/properties/a/$ref");
        assert!(
            problems[0].message.contains("no document `defs.json`"),
            "{problems:?}"
        );
    }

    #[test]
    fn a_document_that_is_not_a_schema_is_refused_at_the_root() {
        let problems = check(json!("hello")).expect_err("invalid");
        assert_eq!(problems[0].pointer, "");
    }
}
