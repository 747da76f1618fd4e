//! Loud failures at start: a missing store, a wrong master key, a damaged journal, a second
//! process — and the one damage that is not an error, a torn last line.
#![allow(clippy::unwrap_used, clippy::expect_used)] // Test code, helpers included: a failure should panic.

mod common;

use std::io::Write;

use accolade_keys::{Create, KeyError, KeyState, KeyStore};
use common::*;

#[tokio::test]
async fn a_missing_store_that_must_exist_is_an_error_that_creates_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("keys");
    let err = KeyStore::open(&dir, None, Create::MustExist)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, KeyError::Missing { dir: d } if *d == dir),
        "{err}"
    );
    let msg = err.to_string();
    assert!(msg.contains(&dir.display().to_string()), "{msg}");
    assert!(msg.contains("backup"), "{msg}");
    assert!(!dir.exists());
    // An empty directory is no store either.
    std::fs::create_dir_all(&dir).unwrap();
    let err = KeyStore::open(&dir, None, Create::MustExist).await;
    assert!(matches!(err, Err(KeyError::Missing { .. })));
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
}

#[tokio::test]
async fn the_master_key_must_be_the_one_the_store_was_written_with() {
    let tmp = tempfile::tempdir().unwrap();
    let (wrapped, plain) = (tmp.path().join("wrapped"), tmp.path().join("plain"));
    for (dir, m) in [(&wrapped, Some(master(1))), (&plain, None)] {
        let store = open(dir, m).await;
        store.ensure(&ids(3)).await.unwrap();
        store.close().await;
    }
    for (dir, m, says) in [
        (&wrapped, Some(master(2)), "not the master key"),
        (&wrapped, None, "none was given"),
        (&plain, Some(master(1)), "written without one"),
    ] {
        // MustExist or IfMissing alike: an existing store is never replaced.
        for create in [Create::MustExist, Create::IfMissing] {
            let err = KeyStore::open(dir, m.clone(), create).await.unwrap_err();
            let msg = err.to_string();
            assert!(matches!(err, KeyError::WrongMasterKey { .. }), "{msg}");
            assert!(msg.contains(says), "{msg}");
            assert!(msg.contains(&dir.display().to_string()), "{msg}");
        }
    }
    let store = KeyStore::open(&wrapped, Some(master(1)), Create::MustExist)
        .await
        .unwrap();
    assert_eq!(store.counts(), (3, 0));
}

/// Rewrites line `n` (0-based) of the journal with `change`.
fn edit_line(dir: &std::path::Path, n: usize, change: impl FnOnce(&str) -> String) {
    let mut lines = lines(dir);
    lines[n] = change(&lines[n]);
    std::fs::write(journal(dir), lines.join("\n") + "\n").unwrap();
}

#[tokio::test]
async fn a_damaged_line_before_the_last_is_corruption_named_by_file_and_line() {
    let tmp = tempfile::tempdir().unwrap();
    let store = open(tmp.path(), Some(master(1))).await;
    store.ensure(&ids(5)).await.unwrap();
    store.close().await;
    drop(store);
    let pristine = std::fs::read(journal(tmp.path())).unwrap();
    type Change = fn(&str) -> String;
    let cases: [(usize, Change); 4] = [
        // A flipped character in a key.
        (2, |l| l.replacen("key ", "kez ", 1)),
        (3, |l| {
            let mut b = l.as_bytes().to_vec();
            b[50] = if b[50] == b'A' { b'B' } else { b'A' };
            String::from_utf8(b).unwrap()
        }),
        // A line cut short in the middle of the file.
        (1, |l| l[..30].to_string()),
        // The header.
        (0, |l| l.replace("accolade-keys 1", "accolade-keys 9")),
    ];
    for (n, change) in cases {
        std::fs::write(journal(tmp.path()), &pristine).unwrap();
        edit_line(tmp.path(), n, change);
        let err = KeyStore::open(tmp.path(), Some(master(1)), Create::MustExist)
            .await
            .unwrap_err();
        let msg = err.to_string();
        assert!(
            matches!(&err, KeyError::Corrupt { line, .. } if *line == n + 1),
            "line {}: {msg}",
            n + 1
        );
        assert!(
            msg.contains(&journal(tmp.path()).display().to_string()),
            "{msg}"
        );
    }
    // A valid line moved to another id (checksum recomputed) does not open under it.
    std::fs::write(journal(tmp.path()), &pristine).unwrap();
    let lines = lines(tmp.path());
    let fields: Vec<&str> = lines[1].split(' ').collect();
    let other = uuid::Uuid::from_u128(4242);
    let body = format!("key {other} {}", fields[2]);
    let sum = {
        use sha2::Digest;
        hex::encode(&sha2::Sha256::digest(body.as_bytes())[..8])
    };
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(journal(tmp.path()))
        .unwrap();
    writeln!(f, "{body} {sum}").unwrap();
    writeln!(f, "{}", lines[2]).unwrap();
    let err = KeyStore::open(tmp.path(), Some(master(1)), Create::MustExist).await;
    assert!(
        matches!(err, Err(KeyError::Corrupt { line: 7, .. })),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_torn_last_line_is_dropped_and_cut_off() {
    let tmp = tempfile::tempdir().unwrap();
    let store = open(tmp.path(), Some(master(1))).await;
    let people = ids(4);
    store.ensure(&people[..3]).await.unwrap();
    let kept: Vec<[u8; 32]> = people[..3].iter().map(|id| live(&store, *id)).collect();
    store.ensure(&people[3..]).await.unwrap();
    store.close().await;
    drop(store);
    let full = std::fs::read(journal(tmp.path())).unwrap();
    // Cut in the middle of the last line (no newline), then a complete last line whose
    // content was torn (a crash mid-write that left garbage before the newline).
    let last_start = full[..full.len() - 1]
        .iter()
        .rposition(|b| *b == b'\n')
        .unwrap()
        + 1;
    let mut garbled = full[..last_start + 20].to_vec();
    garbled.extend_from_slice(&[0u8; 30]);
    garbled.push(b'\n');
    for torn in [full[..full.len() - 25].to_vec(), garbled] {
        std::fs::write(journal(tmp.path()), &torn).unwrap();
        let store = KeyStore::open(tmp.path(), Some(master(1)), Create::MustExist)
            .await
            .unwrap();
        assert_eq!(store.key(people[3]), KeyState::Unknown);
        for (id, key) in people[..3].iter().zip(&kept) {
            assert_eq!(live(&store, *id), *key);
        }
        // The torn bytes are gone, so what is appended next is a line of its own.
        assert_eq!(
            std::fs::metadata(journal(tmp.path())).unwrap().len(),
            last_start as u64
        );
        store.ensure(&people[3..]).await.unwrap();
        let store = reopen(store, Some(master(1))).await;
        assert_eq!(store.counts(), (4, 0));
        store.close().await;
    }
}

#[tokio::test]
async fn a_second_open_of_the_same_store_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let store = open(tmp.path(), None).await;
    let err = KeyStore::open(tmp.path(), None, Create::MustExist)
        .await
        .unwrap_err();
    assert!(matches!(err, KeyError::Locked { .. }), "{err}");
    // Once closed, the lock is free.
    store.close().await;
    KeyStore::open(tmp.path(), None, Create::MustExist)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_crash_leftover_of_a_rewrite_is_removed_at_open() {
    let tmp = tempfile::tempdir().unwrap();
    let store = open(tmp.path(), None).await;
    store.ensure(&ids(2)).await.unwrap();
    store.close().await;
    drop(store);
    // A rewrite interrupted before its rename: the old journal stands, the half is removed.
    let leftover = tmp.path().join("journal.tmp");
    std::fs::write(&leftover, b"accolade-keys 1 half a rewrite").unwrap();
    let store = open(tmp.path(), None).await;
    assert!(!leftover.exists());
    assert_eq!(store.counts(), (2, 0));
}
