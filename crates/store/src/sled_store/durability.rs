//! The flusher: group commit, stage two — making groups durable, then answering.
//!
//! Each gathered batch of groups is written to the journal (`wal.rs`) and made durable with
//! one `fdatasync`; only then does this thread move the durable head and answer the callers.
//! One sync serves every group that arrived while the previous one was running, which is what
//! makes durable appends cheap under concurrency.
//!
//! Now and then (every [`CHECKPOINT_EVERY`], or when the journal fills) the flusher takes a
//! checkpoint: it flushes sled, and — because sled 0.34's flush ends in `sync_file_range`, which
//! neither flushes the disk's cache nor syncs metadata, and writes big nodes to `blobs/` files
//! it never syncs — follows it with `fdatasync` of sled's data file and a sync of every new blob
//! file and of their directory. After that sled holds every journalled group durably, and the
//! journal starts over.

use std::collections::HashSet;
use std::ffi::OsString;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc as std_mpsc;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use tokio::sync::{oneshot, watch};

use super::wal::{self, Wal};
use crate::contract::AppendOutcome;
use crate::error::StoreError;

/// A caller's reply channel and the answer it will get once the group is durable.
pub(crate) type Reply = (
    oneshot::Sender<Result<AppendOutcome, StoreError>>,
    Result<AppendOutcome, StoreError>,
);

/// The answers for one group, its journal entry (none when nothing was written), and the
/// log's head once it is durable.
pub(crate) struct Group {
    pub entry: Option<wal::Entry>,
    pub replies: Vec<Reply>,
    pub head: u64,
}

/// Set once, when a write or a flush fails; from then on the store refuses writes.
///
/// After a failed fsync the kernel may already have dropped the dirty pages, so retrying it
/// can report success for data that is gone (the "fsyncgate" lesson PostgreSQL learnt). The
/// only honest course is to stop acknowledging and let a restart recover from what is on disk.
#[derive(Debug, Default)]
pub(crate) struct Poison(OnceLock<String>);

impl Poison {
    pub(crate) fn get(&self) -> Option<String> {
        self.0.get().cloned()
    }

    pub(crate) fn set(&self, why: String) {
        let _ = self.0.set(why);
    }
}

pub(crate) struct Flusher {
    pub db: sled::Db,
    pub data_file: File,
    pub wal: Wal,
    pub last_checkpoint: Instant,
    pub blobs_dir: PathBuf,
    pub groups: std_mpsc::Receiver<Group>,
    pub head: watch::Sender<u64>,
    pub poison: Arc<Poison>,
    /// Tells the indexer each new durable head.
    pub indexer: std_mpsc::Sender<u64>,
    pub synced_blobs: HashSet<OsString>,
    /// Appends queued or being written, counted by `SledStore::append` and here.
    pub in_flight: Arc<AtomicUsize>,
}

/// The longest a flush waits for appends still on their way (see `Flusher::gather`).
const MAX_COMMIT_DELAY: Duration = Duration::from_micros(300);

/// How often sled is made durable and the journal restarted. Rarer checkpoints mean fewer
/// stalls; more frequent ones a shorter journal to replay after a crash.
const CHECKPOINT_EVERY: Duration = Duration::from_secs(1);

impl Flusher {
    /// Runs until the writer stops.
    pub(crate) fn run(mut self) {
        while let Ok(first) = self.groups.recv() {
            let groups = self.gather(first);
            let head = groups.iter().map(|g| g.head).max().unwrap_or(0);
            let result = match self.poison.get() {
                Some(why) => Err(why),
                None => self.make_durable(&groups).map_err(|e| {
                    let why = format!("flush failed: {e}");
                    self.poison.set(why.clone());
                    why
                }),
            };
            if result.is_ok() {
                // Head first, then answers: a caller who hears "ok" can read its events.
                self.head.send_if_modified(|h| {
                    let moved = head > *h;
                    *h = (*h).max(head);
                    moved
                });
                // The indexer only stops when the store closes.
                let _ = self.indexer.send(head);
            }
            for group in groups {
                for (tx, answer) in group.replies {
                    let answer = match (&result, answer) {
                        (Err(why), Ok(_)) => Err(StoreError::Poisoned(why.clone())),
                        (_, answer) => answer,
                    };
                    self.in_flight.fetch_sub(1, Ordering::AcqRel);
                    // The caller may have given up waiting; its events are stored regardless.
                    let _ = tx.send(answer);
                }
            }
        }
    }

    /// Collects the groups for one flush. A flush costs the same for one append as for a
    /// hundred, so it waits — up to [`MAX_COMMIT_DELAY`] — until every append in flight has
    /// reached it. Without the wait, writers fall into two halves that take turns, each flush
    /// serving half of them; with it, one flush serves all. A lone writer never waits: its
    /// append is the only one in flight.
    fn gather(&self, first: Group) -> Vec<Group> {
        let started = Instant::now();
        let mut waiting = first.replies.len();
        let mut groups = vec![first];
        loop {
            while let Ok(more) = self.groups.try_recv() {
                waiting += more.replies.len();
                groups.push(more);
            }
            if waiting >= self.in_flight.load(Ordering::Acquire) {
                return groups;
            }
            let Some(left) = MAX_COMMIT_DELAY.checked_sub(started.elapsed()) else {
                return groups;
            };
            match self.groups.recv_timeout(left) {
                Ok(more) => {
                    waiting += more.replies.len();
                    groups.push(more);
                }
                Err(_) => return groups,
            }
        }
    }

    /// Journals the groups and syncs the journal; checkpoints when due.
    fn make_durable(&mut self, groups: &[Group]) -> Result<(), StoreError> {
        let entries: Vec<wal::Entry> = groups.iter().filter_map(|g| g.entry.clone()).collect();
        if !entries.is_empty() && !self.wal.write(&entries)? {
            // The journal is full: make sled durable (it already holds these groups, applied
            // by the writer before they were sent here), then journal them afresh.
            self.checkpoint()?;
            self.wal.write(&entries)?;
        }
        self.wal.sync()?;
        if self.last_checkpoint.elapsed() >= CHECKPOINT_EVERY || self.wal.used() > wal::CAPACITY / 2
        {
            self.checkpoint()?;
        }
        Ok(())
    }

    /// Makes everything applied to sled durable, then restarts the journal.
    pub(crate) fn checkpoint(&mut self) -> Result<(), StoreError> {
        self.db.flush()?;
        self.data_file.sync_data()?;
        sync_new_blobs(&self.blobs_dir, &mut self.synced_blobs)?;
        self.wal.restart()?;
        self.last_checkpoint = Instant::now();
        Ok(())
    }
}

/// Syncs the blob files sled wrote since the last call (those not in `synced`), and their
/// directory if any was new; `synced` becomes the set of blobs present now. sled writes big
/// nodes to these files and never syncs them itself.
pub(crate) fn sync_new_blobs(dir: &Path, synced: &mut HashSet<OsString>) -> std::io::Result<()> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    let mut present = HashSet::new();
    let mut synced_any = false;
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name();
        if !synced.contains(&name) {
            match File::open(entry.path()) {
                Ok(f) => f.sync_all()?,
                // sled removes blobs it no longer needs; a vanished one needs no sync.
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => return Err(e),
            }
            synced_any = true;
        }
        present.insert(name);
    }
    if synced_any {
        File::open(dir)?.sync_all()?;
    }
    *synced = present;
    Ok(())
}
