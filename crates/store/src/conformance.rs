//! The contract test suite, written once for every backend.
//!
//! Each backend's tests call [`run_all`] with a function that makes a fresh, empty store; the
//! suite panics (fails the test) on the first broken promise. It lives in the library, behind
//! the `conformance` feature, so that backends in other crates run exactly the same checks.
//! It is test code compiled into the library, so a failed check panics.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::collections::HashSet;
use std::future::Future;

use serde_json::json;
use uuid::Uuid;

use crate::{
    EventStore, ExpectedVersion, InvalidBatch, Metadata, NewEvent, RecordedEvent, StoreError,
};

/// An event with a small JSON payload.
pub fn event(n: u64) -> NewEvent {
    NewEvent::json(
        "Tested",
        1,
        &json!({ "n": n }),
        Metadata {
            actor: Some("tester".into()),
            correlation_id: Some(Uuid::now_v7()),
            causation_id: None,
        },
    )
}

/// Runs every contract check, each on a fresh store from `make`.
pub async fn run_all<S, F, Fut>(make: F)
where
    S: EventStore,
    F: Fn() -> Fut,
    Fut: Future<Output = S>,
{
    append_then_read(make().await).await;
    expected_versions(make().await).await;
    idempotent_retry(make().await).await;
    reused_and_partial_ids(make().await).await;
    bad_input_changes_nothing(make().await).await;
    positions_and_versions_gap_free(make().await).await;
    subscription_catch_up_then_live(make().await).await;
    verify_walks_the_chain(make().await).await;
    concurrent_writers_on_one_stream(make().await).await;
    given_recorded_at_is_kept(make().await).await;
}

async fn all<S: EventStore>(store: &S) -> Vec<RecordedEvent> {
    store.read_all(0, usize::MAX).await.expect("read_all")
}

/// Asserts the whole log is one intact chain with gap-free positions and versions.
pub async fn assert_invariants<S: EventStore>(store: &S) {
    let records = all(store).await;
    let head = *store.durable_head().borrow();
    assert_eq!(
        records.len() as u64,
        head,
        "read_all returns every durable event"
    );
    let mut versions = std::collections::HashMap::<String, u64>::new();
    let mut ids = HashSet::new();
    for (i, r) in records.iter().enumerate() {
        assert_eq!(r.position, i as u64, "positions are gap-free");
        let next = versions.entry(r.stream_id.clone()).or_insert(0);
        assert_eq!(r.stream_version, *next, "versions are gap-free per stream");
        *next += 1;
        assert!(ids.insert(r.event_id), "no event id is stored twice");
    }
    let report = store.verify().await.expect("verify");
    assert!(report.ok, "chain verifies: {report:?}");
    assert_eq!(report.events, head);
    if let Some(last) = records.last() {
        assert_eq!(report.head_hash, last.hash);
    }
}

async fn append_then_read<S: EventStore>(store: S) {
    let batch: Vec<_> = (0..3).map(event).collect();
    let ids: Vec<_> = batch.iter().map(|e| e.event_id).collect();
    let out = store
        .append("a-1", ExpectedVersion::NoStream, batch.clone())
        .await
        .expect("append");
    assert_eq!((out.first_position, out.last_position), (0, 2));
    assert_eq!(out.stream_version, 2);
    assert!(!out.replayed);

    let read = store.read_stream("a-1", 0, 100).await.expect("read_stream");
    assert_eq!(read.iter().map(|r| r.event_id).collect::<Vec<_>>(), ids);
    for (r, sent) in read.iter().zip(&batch) {
        assert_eq!(
            r.payload.get().as_bytes(),
            sent.payload.as_slice(),
            "payload verbatim"
        );
        assert_eq!(r.metadata, sent.metadata);
        assert_eq!(r.event_type, "Tested");
    }
    assert_eq!(read[0].prev_hash, crate::Hash::GENESIS);
    assert_eq!(read[1].prev_hash, read[0].hash);
    let tail = store.read_stream("a-1", 1, 1).await.expect("read_stream");
    assert_eq!(tail.len(), 1);
    assert_eq!(tail[0].stream_version, 1);
    assert!(
        store
            .read_stream("nope", 0, 10)
            .await
            .expect("read")
            .is_empty()
    );
    assert_eq!(store.read_all(2, 10).await.expect("read_all").len(), 1);
    assert!(store.read_all(3, 10).await.expect("read_all").is_empty());
    assert_invariants(&store).await;
}

async fn expected_versions<S: EventStore>(store: S) {
    store
        .append("s", ExpectedVersion::NoStream, vec![event(0)])
        .await
        .expect("first");
    let err = store
        .append("s", ExpectedVersion::NoStream, vec![event(1)])
        .await
        .expect_err("NoStream on an existing stream");
    assert!(
        matches!(
            err,
            StoreError::VersionConflict {
                actual: Some(0),
                ..
            }
        ),
        "{err}"
    );
    let err = store
        .append("s", ExpectedVersion::Exact(5), vec![event(1)])
        .await
        .expect_err("wrong exact version");
    assert!(
        matches!(
            err,
            StoreError::VersionConflict {
                actual: Some(0),
                ..
            }
        ),
        "{err}"
    );
    let err = store
        .append("other", ExpectedVersion::Exact(0), vec![event(1)])
        .await
        .expect_err("exact version of a missing stream");
    assert!(
        matches!(err, StoreError::VersionConflict { actual: None, .. }),
        "{err}"
    );
    let out = store
        .append("s", ExpectedVersion::Exact(0), vec![event(1)])
        .await
        .expect("exact");
    assert_eq!(out.stream_version, 1);
    let out = store
        .append("s", ExpectedVersion::Any, vec![event(2)])
        .await
        .expect("any");
    assert_eq!(out.stream_version, 2);
    assert_eq!(*store.durable_head().borrow(), 3);
    assert_invariants(&store).await;
}

async fn idempotent_retry<S: EventStore>(store: S) {
    store
        .append("x", ExpectedVersion::NoStream, vec![event(9)])
        .await
        .expect("other stream first");
    let batch = vec![event(1), event(2)];
    let first = store
        .append("r", ExpectedVersion::NoStream, batch.clone())
        .await
        .expect("append");
    // A retry with the same ids and content returns the first outcome, whatever the version
    // it names, and stores nothing.
    let mut retry = batch.clone();
    retry[0].payload = br#"{ "n" : 1 }"#.to_vec();
    let again = store
        .append("r", ExpectedVersion::NoStream, retry)
        .await
        .expect("retry");
    assert!(again.replayed);
    assert_eq!(
        (
            again.first_position,
            again.last_position,
            again.stream_version
        ),
        (
            first.first_position,
            first.last_position,
            first.stream_version
        )
    );
    assert_eq!(*store.durable_head().borrow(), 3);
    assert_invariants(&store).await;
}

async fn reused_and_partial_ids<S: EventStore>(store: S) {
    let batch = vec![event(1), event(2)];
    store
        .append("p", ExpectedVersion::Any, batch.clone())
        .await
        .expect("append");

    let mut changed = batch.clone();
    changed[1].payload = br#"{"n":999}"#.to_vec();
    let err = store
        .append("p", ExpectedVersion::Any, changed)
        .await
        .expect_err("reused id");
    assert!(matches!(err, StoreError::EventIdReused { .. }), "{err}");

    let err = store
        .append("elsewhere", ExpectedVersion::Any, batch.clone())
        .await
        .expect_err("same ids on another stream");
    assert!(matches!(err, StoreError::EventIdReused { .. }), "{err}");

    let partial = vec![batch[0].clone(), event(3)];
    let err = store
        .append("p", ExpectedVersion::Any, partial)
        .await
        .expect_err("partial overlap");
    assert!(matches!(err, StoreError::PartialRetry { .. }), "{err}");

    assert_eq!(*store.durable_head().borrow(), 2, "nothing more was stored");
    assert_invariants(&store).await;
}

async fn bad_input_changes_nothing<S: EventStore>(store: S) {
    store
        .append("ok", ExpectedVersion::Any, vec![event(0)])
        .await
        .expect("append");
    let before = all(&store).await;

    let mut not_json = event(1);
    not_json.payload = b"{not json".to_vec();
    let mut big = event(2);
    big.payload = format!("\"{}\"", "x".repeat(1024 * 1024 + 1)).into_bytes();
    let dup = event(3);
    let mut no_type = event(4);
    no_type.event_type.clear();

    type Case<'a> = (&'a str, Vec<NewEvent>, fn(&InvalidBatch) -> bool);
    let cases: Vec<Case> = vec![
        ("", vec![event(5)], |e| {
            matches!(e, InvalidBatch::EmptyStreamId)
        }),
        ("bad\0id", vec![event(5)], |e| {
            matches!(e, InvalidBatch::BadStreamId(_))
        }),
        ("ok", vec![], |e| matches!(e, InvalidBatch::Empty)),
        ("ok", vec![not_json], |e| {
            matches!(e, InvalidBatch::PayloadNotJson { .. })
        }),
        ("ok", vec![big], |e| {
            matches!(e, InvalidBatch::TooLarge { .. })
        }),
        ("ok", vec![dup.clone(), dup], |e| {
            matches!(e, InvalidBatch::DuplicateEventId(_))
        }),
        ("ok", vec![no_type], |e| {
            matches!(e, InvalidBatch::BadEventType(_))
        }),
    ];
    for (stream, batch, expected) in cases {
        match store.append(stream, ExpectedVersion::Any, batch).await {
            Err(StoreError::Invalid(e)) => assert!(expected(&e), "wrong refusal: {e}"),
            other => panic!("bad batch for {stream:?} was not refused as invalid: {other:?}"),
        }
    }
    assert_eq!(all(&store).await, before, "refused batches change nothing");
    assert_invariants(&store).await;
}

async fn positions_and_versions_gap_free<S: EventStore>(store: S) {
    for i in 0..30u64 {
        let stream = format!("g-{}", i % 4);
        let batch = (0..(i % 3 + 1)).map(|k| event(i * 10 + k)).collect();
        store
            .append(&stream, ExpectedVersion::Any, batch)
            .await
            .expect("append");
    }
    assert_invariants(&store).await;
}

async fn subscription_catch_up_then_live<S: EventStore>(store: S) {
    for i in 0..5 {
        store
            .append("sub", ExpectedVersion::Any, vec![event(i)])
            .await
            .expect("append");
    }
    let mut from_start = store.subscribe(0);
    let mut from_middle = store.subscribe(3);
    let writer = {
        let store = store.clone();
        tokio::spawn(async move {
            for i in 5..12 {
                store
                    .append(
                        &format!("live-{}", i % 2),
                        ExpectedVersion::Any,
                        vec![event(i)],
                    )
                    .await
                    .expect("live append");
            }
        })
    };
    for expected in 0..12 {
        let ev = from_start.next().await.expect("next");
        assert_eq!(ev.position, expected, "in order, no gap, no duplicate");
    }
    for expected in 3..12 {
        assert_eq!(from_middle.next().await.expect("next").position, expected);
    }
    writer.await.expect("writer");
    assert!(from_start.try_next().await.expect("try_next").is_none());
}

async fn verify_walks_the_chain<S: EventStore>(store: S) {
    let empty = store.verify().await.expect("verify");
    assert!(empty.ok);
    assert_eq!(empty.events, 0);
    assert_eq!(empty.head_hash, crate::Hash::GENESIS);
    for i in 0..10 {
        store
            .append("v", ExpectedVersion::Any, vec![event(i), event(i + 100)])
            .await
            .expect("append");
    }
    assert_invariants(&store).await;
}

async fn concurrent_writers_on_one_stream<S: EventStore>(store: S) {
    // Sixteen writers race for each version of one stream: exactly one wins each round.
    let mut winners = 0;
    for round in 0..5u64 {
        let mut tasks = Vec::new();
        for w in 0..16u64 {
            let store = store.clone();
            let expected = if round == 0 {
                ExpectedVersion::NoStream
            } else {
                ExpectedVersion::Exact(round - 1)
            };
            tasks.push(tokio::spawn(async move {
                store
                    .append("race", expected, vec![event(round * 100 + w)])
                    .await
            }));
        }
        let mut won = 0;
        for t in tasks {
            match t.await.expect("task") {
                Ok(_) => won += 1,
                Err(StoreError::VersionConflict { .. }) => {}
                Err(e) => panic!("unexpected error: {e}"),
            }
        }
        assert_eq!(won, 1, "exactly one writer wins round {round}");
        winners += won;
    }
    assert_eq!(*store.durable_head().borrow(), winners);
    assert_invariants(&store).await;
}

async fn given_recorded_at_is_kept<S: EventStore>(store: S) {
    // A copy of an older log (`accolade migrate`) keeps each event's original time.
    let then = time::macros::datetime!(2024-03-01 08:30:15.123456789 UTC);
    let mut old = event(1);
    old.recorded_at = Some(then);
    store
        .append("t", ExpectedVersion::NoStream, vec![old, event(2)])
        .await
        .expect("append");
    let got = all(&store).await;
    assert_eq!(got[0].recorded_at, then, "the given time is stored");
    assert!(
        got[1].recorded_at > then,
        "without one, the time of the append"
    );
    assert_invariants(&store).await;
}
