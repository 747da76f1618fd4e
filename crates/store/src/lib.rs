//! The Accolade event store: an append-only, hash-chained log of events.
//!
//! Accolade keeps no state but its log: every nomination, score, ballot and award is an event,
//! and every view is a projection of them. This crate keeps that log. It knows envelopes and
//! bytes — stream ids, versions, positions, JSON payloads — and nothing of the domain.
//!
//! # The contract ([`EventStore`])
//!
//! - `append(stream, expected, events)` is all or nothing and returns only once the events are
//!   durable. [`ExpectedVersion`] gives optimistic concurrency; a mismatch is
//!   [`StoreError::VersionConflict`] naming the actual version. Event ids make appends
//!   idempotent: a retried batch returns its original outcome.
//! - Every record has a 0-based, gap-free `stream_version` and `position` (a total order over
//!   the whole log), and the SHA-256 hash of its stored body, which includes the previous
//!   record's hash: [`EventStore::verify`] walks that chain and names the first bad record.
//! - Reads and [`Subscription`]s (catch-up, then live) only ever see durable events.
//!
//! # Backends
//!
//! - [`SledStore`]: embedded, on local disk (sled 0.34.7), with group commit — one writer
//!   thread places and hashes events, one flusher thread makes whole groups durable with one
//!   fdatasync of a journal beside sled (sled itself is flushed at checkpoints). See
//!   `docs/store.md` and `docs/adr/0001-journal-beside-sled.md` for the design and its
//!   measurements.
//! - [`MemoryStore`]: volatile, for fast unit tests of the layers above.
//!
//! Both pass the same conformance suite (module `conformance`, behind the feature
//! `conformance`).
//!
//! ```
//! # async fn demo() -> Result<(), accolade_store::StoreError> {
//! use accolade_store::{EventStore, ExpectedVersion, MemoryStore, Metadata, NewEvent};
//! let store = MemoryStore::new();
//! let event = NewEvent::json("Greeted", 1, &serde_json::json!({"to": "world"}), Metadata::default());
//! let outcome = store.append("greeting-1", ExpectedVersion::NoStream, vec![event]).await?;
//! assert_eq!(outcome.stream_version, 0);
//! assert!(store.verify().await?.ok);
//! # Ok(()) }
//! ```
#![deny(missing_docs)]

#[cfg(any(test, feature = "conformance"))]
pub mod conformance;
mod contract;
mod error;
mod memory;
mod record;
mod sled_store;
mod subscription;

pub use contract::{
    AppendOutcome, DEFAULT_MAX_APPEND_BYTES, EventStore, ExpectedVersion, VerifyReport,
};
pub use error::{InvalidBatch, StoreError};
pub use memory::MemoryStore;
pub use record::{Hash, Metadata, NewEvent, RecordedEvent};
#[cfg(any(test, feature = "test-support"))]
pub use sled_store::tamper_with_record;
pub use sled_store::{SledConfig, SledStore};
pub use subscription::Subscription;
