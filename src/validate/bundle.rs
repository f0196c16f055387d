//! Bundling: one self-contained schema from a schema and the documents it references, with
//! the same draft handling as compiling, so a bundle validates exactly as the original.

use serde_json::Value;

use super::{SchemaDraft, SchemaProblem};

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
    use crate::validate::compile;
    use serde_json::json;

    const OWN: &str = "https://reg.example/schemas/a/1.0.0";

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
