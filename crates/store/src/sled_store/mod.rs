//! The embedded backend: the log in a sled 0.34.7 database on local disk.
//!
//! Writes go through three threads: the writer places and hashes events and writes them as
//! frames (`writer.rs`), the flusher makes them durable and answers (`durability.rs`), and the
//! indexer files them under their id and stream (`index.rs`). Reads go straight to sled from
//! the caller, capped at the durable head so that no reader ever sees an event that a power
//! cut could still take back.

mod durability;
mod frame;
mod index;
mod keys;
mod wal;
mod writer;

use std::collections::HashSet;
use std::ffi::OsString;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use tokio::sync::{mpsc, oneshot, watch};

use crate::contract::{
    self, AppendOutcome, ChainWalker, EventStore, ExpectedVersion, VerifyReport,
};
use crate::error::StoreError;
use crate::record::{self, Hash, NewEvent, RecordedEvent};
use durability::{Flusher, Poison};
use index::{Indexer, PendingIndex};
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
    pending: Arc<PendingIndex>,
    in_flight: Arc<AtomicUsize>,
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
        let db = open_db(&path, config.cache_capacity)?;
        if created {
            // Make the new directory entries themselves durable.
            File::open(&path)?.sync_all()?;
        }

        let data_file = File::open(path.join("db"))?;
        let mut wal = wal::Wal::open(&path)?;
        // Blobs synced at open need no second sync at the first checkpoint.
        let mut synced_blobs = HashSet::new();
        let (next_position, last_hash) =
            recover(&db, &data_file, &path, &mut wal, &mut synced_blobs)?;
        index::catch_up(&db, next_position)?;
        let poison = Arc::new(Poison::default());
        let (req_tx, req_rx) = mpsc::channel(QUEUE_DEPTH);
        let (group_tx, group_rx) = std::sync::mpsc::channel();
        let (head_tx, head_rx) = watch::channel(next_position);
        let (index_tx, index_rx) = std::sync::mpsc::channel();
        let pending = Arc::new(PendingIndex::default());
        let in_flight = Arc::new(AtomicUsize::new(0));

        let writer = Writer::new(
            db.clone(),
            req_rx,
            group_tx,
            poison.clone(),
            pending.clone(),
            next_position,
            last_hash,
        );
        let flusher = Flusher {
            db: db.clone(),
            data_file,
            wal,
            last_checkpoint: std::time::Instant::now(),
            blobs_dir: path.join("blobs"),
            groups: group_rx,
            head: head_tx,
            poison: poison.clone(),
            indexer: index_tx,
            synced_blobs,
            in_flight: in_flight.clone(),
        };
        let indexer = Indexer {
            db: db.clone(),
            pending: pending.clone(),
            heads: index_rx,
            poison,
        };
        let threads = vec![
            std::thread::Builder::new()
                .name("accolade-store-writer".into())
                .spawn(move || writer.run())?,
            std::thread::Builder::new()
                .name("accolade-store-flusher".into())
                .spawn(move || flusher.run())?,
            std::thread::Builder::new()
                .name("accolade-store-indexer".into())
                .spawn(move || indexer.run())?,
        ];
        Ok(SledStore {
            inner: Arc::new(Inner {
                db,
                requests: Mutex::new(Some(req_tx)),
                head: head_rx,
                max_append_bytes: config.max_append_bytes,
                path,
                threads: Mutex::new(threads),
                pending,
                in_flight,
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

/// Opens sled, waiting a moment if the directory is locked: sled's I/O threads can hold the
/// lock for a few milliseconds after the last handle of a previous open is dropped.
fn open_db(path: &Path, cache_capacity: u64) -> Result<sled::Db, StoreError> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(1);
    loop {
        let result = sled::Config::new()
            .path(path)
            .cache_capacity(cache_capacity)
            // Our flusher flushes after every group; sled's timer would only compete with it.
            .flush_every_ms(None)
            .open();
        match result {
            Ok(db) => return Ok(db),
            Err(sled::Error::Io(io)) if io.to_string().contains("could not acquire lock") => {
                if std::time::Instant::now() >= deadline {
                    return Err(StoreError::Locked {
                        path: path.display().to_string(),
                    });
                }
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            Err(other) => return Err(other.into()),
        }
    }
}

/// Finds the record at `position`: in the frame with the greatest first position not above it.
pub(super) fn read_record(db: &sled::Db, position: u64) -> Result<RecordedEvent, StoreError> {
    let missing = || StoreError::Corrupt {
        position,
        reason: "the record is missing".into(),
    };
    let (key, value) = db
        .range(keys::group_key(0)..=keys::group_key(position))
        .next_back()
        .ok_or_else(missing)??;
    let first = keys::position_of_group_key(&key).ok_or_else(missing)?;
    for item in frame::records(first, &frame::open(first, &value)?) {
        let (p, stored) = item?;
        if p == position {
            return record::decode(position, stored);
        }
    }
    Err(missing())
}

/// Brings sled up to date with the journal after a crash, makes it durable, and returns the
/// head of the log.
fn recover(
    db: &sled::Db,
    data_file: &File,
    path: &Path,
    wal: &mut wal::Wal,
    synced_blobs: &mut HashSet<OsString>,
) -> Result<(u64, Hash), StoreError> {
    let (next, _) = recover_head(db)?;
    for entry in wal.recover(next)? {
        frame::write(db, &entry.frames)?;
    }
    db.flush()?;
    data_file.sync_data()?;
    durability::sync_new_blobs(&path.join("blobs"), synced_blobs)?;
    wal.restart()?;
    recover_head(db)
}

/// The next position and the last hash, from the last record of the last frame.
fn recover_head(db: &sled::Db) -> Result<(u64, Hash), StoreError> {
    let Some(entry) = db.scan_prefix([keys::GROUP]).next_back() else {
        return Ok((0, Hash::GENESIS));
    };
    let (key, value) = entry?;
    let first = keys::position_of_group_key(&key).ok_or(StoreError::Corrupt {
        position: 0,
        reason: "a frame key is malformed".into(),
    })?;
    let mut last = None;
    for item in frame::records(first, &frame::open(first, &value)?) {
        let (position, stored) = item?;
        last = Some((position, record::decode(position, stored)?.hash));
    }
    match last {
        Some((position, hash)) => Ok((position + 1, hash)),
        None => Err(StoreError::Corrupt {
            position: first,
            reason: "the last frame is empty".into(),
        }),
    }
}

/// Calls `f` with each stored record from `from` on (below `end`), in position order.
pub(super) fn for_each_stored(
    db: &sled::Db,
    from: u64,
    end: u64,
    mut f: impl FnMut(u64, &[u8]) -> Result<bool, StoreError>,
) -> Result<(), StoreError> {
    if from >= end {
        return Ok(());
    }
    let start = match db
        .range(keys::group_key(0)..=keys::group_key(from))
        .next_back()
    {
        Some(entry) => entry?.0.to_vec(),
        None => keys::group_key(0).to_vec(),
    };
    for entry in db.range(start..keys::group_key(end).to_vec()) {
        let (key, value) = entry?;
        let first = keys::position_of_group_key(&key).unwrap_or(u64::MAX);
        for item in frame::records(first, &frame::open(first, &value)?) {
            let (position, stored) = item?;
            if position < from {
                continue;
            }
            if position >= end || !f(position, stored)? {
                return Ok(());
            }
        }
    }
    Ok(())
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
        // Counted before queueing, uncounted by the flusher as it answers (see
        // `Flusher::gather`), or here if the request never reaches the writer.
        self.inner.in_flight.fetch_add(1, Ordering::AcqRel);
        let request = Request {
            stream_id: stream_id.to_owned(),
            expected,
            events,
            reply,
        };
        if sender.send(request).await.is_err() {
            self.inner.in_flight.fetch_sub(1, Ordering::AcqRel);
            return Err(StoreError::Closed);
        }
        answer.await.map_err(|_| StoreError::Closed)?
    }

    async fn read_stream(
        &self,
        stream_id: &str,
        from_version: u64,
        limit: usize,
    ) -> Result<Vec<RecordedEvent>, StoreError> {
        let durable = *self.inner.head.borrow();
        // Pending first, then sled (see `index.rs`); pending entries always follow the
        // indexed ones, so the merge is "sled, then pending beyond sled's last version".
        let pending = self.inner.pending.stream(stream_id, from_version);
        let start = keys::stream_key(stream_id, from_version);
        let end = keys::stream_key(stream_id, u64::MAX);
        let mut positions = Vec::new();
        let mut last_version = None;
        for entry in self.inner.db.range(start..=end).take(limit) {
            let (key, pos) = entry?;
            let position = keys::be_u64(&pos)
                .ok_or_else(|| StoreError::Database("stream index entry is malformed".into()))?;
            last_version = keys::version_of_stream_key(&key);
            positions.push(position);
        }
        positions.extend(
            pending
                .into_iter()
                .filter(|(v, _)| last_version.is_none_or(|last| *v > last))
                .map(|(_, p)| p),
        );
        positions
            .into_iter()
            .take(limit)
            .take_while(|&p| p < durable)
            .map(|p| read_record(&self.inner.db, p))
            .collect()
    }

    async fn read_all(
        &self,
        from_position: u64,
        limit: usize,
    ) -> Result<Vec<RecordedEvent>, StoreError> {
        let durable = *self.inner.head.borrow();
        let end = from_position.saturating_add(limit as u64).min(durable);
        let mut out = Vec::with_capacity(end.saturating_sub(from_position) as usize);
        for_each_stored(&self.inner.db, from_position, end, |position, stored| {
            out.push(record::decode(position, stored)?);
            Ok(true)
        })?;
        Ok(out)
    }

    fn durable_head(&self) -> watch::Receiver<u64> {
        self.inner.head.clone()
    }

    async fn verify(&self) -> Result<VerifyReport, StoreError> {
        let durable = *self.inner.head.borrow();
        let mut walker = ChainWalker::new();
        for_each_stored(&self.inner.db, 0, durable, |position, stored| {
            Ok(walker.feed(position, stored))
        })?;
        Ok(walker.finish(durable))
    }
}

/// Test support (feature `test-support`, never in a production build): rewrite the stored
/// bytes of one record, bypassing every check, to prove that verification notices. Opens the
/// directory directly, so the store must be closed.
#[cfg(any(test, feature = "test-support"))]
pub fn tamper_with_record(
    path: &Path,
    position: u64,
    edit: impl FnOnce(&mut Vec<u8>),
) -> Result<(), StoreError> {
    let db = open_db(path, 16 * 1024 * 1024)?;
    let (key, value) = db
        .range(keys::group_key(0)..=keys::group_key(position))
        .next_back()
        .ok_or(StoreError::Corrupt {
            position,
            reason: "no record at this position".into(),
        })??;
    let first = keys::position_of_group_key(&key).unwrap_or(0);
    let mut edit = Some(edit);
    let mut rebuilt = Vec::with_capacity(value.len());
    for item in frame::records(first, &frame::open(first, &value)?) {
        let (p, stored) = item?;
        let mut stored = stored.to_vec();
        if p == position
            && let Some(edit) = edit.take()
        {
            edit(&mut stored);
        }
        frame::push(&mut rebuilt, &stored);
    }
    db.insert(key, frame::seal(&rebuilt))?;
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
