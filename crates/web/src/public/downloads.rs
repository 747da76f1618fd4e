//! `GET /honours.csv` and `GET /honours.json`: the honour list as open data, with the same
//! filters as the page (so a filtered view downloads as what it shows). Only public fields.
//!
//! Streamed: the body walks the list [`CHUNK`] items at a time by keyset cursor, taking the
//! read models' lock for one page per chunk (never across an await, never for the whole list),
//! so a download of 100,000 awards neither holds them all in memory nor blocks the writer.
//! The bytes are what the whole list rendered at once would be.
//!
//! CSV cells that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR) get a
//! leading `'`: a nominee's name must never execute in someone's spreadsheet.

use std::convert::Infallible;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::body::{Body, Bytes};
use axum::extract::{Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use http_body::Frame;

use super::honours::ListQuery;
use accolade_app::actions::public::{AwardStatus, HonourCursor, HonourFilter, HonourItem};
use accolade_http::state::AppState;

/// Items per chunk (one read of the models each).
const CHUNK: usize = 500;

const CSV_HEAD: &str = "\u{feff}award_id,full_name,position,organisation,province,agency_name,category_code,award_title,year,status,decision_no,decided_on\r\n";

fn cell(s: &str) -> String {
    let guarded = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_owned()
    };
    format!("\"{}\"", guarded.replace('"', "\"\""))
}

fn csv_row(out: &mut String, i: HonourItem) {
    let row = [
        i.award_id.to_string(),
        i.full_name,
        i.position.unwrap_or_default(),
        i.organisation,
        i.province.unwrap_or_default(),
        i.agency_name,
        i.category_code,
        i.award_title,
        i.year.to_string(),
        match i.status {
            AwardStatus::Awarded => "awarded".to_owned(),
            AwardStatus::Revoked => "revoked".to_owned(),
        },
        i.decision_no,
        i.decided_on.to_string(),
    ];
    out.push_str(&row.iter().map(|c| cell(c)).collect::<Vec<_>>().join(","));
    out.push_str("\r\n");
}

/// One item as `serde_json::to_vec_pretty` writes it inside `{"items": [...]}`: through a
/// `Value` (as `json!` took it: same key order), four spaces deeper than on its own, items
/// separated by `,\n`.
fn json_item(out: &mut String, i: &HonourItem, first: bool) {
    out.push_str(if first { "\n" } else { ",\n" });
    let text = serde_json::to_value(i)
        .and_then(|v| serde_json::to_string_pretty(&v))
        .unwrap_or_else(|_| "null".to_owned());
    for (n, line) in text.lines().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        out.push_str("    ");
        out.push_str(line);
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Csv,
    Json,
}

/// The list, walked a chunk at a time as the body is read.
struct Walk {
    state: AppState,
    filter: HonourFilter,
    format: Format,
    cursor: Option<HonourCursor>,
    started: bool,
    items: usize,
    done: bool,
}

impl Walk {
    fn next_chunk(&mut self) -> Option<Bytes> {
        if self.done {
            return None;
        }
        let mut out = String::new();
        if !self.started {
            self.started = true;
            out.push_str(match self.format {
                Format::Csv => CSV_HEAD,
                Format::Json => "{\n  \"items\": [",
            });
        }
        let page = self
            .state
            .node
            .public()
            .honours_page(&self.filter, self.cursor.as_ref(), CHUNK);
        for i in page.items {
            match self.format {
                Format::Csv => csv_row(&mut out, i),
                Format::Json => json_item(&mut out, &i, self.items == 0),
            }
            self.items += 1;
        }
        self.cursor = page.next;
        if self.cursor.is_none() {
            self.done = true;
            if self.format == Format::Json {
                out.push_str(if self.items == 0 { "]\n}" } else { "\n  ]\n}" });
            }
        }
        Some(Bytes::from(out))
    }
}

impl http_body::Body for Walk {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        Poll::Ready(self.get_mut().next_chunk().map(|b| Ok(Frame::data(b))))
    }

    fn is_end_stream(&self) -> bool {
        self.done
    }
}

fn attachment(walk: Walk, content_type: &'static str, name: &'static str) -> Response {
    let mut res = Body::new(walk).into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static(name));
    res
}

fn walk(state: AppState, q: &ListQuery, format: Format) -> Walk {
    Walk {
        state,
        filter: q.filter(),
        format,
        cursor: None,
        started: false,
        items: 0,
        done: false,
    }
}

/// The list as CSV (RFC 4180, UTF-8 with a BOM so spreadsheets read Vietnamese right).
pub async fn csv(State(s): State<AppState>, Query(q): Query<ListQuery>) -> Response {
    attachment(
        walk(s, &q, Format::Csv),
        "text/csv; charset=utf-8",
        "attachment; filename=\"honours.csv\"",
    )
}

/// The list as JSON (`{items}`, the API's item shape).
pub async fn json(State(s): State<AppState>, Query(q): Query<ListQuery>) -> Response {
    attachment(
        walk(s, &q, Format::Json),
        "application/json",
        "attachment; filename=\"honours.json\"",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        assert_eq!(cell("a\"b"), "\"a\"\"b\"");
        assert_eq!(cell("=1+1"), "\"'=1+1\"");
        assert_eq!(cell("<script>"), "\"<script>\"");
    }

    fn item(n: u128) -> HonourItem {
        HonourItem {
            award_id: Uuid::from_u128(n),
            nomination_id: Uuid::from_u128(n + 100),
            full_name: "Nguyễn \"Văn\" Đức".into(),
            position: n.is_multiple_of(2).then(|| "Phóng viên".into()),
            organisation: "Báo".into(),
            province: None,
            erased: false,
            agency_id: Uuid::from_u128(7),
            agency_name: "Bộ".into(),
            category_code: "C".into(),
            award_title: "Giải".into(),
            programme_id: Uuid::from_u128(9),
            year: 2026,
            status: AwardStatus::Awarded,
            decision_no: "1/QĐ".into(),
            decided_on: time::macros::date!(2026 - 06 - 01),
        }
    }

    /// The streamed JSON is byte for byte what rendering the whole list at once gave.
    #[test]
    fn streamed_json_is_the_pretty_document() {
        for n in [0_u128, 1, 3] {
            let items: Vec<HonourItem> = (0..n).map(item).collect();
            let whole =
                serde_json::to_string_pretty(&serde_json::json!({ "items": items })).unwrap();
            let mut out = String::from("{\n  \"items\": [");
            for (k, i) in items.iter().enumerate() {
                json_item(&mut out, i, k == 0);
            }
            out.push_str(if items.is_empty() { "]\n}" } else { "\n  ]\n}" });
            assert_eq!(out, whole, "{n} items");
        }
    }
}
