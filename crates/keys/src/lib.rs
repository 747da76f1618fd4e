//! The per-person key store of Accolade, kept outside the event log.
//!
//! The log keeps every event for ever, so personal data in it is sealed under a key of the
//! person's own, and erasing a person means destroying that key (crypto-shredding): the log
//! stays intact and verifiable, and what it holds of the person can no longer be read. This
//! crate keeps those keys. It imports nothing of Accolade's, like the event store.
//!
//! # What it guarantees
//!
//! - [`KeyStore::ensure`] returns only once every new key is durable (written and
//!   `fdatasync`ed), so an event sealed under a key is never written before the key. Concurrent
//!   callers share one write and one sync (group commit through a single writer thread); ids
//!   that already have a key cost no I/O.
//! - [`KeyStore::erase`] destroys keys and keeps a tombstone (the id only), and rewrites the
//!   whole journal atomically, so no file of the store still holds an erased key. An erased
//!   person can never get a new key ([`KeyError::Erased`]).
//! - A missing store where one must exist, a wrong master key, or a damaged journal is an error
//!   at [`KeyStore::open`] that names the file and says what to do — never a silent "everyone
//!   erased". Only a torn last line (a crash in the middle of an append, never acknowledged) is
//!   dropped.
//! - [`KeyStore::backup`] writes a consistent copy and prunes the copies older than the
//!   retention: an erasure is complete once the backups taken before it are gone.
//!
//! # Files
//!
//! `<dir>/journal` (0600, in a 0700 directory), a text file: a header line (format, creation
//! time, whether keys are wrapped, the master key's check value, the lookup secret), then one
//! line per person, `key <id> <base64>` or `erased <id>`, each line ending with a checksum.
//! With a [`MasterKey`], keys and the lookup secret are stored wrapped (XChaCha20-Poly1305
//! under a key derived from it); without one they are stored raw, and the key store must then
//! be kept apart from the log's backups. `<dir>/lock` keeps a second process out. The format,
//! its reasons and the operator's duties are in `docs/keys.md`.
//!
//! ```no_run
//! # async fn demo() -> Result<(), accolade_keys::KeyError> {
//! use accolade_keys::{Create, KeyState, KeyStore, MasterKey};
//! // Outside the data directory, and outside every backup.
//! let master = MasterKey::from_file("/etc/accolade/master.key".as_ref())?;
//! let keys = KeyStore::open("data/keys".as_ref(), Some(master), Create::IfMissing).await?;
//! let person = uuid::Uuid::now_v7();
//! keys.ensure(&[person]).await?; // durable before anything is sealed under it
//! assert!(matches!(keys.key(person), KeyState::Live(_)));
//! keys.erase(&[person]).await?; // gone from every file of the store
//! assert!(matches!(keys.key(person), KeyState::Erased));
//! keys.close().await;
//! # Ok(()) }
//! ```
#![deny(missing_docs)]

mod backup;
mod error;
mod files;
mod journal;
mod master;
mod open;
mod writer;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use tokio::sync::{mpsc, oneshot};
use uuid::Uuid;
use zeroize::Zeroizing;

pub use error::KeyError;
pub use master::MasterKey;

use journal::Slot;
use writer::{Request, Shared};

/// What [`KeyStore::open`] does when there is no key store yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Create {
    /// Create it (a new deployment: the event log is empty).
    IfMissing,
    /// Refuse with [`KeyError::Missing`] (the event log is not empty, so a store was lost).
    MustExist,
}

/// What the store knows of one person. `Debug` never shows a key.
#[derive(Clone, PartialEq, Eq)]
pub enum KeyState {
    /// The person's key (a copy, wiped when dropped).
    Live(Zeroizing<[u8; 32]>),
    /// The person was erased: their key is gone for good.
    Erased,
    /// The store has never heard of this person.
    Unknown,
}

impl std::fmt::Debug for KeyState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            KeyState::Live(_) => "Live(..)",
            KeyState::Erased => "Erased",
            KeyState::Unknown => "Unknown",
        })
    }
}

/// A handle to an open key store; cheap to clone, shared by every task.
#[derive(Clone)]
pub struct KeyStore {
    inner: Arc<Inner>,
}

struct Inner {
    dir: PathBuf,
    shared: Arc<Shared>,
    requests: mpsc::Sender<Request>,
    wrapped: bool,
    lookup_secret: Zeroizing<[u8; 32]>,
}

impl std::fmt::Debug for KeyStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyStore")
            .field("dir", &self.inner.dir)
            .field("wrapped", &self.inner.wrapped)
            .finish_non_exhaustive()
    }
}

impl KeyStore {
    /// Opens (or, with [`Create::IfMissing`], creates) the key store in `dir` (for example
    /// `<data-dir>/keys`).
    ///
    /// With [`Create::MustExist`] and no store there: [`KeyError::Missing`] (the app asks for
    /// this when the event log is not empty: a lost key store must be a loud error, never
    /// "everyone erased"). A master key other than the one the store was written with, one
    /// given for a store written without one, or none for a store written with one:
    /// [`KeyError::WrongMasterKey`], found from the header's check value. A damaged line other
    /// than a torn last one: [`KeyError::Corrupt`]. Another process using the store:
    /// [`KeyError::Locked`].
    pub async fn open(
        dir: &Path,
        master: Option<MasterKey>,
        create: Create,
    ) -> Result<KeyStore, KeyError> {
        let dir = dir.to_path_buf();
        // Reading and unwrapping every key is blocking work: off the async threads.
        match tokio::task::spawn_blocking(move || open::open(dir, master, create)).await {
            Ok(opened) => {
                let o = opened?;
                Ok(KeyStore {
                    inner: Arc::new(Inner {
                        dir: o.dir,
                        shared: o.shared,
                        requests: o.requests,
                        wrapped: o.wrapped,
                        lookup_secret: o.lookup_secret,
                    }),
                })
            }
            Err(e) => match e.try_into_panic() {
                Ok(panic) => std::panic::resume_unwind(panic),
                // The runtime is shutting down.
                Err(_) => Err(KeyError::Closed),
            },
        }
    }

    /// Makes sure each id has a key, creating random 256-bit keys for those without one;
    /// returns only when every new key is durable. Concurrent callers share one write and one
    /// `fdatasync`. Ids that already have a key cost no I/O (they are checked in memory first).
    /// If any id was erased: [`KeyError::Erased`], and no key is made for any of them.
    pub async fn ensure(&self, ids: &[Uuid]) -> Result<(), KeyError> {
        let mut missing = Vec::new();
        {
            let keys = self.inner.shared.read();
            for id in ids {
                match keys.get(id) {
                    Some(Slot::Live(_)) => {}
                    Some(Slot::Erased) => return Err(KeyError::Erased(*id)),
                    None => missing.push(*id),
                }
            }
        }
        if missing.is_empty() {
            return Ok(());
        }
        missing.sort_unstable();
        missing.dedup();
        self.call(|reply| Request::Ensure {
            ids: missing,
            reply,
        })
        .await
    }

    /// The person's key, from memory (no I/O).
    pub fn key(&self, id: Uuid) -> KeyState {
        match self.inner.shared.read().get(&id) {
            Some(Slot::Live(key)) => KeyState::Live(Zeroizing::new(***key)),
            Some(Slot::Erased) => KeyState::Erased,
            None => KeyState::Unknown,
        }
    }

    /// Destroys the keys of `ids` and keeps a tombstone for each, so that
    /// [`KeyState::Erased`] can be told from [`KeyState::Unknown`] (an id the store never knew
    /// is recorded as erased too: nothing may be sealed for that person later). Rewrites the
    /// whole journal (temporary file, `fdatasync`, rename over, directory sync) so that no old
    /// copy of an erased key survives in the store's files, serialised with [`ensure`]
    /// through the writer. Returns when durable. Idempotent: ids already erased cost nothing.
    ///
    /// [`ensure`]: KeyStore::ensure
    pub async fn erase(&self, ids: &[Uuid]) -> Result<(), KeyError> {
        let all_erased = {
            let keys = self.inner.shared.read();
            ids.iter()
                .all(|id| matches!(keys.get(id), Some(Slot::Erased)))
        };
        if all_erased {
            return Ok(());
        }
        let ids = ids.to_vec();
        self.call(|reply| Request::Erase { ids, reply }).await
    }

    /// The server's 32-byte secret for keyed lookups (HMAC of e-mails, folded names...),
    /// created with the store and kept in its header (wrapped when there is a master key).
    pub fn lookup_secret(&self) -> Zeroizing<[u8; 32]> {
        self.inner.lookup_secret.clone()
    }

    /// Whether keys are wrapped under a master key.
    pub fn wrapped(&self) -> bool {
        self.inner.wrapped
    }

    /// The key store's directory.
    pub fn dir(&self) -> &Path {
        &self.inner.dir
    }

    /// How many people have a live key, and how many are erased (tombstones).
    pub fn counts(&self) -> (usize, usize) {
        journal::counts(&self.inner.shared.read())
    }

    /// How many times the journal was `fdatasync`ed since open: with [`counts`](Self::counts),
    /// shows group commit at work (tests, benchmarks, metrics).
    pub fn syncs(&self) -> u64 {
        self.inner
            .shared
            .syncs
            .load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Writes a full, consistent copy of the key store into `dest_dir` as
    /// `keys-<YYYYMMDDTHHMMSSZ>.journal` (synced; the name is `now` in UTC), then deletes the
    /// copies there taken more than `retention` before `now` (by the time in their names).
    /// Returns the new file's path. A copy is a journal: restoring is copying it to
    /// `<dir>/journal` (see `docs/keys.md`).
    pub async fn backup(
        &self,
        dest_dir: &Path,
        now: time::OffsetDateTime,
        retention: std::time::Duration,
    ) -> Result<PathBuf, KeyError> {
        let dest = dest_dir.to_path_buf();
        self.call(|reply| Request::Backup {
            dest,
            now,
            retention,
            reply,
        })
        .await
    }

    /// Finishes what is queued, then stops the writer (releasing the store's lock). Later
    /// changes fail with [`KeyError::Closed`]; lookups still answer from memory.
    pub async fn close(&self) {
        let (reply, done) = oneshot::channel();
        if self
            .inner
            .requests
            .send(Request::Close { reply })
            .await
            .is_ok()
        {
            // An error means the writer already stopped: closed either way.
            let _ = done.await;
        }
    }

    /// Sends a request to the writer and waits for its answer.
    async fn call<T>(
        &self,
        request: impl FnOnce(oneshot::Sender<Result<T, KeyError>>) -> Request,
    ) -> Result<T, KeyError> {
        let (reply, answer) = oneshot::channel();
        self.inner
            .requests
            .send(request(reply))
            .await
            .map_err(|_| KeyError::Closed)?;
        answer.await.map_err(|_| KeyError::Closed)?
    }
}
