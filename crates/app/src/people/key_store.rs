//! The production [`Keys`]: the key store of `accolade-keys`, in `<data-dir>/keys`.

use accolade_keys::{KeyError, KeyStore};
use uuid::Uuid;
use zeroize::Zeroizing;

use super::keys::{KeyState, Keys, KeysError, KeysFuture};

fn store_error(e: KeyError) -> KeysError {
    match e {
        KeyError::Erased(id) => KeysError::Erased(id),
        other => KeysError::Store(other.to_string()),
    }
}

impl Keys for KeyStore {
    fn ensure<'a>(&'a self, ids: &'a [Uuid]) -> KeysFuture<'a, ()> {
        Box::pin(async move { KeyStore::ensure(self, ids).await.map_err(store_error) })
    }

    fn key(&self, id: Uuid) -> KeyState {
        match KeyStore::key(self, id) {
            accolade_keys::KeyState::Live(k) => KeyState::Live(k),
            accolade_keys::KeyState::Erased => KeyState::Erased,
            accolade_keys::KeyState::Unknown => KeyState::Unknown,
        }
    }

    fn erase<'a>(&'a self, ids: &'a [Uuid]) -> KeysFuture<'a, ()> {
        Box::pin(async move { KeyStore::erase(self, ids).await.map_err(store_error) })
    }

    fn lookup_secret(&self) -> Zeroizing<[u8; 32]> {
        KeyStore::lookup_secret(self)
    }

    fn backup<'a>(
        &'a self,
        dest: &'a std::path::Path,
        now: time::OffsetDateTime,
        retention: std::time::Duration,
    ) -> KeysFuture<'a, std::path::PathBuf> {
        Box::pin(async move {
            KeyStore::backup(self, dest, now, retention)
                .await
                .map_err(store_error)
        })
    }

    fn close(&self) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send + '_>> {
        Box::pin(KeyStore::close(self))
    }
}
