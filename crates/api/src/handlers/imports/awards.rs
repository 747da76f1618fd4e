//! `POST /api/v1/imports/awards`: past awards, as CSV or JSON lines.

use accolade_app::actions::Ask;
use accolade_app::actions::setup::imports::{PastAward, PastAwardRow};
use axum::extract::State;
use axum::response::Response;
use serde_json::json;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::{PartialSchema, ToSchema};

use accolade_http::authz::Caller;
use accolade_http::error::{ApiError, ApiResult};
use accolade_http::extract::{IdempotencyKey, RawBody, parse_json};
use accolade_http::reply;
use accolade_http::state::AppState;

/// Splits one CSV line (RFC 4180 quoting, no line breaks inside fields).
fn csv_fields(line: &str) -> Vec<String> {
    let (mut out, mut cur, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    out.push(cur);
    out
}

/// Rows as JSON objects: CSV rows keyed by the header, or JSON lines as they are.
fn rows(body: &RawBody) -> ApiResult<Vec<(usize, String)>> {
    let text = std::str::from_utf8(&body.bytes)
        .map_err(|_| ApiError::bad_request("the body is not UTF-8"))?;
    // `lines` ends a line at `\n` or `\r\n`; a last line may still end in a lone `\r`.
    let lines = text
        .lines()
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    match body.media_type.as_str() {
        "text/csv" => {
            let mut lines = lines;
            let header = lines
                .next()
                .map(|(_, h)| csv_fields(h))
                .ok_or_else(|| ApiError::invalid("body", "no header row"))?;
            Ok(lines
                .map(|(n, l)| {
                    let obj: serde_json::Map<String, serde_json::Value> = header
                        .iter()
                        .zip(csv_fields(l))
                        .filter(|(_, v)| !v.is_empty())
                        .map(|(k, v)| {
                            let v = match k.as_str() {
                                "year" | "birth_year" => {
                                    v.parse::<i64>().map_or(json!(v), |x| json!(x))
                                }
                                _ => json!(v),
                            };
                            (k.trim().to_owned(), v)
                        })
                        .collect();
                    (n + 1, serde_json::Value::Object(obj).to_string())
                })
                .collect())
        }
        "application/x-ndjson"
        | "application/jsonl"
        | "application/json-lines"
        | "application/json" => Ok(lines.map(|(n, l)| (n + 1, l.to_owned())).collect()),
        _ => Err(ApiError::unsupported_media_type(
            "text/csv or application/x-ndjson (JSON lines)",
        )),
    }
}

/// Documents the CSV form of an import: a header row and rows. The pattern describes a
/// subset of what the server takes (one row of plain names; an import with no rows is refused), so that what a client builds
/// from it is accepted; any column order, the optional columns and quoting are taken too.
#[derive(Debug)]
pub struct AwardsCsv;

/// Documents the JSON-lines form: one past award per line (a subset, as for [`AwardsCsv`]).
#[derive(Debug)]
pub struct AwardsJsonLines;

const PLAIN: &str = "[A-Za-z][A-Za-z ]{0,40}";

fn text_matching(pattern: String, example: &str) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some(pattern))
        .examples([serde_json::Value::from(example)])
        .into()
}

impl PartialSchema for AwardsCsv {
    fn schema() -> RefOr<Schema> {
        text_matching(
            format!(
                r"^full_name,organisation,award_title,year\r?\n({PLAIN},{PLAIN},{PLAIN},(19|20)[0-9]{{2}}\r?\n?)$"
            ),
            "full_name,organisation,award_title,year\nNguyen Van A,Vien Han lam,Giai thuong Ta Quang Buu,2019\n",
        )
    }
}
impl ToSchema for AwardsCsv {}

impl PartialSchema for AwardsJsonLines {
    fn schema() -> RefOr<Schema> {
        text_matching(
            format!(
                r#"^(\{{"full_name":"{PLAIN}","organisation":"{PLAIN}","award_title":"{PLAIN}","year":(19|20)[0-9]{{2}}\}}\n?)$"#
            ),
            r#"{"full_name":"Nguyen Van A","organisation":"Vien Han lam","award_title":"Giai thuong Ta Quang Buu","year":2019}"#,
        )
    }
}
impl ToSchema for AwardsJsonLines {}

/// An import's count.
#[derive(Debug, serde::Serialize, ToSchema)]
pub struct ImportedAwards {
    /// Rows sent.
    pub rows: usize,
    /// Rows recorded now: a row imported before (the same row again) is not recorded twice.
    pub imported: usize,
    /// The import history's version after it (`null`: nothing was ever imported).
    pub version: Option<u64>,
}

/// Imports past awards (admin), all or nothing, so prerequisites can be checked against
/// them. A row imported before (same content) is skipped, so a file can be sent again.
#[utoipa::path(post, operation_id = "importPastAwards", path = "/api/v1/imports/awards", tag = "setup",
    request_body(content((AwardsCsv = "text/csv"), (AwardsJsonLines = "application/x-ndjson")),
        description = "CSV with a header row, or JSON lines: full_name, organisation, award_title, year, and optionally person_id, kind, position, province, birth_year, agency_id, decision_no"),
    responses((status = 200, description = "Imported", body = ImportedAwards), (status = 422, description = "A bad row (named)")),
    security(("bearer" = [])))]
pub async fn import(
    State(s): State<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    body: RawBody,
) -> ApiResult<Response> {
    let ask = Ask::by(caller.0).keyed(key.0);
    let parse = || {
        let mut out = Vec::new();
        for (line, text) in rows(&body)? {
            let award: PastAward = parse_json(text.as_bytes()).map_err(|mut e| {
                e.detail = format!("line {line}: {}", e.detail);
                e
            })?;
            out.push(PastAwardRow { text, award });
        }
        Ok::<_, ApiError>(out)
    };
    let imported = s.node.setup().import_past_awards(&ask, parse).await?;
    let done = imported.done.executed;
    Ok(reply::ok(ImportedAwards {
        rows: imported.rows,
        imported: done.events.len(),
        version: done.version,
    }))
}
