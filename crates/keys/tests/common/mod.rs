//! What the key store's tests share: opening, reopening, reading the files back.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use accolade_keys::{Create, KeyState, KeyStore, MasterKey};
use uuid::Uuid;

/// A master key the tests can give again.
pub fn master(n: u8) -> MasterKey {
    MasterKey::from_bytes([n; 32])
}

pub async fn open(dir: &Path, master: Option<MasterKey>) -> KeyStore {
    KeyStore::open(dir, master, Create::IfMissing)
        .await
        .unwrap()
}

/// Closes `store` and opens its directory again.
pub async fn reopen(store: KeyStore, master: Option<MasterKey>) -> KeyStore {
    let dir = store.dir().to_path_buf();
    store.close().await;
    drop(store);
    open(&dir, master).await
}

pub fn live(store: &KeyStore, id: Uuid) -> [u8; 32] {
    match store.key(id) {
        KeyState::Live(k) => *k,
        other => panic!("{id}: {other:?}"),
    }
}

pub fn ids(n: u128) -> Vec<Uuid> {
    (1..=n).map(Uuid::from_u128).collect()
}

pub fn journal(dir: &Path) -> PathBuf {
    dir.join("journal")
}

pub fn lines(dir: &Path) -> Vec<String> {
    std::fs::read_to_string(journal(dir))
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

/// Every file under `dir` (one level: the store has no subdirectories), with its bytes.
pub fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect()
}

/// Whether `needle` occurs in `haystack`.
pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}
