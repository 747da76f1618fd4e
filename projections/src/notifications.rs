//! The notification log: what was sent to whom, when and why, and what is pending or failing
//! (DOMAIN.md "Read models": the notification log; API `GET /api/v1/notifications`).
//!
//! Folded from the notifier's own events. A mail is *pending* while the outbox owes it and
//! no attempt failed, *failing* once an attempt failed and it is still owed (or was given up),
//! *sent* once its `NotificationSent` is folded, *dropped* once its `NotificationDropped` is
//! (nobody to send it to: no address, or the recipient was erased — not a failure, so it is
//! not counted as failing). Sent, failing and dropped mails are kept here (from the notifier's
//! events, which carry recipient, template and cause), pending ones are the outbox's: the two
//! never overlap, so a query merges them without double counting.
//!
//! The model also keeps what the notifier must not decide twice: which digest and reminder
//! ids it already recorded, and each programme's phase deadlines (for reminders).

use std::collections::{BTreeMap, BTreeSet};

use accolade_events::{DropReason, NotificationEvent as N, ProgrammeEvent as E, Schedule};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::envelope::Envelope;
use accolade_events::MailRecipient;

use crate::outbox::{Mail, Outbox, Template};

/// Where a mail stands: `pending` (owed, no attempt failed), `failing` (an attempt failed and
/// it is not sent), `sent` (the SMTP server accepted it) or `dropped` (nobody to send it to).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DeliveryStatus {
    /// Owed, not yet tried (or tried without a recorded failure).
    Pending,
    /// At least one attempt failed and it is not sent (given up when `next_attempt_at` is
    /// `None`).
    Failing,
    /// The SMTP server accepted it.
    Sent,
    /// Not sent, and never will be: the recipient has no address or was erased.
    Dropped,
}

/// One mail the notifier recorded something about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogEntry {
    /// The Message-ID's uuid.
    pub message_id: Uuid,
    /// Sent or failing.
    pub status: DeliveryStatus,
    /// To whom.
    pub recipient: MailRecipient,
    /// Why: the template.
    pub template: Template,
    /// The causing event (`None`: an invitation).
    pub causing_event_id: Option<Uuid>,
    /// The sort key: the causing position, else the position of the first record about it.
    pub position: u64,
    /// Attempts so far.
    pub attempts: u32,
    /// The last error (addresses redacted by the notifier).
    pub last_error: Option<String>,
    /// When the next attempt is due; `None` when sent or given up.
    #[serde(with = "accolade_events::dates::rfc3339::option")]
    pub next_attempt_at: Option<OffsetDateTime>,
    /// True when the notifier gave up (refused for good; before `NotificationDropped`
    /// existed, also no address).
    pub gave_up: bool,
    /// Why it was dropped, when it was.
    pub dropped: Option<DropReason>,
    /// When it was sent.
    #[serde(with = "accolade_events::dates::rfc3339::option")]
    pub sent_at: Option<OffsetDateTime>,
    /// When the last record about it was written.
    #[serde(with = "accolade_events::dates::rfc3339")]
    pub updated_at: OffsetDateTime,
}

/// An item of the notification log, API-shaped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationItem {
    /// The uuid of the mail's Message-ID (`<{message_id}@accolade>`).
    pub message_id: Uuid,
    /// Where the mail stands.
    pub status: DeliveryStatus,
    /// To whom (`{"kind": "agency", "id": ...}`); never an address.
    pub recipient: MailRecipient,
    /// Why: the template the mail is written from.
    pub template: Template,
    /// The event that caused the mail (`null`: none, as for an invitation).
    pub causing_event_id: Option<Uuid>,
    /// The causing event's position in the log (else that of the first record about the
    /// mail): the log's order.
    pub position: u64,
    /// What the mail is about (a nomination, award or programme), for pending mails.
    pub subject: Option<Uuid>,
    /// When the cause was recorded (pending) or the mail's last record written (sent,
    /// failing, dropped).
    #[serde(with = "accolade_events::dates::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: OffsetDateTime,
    /// Attempts to send it so far.
    pub attempts: u32,
    /// The last attempt's error, with any address redacted.
    pub last_error: Option<String>,
    /// When the next attempt is due; `null` when sent, not tried yet, or given up.
    #[serde(with = "accolade_events::dates::rfc3339::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub next_attempt_at: Option<OffsetDateTime>,
    /// When the SMTP server accepted it; `null` unless sent.
    #[serde(with = "accolade_events::dates::rfc3339::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub sent_at: Option<OffsetDateTime>,
    /// Why it was dropped (`no_address`, `erased`); absent unless dropped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dropped: Option<DropReason>,
}

/// A page of the log: items after the cursor, and the cursor of the next page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationPage {
    /// At most `limit` mails, oldest cause first.
    pub items: Vec<NotificationItem>,
    /// Pass as `?cursor=` for the next page; `null` on the last.
    pub next_cursor: Option<String>,
}

/// Counts by status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationCounts {
    /// Owed, no failure.
    pub pending: usize,
    /// Failed at least once, not sent.
    pub failing: usize,
    /// Sent: their `NotificationSent` is recorded.
    pub sent: usize,
    /// Dropped: nobody to send them to (no address, or erased). Not failures.
    pub dropped: usize,
}

/// The notifier's record, folded.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationLog {
    /// Entries by (position, message id): the order of the log view.
    entries: BTreeMap<(u64, Uuid), LogEntry>,
    /// Message id -> position key of its entry.
    by_id: BTreeMap<Uuid, u64>,
    /// Digest and reminder ids already recorded (never scheduled twice).
    scheduled: BTreeSet<Uuid>,
    /// Each programme's phase deadlines.
    schedules: BTreeMap<Uuid, Schedule>,
}

impl NotificationLog {
    /// Keeps programme deadlines (for reminders).
    pub fn apply_programme(&mut self, env: &Envelope<'_>, ev: &E) {
        match ev {
            E::ProgrammeCreated(e) => {
                self.schedules.insert(e.programme_id, e.schedule.clone());
            }
            E::ProgrammeAmended(e) => {
                if let (Some(s), Some(pid)) = (&e.schedule, env.aggregate_id) {
                    self.schedules.insert(pid, s.clone());
                }
            }
            _ => {}
        }
    }

    /// Folds one of the notifier's events.
    pub fn apply(&mut self, env: &Envelope<'_>, ev: &N) {
        match ev {
            N::NotificationSent(e) => {
                let Some(entry) = self.logged(
                    env,
                    e.message_id,
                    e.causing_position,
                    e.recipient,
                    &e.template,
                    e.causing_event_id,
                ) else {
                    return;
                };
                entry.status = DeliveryStatus::Sent;
                entry.attempts = entry.attempts.max(e.attempt);
                entry.next_attempt_at = None;
                entry.gave_up = false;
                entry.sent_at = Some(e.sent_at);
            }
            N::NotificationFailed(e) => {
                let Some(entry) = self.logged(
                    env,
                    e.message_id,
                    e.causing_position,
                    e.recipient,
                    &e.template,
                    e.causing_event_id,
                ) else {
                    return;
                };
                // A failure recorded after the mail was sent or dropped (two notifiers in a
                // hand-over) does not make it failing again.
                if !matches!(entry.status, DeliveryStatus::Sent | DeliveryStatus::Dropped) {
                    entry.status = DeliveryStatus::Failing;
                    entry.attempts = entry.attempts.max(e.attempt);
                    entry.last_error = Some(e.error.clone());
                    entry.next_attempt_at = e.next_attempt_at;
                    entry.gave_up = e.next_attempt_at.is_none();
                }
            }
            N::NotificationDropped(e) => {
                let Some(entry) = self.logged(
                    env,
                    e.message_id,
                    e.causing_position,
                    e.recipient,
                    &e.template,
                    e.causing_event_id,
                ) else {
                    return;
                };
                if entry.status != DeliveryStatus::Sent {
                    entry.status = DeliveryStatus::Dropped;
                    entry.next_attempt_at = None;
                    entry.dropped = Some(e.reason);
                }
            }
            N::NotificationsDigested(e) => {
                self.scheduled.insert(e.message_id);
            }
            N::ReminderDue(e) => {
                self.scheduled.insert(e.message_id);
            }
        }
    }

    /// The log entry of a mail an outcome event names (its template key known), made if new;
    /// `None` for a template this build does not know.
    fn logged(
        &mut self,
        env: &Envelope<'_>,
        message_id: Uuid,
        causing_position: Option<u64>,
        recipient: MailRecipient,
        template: &str,
        causing_event_id: Option<Uuid>,
    ) -> Option<&mut LogEntry> {
        let template = Template::from_key(template)?;
        Some(self.entry(
            message_id,
            causing_position.unwrap_or(env.position),
            recipient,
            template,
            causing_event_id,
            env.recorded_at,
        ))
    }

    fn entry(
        &mut self,
        message_id: Uuid,
        position: u64,
        recipient: MailRecipient,
        template: Template,
        causing_event_id: Option<Uuid>,
        at: OffsetDateTime,
    ) -> &mut LogEntry {
        let pos = *self.by_id.entry(message_id).or_insert(position);
        let entry = self
            .entries
            .entry((pos, message_id))
            .or_insert_with(|| LogEntry {
                message_id,
                status: DeliveryStatus::Pending,
                recipient,
                template,
                causing_event_id,
                position: pos,
                attempts: 0,
                last_error: None,
                next_attempt_at: None,
                gave_up: false,
                dropped: None,
                sent_at: None,
                updated_at: at,
            });
        entry.updated_at = at;
        entry
    }

    /// What the notifier recorded about a mail, if anything.
    pub fn get(&self, message_id: Uuid) -> Option<&LogEntry> {
        let pos = self.by_id.get(&message_id)?;
        self.entries.get(&(*pos, message_id))
    }

    /// Whether a digest or reminder with this id was already recorded.
    pub fn is_scheduled(&self, message_id: Uuid) -> bool {
        self.scheduled.contains(&message_id)
    }

    /// A programme's deadlines.
    pub fn schedule(&self, programme_id: Uuid) -> Option<&Schedule> {
        self.schedules.get(&programme_id)
    }

    /// Counts by status (`pending` from the outbox).
    pub fn counts(&self, outbox: &Outbox) -> NotificationCounts {
        let mut c = NotificationCounts::default();
        for e in self.entries.values() {
            match e.status {
                DeliveryStatus::Sent => c.sent += 1,
                DeliveryStatus::Dropped => c.dropped += 1,
                DeliveryStatus::Pending | DeliveryStatus::Failing => c.failing += 1,
            }
        }
        c.pending = outbox
            .after(None, 0)
            .iter()
            .filter(|m| !self.by_id.contains_key(&m.message_id))
            .count();
        c
    }

    /// A page of the log, oldest cause first: `status` filters (all when `None`), `limit`
    /// bounds the page (0: no bound), `cursor` continues from a page's `next_cursor`.
    pub fn page(
        &self,
        outbox: &Outbox,
        status: Option<DeliveryStatus>,
        limit: usize,
        cursor: Option<&str>,
    ) -> NotificationPage {
        let after = cursor.and_then(parse_cursor);
        let wanted = |s: DeliveryStatus| status.is_none_or(|w| w == s);
        let mut items: Vec<NotificationItem> = Vec::new();
        if wanted(DeliveryStatus::Pending) {
            items.extend(
                outbox
                    .after(None, 0)
                    .iter()
                    .filter(|m| !self.by_id.contains_key(&m.message_id))
                    .map(pending_item),
            );
        }
        items.extend(
            self.entries
                .values()
                .filter(|e| wanted(e.status))
                .map(logged_item),
        );
        items.sort_by_key(|i| (i.position, i.message_id));
        let mut items: Vec<NotificationItem> = items
            .into_iter()
            .filter(|i| after.is_none_or(|a| (i.position, i.message_id) > a))
            .collect();
        let mut next_cursor = None;
        if limit > 0 && items.len() > limit {
            items.truncate(limit);
            next_cursor = items
                .last()
                .map(|i| format!("{}.{}", i.position, i.message_id));
        }
        NotificationPage { items, next_cursor }
    }
}

/// Whether `cursor` is one [`NotificationLog::page`] could have issued.
pub fn cursor_is_valid(cursor: &str) -> bool {
    parse_cursor(cursor).is_some()
}

fn parse_cursor(c: &str) -> Option<(u64, Uuid)> {
    let (p, id) = c.split_once('.')?;
    Some((p.parse().ok()?, id.parse().ok()?))
}

fn pending_item(m: &Mail) -> NotificationItem {
    NotificationItem {
        message_id: m.message_id,
        status: DeliveryStatus::Pending,
        recipient: m.recipient,
        template: m.template,
        causing_event_id: Some(m.causing_event_id),
        position: m.position,
        subject: m.subject,
        at: m.at,
        attempts: 0,
        last_error: None,
        next_attempt_at: None,
        sent_at: None,
        dropped: None,
    }
}

fn logged_item(e: &LogEntry) -> NotificationItem {
    NotificationItem {
        message_id: e.message_id,
        status: e.status,
        recipient: e.recipient,
        template: e.template,
        causing_event_id: e.causing_event_id,
        position: e.position,
        subject: None,
        at: e.updated_at,
        attempts: e.attempts,
        last_error: e.last_error.clone(),
        next_attempt_at: e.next_attempt_at,
        sent_at: e.sent_at,
        dropped: e.dropped,
    }
}
