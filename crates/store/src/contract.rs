//! The contract every backend keeps, and the checks they share.
//!
//! The checks live here rather than in each backend so that the sled store, the in-memory
//! store and any later backend refuse exactly the same batches with exactly the same errors:
//! the conformance suite then tests one behaviour, not several lookalikes.

use std::collections::HashSet;
use std::future::Future;

use serde_json::value::RawValue;
use tokio::sync::watch;

use crate::error::{InvalidBatch, StoreError};
use crate::record::{self, Hash, NewEvent, PreparedEvent, RecordedEvent};

/// Default cap on one append: payloads plus metadata of the whole batch.
pub const DEFAULT_MAX_APPEND_BYTES: usize = 1024 * 1024;

/// What the caller believes the stream's version to be (optimistic concurrency).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExpectedVersion {
    /// Append whatever the stream's state.
    Any,
    /// The stream must have no events yet.
    NoStream,
    /// The stream's last event must have exactly this version (0-based).
    Exact(u64),
}

impl ExpectedVersion {
    fn describe(self) -> String {
        match self {
            ExpectedVersion::Any => "any version".into(),
            ExpectedVersion::NoStream => "no stream".into(),
            ExpectedVersion::Exact(v) => format!("version {v}"),
        }
    }
}

/// The result of a successful append.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AppendOutcome {
    /// Global position of the batch's first event.
    pub first_position: u64,
    /// Global position of the batch's last event.
    pub last_position: u64,
    /// The stream's version after the batch (the last event's version).
    pub stream_version: u64,
    /// True when the batch had been stored before and this call was recognised as a retry.
    pub replayed: bool,
}

/// The outcome of walking the hash chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyReport {
    /// True when every record matched.
    pub ok: bool,
    /// Number of records checked (up to the first bad one).
    pub events: u64,
    /// Hash of the last good record ([`Hash::GENESIS`] for an empty log).
    pub head_hash: Hash,
    /// The first record that does not match, if any.
    pub first_bad_position: Option<u64>,
    /// What is wrong with it.
    pub problem: Option<String>,
}

/// An append-only event log. Cloning a store gives another handle to the same log.
///
/// Positions and versions are 0-based and gap-free. Reads, `durable_head` and subscriptions
/// only ever see durable events: nothing a power cut could take back is shown to anyone.
pub trait EventStore: Clone + Send + Sync + 'static {
    /// Appends `events` to `stream_id` atomically, if the stream is at `expected`. Returns once
    /// the events are durable. A retry of an earlier append (same ids, same content) returns
    /// the original outcome with `replayed: true`.
    fn append(
        &self,
        stream_id: &str,
        expected: ExpectedVersion,
        events: Vec<NewEvent>,
    ) -> impl Future<Output = Result<AppendOutcome, StoreError>> + Send;

    /// Up to `limit` events of one stream, from `from_version` on, in version order.
    fn read_stream(
        &self,
        stream_id: &str,
        from_version: u64,
        limit: usize,
    ) -> impl Future<Output = Result<Vec<RecordedEvent>, StoreError>> + Send;

    /// Up to `limit` events of the whole log, from `from_position` on, in global order.
    fn read_all(
        &self,
        from_position: u64,
        limit: usize,
    ) -> impl Future<Output = Result<Vec<RecordedEvent>, StoreError>> + Send;

    /// The number of durable events (the next position to be written), as a watch that
    /// changes whenever more events become durable.
    fn durable_head(&self) -> watch::Receiver<u64>;

    /// Walks the whole chain and names the first record that does not match.
    fn verify(&self) -> impl Future<Output = Result<VerifyReport, StoreError>> + Send;

    /// Every event from `from_position` on: first those already stored, then each new one as
    /// it becomes durable, in global order, with no gap and no duplicate.
    fn subscribe(&self, from_position: u64) -> crate::Subscription<Self> {
        crate::Subscription::new(self.clone(), from_position)
    }
}

/// Caller-side checks of a batch: run before the batch reaches the writer, so that the single
/// writer spends its time only on what must be serialised.
pub(crate) fn prepare(
    stream_id: &str,
    events: Vec<NewEvent>,
    max_bytes: usize,
) -> Result<Vec<PreparedEvent>, InvalidBatch> {
    if stream_id.is_empty() {
        return Err(InvalidBatch::EmptyStreamId);
    }
    if stream_id.len() > 200 || stream_id.chars().any(char::is_control) {
        return Err(InvalidBatch::BadStreamId(
            stream_id.chars().take(200).collect(),
        ));
    }
    if events.is_empty() {
        return Err(InvalidBatch::Empty);
    }
    let size: usize = events
        .iter()
        .map(|e| e.payload.len() + e.event_type.len() + metadata_size(&e.metadata))
        .sum();
    if size > max_bytes {
        return Err(InvalidBatch::TooLarge {
            size,
            limit: max_bytes,
        });
    }
    let mut seen = HashSet::with_capacity(events.len());
    for e in &events {
        if !seen.insert(e.event_id) {
            return Err(InvalidBatch::DuplicateEventId(e.event_id));
        }
        if e.event_type.is_empty() || e.event_type.len() > 100 {
            return Err(InvalidBatch::BadEventType(e.event_type.clone()));
        }
    }
    events
        .into_iter()
        .map(|e| {
            let text =
                String::from_utf8(e.payload).map_err(|err| InvalidBatch::PayloadNotJson {
                    event_id: e.event_id,
                    reason: err.to_string(),
                })?;
            let payload =
                RawValue::from_string(text).map_err(|err| InvalidBatch::PayloadNotJson {
                    event_id: e.event_id,
                    reason: err.to_string(),
                })?;
            Ok(PreparedEvent {
                event_id: e.event_id,
                event_type: e.event_type,
                schema_version: e.schema_version,
                payload,
                metadata: e.metadata,
                recorded_at: e.recorded_at,
            })
        })
        .collect()
}

fn metadata_size(m: &record::Metadata) -> usize {
    m.actor.as_ref().map_or(0, String::len) + 80
}

/// Checks `expected` against the stream's current last version (`None`: no events).
pub(crate) fn check_expected(
    stream_id: &str,
    expected: ExpectedVersion,
    actual: Option<u64>,
) -> Result<(), StoreError> {
    let ok = match expected {
        ExpectedVersion::Any => true,
        ExpectedVersion::NoStream => actual.is_none(),
        ExpectedVersion::Exact(v) => actual == Some(v),
    };
    if ok {
        Ok(())
    } else {
        Err(StoreError::VersionConflict {
            stream: stream_id.to_owned(),
            expected: expected.describe(),
            actual,
        })
    }
}

/// Decides what a batch is, given what the store holds under each of its ids:
/// `Ok(None)` a fresh append, `Ok(Some(outcome))` a retry of an earlier one, or an error for a
/// reused id or a partial overlap.
pub(crate) fn classify_retry(
    stream_id: &str,
    batch: &[PreparedEvent],
    stored: &[Option<RecordedEvent>],
) -> Result<Option<AppendOutcome>, StoreError> {
    let found = stored.iter().filter(|s| s.is_some()).count();
    if found == 0 {
        return Ok(None);
    }
    for (new, old) in batch.iter().zip(stored) {
        if let Some(old) = old
            && !record::same_content(old, stream_id, new)
        {
            return Err(StoreError::EventIdReused {
                event_id: new.event_id,
            });
        }
    }
    if found < batch.len() {
        let event_id = batch
            .iter()
            .zip(stored)
            .find(|(_, s)| s.is_some())
            .map(|(e, _)| e.event_id)
            .unwrap_or_default();
        return Err(StoreError::PartialRetry { event_id });
    }
    let records = stored.iter().flatten();
    let first = records.clone().map(|r| r.position).min().unwrap_or(0);
    let last = records.clone().map(|r| r.position).max().unwrap_or(0);
    let version = records.map(|r| r.stream_version).max().unwrap_or(0);
    Ok(Some(AppendOutcome {
        first_position: first,
        last_position: last,
        stream_version: version,
        replayed: true,
    }))
}

/// Walks stored records in position order and remembers the first that breaks the chain.
#[derive(Debug)]
pub(crate) struct ChainWalker {
    expected_position: u64,
    prev: Hash,
    bad: Option<(u64, String)>,
}

impl ChainWalker {
    pub(crate) fn new() -> Self {
        ChainWalker {
            expected_position: 0,
            prev: Hash::GENESIS,
            bad: None,
        }
    }

    /// Feeds the stored value found at `position`; returns false once the chain is broken.
    pub(crate) fn feed(&mut self, position: u64, stored: &[u8]) -> bool {
        if self.bad.is_some() {
            return false;
        }
        let problem = if position != self.expected_position {
            Some(format!(
                "position {} is missing (found {position} next)",
                self.expected_position
            ))
        } else {
            match record::decode(position, stored) {
                Err(e) => Some(e.to_string()),
                Ok(rec) if Hash::of(&rec.body) != rec.hash => {
                    Some("the record's bytes do not match its hash".to_owned())
                }
                Ok(rec) if rec.prev_hash != self.prev => {
                    Some("prev_hash does not name the record before it".to_owned())
                }
                Ok(rec) if rec.position != position => {
                    Some(format!("the record says position {}", rec.position))
                }
                Ok(rec) => {
                    self.prev = rec.hash;
                    self.expected_position += 1;
                    None
                }
            }
        };
        match problem {
            Some(p) => {
                self.bad = Some((self.expected_position, p));
                false
            }
            None => true,
        }
    }

    /// The report, given how many records the log claims to hold.
    pub(crate) fn finish(self, claimed: u64) -> VerifyReport {
        let (first_bad_position, problem) = match self.bad {
            Some((pos, p)) => (Some(pos), Some(p)),
            None if self.expected_position < claimed => (
                Some(self.expected_position),
                Some(format!("position {} is missing", self.expected_position)),
            ),
            None => (None, None),
        };
        VerifyReport {
            ok: first_bad_position.is_none(),
            events: self.expected_position,
            head_hash: self.prev,
            first_bad_position,
            problem,
        }
    }
}
