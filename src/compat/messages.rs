//! Phrases shared by the change messages, so every sentence names places and values the same way.

use serde_json::Value;

use super::location::unescape;

/// A dotted path for people: `/address/lines/*/text` reads `address.lines[].text`.
pub(crate) fn dotted(ipath: &str) -> String {
    let mut out = String::with_capacity(ipath.len());
    for token in ipath.split('/').skip(1) {
        let token = unescape(token);
        if token == "*" {
            out.push_str("[]");
        } else if !token.is_empty() && token.bytes().all(|b| b.is_ascii_digit()) {
            out.push('[');
            out.push_str(&token);
            out.push(']');
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&token);
        }
    }
    out
}

/// The location a sentence talks about: "the document" or "`address.postcode`".
pub(crate) fn at(ipath: &str) -> String {
    if ipath.is_empty() {
        "the document".to_string()
    } else {
        format!("`{}`", dotted(ipath))
    }
}

/// `at` with a capital letter, to start a sentence.
pub(crate) fn at_cap(ipath: &str) -> String {
    if ipath.is_empty() {
        "The document".to_string()
    } else {
        format!("`{}`", dotted(ipath))
    }
}

/// " in `/address`", or nothing at the document root.
pub(crate) fn within(ipath: &str) -> String {
    if ipath.is_empty() {
        String::new()
    } else {
        format!(" in `{}`", dotted(ipath))
    }
}

/// A JSON value, shortened for a sentence.
pub(crate) fn show(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 60 {
        let cut: String = text.chars().take(57).collect();
        format!("`{cut}...`")
    } else {
        format!("`{text}`")
    }
}

/// A number without a trailing `.0`.
pub(crate) fn num(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

/// "a", "a or b", "a, b or c".
pub(crate) fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// Wraps each name in backticks.
pub(crate) fn ticks<S: AsRef<str>>(names: &[S]) -> Vec<String> {
    names.iter().map(|n| format!("`{}`", n.as_ref())).collect()
}
