//! Crash recovery: a child process appends under concurrent load and reports every
//! acknowledged event; the parent kills it with SIGKILL at a random moment, reopens the store
//! and checks that nothing acknowledged was lost, no batch is partly visible, positions and
//! versions are gap-free and the hash chain verifies.
//!
//! `ACCOLADE_CRASH_CYCLES` sets the number of kill cycles (default 20).
#![allow(clippy::unwrap_used, clippy::expect_used)] // Test code: a failure should panic.

use std::collections::{HashMap, HashSet};
use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime};

use accolade_store::{EventStore, ExpectedVersion, Metadata, NewEvent, SledStore, conformance};
use serde_json::json;
use uuid::Uuid;

const CHILD_ENV: &str = "ACCOLADE_CRASH_CHILD_DIR";

/// The child's side, run only by the parent (`--ignored`, with `CHILD_ENV` set): ignored in
/// a normal run rather than passing without having done anything.
#[test]
#[ignore = "the child process of sigkill_loses_no_acknowledged_event"]
fn crash_child() {
    let Ok(dir) = std::env::var(CHILD_ENV) else {
        return;
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async move {
        let store = SledStore::open(&dir).unwrap();
        let mut tasks = tokio::task::JoinSet::new();
        for w in 0..16u64 {
            let store = store.clone();
            tasks.spawn(async move {
                let mut n = 0u64;
                loop {
                    let size = (n % 4 + 1) as usize;
                    let batch_id = Uuid::now_v7();
                    let events: Vec<NewEvent> = (0..size)
                        .map(|i| {
                            NewEvent::json(
                                "Crashed",
                                1,
                                &json!({"batch": batch_id, "size": size, "i": i, "pad": "x".repeat((n % 7 * 300) as usize)}),
                                Metadata::default(),
                            )
                        })
                        .collect();
                    let ids: Vec<String> = events.iter().map(|e| e.event_id.to_string()).collect();
                    let stream = format!("crash-{}", (w + n) % 24);
                    store
                        .append(&stream, ExpectedVersion::Any, events)
                        .await
                        .unwrap();
                    // One write per line, so a kill leaves at most one partial line.
                    let line = format!("ack {}\n", ids.join(","));
                    let mut out = std::io::stdout().lock();
                    out.write_all(line.as_bytes()).unwrap();
                    out.flush().unwrap();
                    n += 1;
                }
            });
        }
        // The writers loop until the parent kills the process; only a failure ends one.
        if let Some(ended) = tasks.join_next().await {
            panic!("a writer stopped: {ended:?}");
        }
    });
}

/// A small PRNG so the test needs no extra dependency; seeded from the clock and printed.
fn next_random(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[test]
fn sigkill_loses_no_acknowledged_event() {
    if std::env::var(CHILD_ENV).is_ok() {
        return;
    }
    let cycles: usize = std::env::var("ACCOLADE_CRASH_CYCLES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    let mut seed = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    println!("crash test seed {seed}, {cycles} cycles");
    let dir = tempfile::tempdir().unwrap();
    let exe = std::env::current_exe().unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let mut acknowledged: HashSet<Uuid> = HashSet::new();

    for cycle in 0..cycles {
        let mut child = Command::new(&exe)
            .args([
                "--exact",
                "crash_child",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_ENV, dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Read while the child runs: a full pipe would stall it and the kill would find it idle.
        let mut stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            let mut out = String::new();
            stdout.read_to_string(&mut out).unwrap();
            out
        });
        let wait_ms = 60 + next_random(&mut seed) % 400;
        std::thread::sleep(Duration::from_millis(wait_ms));
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        let out = reader.join().unwrap();

        let mut this_cycle = 0;
        // Only complete lines count: the last one may have been cut by the kill.
        let complete = out.rsplit_once('\n').map_or("", |(done, _)| done);
        for line in complete.lines() {
            if let Some(ids) = line.strip_prefix("ack ") {
                for id in ids.split(',') {
                    acknowledged.insert(id.parse().unwrap());
                    this_cycle += 1;
                }
            }
        }

        rt.block_on(async {
            let store = SledStore::open(dir.path()).unwrap();
            let records = store.read_all(0, usize::MAX).await.unwrap();
            let stored: HashSet<Uuid> = records.iter().map(|r| r.event_id).collect();
            let lost: Vec<_> = acknowledged.difference(&stored).collect();
            assert!(
                lost.is_empty(),
                "cycle {cycle}: {} acknowledged events lost, e.g. {:?}",
                lost.len(),
                lost.first()
            );
            let mut batches: HashMap<String, (u64, u64)> = HashMap::new();
            for r in &records {
                let p: serde_json::Value = serde_json::from_str(r.payload.get()).unwrap();
                let entry = batches
                    .entry(p["batch"].as_str().unwrap().to_owned())
                    .or_insert((p["size"].as_u64().unwrap(), 0));
                entry.1 += 1;
            }
            for (batch, (size, seen)) in &batches {
                assert_eq!(size, seen, "cycle {cycle}: batch {batch} is partly visible");
            }
            conformance::assert_invariants(&store).await;
            println!(
                "cycle {cycle}: killed after {wait_ms} ms, {this_cycle} acknowledged, {} stored in all",
                records.len()
            );
            store.close();
        });
    }
    assert!(
        !acknowledged.is_empty(),
        "the child acknowledged nothing: the test proved nothing"
    );
}
