//! Documents, base URIs and `$ref` resolution.
//!
//! Each side's root schema is searched before any registered document, so two versions that share a
//! base URI still resolve their own local references. Resources are indexed once per document:
//! `$id`/`id` scoping per draft, `$anchor`/`$dynamicAnchor`, and draft 6/7 plain-name `$id`s.

use std::collections::HashMap;
use std::rc::Rc;

use serde_json::Value;
use url::Url;

use super::Resolver;
use super::location::unescape;
pub(crate) use super::location::{DocId, Draft, Loc, escape};
use super::model::Side;

struct DocEntry<'a> {
    root: &'a Value,
    uri: Rc<Url>,
    draft: Draft,
    /// Absolute resource URI (no fragment) → pointer of the resource root.
    resources: HashMap<String, String>,
    /// Absolute `uri#anchor` → pointer.
    anchors: HashMap<String, String>,
    /// `$dynamicAnchor` name → how many places declare it.
    dynamic_anchors: HashMap<String, usize>,
}

/// The documents of one comparison: both roots and whatever the resolver supplied.
pub(crate) struct Docs<'a> {
    resolver: &'a dyn Resolver,
    entries: Vec<DocEntry<'a>>,
    by_uri: HashMap<String, usize>,
}

const DATA_KEYWORDS: [&str; 4] = ["enum", "const", "examples", "default"];

fn without_fragment(url: &Url) -> String {
    let mut u = url.clone();
    u.set_fragment(None);
    u.to_string()
}

fn index_doc<'a>(root: &'a Value, uri: Url) -> DocEntry<'a> {
    let draft = Draft::of(root, Draft::D2020);
    let mut entry = DocEntry {
        root,
        uri: Rc::new(uri.clone()),
        draft,
        resources: HashMap::new(),
        anchors: HashMap::new(),
        dynamic_anchors: HashMap::new(),
    };
    entry
        .resources
        .insert(without_fragment(&uri), String::new());
    let mut stack = vec![(root, String::new(), uri, draft)];
    while let Some((value, ptr, mut base, mut draft)) = stack.pop() {
        match value {
            Value::Object(map) => {
                draft = Draft::of(value, draft);
                if let Some(id) = map.get(draft.id_keyword()).and_then(Value::as_str) {
                    if let Some(name) = id.strip_prefix('#') {
                        if draft <= Draft::D7 && !name.is_empty() {
                            entry
                                .anchors
                                .insert(format!("{}#{name}", without_fragment(&base)), ptr.clone());
                        }
                    } else if let Ok(joined) = base.join(id) {
                        base = joined;
                        entry.resources.insert(without_fragment(&base), ptr.clone());
                    }
                }
                if let Some(name) = map.get("$dynamicAnchor").and_then(Value::as_str) {
                    *entry.dynamic_anchors.entry(name.to_owned()).or_default() += 1;
                }
                for key in ["$anchor", "$dynamicAnchor", "$recursiveAnchor"] {
                    if let Some(name) = map.get(key).and_then(Value::as_str) {
                        entry
                            .anchors
                            .entry(format!("{}#{name}", without_fragment(&base)))
                            .or_insert_with(|| ptr.clone());
                    }
                }
                for (key, child) in map {
                    if DATA_KEYWORDS.contains(&key.as_str())
                        || !(child.is_object() || child.is_array())
                    {
                        continue;
                    }
                    stack.push((child, format!("{ptr}/{}", escape(key)), base.clone(), draft));
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    if child.is_object() || child.is_array() {
                        stack.push((child, format!("{ptr}/{i}"), base.clone(), draft));
                    }
                }
            }
            _ => {}
        }
    }
    entry
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Why a reference could not be followed.
pub(crate) type RefError = String;

impl<'a> Docs<'a> {
    /// Indexes both root schemas. A base URI that does not parse falls back to a fixed one, so
    /// local references still work.
    pub(crate) fn new(
        old: (&'a Value, &str),
        new: (&'a Value, &str),
        resolver: &'a dyn Resolver,
    ) -> Docs<'a> {
        // A constant URN always parses; the closure only satisfies the type checker.
        let fallback = |side: &str| {
            Url::parse(&format!("urn:concord:{side}"))
                .unwrap_or_else(|_| unreachable!("constant URN"))
        };
        let root_uri = |value: &Value, base: &str, side: &str| {
            let base = Url::parse(base).unwrap_or_else(|_| fallback(side));
            let draft = Draft::of(value, Draft::D2020);
            match value.get(draft.id_keyword()).and_then(Value::as_str) {
                Some(id) if !id.starts_with('#') => base.join(id).unwrap_or(base),
                _ => base,
            }
        };
        let old_entry = index_doc(old.0, root_uri(old.0, old.1, "old"));
        let new_entry = index_doc(new.0, root_uri(new.0, new.1, "new"));
        Docs {
            resolver,
            entries: vec![old_entry, new_entry],
            by_uri: HashMap::new(),
        }
    }

    /// The root location of a side's schema.
    pub(crate) fn root(&self, side: Side) -> Loc<'a> {
        let entry = &self.entries[DocId::root_of(side).index()];
        Loc {
            value: entry.root,
            doc: DocId::root_of(side),
            ptr: String::new(),
            base: Rc::clone(&entry.uri),
            draft: entry.draft,
            site: None,
        }
    }

    /// The URI a document was loaded under.
    pub(crate) fn uri(&self, doc: DocId) -> String {
        self.entries
            .get(doc.index())
            .map(|e| e.uri.to_string())
            .unwrap_or_default()
    }

    fn locate(&self, doc: DocId, ptr: &str) -> Option<Loc<'a>> {
        let entry = self.entries.get(doc.index())?;
        let root = Loc {
            value: entry.root,
            doc,
            ptr: String::new(),
            base: Rc::clone(&entry.uri),
            draft: entry.draft,
            site: None,
        };
        if ptr.is_empty() {
            return Some(root);
        }
        let tokens: Vec<String> = ptr
            .split('/')
            .skip(1)
            .map(|t| unescape(t).into_owned())
            .collect();
        let refs: Vec<&str> = tokens.iter().map(String::as_str).collect();
        root.descend(&refs)
    }

    fn load(&mut self, uri: &str) -> Option<usize> {
        if let Some(i) = self.by_uri.get(uri) {
            return Some(*i);
        }
        let value = self.resolver.resolve(uri)?;
        let url = Url::parse(uri).ok()?;
        let entry = index_doc(value, url);
        self.entries.push(entry);
        let index = self.entries.len() - 1;
        self.by_uri.insert(uri.to_string(), index);
        Some(index)
    }

    /// Whether a `$dynamicRef` to `reference` on `side` always lands where a `$ref` would: its
    /// fragment is a JSON Pointer, or no more than one place in all of that side's documents
    /// declares the `$dynamicAnchor` it names, so no dynamic scope can pick another.
    pub(crate) fn dynamic_is_static(&self, side: Side, reference: &str) -> bool {
        let Some((_, fragment)) = reference.split_once('#') else {
            return false;
        };
        if fragment.is_empty() || fragment.starts_with('/') {
            return true;
        }
        let root = DocId::root_of(side).index();
        let declared: usize = self
            .entries
            .iter()
            .enumerate()
            .filter(|(i, _)| *i == root || *i >= 2)
            .map(|(_, e)| e.dynamic_anchors.get(fragment).copied().unwrap_or(0))
            .sum();
        declared <= 1
    }

    /// Follows `reference` written at `from`, on `side`.
    pub(crate) fn resolve(
        &mut self,
        side: Side,
        from: &Loc<'a>,
        reference: &str,
    ) -> Result<Loc<'a>, RefError> {
        let absolute = from
            .base
            .join(reference)
            .map_err(|e| format!("`{reference}` is not a valid URI reference ({e})"))?;
        let resource = without_fragment(&absolute);
        let fragment = percent_decode(absolute.fragment().unwrap_or(""));
        // A location in a root schema resolves against that root, whichever side asked (witness
        // plans mix locations from both sides).
        let mut order = vec![if from.doc.is_root() {
            from.doc
        } else {
            DocId::root_of(side)
        }];
        if !from.doc.is_root() {
            order.push(from.doc);
        }
        order.extend((2..self.entries.len()).map(DocId::Ext));
        let found = order.iter().find_map(|doc| {
            let entry = &self.entries[doc.index()];
            if fragment.is_empty() || fragment.starts_with('/') {
                entry
                    .resources
                    .get(&resource)
                    .map(|p| (*doc, format!("{p}{fragment}")))
            } else {
                entry
                    .anchors
                    .get(&format!("{resource}#{fragment}"))
                    .map(|p| (*doc, p.clone()))
            }
        });
        let (doc, ptr) = match found {
            Some(hit) => hit,
            None => {
                let index = self.load(&resource).ok_or_else(|| {
                    format!("`{resource}` is neither part of this schema nor a registered document")
                })?;
                let entry = &self.entries[index];
                let ptr = if fragment.is_empty() || fragment.starts_with('/') {
                    Some(fragment.clone())
                } else {
                    entry
                        .anchors
                        .get(&format!("{resource}#{fragment}"))
                        .cloned()
                };
                let ptr = ptr.ok_or_else(|| {
                    format!("anchor `#{fragment}` does not exist in `{resource}`")
                })?;
                (DocId::Ext(index), ptr)
            }
        };
        let mut target = self.locate(doc, &ptr).ok_or_else(|| {
            format!("`{reference}` points at nothing (no `{ptr}` in `{resource}`)")
        })?;
        target.site = if doc.is_root() {
            None
        } else if from.doc.is_root() {
            Some(Rc::from(from.ptr.as_str()))
        } else {
            from.site.clone()
        };
        Ok(target)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct NoDocs;
    impl Resolver for NoDocs {
        fn resolve(&self, _: &str) -> Option<&Value> {
            None
        }
    }

    #[test]
    fn local_pointer_and_anchor_references_resolve_within_their_own_side() {
        let old = serde_json::json!({"$defs": {"a": {"$anchor": "aa", "type": "string"}}});
        let new = serde_json::json!({"$defs": {"a": {"$anchor": "aa", "type": "integer"}}});
        let mut docs = Docs::new(
            (&old, "https://x.example/s/1"),
            (&new, "https://x.example/s/1"),
            &NoDocs,
        );
        let root = docs.root(Side::New);
        let by_ptr = docs
            .resolve(Side::New, &root, "#/$defs/a")
            .expect("pointer");
        assert_eq!(by_ptr.get("type"), Some(&Value::from("integer")));
        let by_anchor = docs
            .resolve(Side::Old, &docs.root(Side::Old), "#aa")
            .expect("anchor");
        assert_eq!(by_anchor.ptr, "/$defs/a");
        assert_eq!(by_anchor.get("type"), Some(&Value::from("string")));
    }

    #[test]
    fn percent_encoded_fragments_are_decoded() {
        assert_eq!(percent_decode("/%24defs/a%20b"), "/$defs/a b");
        assert_eq!(percent_decode("100%"), "100%");
    }
}
