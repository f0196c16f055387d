//! A version's files: the root schema and, for standards published as several files, the named
//! documents it references relatively (`"$ref": "definitions.json#/$defs/address"`). They are
//! checked, hashed, stored and served as one version.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use serde_json::Value;

use super::{ContentHash, ParseError, SchemaDocument, Slug, VersionNumber};

/// The most documents one version may have beside its root.
pub const MAX_DOCUMENTS: usize = 100;

/// Where a document sits inside its version: a relative path such as `definitions.json` or
/// `common/address.json`, served at `/schemas/{slug}/{version}/{path}`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DocumentPath(String);

impl DocumentPath {
    /// Parses a document path: segments of letters, digits, `.`, `_` and `-` separated by `/`,
    /// ending in `.json`, with no `.` or `..` segment and no leading slash, so a path can only
    /// ever name a file inside its own version.
    pub fn parse(text: &str) -> Result<Self, ParseError> {
        let fail = |why: &str| Err(ParseError::new(format!("`{text}` {why}")));
        if text.is_empty() {
            return Err(ParseError::new("a document path must not be empty"));
        }
        if text.len() > 200 {
            return fail("is longer than 200 characters");
        }
        if text.starts_with('/') {
            return fail("must be relative to the version (no leading `/`)");
        }
        for segment in text.split('/') {
            if segment.is_empty() || segment == "." || segment == ".." {
                return fail("must not have empty, `.` or `..` segments");
            }
            if !segment
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
            {
                return fail("may hold only letters, digits, `.`, `_`, `-` and `/`");
            }
        }
        if !text.ends_with(".json") {
            return fail("must end in `.json`");
        }
        if text == "bundle.json" {
            // `/schemas/{slug}/{version}/bundle` is the bundle; keep its neighbour unambiguous.
            return fail("is reserved for the version's bundle");
        }
        Ok(Self(text.to_owned()))
    }

    /// The path as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DocumentPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Reads `{slug}/{version}/{path}` (the slug of one or two segments) as the address of a named
/// document of a version; `None` when it is not one.
pub fn split_document_address(text: &str) -> Option<(Slug, VersionNumber, DocumentPath)> {
    let segments: Vec<&str> = text.split('/').collect();
    (1..=2).find_map(|i| {
        let slug = Slug::parse(&segments.get(..i)?.join("/")).ok()?;
        let version = VersionNumber::parse(segments.get(i)?).ok()?;
        let path = segments.get(i + 1..).filter(|p| !p.is_empty())?.join("/");
        Some((slug, version, DocumentPath::parse(&path).ok()?))
    })
}

/// One named document of a version.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedDocument {
    /// Its path inside the version.
    pub path: DocumentPath,
    /// The schema, with its text.
    pub document: SchemaDocument,
}

/// A version's root schema and its named documents (none for a single-file version).
#[derive(Debug, Clone, PartialEq)]
pub struct SchemaFiles {
    root: SchemaDocument,
    documents: Arc<[NamedDocument]>,
}

impl From<SchemaDocument> for SchemaFiles {
    fn from(root: SchemaDocument) -> Self {
        Self {
            root,
            documents: Arc::from(Vec::new()),
        }
    }
}

impl SchemaFiles {
    /// A root and its documents; refuses a path given twice or more than [`MAX_DOCUMENTS`]
    /// documents, naming the index of the offending one (`documents[3]`).
    pub fn new(
        root: SchemaDocument,
        documents: Vec<NamedDocument>,
    ) -> Result<Self, (String, ParseError)> {
        if documents.len() > MAX_DOCUMENTS {
            return Err((
                "documents".to_owned(),
                ParseError::new(format!(
                    "{} documents given; a version may have at most {MAX_DOCUMENTS}",
                    documents.len()
                )),
            ));
        }
        for (i, doc) in documents.iter().enumerate() {
            if documents[..i].iter().any(|d| d.path == doc.path) {
                return Err((
                    format!("documents[{i}].path"),
                    ParseError::new(format!("`{}` is given twice", doc.path)),
                ));
            }
        }
        Ok(Self {
            root,
            documents: documents.into(),
        })
    }

    /// A root and its documents as a transport receives them, `(path, document)` pairs: each
    /// path parsed, and the place of the first wrong one named (`documents[1].path`).
    pub fn parse(
        root: SchemaDocument,
        documents: Vec<(String, SchemaDocument)>,
    ) -> Result<Self, (String, ParseError)> {
        let mut named = Vec::with_capacity(documents.len());
        for (i, (path, document)) in documents.into_iter().enumerate() {
            let path =
                DocumentPath::parse(&path).map_err(|e| (format!("documents[{i}].path"), e))?;
            named.push(NamedDocument { path, document });
        }
        Self::new(root, named)
    }

    /// The root schema, served at the version's own address.
    pub fn root(&self) -> &SchemaDocument {
        &self.root
    }

    /// The named documents, in the order given.
    pub fn documents(&self) -> &[NamedDocument] {
        &self.documents
    }

    /// The named documents, shared.
    pub fn shared_documents(&self) -> Arc<[NamedDocument]> {
        self.documents.clone()
    }

    /// Whether the version is made of several files.
    pub fn is_multi_file(&self) -> bool {
        !self.documents.is_empty()
    }

    /// The documents' values with their paths, for the pure validation code.
    pub fn document_values(&self) -> Vec<(&str, &Value)> {
        self.documents
            .iter()
            .map(|d| (d.path.as_str(), d.document.value()))
            .collect()
    }

    /// Every file's text length together, for the size limit.
    pub fn total_bytes(&self) -> usize {
        self.root.text().len()
            + self
                .documents
                .iter()
                .map(|d| d.document.text().len())
                .sum::<usize>()
    }

    /// The version's content hash: the root's canonical JSON alone for a single file (so the
    /// hashes of single-file versions never change), otherwise that of
    /// `{"documents": {path: schema, …}, "schema": root}`, so every file and every path counts.
    pub fn hash(&self) -> ContentHash {
        if self.documents.is_empty() {
            return ContentHash::of(self.root.value());
        }
        let documents: serde_json::Map<String, Value> = self
            .documents
            .iter()
            .map(|d| (d.path.to_string(), d.document.value().clone()))
            .collect();
        ContentHash::of(&serde_json::json!({
            "documents": documents,
            "schema": self.root.value(),
        }))
    }

    /// The documents as stored beside the root: a JSON array of `{"path", "text"}`, each text
    /// exactly as its author wrote it.
    pub fn stored_documents(&self) -> String {
        let rows: Vec<BTreeMap<&str, &str>> = self
            .documents
            .iter()
            .map(|d| BTreeMap::from([("path", d.path.as_str()), ("text", d.document.text())]))
            .collect();
        serde_json::to_string(&rows).unwrap_or_else(|_| "[]".to_owned())
    }

    /// Reads documents stored by [`Self::stored_documents`].
    pub fn stored(text: &str) -> Result<Arc<[NamedDocument]>, ParseError> {
        #[derive(serde::Deserialize)]
        struct Row {
            path: String,
            text: String,
        }
        let rows: Vec<Row> = serde_json::from_str(text)
            .map_err(|e| ParseError::new(format!("stored documents: {e}")))?;
        rows.into_iter()
            .map(|row| {
                Ok(NamedDocument {
                    path: DocumentPath::parse(&row.path)?,
                    document: SchemaDocument::parse(row.text)
                        .map_err(|e| ParseError::new(format!("stored document: {e}")))?,
                })
            })
            .collect()
    }

    /// A root and documents already checked when they were stored.
    pub fn from_stored(root: SchemaDocument, documents: Arc<[NamedDocument]>) -> Self {
        Self { root, documents }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn named(path: &str, value: Value) -> NamedDocument {
        NamedDocument {
            path: DocumentPath::parse(path).expect("path"),
            document: SchemaDocument::from_value(value),
        }
    }

    #[test]
    fn document_paths_stay_inside_their_version() {
        for good in ["definitions.json", "common/address.json", "a_b-c.1.json"] {
            assert!(DocumentPath::parse(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "/etc/passwd.json",
            "../other/1.0.0.json",
            "a/./b.json",
            "a//b.json",
            "defs.yaml",
            "sp ace.json",
            "bundle.json",
            "q?x=1.json",
        ] {
            assert!(DocumentPath::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_wrong_path_or_a_path_given_twice_is_named_by_its_index() {
        let root = SchemaDocument::from_value(json!({}));
        let doc = |path: &str| (path.to_owned(), SchemaDocument::from_value(json!({})));
        let (field, _) = SchemaFiles::parse(root.clone(), vec![doc("a.json"), doc("a.json")])
            .expect_err("duplicate");
        assert_eq!(field, "documents[1].path");
        let (field, _) =
            SchemaFiles::parse(root, vec![doc("a.json"), doc("../b.json")]).expect_err("outside");
        assert_eq!(field, "documents[1].path");
    }

    #[test]
    fn more_documents_than_a_version_may_have_are_refused() {
        let root = SchemaDocument::from_value(json!({}));
        let many = (0..=MAX_DOCUMENTS)
            .map(|i| (format!("d{i}.json"), SchemaDocument::from_value(json!({}))))
            .collect();
        let (field, error) = SchemaFiles::parse(root, many).expect_err("too many");
        assert_eq!(field, "documents");
        assert!(error.0.contains("at most 100"), "{error}");
    }

    #[test]
    fn a_single_file_hashes_as_its_root_and_documents_change_the_hash() {
        let root = SchemaDocument::from_value(json!({"$ref": "a.json"}));
        let single = SchemaFiles::from(root.clone());
        assert_eq!(single.hash(), ContentHash::of(root.value()));
        let one = SchemaFiles::new(
            root.clone(),
            vec![named("a.json", json!({"type": "string"}))],
        )
        .expect("files");
        let other = SchemaFiles::new(
            root.clone(),
            vec![named("b.json", json!({"type": "string"}))],
        )
        .expect("files");
        assert_ne!(one.hash(), single.hash());
        assert_ne!(one.hash(), other.hash(), "the path counts");
    }

    #[test]
    fn stored_documents_round_trip_with_their_text() {
        let doc = NamedDocument {
            path: DocumentPath::parse("defs.json").expect("path"),
            document: SchemaDocument::parse("{\"z\": 1, \"a\": 2}").expect("json"),
        };
        let files = SchemaFiles::new(SchemaDocument::from_value(json!({})), vec![doc.clone()])
            .expect("files");
        let stored = SchemaFiles::stored(&files.stored_documents()).expect("reads back");
        assert_eq!(stored[0].document.text(), "{\"z\": 1, \"a\": 2}");
        assert_eq!(stored[0], doc);
        assert!(SchemaFiles::stored("[]").expect("empty").is_empty());
    }
}
