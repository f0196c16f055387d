//! Validating one document and describing each violation by where it is and which rule failed.

use jsonschema::error::ValidationErrorKind;
use serde::Serialize;
use serde_json::Value;

use super::Compiled;

/// Longest message returned for one violation; messages quote the offending value, which may be
/// large, and a validation answer must stay readable.
const MAX_MESSAGE: usize = 400;

/// One way a document fails its schema.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Violation {
    /// Where in the document (a JSON Pointer; empty for the root).
    pub instance_path: String,
    /// The path through the schema to the failing keyword, following `$ref`s.
    pub schema_path: String,
    /// The absolute URI of the failing keyword (the schema's canonical URI plus a fragment).
    pub keyword_location: Option<String>,
    /// The failing keyword.
    pub keyword: String,
    /// What is wrong, in a sentence.
    pub message: String,
}

/// The result of validating one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outcome {
    /// Whether the document is valid.
    pub valid: bool,
    /// The violations found, at most the requested number.
    pub violations: Vec<Violation>,
    /// Whether more violations exist than were returned.
    pub truncated: bool,
    /// Where the document uses something its schema marks `deprecated` (JSON Pointers).
    pub deprecated_uses: Vec<String>,
}

/// Validates `instance`, collecting at most `max_violations` violations.
pub fn validate(compiled: &Compiled, instance: &Value, max_violations: usize) -> Outcome {
    // The boolean check is several times cheaper than collecting errors, and most documents
    // sent in bulk are valid.
    let deprecated_uses = if compiled.marks_deprecated {
        deprecated_uses(compiled, instance)
    } else {
        Vec::new()
    };
    if compiled.validator.is_valid(instance) {
        return Outcome {
            valid: true,
            violations: Vec::new(),
            truncated: false,
            deprecated_uses,
        };
    }
    let mut violations = Vec::new();
    let mut truncated = false;
    for error in compiled.validator.iter_errors(instance) {
        if violations.len() == max_violations {
            truncated = true;
            break;
        }
        let mut message = match error.kind() {
            ValidationErrorKind::BacktrackLimitExceeded { .. }
            | ValidationErrorKind::RegexEngineFailure { .. } => too_costly(),
            _ => error.to_string(),
        };
        if message.len() > MAX_MESSAGE {
            let cut = (0..=MAX_MESSAGE)
                .rev()
                .find(|i| message.is_char_boundary(*i))
                .unwrap_or(0);
            message.truncate(cut);
            message.push('…');
        }
        violations.push(Violation {
            instance_path: error.instance_path().to_string(),
            schema_path: error.evaluation_path().to_string(),
            keyword_location: error
                .absolute_keyword_location()
                .map(|u| u.as_str().to_owned()),
            keyword: error.kind().keyword().to_owned(),
            message,
        });
    }
    Outcome {
        valid: false,
        violations,
        truncated,
        deprecated_uses,
    }
}

/// The message for a value the pattern engine gave up on: the document is refused (a check that
/// could not finish is never a pass), and the author learns why and what avoids it.
fn too_costly() -> String {
    format!(
        "this value could not be checked against the `pattern`: the pattern was too costly to \
         match (it needed more than {} backtracking steps), so the value is not accepted; a \
         pattern without nested repetition or a `maxLength` avoids this",
        super::BACKTRACK_LIMIT
    )
}

/// The instance locations where a subschema marked `deprecated: true` applied. Annotations of
/// failing subschemas are "dropped" by the specification, but a deprecated property in an
/// invalid document is still worth a warning, so both kinds are read.
fn deprecated_uses(compiled: &Compiled, instance: &Value) -> Vec<String> {
    fn walk(unit: jsonschema::OutputUnit<'_>, uses: &mut Vec<String>) {
        let marked = [unit.annotations(), unit.dropped_annotations()]
            .into_iter()
            .flatten()
            .any(|a| a.value().get("deprecated") == Some(&Value::Bool(true)));
        if marked {
            uses.push(unit.instance_location().as_str().to_owned());
        }
        for child in unit.children() {
            walk(child, uses);
        }
    }
    let evaluation = compiled.validator.evaluate(instance);
    let mut uses = Vec::new();
    walk(evaluation.root(), &mut uses);
    uses.sort_unstable();
    uses.dedup();
    uses
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::compile;
    use serde_json::json;

    #[test]
    fn violations_name_the_instance_path_schema_path_and_keyword() {
        let schema = json!({
            "type": "object",
            "properties": {"postcode": {"type": "string", "maxLength": 8}},
            "required": ["uprn"]
        });
        let compiled = compile(&schema, "https://reg.example/schemas/a/1.0.0", &[]).expect("ok");
        let outcome = validate(&compiled, &json!({"postcode": "NW1 2DB and more"}), 10);
        assert!(!outcome.valid);
        let found: Vec<(&str, &str, &str)> = outcome
            .violations
            .iter()
            .map(|v| {
                (
                    v.instance_path.as_str(),
                    v.schema_path.as_str(),
                    v.keyword.as_str(),
                )
            })
            .collect();
        assert!(found.contains(&("/postcode", "/properties/postcode/maxLength", "maxLength")));
        assert!(found.contains(&("", "/required", "required")));
    }

    #[test]
    fn deprecated_properties_in_use_are_reported_valid_or_not() {
        let schema = json!({
            "$defs": {"old": {"type": "string", "deprecated": true}},
            "properties": {"fees": {"deprecated": true}, "kind": {"$ref": "#/$defs/old"}, "name": {"type": "string"}}
        });
        let compiled = compile(&schema, "https://reg.example/schemas/a/1.0.0", &[]).expect("ok");
        let outcome = validate(
            &compiled,
            &json!({"fees": "£5", "kind": "x", "name": "y"}),
            10,
        );
        assert!(outcome.valid);
        assert_eq!(outcome.deprecated_uses, ["/fees", "/kind"]);
        let outcome = validate(&compiled, &json!({"name": 1, "fees": 0}), 10);
        assert!(!outcome.valid);
        assert_eq!(outcome.deprecated_uses, ["/fees"]);
        assert!(
            validate(&compiled, &json!({"name": "y"}), 10)
                .deprecated_uses
                .is_empty()
        );
    }

    #[test]
    fn the_number_of_violations_is_bounded() {
        let compiled = compile(
            &json!({"items": {"type": "string"}}),
            "https://reg.example/schemas/a/1.0.0",
            &[],
        )
        .expect("ok");
        let outcome = validate(&compiled, &json!([1, 2, 3, 4, 5]), 2);
        assert_eq!(outcome.violations.len(), 2);
        assert!(outcome.truncated);
    }
}
