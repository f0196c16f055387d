//! The inputs of a proposal, parsed field by field so an error names the field that is wrong.

use crate::domain::{
    CompatibilityMode, CompatibilityPolicy, Prose, SchemaFiles, Slug, Summary, Tag, Text, Theme,
    Title, VersionNumber,
};
use crate::registry::{Error, Result};

/// A proposal for a new standard with its first version.
#[derive(Debug, Clone, PartialEq)]
pub struct NewStandardProposal {
    /// The new standard's slug.
    pub slug: Slug,
    /// Its title.
    pub title: String,
    /// A summary of what it describes.
    pub summary: String,
    /// Its theme.
    pub theme: Theme,
    /// Its tags.
    pub tags: Vec<Tag>,
    /// Its compatibility mode (default BACKWARD).
    pub mode: CompatibilityMode,
    /// Its policy (default LENIENT).
    pub policy: CompatibilityPolicy,
    /// The first version's number.
    pub version: VersionNumber,
    /// The first version's files: its schema, with any named documents.
    pub schema: SchemaFiles,
    /// Why London needs it.
    pub rationale: String,
}

/// A proposal for a new version of an existing standard.
#[derive(Debug, Clone, PartialEq)]
pub struct NewVersionProposal {
    /// The standard.
    pub standard: Slug,
    /// The declared version.
    pub version: VersionNumber,
    /// The new version's files: its schema, with any named documents.
    pub schema: SchemaFiles,
    /// What changed.
    pub changelog: String,
    /// Why.
    pub rationale: String,
}

/// Parses required prose (a rationale, changelog, comment), naming the field when it is wrong.
pub(crate) fn prose(field: &str, value: &str) -> Result<String> {
    Prose::parse(value)
        .map(Text::into_string)
        .map_err(|e| Error::bad_input(field, e))
}

/// Parses optional prose (a note): blank is none.
pub(crate) fn optional_prose(field: &str, value: Option<&str>) -> Result<Option<String>> {
    Prose::parse_optional(value)
        .map(|p| p.map(Text::into_string))
        .map_err(|e| Error::bad_input(field, e))
}

fn field<T, E: std::fmt::Display>(name: &str, parsed: std::result::Result<T, E>) -> Result<T> {
    parsed.map_err(|e| Error::bad_input(name, e))
}

/// The raw fields of a new-standard proposal, as a transport received them.
#[derive(Debug, Clone, Default)]
pub struct RawStandardProposal<'a> {
    /// `slug`
    pub slug: &'a str,
    /// `title`
    pub title: &'a str,
    /// `summary`
    pub summary: &'a str,
    /// `theme`
    pub theme: &'a str,
    /// `tags`
    pub tags: &'a [String],
    /// `compatibility`
    pub mode: Option<&'a str>,
    /// `policy`
    pub policy: Option<&'a str>,
    /// `version`
    pub version: &'a str,
    /// `rationale`
    pub rationale: &'a str,
}

impl NewStandardProposal {
    /// Parses the fields, naming the first that is wrong.
    pub fn parse(raw: RawStandardProposal<'_>, schema: SchemaFiles) -> Result<Self> {
        let mut tags = Vec::new();
        for (i, tag) in raw.tags.iter().enumerate() {
            tags.push(field(&format!("tags[{i}]"), Tag::parse(tag))?);
        }
        if tags.len() > 20 {
            return Err(Error::bad_input("tags", "at most 20 tags"));
        }
        Ok(Self {
            slug: field("slug", Slug::parse(raw.slug))?,
            title: field("title", Title::parse(raw.title))?.into_string(),
            summary: field("summary", Summary::parse(raw.summary))?.into_string(),
            theme: field("theme", Theme::parse(raw.theme))?,
            tags,
            mode: raw
                .mode
                .map(|m| field("compatibility", CompatibilityMode::parse(m)))
                .transpose()?
                .unwrap_or(CompatibilityMode::Backward),
            policy: raw
                .policy
                .map(|p| field("policy", CompatibilityPolicy::parse(p)))
                .transpose()?
                .unwrap_or(CompatibilityPolicy::Lenient),
            version: field("version", VersionNumber::parse(raw.version))?,
            schema,
            rationale: prose("rationale", raw.rationale)?,
        })
    }
}

impl NewVersionProposal {
    /// Parses the fields, naming the first that is wrong.
    pub fn parse(
        standard: &str,
        version: &str,
        schema: SchemaFiles,
        changelog: &str,
        rationale: &str,
    ) -> Result<Self> {
        Ok(Self {
            standard: field("standard", Slug::parse(standard))?,
            version: field("version", VersionNumber::parse(version))?,
            schema,
            changelog: prose("changelog", changelog)?,
            rationale: prose("rationale", rationale)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::SchemaDocument;
    use serde_json::json;

    fn raw<'a>() -> RawStandardProposal<'a> {
        RawStandardProposal {
            slug: "mobility/ev-chargepoint",
            title: "EV charge points",
            summary: "Where to charge",
            theme: "mobility",
            version: "1.0.0",
            rationale: "Boroughs publish these differently",
            ..Default::default()
        }
    }

    fn field_of(r: Result<NewStandardProposal>) -> String {
        match r {
            Err(Error::BadInput { field, .. }) => field,
            other => panic!("expected bad input, got {other:?}"),
        }
    }

    #[test]
    fn a_complete_proposal_parses_with_default_compatibility() {
        let p = NewStandardProposal::parse(raw(), SchemaDocument::from_value(json!({})).into())
            .expect("valid");
        assert_eq!(p.mode, CompatibilityMode::Backward);
        assert_eq!(p.policy, CompatibilityPolicy::Lenient);
    }

    #[test]
    fn each_malformed_field_is_named() {
        assert_eq!(
            field_of(NewStandardProposal::parse(
                RawStandardProposal {
                    slug: "EV",
                    ..raw()
                },
                SchemaDocument::from_value(json!({})).into()
            )),
            "slug"
        );
        assert_eq!(
            field_of(NewStandardProposal::parse(
                RawStandardProposal {
                    version: "1.0",
                    ..raw()
                },
                SchemaDocument::from_value(json!({})).into()
            )),
            "version"
        );
        assert_eq!(
            field_of(NewStandardProposal::parse(
                RawStandardProposal {
                    title: "  ",
                    ..raw()
                },
                SchemaDocument::from_value(json!({})).into()
            )),
            "title"
        );
        let tags = vec!["ok".to_owned(), "Not OK".to_owned()];
        assert_eq!(
            field_of(NewStandardProposal::parse(
                RawStandardProposal {
                    tags: &tags,
                    ..raw()
                },
                SchemaDocument::from_value(json!({})).into()
            )),
            "tags[1]"
        );
        assert_eq!(
            field_of(NewStandardProposal::parse(
                RawStandardProposal {
                    mode: Some("SIDEWAYS"),
                    ..raw()
                },
                SchemaDocument::from_value(json!({})).into()
            )),
            "compatibility"
        );
    }
}
