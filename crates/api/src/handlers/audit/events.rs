//! `GET /api/v1/events?after=<position>&limit=`.

use accolade_app::actions::Ask;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use serde_json::value::RawValue;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use accolade_http::authz::Caller;
use accolade_http::error::{ApiError, ApiResult};
use accolade_http::extract::ApiQuery;
use accolade_http::pagination::{self, Paged};
use accolade_http::reply;
use accolade_http::state::AppState;

/// Where to start.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct Query {
    /// Records after this position (default: from the first).
    #[param(schema_with = accolade_http::schema::log_position_or_null)]
    pub after: Option<u64>,
    /// Page size (default 50, max 500).
    pub limit: Option<usize>,
    /// From `next_cursor` (the same as `after`).
    pub cursor: Option<String>,
}

/// A log record exactly as stored, with its hash: re-hashing the bytes of `record` as served
/// (SHA-256) gives `hash`, and `record.prev_hash` is the previous record's `hash`.
///
/// The answer is the stored bytes (`RecordedEvent::to_export_line`), never re-serialised, so
/// this type only describes them; the tests hold it to records a store wrote.
#[derive(Debug, ToSchema)]
pub struct LogRecord {
    /// The record as the store wrote it.
    pub record: StoredRecord,
    /// SHA-256 of `record`'s bytes, lowercase hex.
    #[schema(pattern = "^[0-9a-f]{64}$")]
    pub hash: String,
}

/// A stored record's body, in the store's field order.
#[derive(Debug, ToSchema)]
pub struct StoredRecord {
    /// The record's place in the whole log: 0-based, gap-free, a total order.
    pub position: u64,
    /// The stream (aggregate instance) the event belongs to (`programme-<uuid>`...).
    pub stream_id: String,
    /// The event's version within its stream: 0-based, gap-free.
    pub stream_version: u64,
    /// The event's id.
    pub event_id: Uuid,
    /// When the store accepted the event (RFC 3339, UTC).
    #[schema(format = DateTime)]
    pub recorded_at: String,
    /// The event's stable type name (`NominationSubmitted`...).
    pub event_type: String,
    /// The version of the payload's shape, as it was recorded (old versions are not
    /// rewritten).
    pub schema_version: u32,
    /// The event's payload exactly as recorded, in the shape of its type and schema version.
    pub payload: serde_json::Value,
    /// Who and what caused the event.
    pub metadata: RecordMetadata,
    /// The previous record's hash (64 zeros for the first record), lowercase hex.
    #[schema(pattern = "^[0-9a-f]{64}$")]
    pub prev_hash: String,
}

/// Who and what caused an event (no client address or other request detail).
#[derive(Debug, ToSchema)]
pub struct RecordMetadata {
    /// The acting user's id, `"system"` for scheduled work; absent for anonymous records
    /// (opened secret ballots, public objections).
    pub actor: Option<String>,
    /// Groups the events one request caused; absent when none was given.
    pub correlation_id: Option<Uuid>,
    /// The event or command that caused this one; absent when none was given.
    pub causation_id: Option<Uuid>,
}

/// Raw log records exactly as stored (`{record, hash}`; `record` holds `prev_hash`), so
/// anyone can re-hash them and check the chain.
#[utoipa::path(get, operation_id = "listEvents", path = "/api/v1/events", tag = "audit", params(Query),
    responses((status = 200, description = "A page of the log's records", body = Paged<LogRecord>)), security(("bearer" = [])))]
pub async fn events(
    State(s): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<Query>,
) -> ApiResult<Response> {
    let ask = Ask::by(caller.0);
    let (after, limit) = position_page(q.after, q.limit, q.cursor.as_deref())?;
    let log = s.node.audit().events(&ask, after, limit).await?;
    let items = log
        .lines
        .into_iter()
        .map(|line| RawValue::from_string(line).map_err(|e| ApiError::internal(&e)))
        .collect::<ApiResult<Vec<Box<RawValue>>>>()?;
    let next_cursor = log.next_after.map(|p| p.to_string());
    Ok(reply::ok(Paged { items, next_cursor }))
}

/// A page by log position: `limit` in 1..=500 (default 50), and where to start — the
/// `cursor` if given (a position), else `after`.
pub fn position_page(
    after: Option<u64>,
    limit: Option<usize>,
    cursor: Option<&str>,
) -> ApiResult<(Option<u64>, usize)> {
    let limit = pagination::limit(limit)?;
    let after = pagination::after_position(cursor, after)?;
    Ok((after, limit))
}

#[cfg(test)]
mod tests {
    use accolade_store::{EventStore, ExpectedVersion, MemoryStore, Metadata, NewEvent};
    use serde_json::{Value, json};

    use super::*;
    use crate::schema_check::Checker;

    /// Records a store really wrote (metadata full and empty), served as the handler serves
    /// them: their export lines, spliced into a page.
    #[tokio::test]
    async fn the_log_records_are_what_the_document_says() {
        let store = MemoryStore::new();
        let full = Metadata {
            actor: Some(Uuid::from_u128(1).to_string()),
            correlation_id: Some(Uuid::from_u128(2)),
            causation_id: Some(Uuid::from_u128(3)),
        };
        let events = vec![
            NewEvent::json(
                "NominationSubmitted",
                2,
                &json!({"nomination_id": Uuid::from_u128(4)}),
                full,
            ),
            NewEvent::json(
                "BallotOpened",
                1,
                &json!({"choices": [1, 2]}),
                Metadata::default(),
            ),
        ];
        store
            .append("programme-1", ExpectedVersion::NoStream, events)
            .await
            .unwrap();
        let lines = store
            .read_all(0, 10)
            .await
            .unwrap()
            .iter()
            .map(|r| RawValue::from_string(String::from_utf8(r.to_export_line()).unwrap()).unwrap())
            .collect::<Vec<_>>();
        let page = Paged {
            items: lines,
            next_cursor: Some("1".to_owned()),
        };
        let mut c = Checker::new();
        let served: Value = serde_json::from_str(&serde_json::to_string(&page).unwrap()).unwrap();
        c.json("listEvents", &served);
        c.every_property_served();
    }
}
