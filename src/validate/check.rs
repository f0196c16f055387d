//! Checking a proposed schema before anything is stored: its draft, its meta-schema, and that
//! every reference is local or names a version in this registry.

use serde_json::Value;

use super::refs::{classify, walk};
use super::{Addresses, MAX_PROBLEMS, RegistryRef, SchemaDraft, SchemaProblem};

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
    let meta = match draft {
        SchemaDraft::Draft4 => jsonschema::draft4::meta::validator(),
        SchemaDraft::Draft6 => jsonschema::draft6::meta::validator(),
        SchemaDraft::Draft7 => jsonschema::draft7::meta::validator(),
        SchemaDraft::Draft201909 => jsonschema::draft201909::meta::validator(),
        SchemaDraft::Draft202012 => jsonschema::draft202012::meta::validator(),
    };
    let problems: Vec<SchemaProblem> = meta
        .iter_errors(schema)
        .take(MAX_PROBLEMS)
        .map(|e| {
            SchemaProblem::new(
                e.instance_path().to_string(),
                Some(e.kind().keyword()),
                format!("not a valid {} schema here: {e}", draft.name()),
            )
        })
        .collect();
    if !problems.is_empty() {
        return Err(problems);
    }
    let walked = walk(schema, draft, own_uri);
    let (references, mut problems) = classify(&walked, addresses);
    problems.extend(walked.problems);
    if problems.is_empty() {
        Ok(Inspection { draft, references })
    } else {
        problems.truncate(MAX_PROBLEMS);
        Err(problems)
    }
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

    #[test]
    fn a_document_that_is_not_a_schema_is_refused_at_the_root() {
        let problems = check(json!("hello")).expect_err("invalid");
        assert_eq!(problems[0].pointer, "");
    }
}
