//! Which JSON Schema draft a schema is written in, chosen by its `$schema`.

use serde_json::Value;

use super::SchemaProblem;

/// The drafts Concord accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SchemaDraft {
    /// Draft 4.
    Draft4,
    /// Draft 6.
    Draft6,
    /// Draft 7.
    Draft7,
    /// Draft 2019-09.
    Draft201909,
    /// Draft 2020-12, the default when `$schema` is absent.
    Draft202012,
}

impl SchemaDraft {
    /// Reads `$schema`; absent means 2020-12, anything unknown is a problem (Concord does not
    /// fetch custom meta-schemas).
    pub fn detect(schema: &Value) -> Result<Self, SchemaProblem> {
        let Some(declared) = schema.as_object().and_then(|o| o.get("$schema")) else {
            return Ok(Self::Draft202012);
        };
        let Some(uri) = declared.as_str() else {
            return Err(SchemaProblem::new(
                "/$schema",
                Some("$schema"),
                "`$schema` must be a string naming a JSON Schema draft",
            ));
        };
        match jsonschema::Draft::from_schema_uri(uri) {
            jsonschema::Draft::Draft4 => Ok(Self::Draft4),
            jsonschema::Draft::Draft6 => Ok(Self::Draft6),
            jsonschema::Draft::Draft7 => Ok(Self::Draft7),
            jsonschema::Draft::Draft201909 => Ok(Self::Draft201909),
            jsonschema::Draft::Draft202012 => Ok(Self::Draft202012),
            _ => Err(SchemaProblem::new(
                "/$schema",
                Some("$schema"),
                format!(
                    "`{uri}` is not a supported meta-schema; use one of \
                     https://json-schema.org/draft/2020-12/schema, \
                     https://json-schema.org/draft/2019-09/schema, \
                     http://json-schema.org/draft-07/schema#, \
                     http://json-schema.org/draft-06/schema# or \
                     http://json-schema.org/draft-04/schema#"
                ),
            )),
        }
    }

    /// The draft as jsonschema names it.
    pub fn engine(self) -> jsonschema::Draft {
        match self {
            Self::Draft4 => jsonschema::Draft::Draft4,
            Self::Draft6 => jsonschema::Draft::Draft6,
            Self::Draft7 => jsonschema::Draft::Draft7,
            Self::Draft201909 => jsonschema::Draft::Draft201909,
            Self::Draft202012 => jsonschema::Draft::Draft202012,
        }
    }

    /// The draft's short name, such as `2020-12` or `draft-07`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Draft4 => "draft-04",
            Self::Draft6 => "draft-06",
            Self::Draft7 => "draft-07",
            Self::Draft201909 => "2019-09",
            Self::Draft202012 => "2020-12",
        }
    }

    /// The draft's meta-schema URI, as `$schema` names it.
    pub fn uri(self) -> &'static str {
        match self {
            Self::Draft4 => "http://json-schema.org/draft-04/schema#",
            Self::Draft6 => "http://json-schema.org/draft-06/schema#",
            Self::Draft7 => "http://json-schema.org/draft-07/schema#",
            Self::Draft201909 => "https://json-schema.org/draft/2019-09/schema",
            Self::Draft202012 => "https://json-schema.org/draft/2020-12/schema",
        }
    }

    /// Parses a draft as people name it on the command line: `2020-12`, `2019-09`, `7`, `6` or
    /// `4` (`draft-07`, `draft7` and the like too).
    pub fn parse(text: &str) -> Result<Self, crate::domain::ParseError> {
        let name = text.trim().to_ascii_lowercase();
        let short = name
            .strip_prefix("draft-")
            .or_else(|| name.strip_prefix("draft"))
            .unwrap_or(&name)
            .trim_start_matches('0');
        match short {
            "2020-12" => Ok(Self::Draft202012),
            "2019-09" => Ok(Self::Draft201909),
            "7" => Ok(Self::Draft7),
            "6" => Ok(Self::Draft6),
            "4" => Ok(Self::Draft4),
            _ => Err(crate::domain::ParseError::new(format!(
                "`{}` is not a draft Concord reads; give 2020-12, 2019-09, 7, 6 or 4",
                crate::domain::Quoted(text)
            ))),
        }
    }

    /// `schema` read under this draft when it does not say which draft it is: a `$schema` is
    /// added to a schema object without one; a schema that names its draft keeps it, and so do
    /// the subschemas and documents it embeds, each under its own document's draft.
    pub fn as_default_for(self, mut schema: Value) -> Value {
        if let Some(object) = schema.as_object_mut()
            && !object.contains_key("$schema")
        {
            object.insert("$schema".to_owned(), Value::from(self.uri()));
        }
        schema
    }

    /// The keyword that declares a resource's identifier in this draft.
    pub fn id_keyword(self) -> &'static str {
        match self {
            Self::Draft4 => "id",
            _ => "$id",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn drafts_are_named_on_the_command_line_as_people_write_them() {
        for (text, draft) in [
            ("2020-12", SchemaDraft::Draft202012),
            ("2019-09", SchemaDraft::Draft201909),
            ("7", SchemaDraft::Draft7),
            ("draft-07", SchemaDraft::Draft7),
            ("6", SchemaDraft::Draft6),
            ("4", SchemaDraft::Draft4),
        ] {
            assert_eq!(SchemaDraft::parse(text), Ok(draft), "{text}");
        }
        assert!(SchemaDraft::parse("8").is_err());
        assert!(SchemaDraft::parse("").is_err());
    }

    #[test]
    fn a_default_draft_applies_only_to_a_schema_that_names_none() {
        let unnamed = SchemaDraft::Draft7.as_default_for(json!({"type": "string"}));
        assert_eq!(
            unnamed["$schema"],
            "http://json-schema.org/draft-07/schema#"
        );
        let named = SchemaDraft::Draft4
            .as_default_for(json!({"$schema": "https://json-schema.org/draft/2020-12/schema"}));
        assert_eq!(
            named["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        assert_eq!(SchemaDraft::Draft4.as_default_for(json!(true)), json!(true));
    }

    #[test]
    fn the_draft_follows_dollar_schema_and_defaults_to_2020_12() {
        assert_eq!(
            SchemaDraft::detect(&json!({})),
            Ok(SchemaDraft::Draft202012)
        );
        assert_eq!(
            SchemaDraft::detect(&json!({"$schema": "http://json-schema.org/draft-07/schema#"})),
            Ok(SchemaDraft::Draft7)
        );
        assert_eq!(
            SchemaDraft::detect(&json!({"$schema": "http://json-schema.org/draft-04/schema#"})),
            Ok(SchemaDraft::Draft4)
        );
    }

    #[test]
    fn unknown_meta_schemas_are_refused_at_dollar_schema() {
        let problem = SchemaDraft::detect(&json!({"$schema": "https://example.org/my-meta"}))
            .expect_err("unknown");
        assert_eq!(problem.pointer, "/$schema");
        let problem = SchemaDraft::detect(&json!({"$schema": 7})).expect_err("not a string");
        assert_eq!(problem.pointer, "/$schema");
    }
}
