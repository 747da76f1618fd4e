//! Property tests of the store contract.
//!
//! 1. Differential: a random sequence of appends (fresh, conflicting, retried, with reused
//!    ids) gives the same answers and the same log on the sled store as on the in-memory one,
//!    whose logic is a few lines of plain maps.
//! 2. Concurrent: random appends raced from many tasks keep every invariant: each
//!    acknowledged batch is stored exactly once at the positions it was told, each refused one
//!    not at all, positions and versions are gap-free and the chain verifies.
#![allow(clippy::unwrap_used, clippy::expect_used)] // Test code: a failure should panic.

use std::collections::HashMap;

use accolade_store::{
    AppendOutcome, EventStore, ExpectedVersion, MemoryStore, Metadata, NewEvent, SledStore,
    StoreError, conformance,
};
use proptest::prelude::*;
use serde_json::json;
use uuid::Uuid;

#[derive(Debug, Clone)]
enum Expect {
    Any,
    NoStream,
    Exact(u64),
}

#[derive(Debug, Clone)]
enum Op {
    /// A fresh batch of `size` events.
    Fresh {
        stream: u8,
        expect: Expect,
        size: usize,
    },
    /// The batch of an earlier op again (a client retry), possibly to another stream.
    Retry {
        of: usize,
        stream: u8,
        expect: Expect,
    },
    /// An earlier op's first id with another payload.
    Reuse { of: usize, stream: u8 },
}

fn expect() -> impl Strategy<Value = Expect> {
    prop_oneof![
        Just(Expect::Any),
        Just(Expect::NoStream),
        (0u64..6).prop_map(Expect::Exact),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0u8..4, expect(), 1usize..4).prop_map(|(stream, expect, size)| Op::Fresh { stream, expect, size }),
        1 => (0usize..64, 0u8..4, expect()).prop_map(|(of, stream, expect)| Op::Retry { of, stream, expect }),
        1 => (0usize..64, 0u8..4).prop_map(|(of, stream)| Op::Reuse { of, stream }),
    ]
}

fn expected(e: &Expect) -> ExpectedVersion {
    match e {
        Expect::Any => ExpectedVersion::Any,
        Expect::NoStream => ExpectedVersion::NoStream,
        Expect::Exact(v) => ExpectedVersion::Exact(*v),
    }
}

/// Turns ops into concrete (stream, expected, batch) appends; retries copy earlier batches.
fn materialise(ops: &[Op]) -> Vec<(String, ExpectedVersion, Vec<NewEvent>)> {
    let mut out: Vec<(String, ExpectedVersion, Vec<NewEvent>)> = Vec::new();
    for (i, op) in ops.iter().enumerate() {
        let item = match op {
            Op::Fresh {
                stream,
                expect,
                size,
            } => (
                format!("p-{stream}"),
                expected(expect),
                (0..*size)
                    .map(|k| {
                        NewEvent::json("Prop", 1, &json!({"op": i, "k": k}), Metadata::default())
                    })
                    .collect(),
            ),
            Op::Retry { of, stream, expect } if !out.is_empty() => {
                let earlier = out[of % out.len()].2.clone();
                (format!("p-{stream}"), expected(expect), earlier)
            }
            Op::Reuse { of, stream } if !out.is_empty() => {
                let mut ev = out[of % out.len()].2[0].clone();
                ev.payload = format!("{{\"reused\":{i}}}").into_bytes();
                (format!("p-{stream}"), ExpectedVersion::Any, vec![ev])
            }
            _ => (
                "p-0".into(),
                ExpectedVersion::Any,
                vec![NewEvent::json(
                    "Prop",
                    1,
                    &json!({"op": i}),
                    Metadata::default(),
                )],
            ),
        };
        out.push(item);
    }
    out
}

/// An answer reduced to what must agree between backends.
fn summary(r: &Result<AppendOutcome, StoreError>) -> String {
    match r {
        Ok(o) => format!("ok {:?}", o),
        Err(StoreError::VersionConflict { actual, .. }) => format!("conflict {actual:?}"),
        Err(StoreError::EventIdReused { event_id }) => format!("reused {event_id}"),
        Err(StoreError::PartialRetry { .. }) => "partial".into(),
        Err(e) => format!("other {e}"),
    }
}

/// The log reduced to what must agree between backends (not the time of recording).
async fn log_of<S: EventStore>(store: &S) -> Vec<(u64, String, u64, Uuid, String)> {
    store
        .read_all(0, usize::MAX)
        .await
        .unwrap()
        .into_iter()
        .map(|r| {
            (
                r.position,
                r.stream_id,
                r.stream_version,
                r.event_id,
                r.payload.get().to_owned(),
            )
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn sled_agrees_with_the_in_memory_model(ops in proptest::collection::vec(op(), 1..40)) {
        let rt = tokio::runtime::Runtime::new().unwrap();
        rt.block_on(async {
            let dir = tempfile::tempdir().unwrap();
            let sled = SledStore::open(dir.path()).unwrap();
            let memory = MemoryStore::new();
            for (stream, expect, batch) in materialise(&ops) {
                let a = memory.append(&stream, expect, batch.clone()).await;
                let b = sled.append(&stream, expect, batch).await;
                assert_eq!(summary(&a), summary(&b), "same answer for {stream} {expect:?}");
            }
            assert_eq!(log_of(&memory).await, log_of(&sled).await);
            conformance::assert_invariants(&sled).await;
            // And the same after a restart, when the indexes come from disk.
            sled.close();
            drop(sled);
            let sled = SledStore::open(dir.path()).unwrap();
            assert_eq!(log_of(&memory).await, log_of(&sled).await);
            for s in 0..4 {
                let stream = format!("p-{s}");
                let m = memory.read_stream(&stream, 0, usize::MAX).await.unwrap();
                let d = sled.read_stream(&stream, 0, usize::MAX).await.unwrap();
                assert_eq!(m.iter().map(|r| r.event_id).collect::<Vec<_>>(),
                           d.iter().map(|r| r.event_id).collect::<Vec<_>>());
            }
        });
    }

    #[test]
    fn concurrent_appends_keep_every_invariant(ops in proptest::collection::vec(op(), 1..60)) {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        rt.block_on(async {
            let dir = tempfile::tempdir().unwrap();
            let store = SledStore::open(dir.path()).unwrap();
            let appends = materialise(&ops);
            let mut tasks = Vec::new();
            for (stream, expect, batch) in appends.clone() {
                let store = store.clone();
                tasks.push(tokio::spawn(async move { store.append(&stream, expect, batch).await }));
            }
            let mut results = Vec::new();
            for t in tasks {
                results.push(t.await.unwrap());
            }
            conformance::assert_invariants(&store).await;
            let log = store.read_all(0, usize::MAX).await.unwrap();
            let by_id: HashMap<Uuid, &accolade_store::RecordedEvent> =
                log.iter().map(|r| (r.event_id, r)).collect();
            for ((stream, _, batch), result) in appends.iter().zip(&results) {
                match result {
                    Ok(o) => {
                        // Stored exactly where the store said, in order, in the named stream.
                        for (k, ev) in batch.iter().enumerate() {
                            let r = by_id[&ev.event_id];
                            assert_eq!(r.position, o.first_position + k as u64);
                            assert_eq!(&r.stream_id, stream);
                        }
                        assert_eq!(o.last_position - o.first_position + 1, batch.len() as u64);
                    }
                    Err(StoreError::VersionConflict { .. }) => {
                        // Refused; its ids may only be stored by another op that carried them.
                        let carried_elsewhere = appends.iter().zip(&results).any(|((_, _, b), r)| {
                            r.is_ok() && b.iter().any(|e| e.event_id == batch[0].event_id)
                        });
                        if !carried_elsewhere {
                            assert!(!by_id.contains_key(&batch[0].event_id));
                        }
                    }
                    Err(StoreError::EventIdReused { .. } | StoreError::PartialRetry { .. }) => {}
                    Err(e) => panic!("unexpected error {e}"),
                }
            }
        });
    }
}
