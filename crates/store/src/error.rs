//! Errors of the event store.
//!
//! One enum, because callers branch on the *kind* of failure: a version conflict is retried by
//! the application layer, a refused batch is the caller's mistake and is reported as such, and
//! an I/O or corruption error stops the process from acknowledging anything further. Every
//! refusal is decided before anything is written, so an `Err` from `append` always means that
//! nothing of the batch was stored.

use uuid::Uuid;

/// Why an operation on the event store failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The stream is not at the version the caller expected (optimistic concurrency).
    /// `actual` is `None` when the stream has no events yet.
    #[error("stream {stream:?} is at version {actual:?}, expected {expected}")]
    VersionConflict {
        /// The stream appended to.
        stream: String,
        /// What the caller expected, in words ("no stream", "version 3").
        expected: String,
        /// The stream's current last version, if it has any events.
        actual: Option<u64>,
    },

    /// An event id is already stored with a different stream, type or payload: the id was
    /// reused for another event, which would make retries ambiguous.
    #[error("event id {event_id} is already stored with different content")]
    EventIdReused {
        /// The reused id.
        event_id: Uuid,
    },

    /// Some ids of the batch are stored and others are not: this is neither a fresh append nor
    /// a retry of an earlier one.
    #[error("the batch partly overlaps an earlier append (event id {event_id} is already stored)")]
    PartialRetry {
        /// One of the ids that is already stored.
        event_id: Uuid,
    },

    /// The batch breaks a rule of the store's input (see [`InvalidBatch`]).
    #[error("invalid append: {0}")]
    Invalid(#[from] InvalidBatch),

    /// Another process holds the store open (sled admits one process per directory).
    #[error("the store at {path} is in use by another process (is `accolade serve` running?)")]
    Locked {
        /// The data directory.
        path: String,
    },

    /// A stored record cannot be decoded: the files were damaged or edited.
    #[error("stored record at position {position} is corrupt: {reason}")]
    Corrupt {
        /// Global position of the record.
        position: u64,
        /// What is wrong with it.
        reason: String,
    },

    /// An earlier flush failed. The store refuses further writes rather than acknowledge
    /// events whose durability it can no longer promise; restart the process.
    #[error("the store stopped accepting writes after a failed flush: {0}")]
    Poisoned(String),

    /// The store was closed while the request was pending.
    #[error("the store is closed")]
    Closed,

    /// The embedded database reported an error.
    #[error("database error: {0}")]
    Database(String),

    /// Reading or syncing a file failed.
    #[error("i/o error: {0}")]
    Io(#[from] std::io::Error),
}

impl From<sled::Error> for StoreError {
    fn from(e: sled::Error) -> Self {
        match e {
            sled::Error::Io(io) => StoreError::Io(io),
            other => StoreError::Database(other.to_string()),
        }
    }
}

/// What is wrong with a batch handed to `append`. Checked before anything is written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidBatch {
    /// An append needs at least one event.
    #[error("the batch has no events")]
    Empty,
    /// The stream id is empty.
    #[error("the stream id is empty")]
    EmptyStreamId,
    /// The stream id is too long or contains control characters.
    #[error("the stream id {0:?} is not allowed (at most 200 bytes, no control characters)")]
    BadStreamId(String),
    /// An event type is empty or too long.
    #[error("event type {0:?} is not allowed (1 to 100 bytes)")]
    BadEventType(String),
    /// The same event id appears twice in one batch.
    #[error("event id {0} appears twice in the batch")]
    DuplicateEventId(Uuid),
    /// A payload is not a JSON document.
    #[error("the payload of event {event_id} is not valid JSON: {reason}")]
    PayloadNotJson {
        /// The event whose payload was refused.
        event_id: Uuid,
        /// The parser's message.
        reason: String,
    },
    /// The batch's payloads and metadata together exceed the limit.
    #[error("the batch is {size} bytes, over the limit of {limit} bytes")]
    TooLarge {
        /// Size of the batch.
        size: usize,
        /// The configured limit.
        limit: usize,
    },
}
