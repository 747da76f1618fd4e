//! `GET /api/v1/notifications?status=`: the notification log (DOMAIN.md "Read models").

use accolade_app::actions::Ask;
use accolade_app::actions::audit::{DeliveryStatus, NotificationItem, cursor_is_valid};
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use utoipa::IntoParams;

use accolade_http::authz::Caller;
use accolade_http::error::{ApiError, ApiResult};
use accolade_http::extract::ApiQuery;
use accolade_http::pagination::{self, Paged};
use accolade_http::reply;
use accolade_http::state::AppState;

/// Filter and page.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct Query {
    /// sent | pending | failing (all when absent)
    #[param(schema_with = accolade_http::schema::delivery_status)]
    pub status: Option<DeliveryStatus>,
    /// Page size (default 50, max 500).
    pub limit: Option<usize>,
    /// From `next_cursor`.
    pub cursor: Option<String>,
}

/// The notification log (secretariat): each mail with to whom (a reference, never an
/// address), why (template and causing event), when, attempts and the last error. Oldest
/// cause first. `pending`: owed, not tried or tried without failure; `failing`: an attempt
/// failed (given up when `next_attempt_at` is null); `sent`: the SMTP server accepted it.
#[utoipa::path(get, operation_id = "listNotifications", path = "/api/v1/notifications", tag = "audit", params(Query),
    responses((status = 200, description = "A page of the notification log", body = Paged<NotificationItem>)), security(("bearer" = [])))]
pub async fn notifications(
    State(s): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<Query>,
) -> ApiResult<Response> {
    let ask = Ask::by(caller.0);
    let limit = pagination::limit(q.limit)?;
    if let Some(c) = &q.cursor
        && !cursor_is_valid(c)
    {
        return Err(ApiError::bad_request("invalid cursor"));
    }
    let page = s
        .node
        .audit()
        .notifications(&ask, q.status, limit, q.cursor.as_deref())?;
    Ok(reply::ok(Paged {
        items: page.items,
        next_cursor: page.next_cursor,
    }))
}

#[cfg(test)]
mod tests {
    use accolade_events::{DropReason, MailRecipient};
    use accolade_projections::Template;
    use time::macros::datetime;
    use uuid::Uuid;

    use super::*;

    use crate::schema_check::Checker;

    fn mail(status: DeliveryStatus, recipient: MailRecipient) -> NotificationItem {
        let failing = status == DeliveryStatus::Failing;
        let sent = status == DeliveryStatus::Sent;
        let pending = status == DeliveryStatus::Pending;
        NotificationItem {
            message_id: Uuid::from_u128(1),
            status,
            recipient,
            template: Template::NominationSubmitted,
            causing_event_id: (!matches!(recipient, MailRecipient::User(_)))
                .then(|| Uuid::from_u128(2)),
            position: 17,
            subject: pending.then(|| Uuid::from_u128(3)),
            at: datetime!(2026-03-02 09:00:00 UTC),
            attempts: u32::from(failing || sent),
            last_error: failing.then(|| "550 mailbox unavailable: <redacted>".to_owned()),
            next_attempt_at: failing.then_some(datetime!(2026-03-02 09:05:00 UTC)),
            sent_at: sent.then_some(datetime!(2026-03-02 09:01:00 UTC)),
            dropped: (status == DeliveryStatus::Dropped).then_some(DropReason::Erased),
        }
    }

    /// Every status and every kind of recipient (the secretariat's has no id).
    #[test]
    fn the_notification_log_is_what_the_document_says() {
        let id = Uuid::from_u128(5);
        let mut c = Checker::new();
        c.answer(
            "listNotifications",
            &Paged {
                items: vec![
                    mail(DeliveryStatus::Pending, MailRecipient::Agency(id)),
                    mail(DeliveryStatus::Failing, MailRecipient::Nominee(id)),
                    mail(DeliveryStatus::Sent, MailRecipient::User(id)),
                    mail(DeliveryStatus::Dropped, MailRecipient::Objector(id)),
                    mail(DeliveryStatus::Sent, MailRecipient::Secretariat),
                ],
                next_cursor: Some("cursor".to_owned()),
            },
        );
        c.answer(
            "listNotifications",
            &Paged::<NotificationItem> {
                items: vec![],
                next_cursor: None,
            },
        );
        c.every_property_served();
    }
}
