//! The embedded backend: the log in a sled 0.34.7 database on local disk.
//!
//! Writes go through two threads (see `writer.rs` and `durability.rs`); reads go straight to
//! sled from the caller, capped at the durable head so that no reader ever sees an event that
//! a power cut could still take back.

mod durability;
mod keys;
mod writer;

use std::collections::HashSet;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use tokio::sync::{mpsc, oneshot, watch};

use crate::contract::{self, AppendOutcome, ChainWalker, EventStore, ExpectedVersion, VerifyReport};
use crate::error::StoreError;
use crate::record::{self, Hash, NewEvent, RecordedEvent};
use durability::{Flusher, Poison};
use writer::{Request, Writer};

/// How many appends may wait for the writer before callers wait to queue.
const QUEUE_DEPTH: usize = 4096;

/// Settings of a sled store.
#[derive(Debug, Clone)]
pub struct SledConfig {
    /// The data directory; created if missing.
    pub path: PathBuf,
    /// sled's page cache, in bytes.
    pub cache_capacity: u64,
    /// Largest append accepted (payloads and metadata of the batch).
    pub max_append_bytes: usize,
}

impl SledConfig {
    /// Defaults for a data directory.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        SledConfig {
            path: path.into(),
            cache_capacity: 128 * 1024 * 1024,
            max_append_bytes: contract::DEFAULT_MAX_APPEND_BYTES,
        }
    }
}

/// The sled-backed event store. Clones share one store; it closes when the last is dropped.
#[derive(Debug, Clone)]
pub struct SledStore {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    db: sled::Db,
    requests: Mutex<Option<mpsc::Sender<Request>>>,
    head: watch::Receiver<u64>,
    max_append_bytes: usize,
    path: PathBuf,
    threads: Mutex<Vec<JoinHandle<()>>>,
}

impl SledStore {
    /// Opens (or creates) the store in `path` with default settings.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, StoreError> {
        Self::open_with(SledConfig::new(path.as_ref()))
    }

    /// Opens (or creates) a store.
    pub fn open_with(config: SledConfig) -> Result<Self, StoreError> {
        let path = config.path.clone();
        let created = !path.join("db").exists();
        std::fs::create_dir_all(&path)?;
        let db = sled::Config::new()
            .path(&path)
            .cache_capacity(config.cache_capacity)
            // Our flusher flushes after every group; sled's timer would only compete with it.
            .flush_every_ms(None)
            .open()
            .map_err(|e| match e {
                sled::Error::Io(io) if io.to_string().contains("could not acquire lock") => {
                    StoreError::Locked {
                        path: path.display().to_string(),
                    }
                }
                other => other.into(),
            })?;
        if created {
            // Make the new directory entries themselves durable.
            File::open(&path)?.sync_all()?;
        }

        let (next_position, last_hash) = recover_head(&db)?;
        let data_file = File::open(path.join("db"))?;
        let poison = Arc::new(Poison::default());
        let (req_tx, req_rx) = mpsc::channel(QUEUE_DEPTH);
        let (group_tx, group_rx) = std::sync::mpsc::channel();
        let (head_tx, head_rx) = watch::channel(next_position);

        let writer = Writer::new(
            db.clone(),
            req_rx,
            group_tx,
            poison.clone(),
            next_position,
            last_hash,
        );
        let flusher = Flusher {
            db: db.clone(),
            data_file,
            blobs_dir: path.join("blobs"),
            groups: group_rx,
            head: head_tx,
            poison,
            synced_blobs: HashSet::new(),
        };
        let threads = vec![
            std::thread::Builder::new()
                .name("accolade-store-writer".into())
                .spawn(move || writer.run())?,
            std::thread::Builder::new()
                .name("accolade-store-flusher".into())
                .spawn(move || flusher.run())?,
        ];
        Ok(SledStore {
            inner: Arc::new(Inner {
                db,
                requests: Mutex::new(Some(req_tx)),
                head: head_rx,
                max_append_bytes: config.max_append_bytes,
                path,
                threads: Mutex::new(threads),
            }),
        })
    }

    /// The data directory.
    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// Stops accepting appends, waits for those already queued to be answered, and releases
    /// the directory once every clone is dropped. Safe to call more than once.
    pub fn close(&self) {
        self.inner.shutdown();
    }

    fn record_at(&self, position: u64) -> Result<RecordedEvent, StoreError> {
        let stored = self
            .inner
            .db
            .get(keys::log_key(position))?
            .ok_or(StoreError::Corrupt {
                position,
                reason: "the record is missing".into(),
            })?;
        record::decode(position, &stored)
    }

    fn sender(&self) -> Option<mpsc::Sender<Request>> {
        self.inner
            .requests
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
}

impl Inner {
    fn shutdown(&self) {
        // Dropping the only sender ends the writer, which ends the flusher.
        self.requests
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take();
        let threads = std::mem::take(&mut *self.threads.lock().unwrap_or_else(|p| p.into_inner()));
        for t in threads {
            let _ = t.join();
        }
    }
}

impl Drop for Inner {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// Reads the head row and checks it against the last record, so that a damaged index is
/// reported at open rather than silently extended.
fn recover_head(db: &sled::Db) -> Result<(u64, Hash), StoreError> {
    let head = match db.get(keys::HEAD)? {
        None => None,
        Some(v) => Some(keys::decode_head(&v).ok_or_else(|| StoreError::Corrupt {
            position: 0,
            reason: "the head row is malformed".into(),
        })?),
    };
    let last = match db.scan_prefix([keys::LOG]).next_back() {
        None => None,
        Some(entry) => {
            let (key, value) = entry?;
            let position = keys::be_u64(&key[1..]).ok_or(StoreError::Corrupt {
                position: 0,
                reason: "a log key is malformed".into(),
            })?;
            Some((position, record::decode(position, &value)?.hash))
        }
    };
    match (head, last) {
        (None, None) => Ok((0, Hash::GENESIS)),
        (Some((next, hash)), Some((pos, last_hash))) if next == pos + 1 && hash == last_hash.0 => {
            Ok((next, last_hash))
        }
        (_, last) => Err(StoreError::Corrupt {
            position: last.map_or(0, |(p, _)| p),
            reason: "the head row does not match the last record".into(),
        }),
    }
}

impl EventStore for SledStore {
    async fn append(
        &self,
        stream_id: &str,
        expected: ExpectedVersion,
        events: Vec<NewEvent>,
    ) -> Result<AppendOutcome, StoreError> {
        let events = contract::prepare(stream_id, events, self.inner.max_append_bytes)?;
        let sender = self.sender().ok_or(StoreError::Closed)?;
        let (reply, answer) = oneshot::channel();
        sender
            .send(Request {
                stream_id: stream_id.to_owned(),
                expected,
                events,
                reply,
            })
            .await
            .map_err(|_| StoreError::Closed)?;
        answer.await.map_err(|_| StoreError::Closed)?
    }

    async fn read_stream(
        &self,
        stream_id: &str,
        from_version: u64,
        limit: usize,
    ) -> Result<Vec<RecordedEvent>, StoreError> {
        let durable = *self.inner.head.borrow();
        let start = keys::stream_key(stream_id, from_version);
        let end = keys::stream_key(stream_id, u64::MAX);
        let mut out = Vec::new();
        for entry in self.inner.db.range(start..=end).take(limit) {
            let (_, pos) = entry?;
            let position = keys::be_u64(&pos)
                .ok_or_else(|| StoreError::Database("stream index entry is malformed".into()))?;
            if position >= durable {
                break;
            }
            out.push(self.record_at(position)?);
        }
        Ok(out)
    }

    async fn read_all(
        &self,
        from_position: u64,
        limit: usize,
    ) -> Result<Vec<RecordedEvent>, StoreError> {
        let durable = *self.inner.head.borrow();
        let end = from_position.saturating_add(limit as u64).min(durable);
        if from_position >= end {
            return Ok(Vec::new());
        }
        let mut out = Vec::with_capacity((end - from_position) as usize);
        for entry in self
            .inner
            .db
            .range(keys::log_key(from_position)..keys::log_key(end))
        {
            let (key, value) = entry?;
            let position = keys::be_u64(&key[1..]).unwrap_or(u64::MAX);
            out.push(record::decode(position, &value)?);
        }
        Ok(out)
    }

    fn durable_head(&self) -> watch::Receiver<u64> {
        self.inner.head.clone()
    }

    async fn verify(&self) -> Result<VerifyReport, StoreError> {
        let durable = *self.inner.head.borrow();
        let mut walker = ChainWalker::new();
        for entry in self
            .inner
            .db
            .range(keys::log_key(0)..keys::log_key(durable))
        {
            let (key, value) = entry?;
            let position = keys::be_u64(&key[1..]).unwrap_or(u64::MAX);
            if !walker.feed(position, &value) {
                break;
            }
        }
        Ok(walker.finish(durable))
    }
}

/// Test support: rewrite the stored bytes of one record, bypassing every check, to prove
/// that verification notices. Opens the directory directly, so the store must be closed.
#[doc(hidden)]
pub fn tamper_with_record(
    path: &Path,
    position: u64,
    edit: impl FnOnce(&mut Vec<u8>),
) -> Result<(), StoreError> {
    let db = sled::Config::new().path(path).open()?;
    let key = keys::log_key(position);
    let mut value = db
        .get(key)?
        .ok_or(StoreError::Corrupt {
            position,
            reason: "no record at this position".into(),
        })?
        .to_vec();
    edit(&mut value);
    db.insert(key, value)?;
    db.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn sled_store_passes_the_conformance_suite() {
        let dir = tempfile::tempdir().unwrap();
        let n = std::sync::atomic::AtomicUsize::new(0);
        crate::conformance::run_all(|| {
            let i = n.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let path = dir.path().join(i.to_string());
            async move { SledStore::open(path).unwrap() }
        })
        .await;
    }
}
