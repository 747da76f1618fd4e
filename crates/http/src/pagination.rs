//! `?limit=&cursor=` pagination: `{items, next_cursor}`.
//!
//! Cursors are opaque to clients. Two kinds:
//!
//! - offsets ([`Page`], base64url of the offset of the next item), for lists read from read
//!   models in a stable order where items are only ever added at the end or change status,
//!   so an offset walks them without skipping;
//! - keysets ([`keyset`]), for lists kept in an order where items arrive anywhere (the honour
//!   list: a new award sorts by its year): the cursor is the last item's key, decoded by the
//!   list itself, so a page starts after it however the list has grown, and costs the same
//!   wherever it is.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::{ApiError, ApiResult};

/// Default page size.
pub const DEFAULT_LIMIT: usize = 50;
/// Largest page size.
pub const MAX_LIMIT: usize = 500;

/// A page of a list.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Paged<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// Pass as `?cursor=` for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// A whole list, not paged (`{items}`): for lists a programme or a nomination bounds.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Items<T> {
    /// The items.
    pub items: Vec<T>,
}

impl Paged<()> {
    /// A page whose items are already one JSON array (as `serde_json` writes a `Vec`), as the
    /// bytes `Json(Paged { items, next_cursor })` would be: the honour list's items come
    /// serialised from their cards.
    pub fn json_text(items: &str, next_cursor: Option<&str>) -> String {
        let cursor = serde_json::to_string(&next_cursor).unwrap_or_else(|_| "null".to_owned());
        let mut out = String::with_capacity(items.len() + cursor.len() + 28);
        out.push_str(r#"{"items":"#);
        out.push_str(items);
        out.push_str(r#","next_cursor":"#);
        out.push_str(&cursor);
        out.push('}');
        out
    }
}

/// Where a page starts and how long it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    offset: usize,
    limit: usize,
}

/// The page size a query asks for: its `limit`, or [`DEFAULT_LIMIT`]; 422 outside
/// 1..=[`MAX_LIMIT`]. Every list checks its limit here, whatever its cursor is.
pub fn limit(limit: Option<usize>) -> ApiResult<usize> {
    let limit = limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ApiError::invalid("limit", "must be between 1 and 500"));
    }
    Ok(limit)
}

/// Where a list that walks the log by position starts (the audit trail, the raw events):
/// after the cursor's position (the `next_cursor` it gave, the position in decimal), else
/// after `after`; 400 for a cursor that is not a position.
pub fn after_position(cursor: Option<&str>, after: Option<u64>) -> ApiResult<Option<u64>> {
    match cursor {
        Some(c) => c
            .parse()
            .map(Some)
            .map_err(|_| ApiError::bad_request("invalid cursor")),
        None => Ok(after),
    }
}

/// A keyset page's request: the checked limit ([`limit`]) and the cursor decoded by the
/// list's own `decode`; 400 for a cursor it refuses (garbage, or another filter's).
pub fn keyset<C, E>(
    limit: Option<usize>,
    cursor: Option<&str>,
    decode: impl FnOnce(&str) -> Result<C, E>,
) -> ApiResult<(usize, Option<C>)> {
    let limit = self::limit(limit)?;
    let cursor = cursor
        .map(decode)
        .transpose()
        .map_err(|_| ApiError::bad_request("invalid cursor"))?;
    Ok((limit, cursor))
}

impl Page {
    /// From the query's `limit` and `cursor`: 422 for a limit outside 1..=500 ([`limit`]),
    /// 400 for a cursor this server did not issue.
    pub fn new(limit: Option<usize>, cursor: Option<&str>) -> ApiResult<Page> {
        let limit = self::limit(limit)?;
        let offset = match cursor {
            None => 0,
            Some(c) => URL_SAFE_NO_PAD
                .decode(c)
                .ok()
                .and_then(|b| String::from_utf8(b).ok())
                .and_then(|s| s.strip_prefix("o:").and_then(|n| n.parse().ok()))
                .ok_or_else(|| ApiError::bad_request("invalid cursor"))?,
        };
        Ok(Page { offset, limit })
    }

    /// The page of `items`.
    pub fn of<T>(self, items: Vec<T>) -> Paged<T> {
        let total = items.len();
        let end = self.offset.saturating_add(self.limit);
        let items: Vec<T> = items
            .into_iter()
            .skip(self.offset)
            .take(self.limit)
            .collect();
        let next_cursor = (end < total).then(|| URL_SAFE_NO_PAD.encode(format!("o:{end}")));
        Paged { items, next_cursor }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_of_serialised_items_is_what_serde_writes() {
        #[derive(Serialize)]
        struct Item {
            name: &'static str,
        }
        for (items, next) in [
            (vec![], None),
            (vec![Item { name: "a\"b" }], Some("c\"ursor")),
            (vec![Item { name: "x" }, Item { name: "y" }], None),
        ] {
            let array = serde_json::to_string(&items).unwrap();
            let want = serde_json::to_string(&Paged {
                items,
                next_cursor: next.map(str::to_owned),
            })
            .unwrap();
            assert_eq!(Paged::json_text(&array, next), want);
        }
    }

    #[test]
    fn walks_a_list() {
        let p = Page::new(Some(2), None).unwrap().of(vec![1, 2, 3]);
        assert_eq!(p.items, vec![1, 2]);
        let next = Page::new(Some(2), p.next_cursor.as_deref())
            .unwrap()
            .of(vec![1, 2, 3]);
        assert_eq!((next.items, next.next_cursor), (vec![3], None));
        assert!(Page::new(Some(0), None).is_err());
        assert!(Page::new(None, Some("nonsense")).is_err());
    }

    #[test]
    fn position_cursors() {
        assert_eq!(limit(None).unwrap(), DEFAULT_LIMIT);
        assert!(limit(Some(MAX_LIMIT + 1)).is_err());
        assert_eq!(after_position(Some("7"), Some(3)).unwrap(), Some(7));
        assert_eq!(after_position(None, Some(3)).unwrap(), Some(3));
        assert!(after_position(Some("o:7"), None).is_err());
    }

    #[test]
    fn keyset_cursors() {
        let ok = keyset(Some(3), Some("7"), |s| s.parse::<u32>()).unwrap();
        assert_eq!(ok, (3, Some(7)));
        assert_eq!(
            keyset(None, None, |s| s.parse::<u32>()).unwrap(),
            (50, None)
        );
        assert!(keyset(None, Some("x"), |s| s.parse::<u32>()).is_err());
        assert!(keyset(Some(0), None, |s| s.parse::<u32>()).is_err());
    }
}
