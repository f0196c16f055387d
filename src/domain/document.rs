//! A schema as its author wrote it: the parsed value the registry reasons about, and the text,
//! in the author's key order, that it stores and serves. The two travel together because a
//! parsed `Value` keeps no key order (serde_json's ordered maps cost validation a quarter of its
//! time, see docs/PERFORMANCE.md), while a published standard must read as its authors laid it
//! out: `title` before `properties`, properties in the order they explain themselves.

use std::sync::Arc;

use serde_json::Value;

/// A schema document: its value and its text.
#[derive(Debug, Clone, PartialEq)]
pub struct SchemaDocument {
    value: Arc<Value>,
    text: Arc<str>,
}

impl SchemaDocument {
    /// Parses `text`, which is kept exactly as given.
    pub fn parse(text: impl Into<Arc<str>>) -> Result<Self, serde_json::Error> {
        let text = text.into();
        let value = serde_json::from_str(&text)?;
        Ok(Self {
            value: Arc::new(value),
            text,
        })
    }

    /// A value and the text it was read from, as stored together (a published version, a
    /// revision).
    pub fn from_parts(value: Arc<Value>, text: Arc<str>) -> Self {
        Self { value, text }
    }

    /// A document whose key order nobody chose (a schema a program built), pretty-printed.
    pub fn from_value(value: Value) -> Self {
        let text = serde_json::to_string_pretty(&value).unwrap_or_else(|_| value.to_string());
        Self {
            value: Arc::new(value),
            text: text.into(),
        }
    }

    /// The parsed schema.
    pub fn value(&self) -> &Value {
        &self.value
    }

    /// The parsed schema, shared.
    pub fn shared_value(&self) -> Arc<Value> {
        self.value.clone()
    }

    /// The text, in its author's key order.
    pub fn text(&self) -> &str {
        &self.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_keeps_the_authors_key_order() {
        let text =
            "{\n  \"title\": \"Address\",\n  \"properties\": {\"uprn\": {}, \"postcode\": {}}\n}";
        let document = SchemaDocument::parse(text).expect("json");
        assert_eq!(document.text(), text);
        assert_eq!(document.value()["title"], "Address");
        assert!(SchemaDocument::parse("{not json").is_err());
    }
}
