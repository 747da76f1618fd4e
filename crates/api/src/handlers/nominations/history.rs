//! `GET /api/v1/nominations/{id}/history`.

use axum::extract::State;
use axum::response::Response;
use serde::Serialize;
use serde_json::Value;
use time::format_description::well_known::Rfc3339;
use utoipa::ToSchema;
use uuid::Uuid;

use accolade_app::actions::Ask;
use accolade_events::ProgrammeEvent;
use accolade_http::authz::Caller;
use accolade_http::error::{ApiError, ApiResult};
use accolade_http::extract::ApiPath;
use accolade_http::pagination::Items;
use accolade_http::reply;
use accolade_http::state::AppState;

/// One event of a nomination's history, as far as its reader may see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct HistoryItem {
    /// The event's position in the whole log.
    position: u64,
    /// When the log recorded it (RFC 3339).
    #[schema(format = DateTime)]
    recorded_at: String,
    /// Who acted: a user's id, `system`, or `null` (the public, or not shown to this reader).
    actor: Option<String>,
    /// The event's name (`NominationDrafted`, `BallotCast`, ...).
    event_type: &'static str,
    /// The event's payload (docs/events.md), less what this reader may not see; an erased
    /// person is `null` with `<field>_erased: true`.
    #[schema(value_type = Object)]
    event: Value,
}

/// Every version and action of a nomination, oldest first, with actor and time — each event
/// only as far as the caller's role may see it (docs/visibility.md): some are left out, some
/// lose fields. An objector's identity is never shown here.
#[utoipa::path(get, operation_id = "getNominationHistory", path = "/api/v1/nominations/{id}/history", tag = "nominations",
    params(("id" = Uuid, Path, description = "Nomination id")),
    responses((status = 200, description = "The history, oldest first", body = Items<HistoryItem>),
        (status = 404, description = "Not found or not visible")),
    security(("bearer" = [])))]
pub async fn history(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Response> {
    let entries = s.node.nominations().history(&Ask::by(caller.0), id).await?;
    let mut items = Vec::with_capacity(entries.len());
    for e in entries {
        let erased = match &e.event {
            ProgrammeEvent::NominationDrafted(d) => d.nominee.sealed().map(|_| "nominee"),
            ProgrammeEvent::NominationAmended(a) => a.nominee.sealed().map(|_| "nominee"),
            ProgrammeEvent::AwardConferred(a) => a.holder.sealed().map(|_| "holder"),
            _ => None,
        };
        let mut event = e.event.to_payload().map_err(|x| ApiError::internal(&x))?;
        // The app opened the person; one still sealed was erased: no ciphertext here.
        if let Some(field) = erased {
            event[field] = Value::Null;
            event[format!("{field}_erased")] = Value::Bool(true);
        }
        // The app emptied what this caller may not see; leave those fields out altogether.
        for path in e.removed {
            remove_path(&mut event, path);
        }
        items.push(HistoryItem {
            position: e.position,
            recorded_at: e.recorded_at.format(&Rfc3339).unwrap_or_default(),
            actor: e.actor,
            event_type: e.event.event_type(),
            event,
        });
    }
    Ok(reply::ok(Items { items }))
}

/// Removes the field at a dotted `path` (`nominee.email`) from a JSON object.
fn remove_path(v: &mut Value, path: &str) {
    match path.split_once('.') {
        Some((head, rest)) => {
            if let Some(inner) = v.get_mut(head) {
                remove_path(inner, rest);
            }
        }
        None => {
            if let Value::Object(map) = v {
                map.remove(path);
            }
        }
    }
}
