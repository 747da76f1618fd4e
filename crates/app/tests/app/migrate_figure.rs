//! A rough figure for `accolade migrate` on a larger shape-1 log (ignored: a measurement).

use accolade_store::{EventStore, SledStore};
use serde_json::json;
use time::macros::datetime;
use uuid::Uuid;

use crate::migrate::{PROGRAMME_STREAM, nominee, old_record, run};

/// A rough figure: `MIGRATE_EVENTS` (default 100,000) shape-1 events on one programme stream,
/// one in five a plain nomination draft, migrated. Run with
/// `cargo test -p accolade-app --test app migrate_figure -- --ignored --nocapture`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a measurement, not a check"]
async fn migrate_figure() {
    let n: u64 = std::env::var("MIGRATE_EVENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let store = SledStore::open(dir.join("events")).unwrap();
    let at = datetime!(2025-03-01 08:00 UTC);
    let mut batch = Vec::new();
    for i in 0..n {
        batch.push(if i % 5 == 0 {
            old_record(
                "NominationDrafted",
                2,
                json!({"nomination_id": Uuid::from_u128(u128::from(i) + 1_000_000),
                       "category_code": "IND", "agency_id": Uuid::from_u128(0xa1),
                       "person_id": Uuid::from_u128(u128::from(i) + 2_000_000),
                       "nominee": nominee(&format!("Nguyễn Văn {i}")), "citation": "c",
                       "achievements": "a", "evidence": []}),
                at,
            )
        } else {
            old_record("ScoreRecorded", 1, json!({"n": i, "score": 87.5}), at)
        });
        if batch.len() == 1000 {
            let events = std::mem::take(&mut batch);
            store
                .append(
                    PROGRAMME_STREAM,
                    accolade_store::ExpectedVersion::Any,
                    events,
                )
                .await
                .unwrap();
        }
    }
    if !batch.is_empty() {
        store
            .append(
                PROGRAMME_STREAM,
                accolade_store::ExpectedVersion::Any,
                batch,
            )
            .await
            .unwrap();
    }
    store.close();
    drop(store);
    let started = std::time::Instant::now();
    let report = run(dir, false).await;
    let secs = started.elapsed().as_secs_f64();
    assert_eq!(report.events, n);
    println!(
        "migrate: events={n} sealed={} secs={secs:.2} events_per_s={:.0} (conversion and checks {:.2} s)",
        report.sealed,
        n as f64 / secs,
        report.took.as_secs_f64()
    );
}
