//! The JSON Schema drafts' metaschemas, by URI: they ship with the validator, so a reference to
//! one resolves offline and is neither a fetch nor a reference to this registry. The validator
//! (which resolves them) and the compatibility engine (which knows their content never changes)
//! both ask here.

/// The drafts' metaschemas (and 2019-09's and 2020-12's vocabulary metaschemas), which ship
/// with the validator: a reference to one resolves offline, so it is neither a fetch nor a
/// reference to this registry.
const METASCHEMAS: &[&str] = &[
    "https://json-schema.org/draft/2020-12/schema",
    "https://json-schema.org/draft/2019-09/schema",
    "http://json-schema.org/draft-07/schema",
    "http://json-schema.org/draft-06/schema",
    "http://json-schema.org/draft-04/schema",
];

/// Vocabulary metaschemas, by the folder they live under.
const VOCABULARIES: &[(&str, &[&str])] = &[
    (
        "https://json-schema.org/draft/2020-12/meta/",
        &[
            "core",
            "applicator",
            "unevaluated",
            "validation",
            "meta-data",
            "format-annotation",
            "content",
        ],
    ),
    (
        "https://json-schema.org/draft/2019-09/meta/",
        &[
            "core",
            "applicator",
            "validation",
            "meta-data",
            "format",
            "content",
        ],
    ),
];

/// Whether `target` (a URI without its fragment) is a metaschema the validator ships with.
pub fn is_metaschema(target: &str) -> bool {
    METASCHEMAS.contains(&target)
        || VOCABULARIES.iter().any(|(folder, names)| {
            target
                .strip_prefix(folder)
                .is_some_and(|name| names.contains(&name))
        })
}
