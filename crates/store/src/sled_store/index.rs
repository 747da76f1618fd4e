//! The id and stream indexes, kept off the commit path.
//!
//! Appends must find an event id (idempotent retries) and a stream's events (`read_stream`),
//! but writing those index entries on the commit path would triple the sled inserts that every
//! append waits for. So the writer records new entries in [`Pending`] (memory) and the
//! indexer thread writes them to sled once they are durable, together with the `x` mark that
//! says how far the indexes reach, in one atomic batch. After a crash the indexes are rebuilt
//! from the mark to the head of the log at open ([`catch_up`]), so the durable log stays the
//! only source of truth and the indexes never lose an entry.
//!
//! Lookups read `Pending` first and sled second. An entry moves the other way: it is written
//! to sled *before* it is dropped from `Pending`. So a lookup that misses an entry in
//! `Pending` finds it in sled, and no entry is ever invisible to both.

use std::collections::{HashMap, VecDeque};
use std::sync::mpsc as std_mpsc;
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

use uuid::Uuid;

use super::durability::Poison;
use super::keys;
use crate::error::StoreError;
use crate::record;

/// One event's index entries.
#[derive(Debug, Clone)]
pub(crate) struct IndexEntry {
    pub position: u64,
    pub stream_id: Arc<str>,
    pub stream_version: u64,
    pub event_id: Uuid,
}

/// Entries written to the log but not yet to the sled indexes.
#[derive(Debug, Default)]
pub(crate) struct Pending {
    ids: HashMap<Uuid, u64>,
    /// Per stream, `(version, position)` in version order.
    streams: HashMap<Arc<str>, VecDeque<(u64, u64)>>,
    /// Every pending entry in position order, for the indexer.
    queue: VecDeque<IndexEntry>,
}

/// The shared handle on [`Pending`].
#[derive(Debug, Default)]
pub(crate) struct PendingIndex(RwLock<Pending>);

impl PendingIndex {
    fn read(&self) -> RwLockReadGuard<'_, Pending> {
        // Every update below is a handful of map operations that cannot panic half-way.
        self.0.read().unwrap_or_else(|p| p.into_inner())
    }

    fn write(&self) -> RwLockWriteGuard<'_, Pending> {
        self.0.write().unwrap_or_else(|p| p.into_inner())
    }

    /// Adds the entries of a group the writer has just written.
    pub(crate) fn add(&self, entries: impl IntoIterator<Item = IndexEntry>) {
        let mut p = self.write();
        for e in entries {
            p.ids.insert(e.event_id, e.position);
            p.streams
                .entry(e.stream_id.clone())
                .or_default()
                .push_back((e.stream_version, e.position));
            p.queue.push_back(e);
        }
    }

    /// The position of a pending event.
    pub(crate) fn id(&self, id: &Uuid) -> Option<u64> {
        self.read().ids.get(id).copied()
    }

    /// A stream's pending `(version, position)` pairs from `from_version` on.
    pub(crate) fn stream(&self, stream_id: &str, from_version: u64) -> Vec<(u64, u64)> {
        self.read()
            .streams
            .get(stream_id)
            .map(|v| {
                v.iter()
                    .filter(|(ver, _)| *ver >= from_version)
                    .copied()
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The queued entries below `head`, oldest first (they stay visible until `forget`).
    fn durable_entries(&self, head: u64) -> Vec<IndexEntry> {
        self.read()
            .queue
            .iter()
            .take_while(|e| e.position < head)
            .cloned()
            .collect()
    }

    /// Drops entries that are now in sled.
    fn forget(&self, entries: &[IndexEntry]) {
        let mut p = self.write();
        for e in entries {
            p.queue.pop_front();
            p.ids.remove(&e.event_id);
            if let Some(list) = p.streams.get_mut(&e.stream_id) {
                list.pop_front();
                if list.is_empty() {
                    p.streams.remove(&e.stream_id);
                }
            }
        }
    }
}

/// Writes `entries` and the new mark in one atomic batch.
fn write_entries(db: &sled::Db, entries: &[IndexEntry], mark: u64) -> Result<(), StoreError> {
    let mut batch = sled::Batch::default();
    for e in entries {
        let pos = e.position.to_be_bytes();
        batch.insert(keys::stream_key(&e.stream_id, e.stream_version), &pos);
        batch.insert(&keys::id_key(e.event_id), &pos);
    }
    batch.insert(keys::INDEXED, &mark.to_be_bytes());
    db.apply_batch(batch)?;
    Ok(())
}

/// Indexes the records from the `x` mark to `head`: run at open, before any append, so
/// that the writer's lookups only ever need `Pending` for what it wrote itself.
pub(crate) fn catch_up(db: &sled::Db, head: u64) -> Result<(), StoreError> {
    let mark = match db.get(keys::INDEXED)? {
        Some(v) => keys::be_u64(&v).unwrap_or(0),
        None => 0,
    };
    if mark >= head {
        return Ok(());
    }
    let mut entries = Vec::new();
    super::for_each_stored(db, mark, head, |position, stored| {
        let rec = record::decode(position, stored)?;
        entries.push(IndexEntry {
            position,
            stream_id: Arc::from(rec.stream_id.as_str()),
            stream_version: rec.stream_version,
            event_id: rec.event_id,
        });
        if entries.len() >= 10_000 {
            write_entries(db, &entries, position + 1)?;
            entries.clear();
        }
        Ok(true)
    })?;
    write_entries(db, &entries, head)
}

/// The indexer thread: told each new durable head by the flusher.
pub(crate) struct Indexer {
    pub db: sled::Db,
    pub pending: Arc<PendingIndex>,
    pub heads: std_mpsc::Receiver<u64>,
    pub poison: Arc<Poison>,
}

impl Indexer {
    /// Runs until the flusher stops.
    pub(crate) fn run(self) {
        while let Ok(mut head) = self.heads.recv() {
            while let Ok(more) = self.heads.try_recv() {
                head = head.max(more);
            }
            let entries = self.pending.durable_entries(head);
            let Some(last) = entries.last() else { continue };
            match write_entries(&self.db, &entries, last.position + 1) {
                Ok(()) => self.pending.forget(&entries),
                // Entries stay in `Pending`, so lookups still find them; the store stops
                // taking writes and the indexes are rebuilt at the next open.
                Err(e) => self.poison.set(format!("writing the indexes failed: {e}")),
            }
        }
    }
}
