//! What Concord accepts in a schema but does not check, said plainly so a board sees it before
//! approving: today, `format`s the validator does not know. JSON Schema makes `format` an
//! annotation unless a validator asserts it; Concord asserts the formats it knows and treats any
//! other (`uint`, `int32`, `color`, vendor formats) as an annotation, never as a refusal.

use serde::Serialize;
use serde_json::Value;

use super::SchemaDraft;
use super::refs::walk;

/// One thing a schema asks for that Concord will not check, located by a JSON Pointer into it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SchemaWarning {
    /// Which of a version's named documents it is in; none for the root schema.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    /// Where in the schema (a JSON Pointer to the keyword).
    pub pointer: String,
    /// The keyword involved.
    pub keyword: String,
    /// What is not checked, in a sentence.
    pub message: String,
}

/// The base URI the walk resolves against; warnings do not depend on where a schema lives.
const ANYWHERE: &str = "https://concord.invalid/schema";

/// Whether the validator asserts `format` under `draft`: the validator itself is asked, so this
/// list can never drift from what validation does.
pub fn is_checked_format(draft: SchemaDraft, format: &str) -> bool {
    jsonschema::options()
        .with_draft(draft.engine())
        .should_validate_formats(true)
        .should_ignore_unknown_formats(false)
        .build(&serde_json::json!({ "format": format }))
        .is_ok()
}

/// Everything in `schema` (read under its own draft, or `draft` when it does not say) that
/// Concord accepts without checking, each once per place, in document order.
pub fn warnings(schema: &Value) -> Vec<SchemaWarning> {
    let draft = SchemaDraft::detect(schema).unwrap_or(SchemaDraft::Draft202012);
    let walked = walk(schema, draft, ANYWHERE);
    let mut checked: Vec<(&str, bool)> = Vec::new();
    let mut found = Vec::new();
    for (pointer, format) in &walked.formats {
        let known = match checked.iter().find(|(name, _)| name == format) {
            Some((_, known)) => *known,
            None => {
                let known = is_checked_format(draft, format);
                checked.push((format, known));
                known
            }
        };
        if !known {
            found.push(SchemaWarning {
                document: None,
                pointer: pointer.clone(),
                keyword: "format".to_owned(),
                message: unchecked_format(draft, format),
            });
        }
    }
    found
}

/// The warnings of every file of a version: the root's, then each named document's (read under
/// the root's draft when it names none), each naming its document.
pub fn version_warnings(files: &crate::domain::SchemaFiles) -> Vec<SchemaWarning> {
    let mut found = warnings(files.root().value());
    // `own_documents` reads each document under its root's draft when it names none, as
    // compiling does; the URI it gives is not needed here.
    let paths = files.document_values().into_iter().map(|(path, _)| path);
    for (path, (_, value)) in paths.zip(super::own_documents(files, ANYWHERE)) {
        found.extend(warnings(&value).into_iter().map(|w| SchemaWarning {
            document: Some(path.to_owned()),
            ..w
        }));
    }
    found
}

/// The sentence for a format Concord does not check, naming the draft that would check it.
fn unchecked_format(draft: SchemaDraft, format: &str) -> String {
    let mut message = format!(
        "`format: {}` is not a format Concord checks",
        crate::domain::Quoted(format)
    );
    if draft != SchemaDraft::Draft202012 && is_checked_format(SchemaDraft::Draft202012, format) {
        message.push_str(&format!(" under {} (later drafts define it)", draft.name()));
    }
    message.push_str("; values are not checked against it");
    message
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_unknown_format_is_a_warning_at_its_pointer() {
        let schema = json!({"properties": {"n": {"type": "integer", "format": "uint"}}});
        let found = warnings(&schema);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].pointer, "/properties/n/format");
        assert_eq!(
            found[0].message,
            "`format: uint` is not a format Concord checks; values are not checked against it"
        );
    }

    #[test]
    fn known_formats_give_no_warning() {
        let schema = json!({"properties": {"e": {"format": "email"}, "d": {"format": "date"}}});
        assert!(warnings(&schema).is_empty());
    }

    #[test]
    fn a_format_a_later_draft_defines_says_so() {
        let schema =
            json!({"$schema": "http://json-schema.org/draft-07/schema#", "format": "uuid"});
        let found = warnings(&schema);
        assert!(
            found[0]
                .message
                .contains("under draft-07 (later drafts define it)"),
            "{found:?}"
        );
    }

    #[test]
    fn a_format_inside_data_keywords_is_not_a_keyword() {
        let schema = json!({"enum": [{"format": "uint"}], "examples": [{"format": "x"}]});
        assert!(warnings(&schema).is_empty());
    }

    #[test]
    fn every_place_is_reported() {
        let schema = json!({"$defs": {"a": {"format": "int32"}, "b": {"format": "int32"}}});
        let pointers: Vec<String> = warnings(&schema).into_iter().map(|w| w.pointer).collect();
        assert_eq!(pointers, ["/$defs/a/format", "/$defs/b/format"]);
    }
}
