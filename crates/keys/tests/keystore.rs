//! The key store's life: creating, reopening, making keys, group commit, erasing, backups.
#![allow(clippy::unwrap_used, clippy::expect_used)] // Test code, helpers included: a failure should panic.

mod common;

use std::time::Duration;

use accolade_keys::{Create, KeyError, KeyState, KeyStore};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use common::*;
use time::macros::datetime;
use uuid::Uuid;

#[tokio::test]
async fn a_new_store_reopens_with_its_lookup_secret_and_private_files() {
    for master in [None, Some(master(1))] {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("keys");
        let store = open(&dir, master.clone()).await;
        assert_eq!(store.wrapped(), master.is_some());
        assert_eq!(store.counts(), (0, 0));
        let secret = store.lookup_secret();
        assert_ne!(*secret, [0u8; 32]);
        let store = reopen(store, master.clone()).await;
        assert_eq!(*store.lookup_secret(), *secret);
        let header = &lines(&dir)[0];
        assert!(header.starts_with("accolade-keys 1 "), "{header}");
        // A wrapped store never shows its lookup secret; a plain one has nothing to wrap it.
        let shown = header.contains(&B64.encode(*secret));
        assert_eq!(shown, master.is_none(), "{header}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode();
            assert_eq!(mode(&dir) & 0o777, 0o700);
            assert_eq!(mode(&journal(&dir)) & 0o777, 0o600);
        }
    }
}

#[tokio::test]
async fn ensure_makes_durable_keys_once_and_costs_nothing_after() {
    let tmp = tempfile::tempdir().unwrap();
    let store = open(tmp.path(), Some(master(2))).await;
    let people = ids(3);
    assert_eq!(store.key(people[0]), KeyState::Unknown);
    // Duplicates within a call are one person.
    store
        .ensure(&[people[0], people[1], people[0], people[2]])
        .await
        .unwrap();
    assert_eq!(store.syncs(), 1);
    assert_eq!(store.counts(), (3, 0));
    let keys: Vec<[u8; 32]> = people.iter().map(|id| live(&store, *id)).collect();
    assert_ne!(keys[0], keys[1]);
    // Already live: no I/O at all.
    let size = std::fs::metadata(journal(tmp.path())).unwrap().len();
    store.ensure(&people).await.unwrap();
    store.ensure(&[]).await.unwrap();
    assert_eq!(store.syncs(), 1);
    assert_eq!(std::fs::metadata(journal(tmp.path())).unwrap().len(), size);
    // One more: one more line, same keys for the others.
    let more = Uuid::from_u128(99);
    store.ensure(&[people[0], more]).await.unwrap();
    assert_eq!(store.syncs(), 2);
    assert_eq!(lines(tmp.path()).len(), 1 + 4);
    let store = reopen(store, Some(master(2))).await;
    for (id, key) in people.iter().zip(&keys) {
        assert_eq!(live(&store, *id), *key);
    }
    assert_eq!(store.counts(), (4, 0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_callers_share_syncs() {
    let tmp = tempfile::tempdir().unwrap();
    let store = open(tmp.path(), Some(master(3))).await;
    let tasks: Vec<_> = (0..64u128)
        .map(|i| {
            let store = store.clone();
            tokio::spawn(async move {
                let id = Uuid::from_u128(1000 + i);
                store.ensure(&[id]).await.unwrap();
                // Acknowledged means readable at once.
                assert!(matches!(store.key(id), KeyState::Live(_)));
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    let syncs = store.syncs();
    assert!(syncs < 64, "64 callers took {syncs} syncs");
    let store = reopen(store, Some(master(3))).await;
    assert_eq!(store.counts(), (64, 0));
}

/// Every form in which `key` could sit in a file: raw, base64, hex.
fn forms(key: &[u8]) -> Vec<Vec<u8>> {
    vec![
        key.to_vec(),
        B64.encode(key).into_bytes(),
        hex::encode(key).into_bytes(),
    ]
}

#[tokio::test]
async fn erasing_leaves_no_copy_of_the_key_in_any_file() {
    for master in [None, Some(master(4))] {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        let store = open(dir, master.clone()).await;
        let people = ids(20);
        store.ensure(&people).await.unwrap();
        let (gone, kept) = (people[7], people[8]);
        let key = live(&store, gone);
        let kept_key = live(&store, kept);
        // The key's line as stored: its base64 field, and what it decodes to (the wrapped
        // form, in a wrapped store).
        let line = lines(dir)
            .into_iter()
            .find(|l| l.starts_with(&format!("key {gone} ")))
            .unwrap();
        let stored = line.split(' ').nth(2).unwrap().to_string();
        let mut needles = forms(&key);
        needles.push(stored.clone().into_bytes());
        needles.push(B64.decode(&stored).unwrap());
        assert!(
            files(dir)
                .iter()
                .any(|(_, b)| needles.iter().any(|n| contains(b, n))),
            "the key is in the journal before the erasure"
        );
        store.erase(&[gone]).await.unwrap();
        assert_eq!(store.key(gone), KeyState::Erased);
        assert_eq!(live(&store, kept), kept_key);
        for (path, bytes) in files(dir) {
            for n in &needles {
                assert!(
                    !contains(&bytes, n),
                    "{} still holds the key",
                    path.display()
                );
            }
        }
        // Keys first, then tombstones.
        let last = lines(dir).pop().unwrap();
        assert!(last.starts_with(&format!("erased {gone} ")), "{last}");
        let store = reopen(store, master.clone()).await;
        assert_eq!(store.key(gone), KeyState::Erased);
        assert_eq!(live(&store, kept), kept_key);
        assert_eq!(store.counts(), (19, 1));
    }
}

#[tokio::test]
async fn erasing_is_idempotent_records_unknown_ids_and_forbids_new_keys() {
    let tmp = tempfile::tempdir().unwrap();
    let store = open(tmp.path(), None).await;
    let [a, b, c]: [Uuid; 3] = ids(3).try_into().unwrap();
    store.ensure(&[a, b]).await.unwrap();
    // `c` was never known: it is recorded as erased all the same.
    store.erase(&[a, c]).await.unwrap();
    let syncs = store.syncs();
    let journal_before = std::fs::read(journal(tmp.path())).unwrap();
    store.erase(&[a, c]).await.unwrap();
    store.erase(&[c, a, a]).await.unwrap();
    assert_eq!(store.syncs(), syncs, "erasing again costs nothing");
    assert_eq!(std::fs::read(journal(tmp.path())).unwrap(), journal_before);
    assert_eq!(store.key(c), KeyState::Erased);
    // Nothing new may be sealed for an erased person; the others in the call get no key
    // either.
    let d = Uuid::from_u128(77);
    let err = store.ensure(&[d, c]).await.unwrap_err();
    assert!(matches!(err, KeyError::Erased(id) if id == c), "{err}");
    assert_eq!(store.key(d), KeyState::Unknown);
    assert!(matches!(store.ensure(&[a]).await, Err(KeyError::Erased(_))));
    // Appends after a rewrite go to the new file.
    store.ensure(&[d]).await.unwrap();
    let store = reopen(store, None).await;
    assert_eq!(store.counts(), (2, 2));
    assert!(matches!(store.key(b), KeyState::Live(_)));
    assert!(matches!(store.key(d), KeyState::Live(_)));
    assert!(matches!(store.ensure(&[c]).await, Err(KeyError::Erased(_))));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ensures_and_erasures_racing_stay_consistent() {
    let tmp = tempfile::tempdir().unwrap();
    let store = open(tmp.path(), Some(master(5))).await;
    let tasks: Vec<_> = (0..200u128)
        .map(|i| {
            let store = store.clone();
            tokio::spawn(async move {
                let id = Uuid::from_u128(i / 2);
                if i % 2 == 0 {
                    // Either before the erasure (ok) or after it (refused).
                    match store.ensure(&[id]).await {
                        Ok(()) | Err(KeyError::Erased(_)) => {}
                        Err(e) => panic!("{e}"),
                    }
                } else if i % 4 == 1 {
                    store.erase(&[id]).await.unwrap();
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    let before: Vec<KeyState> = (0..100).map(|i| store.key(Uuid::from_u128(i))).collect();
    let store = reopen(store, Some(master(5))).await;
    let after: Vec<KeyState> = (0..100).map(|i| store.key(Uuid::from_u128(i))).collect();
    assert_eq!(before, after);
    assert_eq!(store.counts(), (50, 50));
}

#[tokio::test]
async fn backups_are_journals_and_old_ones_are_pruned() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, dest) = (tmp.path().join("keys"), tmp.path().join("backups"));
    let store = open(&dir, Some(master(6))).await;
    let people = ids(5);
    store.ensure(&people).await.unwrap();
    let day = Duration::from_secs(24 * 3600);
    let t0 = datetime!(2026-11-20 09:00:00 UTC);
    std::fs::create_dir_all(&dest).unwrap();
    std::fs::write(dest.join("unrelated.txt"), b"kept").unwrap();
    std::fs::write(dest.join("keys-20261120T090000Z.journal.tmp"), b"half").unwrap();
    let mut made = Vec::new();
    for d in 0..4i64 {
        let at = t0 + time::Duration::days(d);
        made.push(store.backup(&dest, at, 2 * day).await.unwrap());
    }
    assert_eq!(
        made[0].file_name().unwrap().to_str().unwrap(),
        "keys-20261120T090000Z.journal"
    );
    // Taken on days 0..=3 with two days' retention: days 0 is older than that.
    let mut names: Vec<String> = std::fs::read_dir(&dest)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "keys-20261121T090000Z.journal",
            "keys-20261122T090000Z.journal",
            "keys-20261123T090000Z.journal",
            "unrelated.txt"
        ]
    );
    // A zero retention keeps only the new copy.
    let last = store
        .backup(&dest, t0 + time::Duration::days(5), Duration::ZERO)
        .await
        .unwrap();
    assert_eq!(std::fs::read_dir(&dest).unwrap().count(), 2);
    // Restoring is copying a backup in as the journal.
    let restored = tmp.path().join("restored");
    std::fs::create_dir_all(&restored).unwrap();
    std::fs::copy(&last, journal(&restored)).unwrap();
    let back = KeyStore::open(&restored, Some(master(6)), Create::MustExist)
        .await
        .unwrap();
    for id in &people {
        assert_eq!(live(&back, *id), live(&store, *id));
    }
    assert_eq!(*back.lookup_secret(), *store.lookup_secret());
}

#[tokio::test]
async fn after_a_failed_write_every_change_is_refused_and_nothing_is_published() {
    let tmp = tempfile::tempdir().unwrap();
    let store = open(tmp.path(), None).await;
    let [a, b]: [Uuid; 2] = ids(2).try_into().unwrap();
    store.ensure(&[a]).await.unwrap();
    // The journal vanishes under the store (a disk gone bad): the erasure's rewrite fails.
    std::fs::remove_file(journal(tmp.path())).unwrap();
    std::fs::create_dir(journal(tmp.path())).unwrap();
    let err = store.erase(&[a]).await.unwrap_err();
    assert!(matches!(err, KeyError::Failed(_)), "{err}");
    assert!(
        matches!(store.key(a), KeyState::Live(_)),
        "not erased: not durable"
    );
    assert!(matches!(store.ensure(&[b]).await, Err(KeyError::Failed(_))));
    assert_eq!(store.key(b), KeyState::Unknown);
}

#[tokio::test]
async fn a_closed_store_refuses_changes_but_still_answers_lookups() {
    let tmp = tempfile::tempdir().unwrap();
    let store = open(tmp.path(), None).await;
    let a = Uuid::from_u128(1);
    store.ensure(&[a]).await.unwrap();
    store.close().await;
    store.close().await;
    assert!(matches!(store.key(a), KeyState::Live(_)));
    store.ensure(&[a]).await.unwrap();
    let b = Uuid::from_u128(2);
    assert!(matches!(store.ensure(&[b]).await, Err(KeyError::Closed)));
    assert!(matches!(store.erase(&[a]).await, Err(KeyError::Closed)));
}
