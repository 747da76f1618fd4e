//! Durable append throughput and latency of the sled store, and `read_all` speed.
//!
//! Run through `ops/bench/store`. For each writer count, that many tasks append single-event
//! batches to their own streams for a fixed time; every append is acknowledged only once
//! durable (flush + fdatasync), so the figures are those of durable appends.
// A benchmark that cannot do its work has nothing to report: failing loudly is right here.
#![allow(clippy::expect_used)]

use std::time::{Duration, Instant};

use accolade_store::{EventStore, ExpectedVersion, Metadata, NewEvent, SledStore};
use serde::Serialize;

/// About the size of a real nomination event's payload.
#[derive(Serialize)]
struct Payload {
    nomination_id: uuid::Uuid,
    category_code: &'static str,
    agency_id: uuid::Uuid,
    writer: usize,
    n: u64,
    citation: &'static str,
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

fn event(writer: usize, n: u64) -> NewEvent {
    let payload = Payload {
        nomination_id: uuid::Uuid::now_v7(),
        category_code: "TT-KHCN",
        agency_id: uuid::Uuid::now_v7(),
        writer,
        n,
        citation: "Có nhiều đóng góp xuất sắc trong truyền thông khoa học, công nghệ và đổi mới sáng tạo",
    };
    NewEvent {
        event_id: uuid::Uuid::now_v7(),
        event_type: "Benchmarked".into(),
        schema_version: 1,
        payload: serde_json::to_vec(&payload).expect("serialise"),
        metadata: Metadata::default(),
        recorded_at: None,
    }
}

async fn run<S: EventStore>(store: &S, writers: usize, secs: f64) -> (f64, f64, f64) {
    let deadline = Instant::now() + Duration::from_secs_f64(secs);
    let start = Instant::now();
    let mut tasks = Vec::new();
    for w in 0..writers {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            let mut n = 0u64;
            let stream = format!("bench-{writers}-{w}");
            while Instant::now() < deadline {
                let ev = event(w, n);
                let t = Instant::now();
                store
                    .append(&stream, ExpectedVersion::Any, vec![ev])
                    .await
                    .expect("append");
                lat.push(t.elapsed());
                n += 1;
            }
            lat
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.expect("writer task"));
    }
    let elapsed = start.elapsed().as_secs_f64();
    all.sort();
    (
        all.len() as f64 / elapsed,
        percentile(&all, 0.5),
        percentile(&all, 0.99),
    )
}

#[tokio::main]
async fn main() {
    let secs: f64 = std::env::var("BENCH_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5.0);
    let dir = tempfile::tempdir_in(std::env::var("BENCH_DIR").unwrap_or_else(|_| ".".into()))
        .expect("temp dir");
    let store = SledStore::open(dir.path()).expect("open store");
    let mut last = (0.0, 0.0, 0.0);
    let counts: Vec<usize> = std::env::var("BENCH_WRITERS")
        .ok()
        .map(|s| s.split(',').filter_map(|w| w.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1, 16, 64]);
    for writers in counts {
        let (rate, p50, p99) = run(&store, writers, secs).await;
        println!(
            "writers={writers:<3} durable_appends_per_s={rate:.0} p50_ms={p50:.3} p99_ms={p99:.3}"
        );
        last = (rate, p50, p99);
    }

    let head = *store.durable_head().borrow();
    let start = Instant::now();
    let mut pos = 0;
    while pos < head {
        let page = store.read_all(pos, 4096).await.expect("read_all");
        pos += page.len() as u64;
    }
    let read_rate = head as f64 / start.elapsed().as_secs_f64();
    println!("read_all events={head} events_per_s={read_rate:.0}");
    let report = store.verify().await.expect("verify");
    assert!(report.ok, "chain verifies after the benchmark");
    println!(
        "store: appends_per_s={:.0} p99_ms={:.2} writers=64 read_all_per_s={:.0}",
        last.0, last.2, read_rate
    );
}
