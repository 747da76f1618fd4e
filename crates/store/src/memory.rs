//! An in-memory backend for fast unit tests of the layers above.
//!
//! It keeps the same records, runs the same checks (`contract.rs`) and passes the same
//! conformance suite as the sled backend; it is simply not durable. Never use it to run
//! Accolade for real.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use time::OffsetDateTime;
use tokio::sync::watch;
use uuid::Uuid;

use crate::contract::{
    self, AppendOutcome, ChainWalker, EventStore, ExpectedVersion, VerifyReport,
};
use crate::error::StoreError;
use crate::record::{self, Hash, NewEvent, Placement, RecordedEvent};

/// A volatile event store. Clones share one log.
#[derive(Debug, Clone)]
pub struct MemoryStore {
    inner: Arc<Mutex<Log>>,
    head: watch::Receiver<u64>,
    max_append_bytes: usize,
}

#[derive(Debug)]
struct Log {
    records: Vec<Vec<u8>>,
    streams: HashMap<String, Vec<u64>>,
    ids: HashMap<Uuid, u64>,
    last_hash: Hash,
    head_tx: watch::Sender<u64>,
}

impl Default for MemoryStore {
    fn default() -> Self {
        Self::new()
    }
}

impl MemoryStore {
    /// An empty log.
    pub fn new() -> Self {
        let (head_tx, head) = watch::channel(0);
        MemoryStore {
            inner: Arc::new(Mutex::new(Log {
                records: Vec::new(),
                streams: HashMap::new(),
                ids: HashMap::new(),
                last_hash: Hash::GENESIS,
                head_tx,
            })),
            head,
            max_append_bytes: contract::DEFAULT_MAX_APPEND_BYTES,
        }
    }

    fn lock(&self) -> MutexGuard<'_, Log> {
        // A panic while holding the lock cannot leave the log half-written: every append
        // computes its records first and pushes them only once all checks have passed.
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Log {
    fn record(&self, position: u64) -> Result<RecordedEvent, StoreError> {
        let stored = self
            .records
            .get(position as usize)
            .ok_or(StoreError::Corrupt {
                position,
                reason: "indexed record is missing".into(),
            })?;
        record::decode(position, stored)
    }
}

impl EventStore for MemoryStore {
    async fn append(
        &self,
        stream_id: &str,
        expected: ExpectedVersion,
        events: Vec<NewEvent>,
    ) -> Result<AppendOutcome, StoreError> {
        let batch = contract::prepare(stream_id, events, self.max_append_bytes)?;
        let mut log = self.lock();
        let stored: Vec<Option<RecordedEvent>> = batch
            .iter()
            .map(|e| log.ids.get(&e.event_id).map(|&p| log.record(p)).transpose())
            .collect::<Result<_, _>>()?;
        if let Some(outcome) = contract::classify_retry(stream_id, &batch, &stored)? {
            return Ok(outcome);
        }
        let current = log.streams.get(stream_id).map(|v| v.len() as u64 - 1);
        contract::check_expected(stream_id, expected, current)?;

        let now = OffsetDateTime::now_utc();
        let first_position = log.records.len() as u64;
        let first_version = current.map_or(0, |v| v + 1);
        let mut prev = log.last_hash;
        let mut encoded = Vec::with_capacity(batch.len());
        for (i, ev) in batch.iter().enumerate() {
            let (bytes, hash) = record::encode(
                ev,
                &Placement {
                    position: first_position + i as u64,
                    stream_id,
                    stream_version: first_version + i as u64,
                    recorded_at: now,
                    prev_hash: prev,
                },
            );
            prev = hash;
            encoded.push((ev.event_id, bytes));
        }
        let count = encoded.len() as u64;
        for (i, (id, bytes)) in encoded.into_iter().enumerate() {
            let position = first_position + i as u64;
            log.records.push(bytes);
            log.ids.insert(id, position);
            log.streams
                .entry(stream_id.to_owned())
                .or_default()
                .push(position);
        }
        log.last_hash = prev;
        let head = log.records.len() as u64;
        log.head_tx.send_replace(head);
        Ok(AppendOutcome {
            first_position,
            last_position: first_position + count - 1,
            stream_version: first_version + count - 1,
            replayed: false,
        })
    }

    async fn read_stream(
        &self,
        stream_id: &str,
        from_version: u64,
        limit: usize,
    ) -> Result<Vec<RecordedEvent>, StoreError> {
        let log = self.lock();
        let Some(positions) = log.streams.get(stream_id) else {
            return Ok(Vec::new());
        };
        positions
            .iter()
            .skip(from_version as usize)
            .take(limit)
            .map(|&p| log.record(p))
            .collect()
    }

    async fn read_all(
        &self,
        from_position: u64,
        limit: usize,
    ) -> Result<Vec<RecordedEvent>, StoreError> {
        let log = self.lock();
        let end = (from_position as usize)
            .saturating_add(limit)
            .min(log.records.len());
        (from_position as usize..end)
            .map(|p| log.record(p as u64))
            .collect()
    }

    fn durable_head(&self) -> watch::Receiver<u64> {
        self.head.clone()
    }

    async fn verify(&self) -> Result<VerifyReport, StoreError> {
        let log = self.lock();
        let mut walker = ChainWalker::new();
        for (p, stored) in log.records.iter().enumerate() {
            if !walker.feed(p as u64, stored) {
                break;
            }
        }
        Ok(walker.finish(log.records.len() as u64))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn memory_store_passes_the_conformance_suite() {
        crate::conformance::run_all(|| async { MemoryStore::new() }).await;
    }
}
