//! `GET /honours`: the honour list with diacritic-blind search, filters and pages. Every
//! filter is a query parameter, so any view of the list is a permalink.
//!
//! Pages go by keyset cursor (`?cursor=`, the last shown item's place in the list), not page
//! numbers: a page costs the same wherever it is, and awards conferred meanwhile neither repeat
//! nor skip a row. So there are "next" and "first page" links, no "previous" (it would need a
//! second cursor direction for little gain). The total is shown where it is free: an index's
//! size (no filter, or one of programme, year, agency, category), or a result that fits on one
//! page. A cursor this page did not issue for these filters shows the first page, and says so.

use std::sync::Arc;

use accolade_app::actions::public::{AwardStatus, HonourCursor, HonourFilter, HonourItem};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;

use super::choices::Choices;
use crate::ctx::Ctx;
use crate::people::Marked;
use crate::render::{self, encode, html};
use accolade_http::state::AppState;

/// Rows per page.
pub const PAGE_SIZE: usize = 20;

/// The list's query. Every field is text so an empty select (`?year=`) means "any" rather
/// than a rejected request.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    /// Name search, diacritics ignored.
    pub q: String,
    /// Only this programme (its id).
    pub programme_id: String,
    /// Only this year.
    pub year: String,
    /// Only this category (its code).
    pub category_code: String,
    /// Only this nominating agency (its id).
    pub agency_id: String,
    /// Only nominees of this province.
    pub province: String,
    /// Where the page starts (a `next` link's cursor).
    pub cursor: String,
}

fn some(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_owned())
}

impl ListQuery {
    /// The honour list's filter (a value that does not parse means "any").
    pub fn filter(&self) -> HonourFilter {
        HonourFilter {
            programme_id: some(&self.programme_id).and_then(|s| s.parse().ok()),
            year: some(&self.year).and_then(|s| s.parse().ok()),
            category_code: some(&self.category_code),
            agency_id: some(&self.agency_id).and_then(|s| s.parse().ok()),
            province: some(&self.province),
            q: some(&self.q),
        }
    }

    /// The query string without the cursor (for page links and downloads).
    pub fn params(&self) -> String {
        [
            ("q", &self.q),
            ("programme_id", &self.programme_id),
            ("year", &self.year),
            ("category_code", &self.category_code),
            ("agency_id", &self.agency_id),
            ("province", &self.province),
        ]
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| format!("{k}={}", encode(v.trim())))
        .collect::<Vec<_>>()
        .join("&")
    }
}

/// One row, formatted.
#[derive(Debug)]
pub struct Row {
    /// The award as the honour list has it.
    pub item: HonourItem,
    /// Decision date, formatted.
    pub decided_on: String,
    /// Whether it was revoked (shown struck through, with its mark).
    pub revoked: bool,
}

#[derive(Template)]
#[template(path = "honours.html")]
struct Page<'a> {
    c: &'a Ctx,
    q: &'a ListQuery,
    rows: Vec<Row>,
    /// How many rows the whole list has, when known for free.
    total: Option<usize>,
    /// The next page's cursor.
    next: Option<String>,
    /// Whether this is a later page (a "first page" link is shown).
    later: bool,
    /// The cursor was not one of this list's: the first page is shown instead.
    bad_cursor: bool,
    params: String,
    /// The filters' options, escaped once per version of the list.
    choices: Arc<Choices>,
}

/// Rows of the honour list, formatted for `ctx`.
pub fn rows(ctx: &Ctx, items: Vec<HonourItem>) -> Vec<Row> {
    items
        .into_iter()
        .map(|mut item| Row {
            decided_on: render::date(ctx, item.decided_on),
            revoked: matches!(item.status, AwardStatus::Revoked),
            item: {
                item.mark(ctx.lang);
                item
            },
        })
        .collect()
}

/// The honour list.
pub async fn page(ctx: Ctx, State(s): State<AppState>, Query(q): Query<ListQuery>) -> Response {
    let filter = q.filter();
    let cursor = some(&q.cursor).map(|c| HonourCursor::decode(&c, &filter));
    let bad_cursor = matches!(cursor, Some(Err(_)));
    let after = cursor.and_then(Result::ok);
    let page = s
        .node
        .public()
        .honours_page(&filter, after.as_ref(), PAGE_SIZE);
    let later = after.is_some();
    let total = page
        .total
        .or_else(|| (!later && page.next.is_none()).then_some(page.items.len()));
    let tpl = Page {
        c: &ctx,
        q: &q,
        rows: rows(&ctx, page.items),
        total,
        next: page.next.map(|c| c.encode()),
        later,
        bad_cursor,
        params: q.params(),
        choices: Choices::of(&s),
    };
    html(&ctx, &tpl)
}
