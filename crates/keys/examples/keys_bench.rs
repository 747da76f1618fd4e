//! Throughput of `ensure` for new people, and the cost of an erasure in a large key store.
//!
//! Run through `ops/bench/keys`. For 1, 16 and 64 concurrent callers, each caller asks for a
//! key for one new person at a time, for a fixed time; every call returns only once the key
//! is durable, so the figures are those of durable keys. Then a store of 100,000 keys is
//! erased from (one person, a whole-journal rewrite each time) and reopened.
//!
//! `BENCH_SECS` (default 3) sets the time per caller count; `BENCH_DIR` where the stores are
//! made (default: the current directory — not a tmpfs, or `fdatasync` costs nothing);
//! `BENCH_PLAIN=1` benchmarks a store without a master key.
// A benchmark that cannot do its work has nothing to report: failing loudly is right here.
#![allow(clippy::expect_used)]

use std::time::{Duration, Instant};

use accolade_keys::{Create, KeyStore, MasterKey};
use uuid::Uuid;

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

fn master() -> Option<MasterKey> {
    let plain = std::env::var("BENCH_PLAIN").is_ok_and(|v| v == "1");
    (!plain).then(MasterKey::generate)
}

async fn open(dir: &std::path::Path, master: Option<MasterKey>) -> KeyStore {
    KeyStore::open(dir, master, Create::IfMissing)
        .await
        .expect("open key store")
}

/// `callers` tasks ensuring new ids for `secs`: (ensures/s, p50 ms, p99 ms, ids per sync).
async fn ensure_run(store: &KeyStore, callers: usize, secs: f64) -> (f64, f64, f64, f64) {
    let syncs_before = store.syncs();
    let deadline = Instant::now() + Duration::from_secs_f64(secs);
    let start = Instant::now();
    let tasks: Vec<_> = (0..callers)
        .map(|_| {
            let store = store.clone();
            tokio::spawn(async move {
                let mut lat = Vec::new();
                while Instant::now() < deadline {
                    let t = Instant::now();
                    store.ensure(&[Uuid::now_v7()]).await.expect("ensure");
                    lat.push(t.elapsed());
                }
                lat
            })
        })
        .collect();
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.expect("caller task"));
    }
    let elapsed = start.elapsed().as_secs_f64();
    all.sort();
    let syncs = (store.syncs() - syncs_before).max(1);
    (
        all.len() as f64 / elapsed,
        percentile(&all, 0.5),
        percentile(&all, 0.99),
        all.len() as f64 / syncs as f64,
    )
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let secs: f64 = std::env::var("BENCH_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3.0);
    let base = std::env::var("BENCH_DIR").unwrap_or_else(|_| ".".into());
    let master = master();
    let mode = if master.is_some() { "wrapped" } else { "plain" };

    let dir = tempfile::tempdir_in(&base).expect("temp dir");
    let store = open(dir.path(), master.clone()).await;
    let mut last = (0.0, 0.0, 0.0, 0.0);
    for callers in [1, 16, 64] {
        last = ensure_run(&store, callers, secs).await;
        let (rate, p50, p99, per_sync) = last;
        println!(
            "ensure ({mode}): callers={callers:<3} ensures_per_s={rate:>8.0} p50_ms={p50:.2} \
             p99_ms={p99:.2} ids_per_sync={per_sync:.1}"
        );
    }
    store.close().await;

    // 100,000 keys, made in calls of 1,000 (one append and one sync each).
    let dir = tempfile::tempdir_in(&base).expect("temp dir");
    let store = open(dir.path(), master.clone()).await;
    let people: Vec<Uuid> = (0..100_000).map(|_| Uuid::now_v7()).collect();
    let t = Instant::now();
    for chunk in people.chunks(1000) {
        store.ensure(chunk).await.expect("ensure");
    }
    let fill_s = t.elapsed().as_secs_f64();
    let mut erase_ms = Vec::new();
    for id in people.iter().take(5) {
        let t = Instant::now();
        store.erase(&[*id]).await.expect("erase");
        erase_ms.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    erase_ms.sort_by(f64::total_cmp);
    let journal_mib = std::fs::metadata(dir.path().join("journal"))
        .expect("journal")
        .len() as f64
        / (1024.0 * 1024.0);
    store.close().await;
    drop(store);
    let t = Instant::now();
    let store = open(dir.path(), master).await;
    let open_ms = t.elapsed().as_secs_f64() * 1000.0;
    assert_eq!(store.counts(), (99_995, 5));
    println!(
        "erase ({mode}): keys=100000 journal_mib={journal_mib:.1} fill_s={fill_s:.2} \
         erase_ms_median={:.0} erase_ms_max={:.0} reopen_ms={open_ms:.0}",
        erase_ms[erase_ms.len() / 2],
        erase_ms[erase_ms.len() - 1],
    );
    println!(
        "keys: ensures_per_s={:.0} callers=64 p99_ms={:.2} erase_100k_ms={:.0} mode={mode}",
        last.0,
        last.2,
        erase_ms[erase_ms.len() / 2]
    );
}
