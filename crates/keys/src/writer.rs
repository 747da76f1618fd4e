//! The single writer: every change to the journal goes through one thread.
//!
//! Callers send requests on a channel; the thread takes the first one and every other already
//! queued (a *batch*), decides them in arrival order against the known keys plus what the batch
//! has staged so far, and then makes the whole batch durable at once:
//!
//! - only new keys: their lines are appended and one `fdatasync` covers them all, however
//!   many callers asked (group commit: while one sync runs, the next batch queues up);
//! - any erasure: the whole journal is rewritten from memory instead (temporary file,
//!   `fdatasync`, rename over, directory sync), which also makes the batch's new keys durable,
//!   and the thread appends to the new file from then on.
//!
//! Only then are the changes published to the shared map that [`KeyStore::key`] reads and the
//! callers answered: nobody sees a key a crash could take back, and a key is durable before
//! the event sealed under it is written. Backups run after the batch, from the durable state.
//!
//! [`KeyStore::key`]: crate::KeyStore::key

use std::collections::HashMap;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{OnceLock, RwLock};

use time::OffsetDateTime;
use tokio::sync::{mpsc, oneshot};
use uuid::Uuid;
use zeroize::Zeroizing;

use crate::backup;
use crate::error::KeyError;
use crate::files;
use crate::journal::{self, Keys, Slot, counts, new_key};
use crate::master::Wrapping;

/// Most requests one batch takes, so the first caller's wait stays bounded.
const MAX_BATCH: usize = 4096;

/// Where a change's outcome is sent.
type Reply = oneshot::Sender<Result<(), KeyError>>;

/// What the writer is asked to do.
pub(crate) enum Request {
    /// Give each id a key (they had none when the caller looked).
    Ensure { ids: Vec<Uuid>, reply: Reply },
    /// Erase these ids.
    Erase { ids: Vec<Uuid>, reply: Reply },
    /// Write a backup into `dest` and prune the old ones.
    Backup {
        dest: PathBuf,
        now: OffsetDateTime,
        retention: std::time::Duration,
        reply: oneshot::Sender<Result<PathBuf, KeyError>>,
    },
    /// Finish what is queued before this, then stop.
    Close { reply: oneshot::Sender<()> },
}

/// What the writer and every handle share.
#[derive(Default)]
pub(crate) struct Shared {
    /// Every durable key and tombstone. Written only by the writer thread.
    pub keys: RwLock<Keys>,
    /// `fdatasync`s of the journal so far (appends and rewrites).
    pub syncs: AtomicU64,
    /// Set when a write failed: from then on every change is refused (see `KeyError::Failed`).
    pub failed: OnceLock<String>,
}

impl Shared {
    /// The keys for reading; a writer that panicked holding the lock changed nothing that is
    /// not durable (it publishes only after a successful sync), so the map is still sound.
    pub(crate) fn read(&self) -> std::sync::RwLockReadGuard<'_, Keys> {
        self.keys.read().unwrap_or_else(|p| p.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Keys> {
        self.keys.write().unwrap_or_else(|p| p.into_inner())
    }
}

/// The thread's state.
pub(crate) struct Writer {
    pub dir: PathBuf,
    pub journal: PathBuf,
    /// The journal, open for appending.
    pub file: File,
    pub wrapping: Wrapping,
    pub shared: std::sync::Arc<Shared>,
    pub requests: mpsc::Receiver<Request>,
    /// Held for as long as the thread runs: one process per key store. Never read; dropping
    /// it releases the lock.
    pub _lock: File,
}

/// One batch's decisions before they are durable.
#[derive(Default)]
struct Staged {
    /// New keys and new tombstones, by id.
    changes: HashMap<Uuid, Slot>,
    /// Whether an erasure asks for a rewrite.
    rewrite: bool,
}

impl Writer {
    /// Runs until every handle is dropped or the store is closed.
    pub(crate) fn run(mut self) {
        while let Some(first) = self.requests.blocking_recv() {
            let mut batch = vec![first];
            while batch.len() < MAX_BATCH && !matches!(batch.last(), Some(Request::Close { .. })) {
                match self.requests.try_recv() {
                    Ok(r) => batch.push(r),
                    Err(_) => break,
                }
            }
            if let Some(closed) = self.handle(batch) {
                // Release the journal and the lock before saying so: whoever awaited `close`
                // may open the store again at once. Requests still queued are dropped with
                // the receiver: their callers hear `Closed`.
                drop(self);
                let _ = closed.send(());
                return;
            }
        }
    }

    /// Decides, commits and answers one batch. Returns the closer's reply channel when the
    /// store is to close.
    fn handle(&mut self, batch: Vec<Request>) -> Option<oneshot::Sender<()>> {
        let mut staged = Staged::default();
        let mut answers: Vec<(Reply, Result<(), KeyError>)> = Vec::new();
        let mut backups = Vec::new();
        let mut close = None;
        for request in batch {
            match request {
                Request::Ensure { ids, reply } => {
                    let result = self.stage_ensure(&ids, &mut staged);
                    answers.push((reply, result));
                }
                Request::Erase { ids, reply } => {
                    let result = self.stage_erase(&ids, &mut staged);
                    answers.push((reply, result));
                }
                Request::Backup {
                    dest,
                    now,
                    retention,
                    reply,
                } => backups.push((dest, now, retention, reply)),
                Request::Close { reply } => close = Some(reply),
            }
        }
        if let Err(why) = self.commit(staged) {
            for (_, result) in &mut answers {
                if result.is_ok() {
                    *result = Err(KeyError::Failed(why.clone()));
                }
            }
        }
        for (reply, result) in answers {
            // The caller may have stopped waiting; the outcome stands regardless.
            let _ = reply.send(result);
        }
        for (dest, now, retention, reply) in backups {
            let _ = reply.send(self.backup(&dest, now, retention));
        }
        close
    }

    fn failed(&self) -> Result<(), KeyError> {
        match self.shared.failed.get() {
            Some(why) => Err(KeyError::Failed(why.clone())),
            None => Ok(()),
        }
    }

    /// Stages a new key for each id without one; all or nothing for the request.
    fn stage_ensure(&self, ids: &[Uuid], staged: &mut Staged) -> Result<(), KeyError> {
        self.failed()?;
        let known = self.shared.read();
        let mut new = Vec::new();
        for id in ids {
            match staged.changes.get(id).or_else(|| known.get(id)) {
                Some(Slot::Live(_)) => {}
                Some(Slot::Erased) => return Err(KeyError::Erased(*id)),
                None if new.iter().any(|(n, _)| n == id) => {}
                None => new.push((*id, new_key().map_err(|e| KeyError::io(&self.dir, e))?)),
            }
        }
        for (id, key) in new {
            staged.changes.insert(id, Slot::Live(key));
        }
        Ok(())
    }

    /// Stages a tombstone for each id not already erased.
    fn stage_erase(&self, ids: &[Uuid], staged: &mut Staged) -> Result<(), KeyError> {
        self.failed()?;
        let known = self.shared.read();
        for id in ids {
            if !matches!(
                staged.changes.get(id).or_else(|| known.get(id)),
                Some(Slot::Erased)
            ) {
                staged.changes.insert(*id, Slot::Erased);
                staged.rewrite = true;
            }
        }
        Ok(())
    }

    /// Makes the staged changes durable, then publishes them. On failure nothing is
    /// published and the store refuses every later change.
    fn commit(&mut self, staged: Staged) -> Result<(), String> {
        if staged.changes.is_empty() {
            return Ok(());
        }
        let written = if staged.rewrite {
            self.rewrite(&staged.changes)
        } else {
            self.append(&staged.changes)
        };
        if let Err(e) = written {
            let why = e.to_string();
            tracing::error!(dir = %self.dir.display(), error = %why,
                "writing the key store failed; it accepts no more changes until restarted");
            self.shared.failed.get_or_init(|| why.clone());
            return Err(why);
        }
        self.shared.syncs.fetch_add(1, Ordering::Relaxed);
        let mut keys = self.shared.write();
        // A replaced live key is dropped here, which wipes it.
        keys.extend(staged.changes);
        Ok(())
    }

    /// Appends the lines of new keys and syncs them.
    fn append(&mut self, changes: &HashMap<Uuid, Slot>) -> Result<(), KeyError> {
        // Sized up front: the buffer holds keys (raw in a plain store) and is wiped, but a
        // reallocation would leave a copy behind.
        let mut out = Zeroizing::new(Vec::with_capacity(changes.len() * 160));
        for (id, slot) in changes {
            if let Slot::Live(key) = slot {
                journal::push_key(&mut out, *id, key, &self.wrapping)
                    .map_err(|e| KeyError::io(&self.journal, e))?;
            }
        }
        self.file
            .write_all(&out)
            .and_then(|()| self.file.sync_data())
            .map_err(|e| KeyError::io(&self.journal, e))
    }

    /// Rewrites the whole journal: the durable one with `changes` over it.
    fn rewrite(&mut self, changes: &HashMap<Uuid, Slot>) -> Result<(), KeyError> {
        let current = self.read_journal()?;
        let expect = {
            let known = self.shared.read();
            let (mut live, mut erased) = counts(&known);
            for (id, slot) in changes {
                match (slot, known.get(id)) {
                    (Slot::Live(_), _) => live += 1,
                    (Slot::Erased, Some(Slot::Live(_))) => (live, erased) = (live - 1, erased + 1),
                    (Slot::Erased, _) => erased += 1,
                }
            }
            (live, erased)
        };
        let bytes = journal::compact(&current, changes, &self.wrapping, expect)
            .map_err(|e| KeyError::io(&self.journal, e))?;
        self.file = files::replace(&self.dir, &self.journal, &bytes)?;
        Ok(())
    }

    /// The journal's bytes as they are on disk: every line in it is durable, since this
    /// thread is its only writer and answers nobody before syncing. Wiped when dropped.
    fn read_journal(&self) -> Result<Zeroizing<Vec<u8>>, KeyError> {
        std::fs::read(&self.journal)
            .map(Zeroizing::new)
            .map_err(|e| KeyError::io(&self.journal, e))
    }

    /// Writes a backup of the durable state into `dest` and prunes the old ones there.
    fn backup(
        &self,
        dest: &Path,
        now: OffsetDateTime,
        retention: std::time::Duration,
    ) -> Result<PathBuf, KeyError> {
        // After a failed write the journal may end in lines nobody was answered for: no copy
        // of a file in that state.
        self.failed()?;
        backup::prepare(dest)?;
        let path = backup::path(dest, now)?;
        // A copy of the journal as it is: taken on this thread, no append can come between.
        let bytes = self.read_journal()?;
        drop(files::replace(dest, &path, &bytes)?);
        let pruned = backup::prune(dest, &path, now, retention)?;
        tracing::info!(file = %path.display(), pruned, "key store backed up");
        Ok(path)
    }
}
