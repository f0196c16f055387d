//! A proposed schema as a readable field tree: each property with its type, whether it is
//! required, its constraints and description, and its JSON Pointer in the schema, so comments can
//! be anchored to a field and shown beside it.

use maud::{Markup, html};
use serde_json::Value;

/// The deepest the tree goes; deeper parts of a schema are still in its text.
const MAX_DEPTH: usize = 12;
/// The most fields the tree lists.
const MAX_FIELDS: usize = 500;

/// One field of the tree.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The property's name.
    pub name: String,
    /// Its subschema's JSON Pointer in the schema.
    pub pointer: String,
    /// How deep it is (0 for the top level).
    pub depth: usize,
    /// Its type, as the schema says (`string`, `object`, `string | null`…).
    pub kind: String,
    /// Whether its parent requires it.
    pub required: bool,
    /// Its constraints, in short (`maxLength 10`, `one of "a", "b"`).
    pub constraints: Vec<String>,
    /// Its description or title.
    pub description: Option<String>,
    /// Whether it is marked deprecated.
    pub deprecated: bool,
}

fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

fn kind(schema: &Value) -> String {
    match schema.get("type") {
        Some(Value::String(t)) => t.clone(),
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(" | "),
        _ if schema.get("$ref").is_some() => {
            format!("see {}", schema["$ref"].as_str().unwrap_or("reference"))
        }
        _ if schema.get("enum").is_some() => "one of a list".to_owned(),
        _ if schema.get("const").is_some() => "fixed value".to_owned(),
        _ if schema.get("properties").is_some() => "object".to_owned(),
        _ => "any".to_owned(),
    }
}

fn constraints(schema: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for key in [
        "minLength",
        "maxLength",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "minItems",
        "maxItems",
        "multipleOf",
    ] {
        if let Some(v) = schema.get(key) {
            out.push(format!("{key} {v}"));
        }
    }
    for key in ["pattern", "format"] {
        if let Some(Value::String(v)) = schema.get(key) {
            out.push(format!("{key} {v}"));
        }
    }
    if let Some(Value::Array(values)) = schema.get("enum") {
        let shown: Vec<String> = values.iter().take(12).map(Value::to_string).collect();
        let more = values.len().saturating_sub(12);
        out.push(format!(
            "one of {}{}",
            shown.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        ));
    }
    if let Some(v) = schema.get("const") {
        out.push(format!("always {v}"));
    }
    out
}

/// The fields of `schema`, depth first, by name.
pub fn fields(schema: &Value) -> Vec<Field> {
    let mut out = Vec::new();
    walk(schema, "", 0, &mut out);
    out
}

fn walk(schema: &Value, pointer: &str, depth: usize, out: &mut Vec<Field>) {
    if depth >= MAX_DEPTH || out.len() >= MAX_FIELDS {
        return;
    }
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if let Some(Value::Object(properties)) = schema.get("properties") {
        for (name, sub) in properties {
            let at = format!("{pointer}/properties/{}", escape(name));
            push(
                name,
                sub,
                &at,
                depth,
                required.contains(&name.as_str()),
                out,
            );
        }
    }
    // An array's item fields are shown as the array property's own children.
    if let Some(items) = schema.get("items").filter(|i| i.is_object()) {
        walk(items, &format!("{pointer}/items"), depth, out);
    }
}

fn push(name: &str, sub: &Value, at: &str, depth: usize, required: bool, out: &mut Vec<Field>) {
    if out.len() >= MAX_FIELDS {
        return;
    }
    out.push(Field {
        name: name.to_owned(),
        pointer: at.to_owned(),
        depth,
        kind: kind(sub),
        required,
        constraints: constraints(sub),
        description: sub
            .get("description")
            .or_else(|| sub.get("title"))
            .and_then(Value::as_str)
            .map(str::to_owned),
        deprecated: sub.get("deprecated") == Some(&Value::Bool(true)),
    });
    walk(sub, at, depth + 1, out);
}

/// The field's summary line: name, type, required, constraints.
pub fn field_heading(field: &Field) -> Markup {
    html! {
        span class="concord-field__name" { code { (field.name) } }
        " " span class="concord-muted" { (field.kind) }
        @if field.required { " " strong class="govuk-tag govuk-tag--blue" { "required" } }
        @if field.deprecated { " " strong class="govuk-tag govuk-tag--grey" { "deprecated" } }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_schema_reads_as_fields_with_pointers_requirements_and_constraints() {
        let schema = json!({
            "type": "object",
            "required": ["uprn"],
            "properties": {
                "uprn": {"type": "string", "pattern": "^[0-9]{1,12}$", "description": "Unique Property Reference Number"},
                "bins": {"type": "array", "items": {"type": "object", "properties": {"colour": {"enum": ["green", "black"]}}}}
            }
        });
        let fields = fields(&schema);
        let names: Vec<(&str, &str, usize)> = fields
            .iter()
            .map(|f| (f.name.as_str(), f.pointer.as_str(), f.depth))
            .collect();
        assert_eq!(
            names,
            vec![
                ("bins", "/properties/bins", 0),
                ("colour", "/properties/bins/items/properties/colour", 1),
                ("uprn", "/properties/uprn", 0),
            ]
        );
        assert!(fields[2].required && !fields[0].required);
        assert_eq!(fields[2].constraints, vec!["pattern ^[0-9]{1,12}$"]);
        assert_eq!(fields[1].constraints, vec![r#"one of "green", "black""#]);
        assert_eq!(
            fields[2].description.as_deref(),
            Some("Unique Property Reference Number")
        );
    }
}
