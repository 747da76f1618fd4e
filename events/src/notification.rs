//! Events of the notifier (stream `notifications`): what it scheduled, sent, failed to send,
//! and dropped (no one to send to).
//!
//! DOMAIN.md: "what was sent is itself recorded in the log". The notifier is the only writer
//! of these; the outbox read model folds them (a sent mail is no longer owed, a digest replaces
//! the assignment mails it covers, a due reminder becomes owed) and so does the notification
//! log (sent, pending, failing, with to whom, when and why).
//!
//! Recipients are named, never addressed: no e-mail address, name or token is ever written
//! here, so the log holds no contact data beyond the person's own record (sealed under the
//! person's key).
//! Templates are named by their stable key (`nomination_submitted`, `review_digest`...).

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::codec::event_enum;
use crate::values::Phase;

/// Who a mail is for, by reference: the one recipient type of the events, the outbox and the
/// notifier. JSON (events, the API): `{"kind": "agency", "id": "<uuid>"}`, `{"kind":
/// "secretariat"}`; binary encodings (snapshots), which cannot read adjacently tagged enums:
/// a `(kind, id)` pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
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

impl MailRecipient {
    /// A stable text key (`agency:<uuid>`, `secretariat`), for deriving ids. Names no person.
    pub fn key(self) -> String {
        match self.parts() {
            (Kind::Secretariat, _) => "secretariat".to_owned(),
            (kind, id) => format!("{}:{id}", kind.as_str()),
        }
    }

    fn parts(self) -> (Kind, Uuid) {
        match self {
            MailRecipient::Agency(id) => (Kind::Agency, id),
            MailRecipient::User(id) => (Kind::User, id),
            MailRecipient::Nominee(id) => (Kind::Nominee, id),
            MailRecipient::Objector(id) => (Kind::Objector, id),
            MailRecipient::Secretariat => (Kind::Secretariat, Uuid::nil()),
        }
    }

    fn from_parts(kind: Kind, id: Option<Uuid>) -> Option<Self> {
        Some(match kind {
            Kind::Agency => MailRecipient::Agency(id?),
            Kind::User => MailRecipient::User(id?),
            Kind::Nominee => MailRecipient::Nominee(id?),
            Kind::Objector => MailRecipient::Objector(id?),
            Kind::Secretariat => MailRecipient::Secretariat,
        })
    }
}

/// The kind of a mail's recipient, as its JSON `kind` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = RecipientKind))]
enum Kind {
    Agency,
    User,
    Nominee,
    Objector,
    Secretariat,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Agency => "agency",
            Kind::User => "user",
            Kind::Nominee => "nominee",
            Kind::Objector => "objector",
            Kind::Secretariat => "secretariat",
        }
    }
}

/// The JSON shape: `kind`, then `id` unless the kind has none (as serde's adjacent tagging
/// wrote it, so stored events keep their bytes).
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
struct Tagged {
    /// Who receives the mail: an agency's office, a user, the nominee of a nomination, the
    /// objector of an objection, or the council's secretariat.
    kind: Kind,
    /// The agency, user, nomination or objection it goes to; absent for the secretariat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    id: Option<Uuid>,
}

/// `MailRecipient`'s schema is that of its JSON shape, [`Tagged`], left open as every answer's
/// schema is (`deny_unknown_fields` guards what this crate reads, not what a client may).
#[cfg(feature = "openapi")]
mod schema {
    use std::borrow::Cow;

    use utoipa::openapi::RefOr;
    use utoipa::openapi::schema::Schema;
    use utoipa::{PartialSchema, ToSchema};

    use super::{MailRecipient, Tagged};

    impl PartialSchema for MailRecipient {
        fn schema() -> RefOr<Schema> {
            let mut schema = Tagged::schema();
            if let RefOr::T(Schema::Object(o)) = &mut schema {
                o.additional_properties = None;
                o.description = Some(
                    "To whom a mail goes, by reference (never an address): `kind`, and `id` \
                     unless the kind is `secretariat`."
                        .to_owned(),
                );
            }
            schema
        }
    }

    impl ToSchema for MailRecipient {
        fn name() -> Cow<'static, str> {
            Cow::Borrowed("MailRecipient")
        }

        fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
            Tagged::schemas(schemas);
        }
    }
}

impl Serialize for MailRecipient {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (kind, id) = self.parts();
        if s.is_human_readable() {
            let id = (kind != Kind::Secretariat).then_some(id);
            Tagged { kind, id }.serialize(s)
        } else {
            (kind, id).serialize(s)
        }
    }
}

impl<'de> Deserialize<'de> for MailRecipient {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let (kind, id) = if d.is_human_readable() {
            let t = Tagged::deserialize(d)?;
            (t.kind, t.id)
        } else {
            let (kind, id) = <(Kind, Uuid)>::deserialize(d)?;
            (kind, Some(id))
        };
        Self::from_parts(kind, id)
            .ok_or_else(|| D::Error::custom(format!("a {} recipient needs an id", kind.as_str())))
    }
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

/// Why a mail was dropped rather than sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DropReason {
    /// The recipient gave no e-mail address (or no longer has one).
    NoAddress,
    /// The recipient was erased: their contact can no longer be read, and must not be.
    Erased,
}

impl DropReason {
    /// The reason as the notification log shows it.
    pub fn as_str(self) -> &'static str {
        match self {
            DropReason::NoAddress => "the recipient has no e-mail address",
            DropReason::Erased => "the recipient's personal data was erased",
        }
    }
}

/// A mail owed was not sent and never will be, because nobody can receive it: the recipient
/// has no address, or was erased. Not a failure (nothing went wrong and nothing will be
/// retried, so nothing alarms), and the mail is no longer owed.
///
/// Why its own event rather than a given-up `NotificationFailed`: since personal data is
/// sealed, the outbox cannot see whether a nominee or objector gave an address and owes them
/// every mail they could receive; most of those find no address, and counting them as
/// failures would keep the failing gauge up for ever.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationDropped {
    /// The mail's message id.
    pub message_id: Uuid,
    /// To whom it would have gone.
    pub recipient: MailRecipient,
    /// Which template (its key).
    pub template: String,
    /// The causing event, as in [`NotificationSent`].
    #[serde(default)]
    pub causing_event_id: Option<Uuid>,
    /// Its position: the outbox finds the mail by it.
    #[serde(default)]
    pub causing_position: Option<u64>,
    /// Why it was dropped.
    pub reason: DropReason,
    /// When.
    #[serde(with = "crate::dates::rfc3339")]
    pub dropped_at: OffsetDateTime,
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
        /// See [`NotificationDropped`].
        NotificationDropped = 1,
    }
}
