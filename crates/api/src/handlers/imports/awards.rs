//! `POST /api/v1/imports/awards`: past awards, as CSV or JSON lines.

use accolade_app::Command;
use accolade_domain::rules::names::fold;
use accolade_domain::{HistoryCommand, derive_id};
use accolade_events::{Nominee, NomineeKind, PastAwardImported};
use axum::extract::State;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use accolade_http::authz::{Caller, may};
use accolade_http::error::{ApiError, ApiResult};
use accolade_http::extract::{IdempotencyKey, RawBody, parse_json};
use accolade_http::reply;
use accolade_http::state::AppState;

/// One past award (a JSON line, or a CSV row with these column names).
#[derive(Debug, Serialize, Deserialize)]
pub struct PastAward {
    /// The holder's person id, if known; otherwise derived from the folded name and birth
    /// year (or organisation), the same for every import of the same person.
    #[serde(default)]
    pub person_id: Option<Uuid>,
    /// Full name.
    pub full_name: String,
    /// individual (default) | collective
    #[serde(default)]
    pub kind: Option<NomineeKind>,
    /// Position.
    #[serde(default)]
    pub position: Option<String>,
    /// Work unit.
    pub organisation: String,
    /// Province.
    #[serde(default)]
    pub province: Option<String>,
    /// Birth year.
    #[serde(default)]
    pub birth_year: Option<i32>,
    /// The title held.
    pub award_title: String,
    /// The year.
    pub year: i32,
    /// The nominating agency.
    #[serde(default)]
    pub agency_id: Option<Uuid>,
    /// The decision.
    #[serde(default)]
    pub decision_no: Option<String>,
}

fn uuid_of(text: &str) -> Uuid {
    let d = Sha256::digest(text.as_bytes());
    let mut b = [0u8; 16];
    b.copy_from_slice(&d[..16]);
    uuid::Builder::from_custom_bytes(b).into_uuid()
}

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
    let lines = text
        .lines()
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

/// Imports past awards (admin), all or nothing, so prerequisites can be checked against
/// them. A row imported before (same content) is skipped, so a file can be sent again.
#[utoipa::path(post, path = "/api/v1/imports/awards", tag = "setup",
    request_body(content = String, description = "CSV with a header row, or JSON lines: full_name, organisation, award_title, year, and optionally person_id, kind, position, province, birth_year, agency_id, decision_no",
        content_type = "text/csv"),
    responses((status = 200, description = "{imported}"), (status = 422, description = "A bad row (named)")),
    security(("bearer" = [])))]
pub async fn import(
    State(s): State<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    body: RawBody,
) -> ApiResult<Response> {
    let actor = caller.require(may::SECRETARIAT)?;
    let mut records = Vec::new();
    for (line, row) in rows(&body)? {
        let a: PastAward = parse_json(row.as_bytes()).map_err(|mut e| {
            e.detail = format!("line {line}: {}", e.detail);
            e
        })?;
        let identity = match a.birth_year {
            Some(y) => format!("{}|{y}", fold(&a.full_name)),
            None => format!("{}|{}", fold(&a.full_name), fold(&a.organisation)),
        };
        let person_id = a
            .person_id
            .unwrap_or_else(|| derive_id("past-award-holder", uuid_of(&identity)));
        records.push(PastAwardImported {
            record_id: derive_id("past-award", uuid_of(&row)),
            person_id,
            holder: Nominee {
                kind: a.kind.unwrap_or(NomineeKind::Individual),
                full_name: a.full_name,
                position: a.position,
                organisation: a.organisation,
                province: a.province,
                email: None,
                birth_year: a.birth_year,
            },
            award_title: a.award_title,
            year: a.year,
            agency_id: a.agency_id,
            decision_no: a.decision_no,
            source: "api import".into(),
        });
    }
    if records.is_empty() {
        return Err(ApiError::invalid("body", "no rows"));
    }
    let n = records.len();
    let cmd = Command::History(HistoryCommand::Import(records));
    let done = s.execute(&actor, cmd, &key, caller.request_id).await?;
    Ok(reply::ok(
        json!({"rows": n, "imported": done.events.len(), "version": done.version}),
    ))
}
