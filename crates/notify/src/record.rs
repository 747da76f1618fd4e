//! Recording what the notifier did, through the store, in the `notifications` stream.
//!
//! Event ids are derived from the message id (and the attempt), so recording the same fact
//! twice — a retry after a timeout, two notifiers in a hand-over — is the store's idempotent
//! retry, never a second record. A record with the same id and another payload (the same mail
//! sent again in the crash window, at another time) is refused by the store as a reused id;
//! that is the fact already being recorded, and is treated as done.

use accolade_domain::derive_id;
use accolade_events::NotificationEvent;
use accolade_store::{EventStore, ExpectedVersion, Metadata, NewEvent, StoreError};
use uuid::Uuid;

use crate::error::NotifyError;

/// The notifier's stream.
pub const STREAM: &str = "notifications";

/// The event id of a notifier event.
pub fn event_id(ev: &NotificationEvent) -> Uuid {
    match ev {
        NotificationEvent::NotificationSent(e) => derive_id("accolade/notify/sent", e.message_id),
        NotificationEvent::NotificationFailed(e) => derive_id(
            &format!("accolade/notify/failed/{}", e.attempt),
            e.message_id,
        ),
        NotificationEvent::NotificationsDigested(e) => {
            derive_id("accolade/notify/digest", e.message_id)
        }
        NotificationEvent::ReminderDue(e) => derive_id("accolade/notify/reminder", e.message_id),
        NotificationEvent::NotificationDropped(e) => {
            derive_id("accolade/notify/dropped", e.message_id)
        }
    }
}

/// Appends one event; returns its position (`None` when it was recorded before).
pub async fn append<S: EventStore>(
    store: &S,
    ev: &NotificationEvent,
    correlation: Uuid,
    causation: Option<Uuid>,
) -> Result<Option<u64>, NotifyError> {
    let payload = ev
        .to_payload()
        .map_err(|e| NotifyError::Message(e.to_string()))?;
    let new = NewEvent {
        event_id: event_id(ev),
        event_type: ev.event_type().to_owned(),
        schema_version: ev.schema_version(),
        payload: serde_json::to_vec(&payload).map_err(|e| NotifyError::Message(e.to_string()))?,
        metadata: Metadata {
            actor: Some("system".to_owned()),
            correlation_id: Some(correlation),
            causation_id: causation,
        },
        recorded_at: None,
    };
    match store.append(STREAM, ExpectedVersion::Any, vec![new]).await {
        Ok(o) if o.replayed => Ok(None),
        Ok(o) => Ok(Some(o.last_position)),
        Err(StoreError::EventIdReused { .. }) => Ok(None),
        Err(e) => Err(e.into()),
    }
}
