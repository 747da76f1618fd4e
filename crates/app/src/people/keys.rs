//! Where person keys come from: the [`Keys`] the app is given. Production uses the key store
//! outside the log (`accolade-keys`); tests may use [`MemoryKeys`].

use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;

use rand_core::{OsRng, RngCore};
use uuid::Uuid;
use zeroize::Zeroizing;

/// A future the key store hands back (boxed: [`Keys`] is used as a trait object).
pub type KeysFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, KeysError>> + Send + 'a>>;

/// Why the key store failed.
#[derive(Debug, Clone, thiserror::Error)]
pub enum KeysError {
    /// The person was erased: nothing new may be sealed for them.
    #[error("person {0} was erased")]
    Erased(Uuid),
    /// The key store could not do it (disk, corruption): the command is refused, nothing is
    /// appended.
    #[error("key store: {0}")]
    Store(String),
}

/// A key as the key store knows it.
#[derive(Debug)]
pub enum KeyState {
    /// The 256-bit key.
    Live(Zeroizing<[u8; 32]>),
    /// Destroyed by an erasure.
    Erased,
    /// Never created.
    Unknown,
}

/// The person keys, kept outside the log.
pub trait Keys: Send + Sync + std::fmt::Debug {
    /// Makes sure each id has a key; returns once every new one is durable.
    fn ensure<'a>(&'a self, ids: &'a [Uuid]) -> KeysFuture<'a, ()>;
    /// The key of `id` (memory only, no I/O).
    fn key(&self, id: Uuid) -> KeyState;
    /// Destroys the keys of `ids` for good; returns once no file holds them any more.
    fn erase<'a>(&'a self, ids: &'a [Uuid]) -> KeysFuture<'a, ()>;
    /// The secret of keyed lookups (HMAC), kept with the keys, never in the log.
    fn lookup_secret(&self) -> Zeroizing<[u8; 32]>;
    /// Writes a consistent copy of the keys into `dest`, then deletes the copies there older
    /// than `retention`; returns the new copy's path.
    fn backup<'a>(
        &'a self,
        dest: &'a std::path::Path,
        now: time::OffsetDateTime,
        retention: std::time::Duration,
    ) -> KeysFuture<'a, std::path::PathBuf>;
    /// Finishes pending writes and releases the store (another process may open it).
    fn close(&self) -> std::pin::Pin<Box<dyn Future<Output = ()> + Send + '_>>;
}

/// Keys in memory, for tests: lost when dropped.
#[derive(Debug)]
pub struct MemoryKeys {
    keys: Mutex<HashMap<Uuid, Zeroizing<[u8; 32]>>>,
    erased: Mutex<HashSet<Uuid>>,
    secret: Zeroizing<[u8; 32]>,
}

impl Default for MemoryKeys {
    fn default() -> Self {
        let mut secret = Zeroizing::new([0u8; 32]);
        OsRng.fill_bytes(secret.as_mut());
        Self {
            keys: Mutex::default(),
            erased: Mutex::default(),
            secret,
        }
    }
}

impl MemoryKeys {
    /// Empty.
    pub fn new() -> Self {
        Self::default()
    }
}

impl Keys for MemoryKeys {
    fn ensure<'a>(&'a self, ids: &'a [Uuid]) -> KeysFuture<'a, ()> {
        Box::pin(async move {
            let erased = self.erased.lock().unwrap_or_else(|p| p.into_inner());
            let mut keys = self.keys.lock().unwrap_or_else(|p| p.into_inner());
            for id in ids {
                if erased.contains(id) {
                    return Err(KeysError::Erased(*id));
                }
                keys.entry(*id).or_insert_with(|| {
                    let mut k = Zeroizing::new([0u8; 32]);
                    OsRng.fill_bytes(k.as_mut());
                    k
                });
            }
            Ok(())
        })
    }

    fn key(&self, id: Uuid) -> KeyState {
        if self
            .erased
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .contains(&id)
        {
            return KeyState::Erased;
        }
        match self.keys.lock().unwrap_or_else(|p| p.into_inner()).get(&id) {
            Some(k) => KeyState::Live(k.clone()),
            None => KeyState::Unknown,
        }
    }

    fn erase<'a>(&'a self, ids: &'a [Uuid]) -> KeysFuture<'a, ()> {
        Box::pin(async move {
            let mut keys = self.keys.lock().unwrap_or_else(|p| p.into_inner());
            let mut erased = self.erased.lock().unwrap_or_else(|p| p.into_inner());
            for id in ids {
                keys.remove(id);
                erased.insert(*id);
            }
            Ok(())
        })
    }

    fn lookup_secret(&self) -> Zeroizing<[u8; 32]> {
        self.secret.clone()
    }

    fn backup<'a>(
        &'a self,
        _dest: &'a std::path::Path,
        _now: time::OffsetDateTime,
        _retention: std::time::Duration,
    ) -> KeysFuture<'a, std::path::PathBuf> {
        Box::pin(async {
            Err(KeysError::Store(
                "keys held in memory (tests) have no backup".to_owned(),
            ))
        })
    }

    fn close(&self) -> std::pin::Pin<Box<dyn Future<Output = ()> + Send + '_>> {
        Box::pin(async {})
    }
}
