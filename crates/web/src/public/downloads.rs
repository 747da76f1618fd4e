//! `GET /honours.csv` and `GET /honours.json`: the honour list as open data, with the same
//! filters as the page (so a filtered view downloads as what it shows). Only public fields.
//!
//! CSV cells that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR) get a
//! leading `'`: a nominee's name must never execute in someone's spreadsheet.

use axum::extract::{Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use super::honours::ListQuery;
use accolade_app::actions::public::AwardStatus;
use accolade_http::state::AppState;

fn cell(s: &str) -> String {
    let guarded = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_owned()
    };
    format!("\"{}\"", guarded.replace('"', "\"\""))
}

fn attachment(body: Vec<u8>, content_type: &'static str, name: &'static str) -> Response {
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static(name));
    res
}

/// The list as CSV (RFC 4180, UTF-8 with a BOM so spreadsheets read Vietnamese right).
pub async fn csv(State(s): State<AppState>, Query(q): Query<ListQuery>) -> Response {
    let items = s.node.public().honours(&q.filter());
    let mut out = String::from("\u{feff}");
    out.push_str("award_id,full_name,position,organisation,province,agency_name,category_code,award_title,year,status,decision_no,decided_on\r\n");
    for i in items {
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
    attachment(
        out.into_bytes(),
        "text/csv; charset=utf-8",
        "attachment; filename=\"honours.csv\"",
    )
}

/// The list as JSON (`{items}`, the API's item shape).
pub async fn json(State(s): State<AppState>, Query(q): Query<ListQuery>) -> Response {
    let items = s.node.public().honours(&q.filter());
    let body =
        serde_json::to_vec_pretty(&serde_json::json!({ "items": items })).unwrap_or_default();
    attachment(
        body,
        "application/json",
        "attachment; filename=\"honours.json\"",
    )
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        assert_eq!(cell("a\"b"), "\"a\"\"b\"");
        assert_eq!(cell("=1+1"), "\"'=1+1\"");
        assert_eq!(cell("<script>"), "\"<script>\"");
    }
}
