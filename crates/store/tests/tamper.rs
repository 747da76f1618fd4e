//! Tamper evidence: changing one byte of one stored record is noticed by `verify`, which
//! names the record's position.
#![allow(clippy::unwrap_used, clippy::expect_used)] // Test code: a failure should panic.

use accolade_store::{
    EventStore, ExpectedVersion, Metadata, NewEvent, SledStore, tamper_with_record,
};
use serde_json::json;

async fn populated(dir: &std::path::Path) {
    let store = SledStore::open(dir).unwrap();
    for i in 0..10u64 {
        let ev = NewEvent::json(
            "Honoured",
            1,
            &json!({"n": i, "name": "Nguyễn Văn Đức"}),
            Metadata::default(),
        );
        store
            .append(&format!("s-{}", i % 3), ExpectedVersion::Any, vec![ev])
            .await
            .unwrap();
    }
    let report = store.verify().await.unwrap();
    assert!(report.ok);
    assert_eq!(report.events, 10);
    store.close();
}

async fn verify(dir: &std::path::Path) -> accolade_store::VerifyReport {
    let store = SledStore::open(dir).unwrap();
    let report = store.verify().await.unwrap();
    store.close();
    report
}

#[tokio::test]
async fn flipping_one_payload_byte_is_named_by_position() {
    let dir = tempfile::tempdir().unwrap();
    populated(dir.path()).await;
    tamper_with_record(dir.path(), 4, |stored| {
        // The stored record is hash ++ body; change the digit of `"n":4` in the body.
        let at = stored.windows(5).position(|w| w == b"\"n\":4").unwrap() + 4;
        stored[at] = b'5';
    })
    .unwrap();
    let report = verify(dir.path()).await;
    assert!(!report.ok);
    assert_eq!(report.first_bad_position, Some(4));
    assert_eq!(
        report.events, 4,
        "records before the bad one still count as good"
    );
    assert!(report.problem.unwrap().contains("hash"));
}

#[tokio::test]
async fn flipping_one_hash_byte_is_named_by_position() {
    let dir = tempfile::tempdir().unwrap();
    populated(dir.path()).await;
    tamper_with_record(dir.path(), 7, |stored| stored[0] ^= 0x01).unwrap();
    let report = verify(dir.path()).await;
    assert_eq!(report.first_bad_position, Some(7));
}
