//! Finding a schema's references: walks every subschema (only keywords that hold schemas, so a
//! `$ref` inside `enum`, `const` or `examples` is data, not a reference), tracks the base URI as
//! `$id`s change it, and resolves each `$ref` exactly as the validator will.

use jsonschema::{Uri, uri};
use serde_json::Value;

use super::{SchemaDraft, SchemaProblem};
use crate::domain::{Quoted, Slug, VersionNumber, is_metaschema};

/// Keywords whose value is one subschema.
const SINGLE: &[&str] = &[
    "additionalProperties",
    "additionalItems",
    "items",
    "contains",
    "propertyNames",
    "not",
    "if",
    "then",
    "else",
    "unevaluatedItems",
    "unevaluatedProperties",
    "contentSchema",
];
/// Keywords whose value maps names to subschemas.
const MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
    "dependencies",
];
/// Keywords whose value is a list of subschemas.
const LISTS: &[&str] = &["allOf", "anyOf", "oneOf", "prefixItems", "items"];
/// Keywords that reference another schema.
const REFERENCES: &[&str] = &["$ref", "$dynamicRef", "$recursiveRef"];

/// A reference from a schema to a published version in this registry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryRef {
    /// The referenced standard.
    pub slug: Slug,
    /// The referenced version.
    pub version: VersionNumber,
    /// The referenced document's canonical URI (no fragment).
    pub uri: String,
    /// Where the `$ref` sits in the referencing schema.
    pub pointer: String,
}

/// One reference found in a schema, resolved to an absolute URI.
#[derive(Debug, Clone)]
pub(crate) struct FoundRef {
    pub pointer: String,
    pub keyword: &'static str,
    pub raw: String,
    pub resolved: Result<String, String>,
}

/// Everything the walk learns about a schema's identifiers and references.
#[derive(Debug, Default)]
pub(crate) struct Walk {
    /// URIs (no fragment) of the resources this document defines: its root and embedded `$id`s.
    pub resources: Vec<String>,
    pub refs: Vec<FoundRef>,
    /// Every `format` keyword with a string value: its pointer and the format named.
    pub formats: Vec<(String, String)>,
    pub problems: Vec<SchemaProblem>,
}

/// Walks `schema`, whose own URI is `own_uri`.
pub(crate) fn walk(schema: &Value, draft: SchemaDraft, own_uri: &str) -> Walk {
    let mut walk = Walk::default();
    match uri::from_str(own_uri) {
        Ok(base) => {
            walk.resources
                .push(strip_fragment(base.as_str()).to_owned());
            visit(schema, draft, &base, &mut String::new(), &mut walk);
        }
        Err(e) => walk.problems.push(SchemaProblem::new(
            "",
            None,
            format!("invalid base URI `{own_uri}`: {e}"),
        )),
    }
    walk
}

fn strip_fragment(uri: &str) -> &str {
    uri.split_once('#').map_or(uri, |(before, _)| before)
}

fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

fn visit(
    value: &Value,
    draft: SchemaDraft,
    base: &Uri<String>,
    pointer: &mut String,
    walk: &mut Walk,
) {
    let Value::Object(object) = value else { return };
    let rebased;
    let mut base = base;
    if let Some(Value::String(id)) = object.get(draft.id_keyword()) {
        // In drafts 6 and 7 an `$id` of just `#name` is an anchor, not a new base.
        if !id.starts_with('#') {
            match uri::resolve_against(&base.borrow(), id) {
                Ok(resolved) => {
                    walk.resources
                        .push(strip_fragment(resolved.as_str()).to_owned());
                    rebased = resolved;
                    base = &rebased;
                }
                Err(e) => walk.problems.push(SchemaProblem::new(
                    format!("{pointer}/{}", escape(draft.id_keyword())),
                    Some(draft.id_keyword()),
                    format!("`{id}` is not a valid URI reference: {e}"),
                )),
            }
        }
    }
    if let Some(Value::String(format)) = object.get("format") {
        walk.formats
            .push((format!("{pointer}/format"), format.clone()));
    }
    for keyword in REFERENCES {
        if let Some(Value::String(raw)) = object.get(*keyword) {
            let resolved = uri::resolve_against(&base.borrow(), raw)
                .map(|u| u.as_str().to_owned())
                .map_err(|e| e.to_string());
            walk.refs.push(FoundRef {
                pointer: format!("{pointer}/{}", escape(keyword)),
                keyword,
                raw: raw.clone(),
                resolved,
            });
        }
    }
    for (key, child) in object {
        let len = pointer.len();
        pointer.push('/');
        pointer.push_str(&escape(key));
        let key = key.as_str();
        if SINGLE.contains(&key) && (child.is_object() || child.is_boolean()) {
            visit(child, draft, base, pointer, walk);
        } else if MAPS.contains(&key) {
            if let Value::Object(map) = child {
                for (name, sub) in map {
                    let inner = pointer.len();
                    pointer.push('/');
                    pointer.push_str(&escape(name));
                    visit(sub, draft, base, pointer, walk);
                    pointer.truncate(inner);
                }
            }
        } else if LISTS.contains(&key)
            && let Value::Array(items) = child
        {
            for (i, sub) in items.iter().enumerate() {
                let inner = pointer.len();
                pointer.push_str(&format!("/{i}"));
                visit(sub, draft, base, pointer, walk);
                pointer.truncate(inner);
            }
        }
        pointer.truncate(len);
    }
}

/// The registry versions a schema references, without checking anything else. Used to load the
/// documents a stored schema needs before it is compiled.
pub fn registry_references(
    schema: &Value,
    own_uri: &str,
    addresses: &super::Addresses,
) -> Vec<RegistryRef> {
    let draft = SchemaDraft::detect(schema).unwrap_or(SchemaDraft::Draft202012);
    let walked = walk(schema, draft, own_uri);
    let scope = Scope {
        local: walked.resources.clone(),
        version: None,
        documents: Vec::new(),
    };
    classify(&walked, &scope, addresses).0
}

/// What a reference may reach without leaving its version.
#[derive(Debug, Default)]
pub(crate) struct Scope<'a> {
    /// URIs (no fragment) of every resource the version's files define.
    pub local: Vec<String>,
    /// For a version made of several files, the URI its documents sit under (`{canonical}/`).
    pub version: Option<String>,
    /// Its documents' paths, to name them when a reference misses.
    pub documents: Vec<&'a str>,
}

/// Sorts a file's references into local ones (fine: inside the file or another file of the same
/// version), registry ones (returned) and everything else (a problem: Concord never fetches a
/// schema from the network or the file system).
pub(crate) fn classify(
    walk: &Walk,
    scope: &Scope<'_>,
    addresses: &super::Addresses,
) -> (Vec<RegistryRef>, Vec<SchemaProblem>) {
    let mut registry = Vec::new();
    let mut problems = Vec::new();
    for r in &walk.refs {
        let resolved = match &r.resolved {
            Ok(resolved) => resolved,
            Err(e) => {
                problems.push(SchemaProblem::new(
                    &r.pointer,
                    Some(r.keyword),
                    format!("`{}` is not a valid URI reference: {e}", Quoted(&r.raw)),
                ));
                continue;
            }
        };
        let target = strip_fragment(resolved);
        if scope.local.iter().any(|own| own == target) || is_metaschema(target) {
            continue;
        }
        if let Some(inside) = scope
            .version
            .as_deref()
            .and_then(|dir| target.strip_prefix(dir))
        {
            problems.push(SchemaProblem::new(
                &r.pointer,
                Some(r.keyword),
                format!(
                    "`{}` refers to no document `{}` of this version; its documents are {}",
                    Quoted(&r.raw),
                    Quoted(inside),
                    scope
                        .documents
                        .iter()
                        .map(|d| format!("`{d}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
            continue;
        }
        match addresses.parse(target) {
            Some(Ok((slug, version))) => {
                if !registry.iter().any(|f: &RegistryRef| f.uri == target) {
                    registry.push(RegistryRef {
                        slug,
                        version,
                        uri: target.to_owned(),
                        pointer: r.pointer.clone(),
                    });
                }
            }
            Some(Err(message)) => {
                problems.push(SchemaProblem::new(&r.pointer, Some(r.keyword), message));
            }
            None => problems.push(SchemaProblem::new(
                &r.pointer,
                Some(r.keyword),
                format!(
                    "`{}` points outside this registry{}; Concord never fetches schemas from \
                     elsewhere. Reference a published standard by its canonical URI, such as \
                     `/schemas/common/address/1.0.0`, or define it under `$defs`",
                    Quoted(&r.raw),
                    if r.raw == target {
                        String::new()
                    } else {
                        format!(" (to `{}`)", Quoted(target))
                    }
                ),
            )),
        }
    }
    (registry, problems)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::Addresses;
    use serde_json::json;

    const OWN: &str = "https://reg.example/schemas/mobility/ev/1.0.0";

    fn classify_schema(schema: Value) -> (Vec<RegistryRef>, Vec<SchemaProblem>) {
        let draft = SchemaDraft::detect(&schema).expect("draft");
        let walk = walk(&schema, draft, OWN);
        let scope = Scope {
            local: walk.resources.clone(),
            ..Scope::default()
        };
        classify(&walk, &scope, &Addresses::new("https://reg.example"))
    }

    #[test]
    fn local_references_are_fine() {
        let (registry, problems) = classify_schema(json!({
            "$defs": {"a": {"type": "string"}},
            "properties": {"x": {"$ref": "#/$defs/a"}, "y": {"$ref": "1.0.0#/$defs/a"}}
        }));
        assert!(registry.is_empty());
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn absolute_path_references_resolve_to_registry_versions() {
        let (registry, problems) = classify_schema(json!({
            "properties": {
                "address": {"$ref": "/schemas/common/address/1.0.0"},
                "lat": {"$ref": "https://reg.example/schemas/common/geo-point/2.1.0#/$defs/latitude"}
            }
        }));
        assert!(problems.is_empty(), "{problems:?}");
        let uris: Vec<&str> = registry.iter().map(|r| r.uri.as_str()).collect();
        assert_eq!(
            uris,
            [
                "https://reg.example/schemas/common/address/1.0.0",
                "https://reg.example/schemas/common/geo-point/2.1.0"
            ]
        );
        assert_eq!(registry[0].pointer, "/properties/address/$ref");
    }

    #[test]
    fn remote_references_are_problems_at_their_pointer() {
        let (_, problems) = classify_schema(json!({
            "properties": {"a": {"$ref": "http://127.0.0.1:9/evil.json"}},
            "items": {"$ref": "file:///etc/passwd"}
        }));
        let mut pointers: Vec<&str> = problems.iter().map(|p| p.pointer.as_str()).collect();
        pointers.sort_unstable();
        assert_eq!(pointers, ["/items/$ref", "/properties/a/$ref"]);
    }

    #[test]
    fn references_to_the_drafts_metaschemas_are_neither_fetches_nor_registry_references() {
        let (registry, problems) = classify_schema(json!({
            "properties": {
                "schema": {"$ref": "http://json-schema.org/draft-07/schema#"},
                "latest": {"$ref": "https://json-schema.org/draft/2020-12/schema"},
                "core": {"$ref": "https://json-schema.org/draft/2020-12/meta/core"},
                "nearly": {"$ref": "https://json-schema.org/draft/2020-12/schema-not"}
            }
        }));
        assert!(registry.is_empty());
        let pointers: Vec<&str> = problems.iter().map(|p| p.pointer.as_str()).collect();
        assert_eq!(pointers, ["/properties/nearly/$ref"]);
    }

    #[test]
    fn embedded_ids_define_local_resources() {
        let (registry, problems) = classify_schema(json!({
            "$defs": {"inner": {"$id": "https://other.example/inner", "type": "string"}},
            "$ref": "https://other.example/inner"
        }));
        assert!(registry.is_empty());
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn refs_inside_data_keywords_are_ignored() {
        let (_, problems) = classify_schema(json!({
            "enum": [{"$ref": "http://evil.example"}],
            "examples": [{"$ref": "http://evil.example"}]
        }));
        assert!(problems.is_empty());
    }

    #[test]
    fn references_without_a_version_are_refused() {
        let (_, problems) = classify_schema(json!({"$ref": "/schemas/common/address"}));
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].message.contains("not a valid schema address"),
            "{problems:?}"
        );
    }
}
