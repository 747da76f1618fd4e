//! `GET /api/v1/audit?stream=&actor=&after=&limit=`.

use accolade_app::actions::Ask;
use accolade_app::actions::audit::{AuditItem, TrailQuery};
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use super::events::position_page;
use accolade_http::authz::Caller;
use accolade_http::error::ApiResult;
use accolade_http::extract::ApiQuery;
use accolade_http::pagination::Paged;
use accolade_http::reply;
use accolade_http::state::AppState;

/// Filters and page.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct Query {
    /// Only this stream (e.g. `programme-<uuid>`).
    pub stream: Option<String>,
    /// Only this nomination.
    pub nomination_id: Option<Uuid>,
    /// Only this actor (a user id).
    pub actor: Option<Uuid>,
    /// Only after this log position.
    #[param(schema_with = accolade_http::schema::log_position_or_null)]
    pub after: Option<u64>,
    /// Page size (default 50, max 500).
    pub limit: Option<usize>,
    /// From `next_cursor` (the same as `after`).
    pub cursor: Option<String>,
}

/// Who did what when, with before/after, oldest first.
#[utoipa::path(get, operation_id = "getAuditTrail", path = "/api/v1/audit", tag = "audit", params(Query),
    responses((status = 200, description = "A page of the trail", body = Paged<AuditItem>)), security(("bearer" = [])))]
pub async fn trail(
    State(s): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<Query>,
) -> ApiResult<Response> {
    let ask = Ask::by(caller.0);
    let (after, limit) = position_page(q.after, q.limit, q.cursor.as_deref())?;
    let query = TrailQuery {
        stream: q.stream,
        nomination_id: q.nomination_id,
        actor: q.actor,
        after,
        limit,
    };
    let page = s.node.audit().trail(&ask, query)?;
    Ok(reply::ok(Paged {
        items: page.items,
        next_cursor: page.next_after.map(|p| p.to_string()),
    }))
}

#[cfg(test)]
mod tests {
    use accolade_app::actions::audit::FieldChange;
    use accolade_events::NominationStatus;
    use accolade_projections::Actor;
    use time::macros::datetime;

    use super::*;
    use crate::schema_check::Checker;

    fn entry(position: u64, actor: Actor) -> AuditItem {
        let about_a_nomination = matches!(actor, Actor::User(_));
        AuditItem {
            position,
            recorded_at: datetime!(2026-03-02 09:00:00 +7),
            actor,
            stream_id: format!("programme-{}", Uuid::from_u128(1)),
            event_type: "NominationScreened".to_owned(),
            nomination_id: about_a_nomination.then(|| Uuid::from_u128(2)),
            status_before: about_a_nomination.then_some(NominationStatus::Submitted),
            status_after: about_a_nomination.then_some(NominationStatus::Eligible),
            changes: vec![
                FieldChange {
                    field: "citation".to_owned(),
                    before: Some("cũ".to_owned()),
                    after: Some("mới".to_owned()),
                },
                FieldChange {
                    field: "contact".to_owned(),
                    before: None,
                    after: None,
                },
            ],
        }
    }

    /// Every kind of actor, with and without a nomination and a status change.
    #[test]
    fn the_trail_is_what_the_document_says() {
        let mut c = Checker::new();
        c.answer(
            "getAuditTrail",
            &Paged {
                items: vec![
                    entry(0, Actor::User(Uuid::from_u128(9))),
                    entry(1, Actor::System),
                    entry(2, Actor::Anonymous),
                    entry(3, Actor::Other("migration".to_owned())),
                ],
                next_cursor: Some("3".to_owned()),
            },
        );
        c.answer(
            "getAuditTrail",
            &Paged::<AuditItem> {
                items: vec![],
                next_cursor: None,
            },
        );
        c.every_property_served();
    }
}
