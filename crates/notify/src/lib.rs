//! Accolade's e-mail notifications: what the outbox owes, rendered in the recipient's
//! language and delivered over SMTP exactly once.
//!
//! ```text
//! log ──▶ projections (outbox, notification log) ──▶ Notifier ──SMTP──▶ relay
//!  ▲                                                    │
//!  └── NotificationSent / Failed / Dropped ◀────────────┘   (+ NotificationsDigested,
//!                                                             ReminderDue: what time decided)
//! ```
//!
//! - [`Notifier`] ([`worker`]): drains the outbox in log order; every send bounded by a
//!   timeout; exponential backoff with jitter; records what it did through the store. A mail
//!   leaves the outbox when its `NotificationSent` is folded, so restarts, replays and
//!   rebuilds never send it again; the one repeat SMTP allows (accepted, then the process died
//!   before the record was durable) carries the same `Message-ID` ([`compose::header_id`]),
//!   derived from the causing event and the recipient.
//! - [`schedule`]: what time makes due — a member's assignments of one window as one digest,
//!   reminders before phase deadlines — recorded as events before anything is sent.
//! - [`texts`] + `templates/mail.{txt,html}` (askama): every mail of DOMAIN.md in Vietnamese
//!   and English, plain text and HTML, with a link to the right page under the public URL.
//! - [`contacts`]: addresses are looked up at send time and never logged or recorded; people's
//!   contacts (and nominees' names) are sealed under their keys and opened through the
//!   [`Unseal`](accolade_events::Unseal) given to [`Notifier::new`]. Nobody to write to (no
//!   address, or erased) drops the mail (`NotificationDropped`): not a failure.
//! - [`transport`]: lettre's pooled async SMTP transport (`smtp://` on loopback, `smtps://`,
//!   STARTTLS), behind the [`Transport`] trait; with a [`Clock`] and a [`Jitter`] source, the
//!   worker's seams for tests (`tests/worker.rs` runs it on a fake transport and paused time).
//! - [`Invitations`]: invitation and password-reset mails with a one-time token, kept in
//!   memory only (the server's credentials file records that they are owed).
//!
//! See `docs/notifications.md` for the design and its guarantees.
#![deny(missing_docs)]

pub mod compose;
pub mod config;
pub mod contacts;
pub mod error;
pub mod invite;
pub mod record;
pub mod redact;
pub mod schedule;
#[cfg(any(test, feature = "test-support"))]
pub mod testing;
pub mod texts;
pub mod transport;
pub mod worker;

pub use config::MailConfig;
pub use error::{NotifyError, SendError};
pub use invite::{Invitations, TokenKind};
pub use transport::{Smtp, Transport};
pub use worker::{Clock, Jitter, Notifier, NotifierHandle, Report};
