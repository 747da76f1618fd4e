//! Events of the notifier (stream `notifications`): what it scheduled, sent and failed to send.
//!
//! DOMAIN.md: "what was sent is itself recorded in the log". The notifier is the only writer
//! of these; the outbox read model folds them (a sent mail is no longer owed, a digest replaces
//! the assignment mails it covers, a due reminder becomes owed) and so does the notification
//! log (sent, pending, failing, with to whom, when and why).
//!
//! Recipients are named, never addressed: no e-mail address, name or token is ever written
//! here, so the log holds no contact data beyond the person's own record (the one place
//! per-person encryption, not built yet, will have to reach).
//! Templates are named by their stable key (`nomination_submitted`, `review_digest`...).

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::codec::event_enum;
use crate::values::Phase;

/// Who a mail is for, by reference. JSON: `{"kind": "agency", "id": "<uuid>"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "id")]
pub enum MailRecipient {
    /// An agency's office address.
    Agency(Uuid),
    /// A user, at the e-mail address of their contact, in their own language.
    User(Uuid),
    /// The nominee of this nomination.
    Nominee(Uuid),
    /// The objector of this objection.
    Objector(Uuid),
    /// The council's secretariat.
    Secretariat,
}

/// A mail a digest stands for: its message id and causing position (the outbox's key).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoveredMail {
    /// The covered mail's message id.
    pub message_id: Uuid,
    /// Its causing event's position.
    pub position: u64,
}

/// The SMTP server accepted a mail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationSent {
    /// The Message-ID (`<{message_id}@accolade>`), derived from the causing event and the
    /// recipient, so a resend after a crash carries the same one.
    pub message_id: Uuid,
    /// To whom.
    pub recipient: MailRecipient,
    /// Which template (its key).
    pub template: String,
    /// The event that caused the mail (`None` for invitations, which no event causes).
    #[serde(default)]
    pub causing_event_id: Option<Uuid>,
    /// That event's position: the outbox finds the mail by it.
    #[serde(default)]
    pub causing_position: Option<u64>,
    /// Which attempt succeeded (1 = the first).
    pub attempt: u32,
    /// When the SMTP server accepted it.
    #[serde(with = "crate::dates::rfc3339")]
    pub sent_at: OffsetDateTime,
}

/// An attempt to send a mail failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationFailed {
    /// The mail's message id.
    pub message_id: Uuid,
    /// To whom.
    pub recipient: MailRecipient,
    /// Which template (its key).
    pub template: String,
    /// The causing event, as in [`NotificationSent`].
    #[serde(default)]
    pub causing_event_id: Option<Uuid>,
    /// Its position.
    #[serde(default)]
    pub causing_position: Option<u64>,
    /// Which attempt failed (1 = the first).
    pub attempt: u32,
    /// What went wrong, with any address redacted.
    pub error: String,
    /// When it failed.
    #[serde(with = "crate::dates::rfc3339")]
    pub failed_at: OffsetDateTime,
    /// When the next attempt is due; `None`: given up (no address, or rejected for good).
    #[serde(default, with = "crate::dates::rfc3339::option")]
    pub next_attempt_at: Option<OffsetDateTime>,
}

/// Assignment mails of one member in one time window were gathered into one digest: the
/// covered mails are no longer owed, the digest is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationsDigested {
    /// The digest's message id, derived from the recipient and the window.
    pub message_id: Uuid,
    /// Always a `User`: the member whose assignment mails of the window this digest replaces.
    pub recipient: MailRecipient,
    /// Which template (its key).
    pub template: String,
    /// Start of the window (inclusive).
    #[serde(with = "crate::dates::rfc3339")]
    pub window_start: OffsetDateTime,
    /// End of the window (exclusive).
    #[serde(with = "crate::dates::rfc3339")]
    pub window_end: OffsetDateTime,
    /// The mails it stands for, in log order.
    pub covers: Vec<CoveredMail>,
}

/// A phase deadline nears and a recipient still has work in it: a reminder is owed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReminderDue {
    /// The reminder's message id, derived from the recipient and the deadline.
    pub message_id: Uuid,
    /// A member (not scored or voted) or an agency (drafts left).
    pub recipient: MailRecipient,
    /// Whose schedule sets the deadline.
    pub programme_id: Uuid,
    /// The phase whose deadline nears.
    pub phase: Phase,
    /// The phase's last day.
    #[serde(with = "crate::dates::iso_date")]
    pub deadline: Date,
    /// How much is left (nominations to score or vote on, drafts to submit).
    pub open_items: u32,
}

event_enum! {
    /// Everything the notifier records.
    pub enum NotificationEvent {
        /// See [`NotificationSent`].
        NotificationSent = 1,
        /// See [`NotificationFailed`].
        NotificationFailed = 1,
        /// See [`NotificationsDigested`].
        NotificationsDigested = 1,
        /// See [`ReminderDue`].
        ReminderDue = 1,
    }
}
