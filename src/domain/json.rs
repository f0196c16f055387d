//! JSON helpers the registry relies on for identity: canonical serialisation (so the content hash
//! of a schema does not depend on key order or whitespace), depth, and JSON Pointers.

use std::fmt;

use serde_json::Value;
use sha2::{Digest, Sha256};

use super::{ParseError, Quoted};

/// Serialises `value` canonically: object keys sorted by their UTF-16 code units (as RFC 8785
/// orders them), no insignificant whitespace, strings and numbers as serde_json writes them.
pub fn canonical_json(value: &Value) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|(a, _), (b, _)| a.encode_utf16().cmp(b.encode_utf16()));
            out.push('{');
            for (i, (key, item)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                write_canonical(item, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

/// The SHA-256 of a schema's canonical JSON, written `sha256:<hex>`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ContentHash(String);

impl ContentHash {
    /// Hashes a JSON value canonically.
    pub fn of(value: &Value) -> Self {
        let digest = Sha256::digest(canonical_json(value).as_bytes());
        Self(format!("sha256:{}", hex::encode(digest)))
    }

    /// Wraps a stored hash.
    pub fn from_stored(stored: String) -> Self {
        Self(stored)
    }

    /// The hash as text (`sha256:…`).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The hex digest alone, as used in strong ETags.
    pub fn hex(&self) -> &str {
        self.0.strip_prefix("sha256:").unwrap_or(&self.0)
    }
}

impl fmt::Display for ContentHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// How deeply arrays and objects nest in `value` (a scalar has depth 0).
pub fn json_depth(value: &Value) -> usize {
    // Iterative, so a hostile document cannot overflow the stack here.
    let mut deepest = 0;
    let mut stack = vec![(value, 0usize)];
    while let Some((item, depth)) = stack.pop() {
        match item {
            Value::Array(items) => {
                deepest = deepest.max(depth + 1);
                stack.extend(items.iter().map(|v| (v, depth + 1)));
            }
            Value::Object(map) => {
                deepest = deepest.max(depth + 1);
                stack.extend(map.values().map(|v| (v, depth + 1)));
            }
            _ => {}
        }
    }
    deepest
}

/// A JSON Pointer (RFC 6901) such as `/properties/uprn`; the empty string is the whole document.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct JsonPointer(String);

impl JsonPointer {
    /// Parses a pointer, checking its escapes. A leading `#` (URI fragment form) is accepted.
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let pointer = input.strip_prefix('#').unwrap_or(input);
        if !pointer.is_empty() && !pointer.starts_with('/') {
            return Err(ParseError::new(format!(
                "`{}` is not a JSON Pointer: it must be empty or start with `/`",
                Quoted(input)
            )));
        }
        let mut chars = pointer.chars();
        while let Some(c) = chars.next() {
            if c == '~' && !matches!(chars.next(), Some('0' | '1')) {
                return Err(ParseError::new(format!(
                    "`{}` is not a JSON Pointer: `~` must be followed by 0 or 1",
                    Quoted(input)
                )));
            }
        }
        Ok(Self(pointer.to_owned()))
    }

    /// The pointer text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the pointer names a location inside `document`.
    pub fn exists_in(&self, document: &Value) -> bool {
        document.pointer(&self.0).is_some()
    }
}

impl fmt::Display for JsonPointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn canonical_json_ignores_key_order_and_whitespace() {
        let a: Value =
            serde_json::from_str(r#"{"b": 1, "a": {"y": [1, 2], "x": null}}"#).expect("json");
        let b: Value = serde_json::from_str(r#"{"a":{"x":null,"y":[1,2]},"b":1}"#).expect("json");
        assert_eq!(canonical_json(&a), r#"{"a":{"x":null,"y":[1,2]},"b":1}"#);
        assert_eq!(ContentHash::of(&a), ContentHash::of(&b));
    }

    #[test]
    fn content_hashes_differ_when_content_differs() {
        assert_ne!(
            ContentHash::of(&json!({"type": "string"})),
            ContentHash::of(&json!({"type": "integer"}))
        );
        assert!(ContentHash::of(&json!({})).as_str().starts_with("sha256:"));
    }

    #[test]
    fn depth_counts_nested_containers() {
        assert_eq!(json_depth(&json!(1)), 0);
        assert_eq!(json_depth(&json!({"a": [1, {"b": []}]})), 4);
    }

    #[test]
    fn pointers_are_checked_and_resolved() {
        let doc = json!({"properties": {"a/b": {"type": "string"}}});
        assert!(
            JsonPointer::parse("/properties/a~1b")
                .expect("ok")
                .exists_in(&doc)
        );
        assert!(
            !JsonPointer::parse("/properties/c")
                .expect("ok")
                .exists_in(&doc)
        );
        assert!(JsonPointer::parse("#/properties").is_ok());
        assert!(JsonPointer::parse("properties").is_err());
        assert!(JsonPointer::parse("/a~2").is_err());
    }
}
