//! The Accolade event vocabulary: every event the award cycle records, its stable type name
//! and schema version, the upcasters that read old versions, and the metadata every event
//! carries, and [`ids`], the one derivation of an id from data.
//!
//! Pure: no I/O, no clock. The store knows envelopes and bytes; the domain decides which of
//! these events happen; projections fold them into read models.
//!
//! # The vocabulary's rules
//!
//! - **Past tense.** An event is a fact that happened (`NominationSubmitted`), never a wish.
//! - **One enum per aggregate**: [`ProgrammeEvent`] (stream `programme-<uuid>`),
//!   [`AgencyEvent`] (`agency-<uuid>`), [`UserEvent`] (`user-<uuid>`), [`DirectoryEvent`]
//!   (`directory`), [`HistoryEvent`] (`history`), [`NotificationEvent`] (`notifications`,
//!   the notifier's own record of what it sent); [`AnyEvent`] reads any of them.
//! - **Stable type name and schema version per event.** The type name is the variant name and
//!   is frozen once released; the payload is the variant's struct as JSON with no tag (type and
//!   version are stored beside it, in the envelope). A change of shape bumps the version and
//!   adds an upcaster ([`upcast`]) from the old one; old records are never rewritten.
//! - **People by id.** Identifying data sits in one struct per person ([`Nominee`],
//!   [`Objector`], [`UserContact`]) next to a pseudonymous `person_id`, so that the app will be
//!   able to encrypt the struct under that person's key and erase it by destroying the key.
//!   That encryption is not built yet: today these structs are stored in plain text.
//! - **Why the derives:** `Serialize`/`Deserialize` for the payload; `Clone` because the app
//!   folds the same events into several states; `PartialEq`/`Eq` so tests and replay checks
//!   can compare; `Debug` for test failures. No `Default` on events: every field is a fact.
//!
//! # Example
//!
//! ```
//! use accolade_events::{ProgrammeEvent, NominationWithdrawn};
//! let ev = ProgrammeEvent::from(NominationWithdrawn {
//!     nomination_id: uuid::Uuid::nil(),
//!     reason: "duplicate".into(),
//! });
//! let (t, v, json) = (ev.event_type(), ev.schema_version(), ev.to_payload().unwrap());
//! assert_eq!(t, "NominationWithdrawn");
//! assert_eq!(ProgrammeEvent::from_stored(t, v, json).unwrap(), ev);
//! ```
#![deny(missing_docs)]

mod agency;
mod any;
/// Exponential backoff with jitter (pure: the random draw is passed in), shared by the app's
/// conflict retries and the notifier's mail retries.
pub mod backoff;
mod category;
mod codec;
pub mod dates;
mod directory;
mod error;
mod history;
pub mod ids;
mod metadata;
mod notification;
mod people;
mod programme;
pub mod upcast;
mod user;
mod values;

pub use agency::*;
pub use any::{AnyEvent, all_types};
pub use category::*;
pub use directory::*;
pub use error::EventError;
pub use history::*;
pub use metadata::Metadata;
pub use notification::*;
pub use people::*;
pub use programme::*;
pub use user::*;
pub use values::*;
