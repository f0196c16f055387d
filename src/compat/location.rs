//! Locations in schema documents: the draft in force, which document, the JSON Pointer, and the
//! base URI after applying `$id` (or `id` in draft 4) along the way.

use std::borrow::Cow;
use std::rc::Rc;

use serde_json::Value;
use url::Url;

use super::model::Side;
use super::resolve::Docs;

/// The JSON Schema drafts Concord accepts, oldest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Draft {
    D4,
    D6,
    D7,
    D2019,
    D2020,
}

impl Draft {
    /// The draft named by a `$schema` URI; 2020-12 when it names none Concord knows.
    pub(crate) fn from_schema_uri(uri: &str) -> Draft {
        if uri.contains("draft-04") {
            Draft::D4
        } else if uri.contains("draft-06") {
            Draft::D6
        } else if uri.contains("draft-07") {
            Draft::D7
        } else if uri.contains("2019-09") {
            Draft::D2019
        } else {
            Draft::D2020
        }
    }

    pub(crate) fn of(value: &Value, default: Draft) -> Draft {
        match value.get("$schema").and_then(Value::as_str) {
            Some(uri) => Draft::from_schema_uri(uri),
            None => default,
        }
    }

    pub(crate) fn id_keyword(self) -> &'static str {
        if self == Draft::D4 { "id" } else { "$id" }
    }
}

/// Which document a location lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum DocId {
    Old,
    New,
    Ext(usize),
}

impl DocId {
    pub(crate) fn index(self) -> usize {
        match self {
            DocId::Old => 0,
            DocId::New => 1,
            DocId::Ext(i) => i,
        }
    }

    pub(crate) fn root_of(side: Side) -> DocId {
        match side {
            Side::Old => DocId::Old,
            Side::New => DocId::New,
        }
    }

    pub(crate) fn is_root(self) -> bool {
        matches!(self, DocId::Old | DocId::New)
    }
}

/// A schema (or keyword value) inside a document, with the base URI and draft in force there.
#[derive(Debug, Clone)]
pub(crate) struct Loc<'a> {
    pub(crate) value: &'a Value,
    pub(crate) doc: DocId,
    /// JSON Pointer inside `doc`.
    pub(crate) ptr: String,
    pub(crate) base: Rc<Url>,
    pub(crate) draft: Draft,
    /// When `doc` is a registered document: the pointer, in the root schema, of the `$ref` that led
    /// here (changes are reported there).
    pub(crate) site: Option<Rc<str>>,
}

/// Escapes one JSON Pointer reference token (borrowed when there is nothing to escape, as for
/// almost every property name: pointers are built at every step of a walk).
pub(crate) fn escape(token: &str) -> Cow<'_, str> {
    if token.contains(['~', '/']) {
        Cow::Owned(token.replace('~', "~0").replace('/', "~1"))
    } else {
        Cow::Borrowed(token)
    }
}

/// Unescapes one JSON Pointer reference token, borrowed when it holds no `~`.
pub(crate) fn unescape(token: &str) -> Cow<'_, str> {
    if token.contains('~') {
        Cow::Owned(token.replace("~1", "/").replace("~0", "~"))
    } else {
        Cow::Borrowed(token)
    }
}

impl<'a> Loc<'a> {
    /// The keyword's value, when this location is an object schema that has it.
    pub(crate) fn get(&self, keyword: &str) -> Option<&'a Value> {
        self.value.as_object().and_then(|o| o.get(keyword))
    }

    /// The location one reference token below, applying any `$id` found there.
    pub(crate) fn child(&self, token: &str) -> Option<Loc<'a>> {
        let value = match self.value {
            Value::Object(map) => map.get(token)?,
            Value::Array(items) => items.get(token.parse::<usize>().ok()?)?,
            _ => return None,
        };
        let mut base = Rc::clone(&self.base);
        let mut draft = self.draft;
        if let Value::Object(map) = value {
            draft = Draft::of(value, draft);
            if let Some(id) = map.get(draft.id_keyword()).and_then(Value::as_str)
                && !id.starts_with('#')
                && let Ok(joined) = base.join(id)
            {
                base = Rc::new(joined);
            }
        }
        Some(Loc {
            value,
            doc: self.doc,
            ptr: format!("{}/{}", self.ptr, escape(token)),
            base,
            draft,
            site: self.site.clone(),
        })
    }

    /// The location several tokens below.
    pub(crate) fn descend(&self, tokens: &[&str]) -> Option<Loc<'a>> {
        let mut here = self.clone();
        for token in tokens {
            here = here.child(token)?;
        }
        Some(here)
    }

    /// `uri#pointer` naming this location, for messages about registered documents.
    pub(crate) fn absolute(&self, docs: &Docs<'a>) -> String {
        format!("{}#{}", docs.uri(self.doc), self.ptr)
    }
}
