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
