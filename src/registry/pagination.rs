//! Forward pagination for Relay connections: a page size and an opaque cursor that encodes the
//! last key seen, so pages stay stable while rows are added.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::{Error, Result};

/// What a client asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRequest {
    /// How many items, at most [`PageRequest::MAX`].
    pub first: u64,
    /// The cursor of the last item of the previous page.
    pub after: Option<String>,
}

impl PageRequest {
    /// The most items one page returns.
    pub const MAX: u64 = 100;
    /// The page size when none is asked for.
    pub const DEFAULT: u64 = 20;

    /// Checks a client's `first` and `after`.
    pub fn new(first: Option<i32>, after: Option<String>) -> Result<Self> {
        let first = match first {
            None => Self::DEFAULT,
            Some(n) if n < 0 => {
                return Err(Error::bad_input("first", "must not be negative"));
            }
            Some(n) if n as u64 > Self::MAX => {
                return Err(Error::LimitExceeded {
                    limit: "first",
                    message: format!("first: at most {} items per page", Self::MAX),
                });
            }
            Some(n) => n as u64,
        };
        Ok(Self { first, after })
    }

    /// The key encoded in `after`, checked to belong to this kind of list.
    pub(crate) fn after_key(&self, kind: &str) -> Result<Option<String>> {
        let Some(cursor) = &self.after else {
            return Ok(None);
        };
        let invalid = || Error::bad_input("after", "not a cursor from this list");
        let bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| invalid())?;
        let text = String::from_utf8(bytes).map_err(|_| invalid())?;
        let key = text
            .strip_prefix(kind)
            .and_then(|rest| rest.strip_prefix(':'))
            .ok_or_else(invalid)?;
        Ok(Some(key.to_owned()))
    }

    /// The key in `after` as a numeric id.
    pub(crate) fn after_id(&self, kind: &str) -> Result<Option<i64>> {
        self.after_key(kind)?
            .map(|k| {
                k.parse::<i64>()
                    .map_err(|_| Error::bad_input("after", "not a cursor from this list"))
            })
            .transpose()
    }
}

/// Encodes a cursor for `key` in a list of `kind`.
pub(crate) fn cursor(kind: &str, key: impl std::fmt::Display) -> String {
    URL_SAFE_NO_PAD.encode(format!("{kind}:{key}"))
}

/// One page of results.
#[derive(Debug, Clone)]
pub struct Page<T> {
    /// The items with their cursors.
    pub items: Vec<(String, T)>,
    /// Whether another page follows.
    pub has_next: bool,
    /// How many items the whole list holds.
    pub total: u64,
}

impl<T> Page<T> {
    /// Builds a page from up to `first + 1` fetched rows (the extra one only tells that more
    /// exist).
    pub(crate) fn from_rows(
        mut rows: Vec<T>,
        request: &PageRequest,
        total: u64,
        cursor_of: impl Fn(&T) -> String,
    ) -> Self {
        let has_next = rows.len() as u64 > request.first;
        rows.truncate(request.first as usize);
        Self {
            items: rows.into_iter().map(|r| (cursor_of(&r), r)).collect(),
            has_next,
            total,
        }
    }

    /// The same page with each item turned into another, keeping the cursors.
    pub(crate) fn try_map<U>(self, mut f: impl FnMut(T) -> Result<U>) -> Result<Page<U>> {
        Ok(Page {
            items: self
                .items
                .into_iter()
                .map(|(cursor, item)| f(item).map(|u| (cursor, u)))
                .collect::<Result<_>>()?,
            has_next: self.has_next,
            total: self.total,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_are_tied_to_their_list() {
        let request = PageRequest::new(Some(5), Some(cursor("proposal", 42))).expect("ok");
        assert_eq!(request.after_id("proposal").expect("ok"), Some(42));
        assert!(request.after_id("standard").is_err());
    }

    #[test]
    fn page_sizes_are_bounded() {
        assert!(matches!(
            PageRequest::new(Some(101), None),
            Err(Error::LimitExceeded { .. })
        ));
        assert!(matches!(
            PageRequest::new(Some(-1), None),
            Err(Error::BadInput { .. })
        ));
        assert_eq!(PageRequest::new(None, None).expect("ok").first, 20);
    }

    #[test]
    fn garbage_cursors_are_bad_input() {
        let request = PageRequest::new(None, Some("%%%".to_owned())).expect("ok");
        assert!(matches!(
            request.after_key("x"),
            Err(Error::BadInput { .. })
        ));
    }
}
