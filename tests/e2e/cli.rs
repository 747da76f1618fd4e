//! The `accolade` binary, run as a user would.
#![allow(clippy::unwrap_used, clippy::expect_used)] // Test code: a failure should panic.

use std::process::Command;

use accolade_store::{
    EventStore, ExpectedVersion, Metadata, NewEvent, SledStore, tamper_with_record,
};

fn accolade(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(crate::accolade_bin())
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

async fn populate(dir: &std::path::Path, n: u64) {
    let store = SledStore::open(dir).unwrap();
    for i in 0..n {
        let ev = NewEvent::json(
            "Tested",
            1,
            &serde_json::json!({"n": i}),
            Metadata::default(),
        );
        store
            .append("cli-1", ExpectedVersion::Any, vec![ev])
            .await
            .unwrap();
    }
    store.close();
}

#[tokio::test]
async fn verify_reports_an_intact_chain_then_names_a_flipped_byte() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_str().unwrap();
    populate(dir.path(), 6).await;

    let (code, out, _) = accolade(&["verify", "--data-dir", path]);
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("ok: 6 events"), "{out}");

    tamper_with_record(dir.path(), 3, |stored| {
        let at = stored.windows(5).position(|w| w == b"\"n\":3").unwrap() + 4;
        stored[at] = b'9';
    })
    .unwrap();
    let (code, out, _) = accolade(&["verify", "--data-dir", path]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("BROKEN at position 3"), "{out}");
}

#[test]
fn verify_refuses_a_directory_that_is_not_a_store() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = accolade(&["verify", "--data-dir", dir.path().to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("not an Accolade data directory"), "{err}");
    assert!(
        !dir.path().join("db").exists(),
        "verify must not create a store"
    );
}

#[test]
fn verify_explains_a_store_held_by_another_process() {
    let dir = tempfile::tempdir().unwrap();
    let _held = SledStore::open(dir.path()).unwrap();
    let (code, _, err) = accolade(&["verify", "--data-dir", dir.path().to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("in use") && err.contains("GET /api/v1/verify"),
        "{err}"
    );
}

#[test]
fn status_creates_a_store_and_reports_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new");
    let (code, out, _) = accolade(&["status", "--data-dir", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("events: 0") && out.contains("chain:  verifies"),
        "{out}"
    );
}

/// `accolade demo` seeds a fresh store, serves it, prints the URL, and the honour list shows
/// the published awards; a second start reuses the store.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_serves_the_honour_list() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("demo");
    for round in 0..2 {
        let mut child = Command::new(crate::accolade_bin())
            .args([
                "demo",
                "--data-dir",
                data.to_str().unwrap(),
                "--listen",
                "127.0.0.1:0",
            ])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        // The first line is the URL. The rest of stdout is drained, not dropped: a closed
        // pipe would make the demo's next `println!` fail and the demo exit.
        let (tx, rx) = tokio::sync::oneshot::channel();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(stdout).lines();
            let first = lines.next().and_then(Result::ok).unwrap_or_default();
            let _ = tx.send(first);
            for _ in lines {}
        });
        let first = rx.await.unwrap();
        let url = first
            .trim()
            .strip_prefix("Accolade demo: ")
            .unwrap()
            .to_owned();
        let body: serde_json::Value = reqwest::get(format!("{url}/api/v1/public/honours"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let names: Vec<&str> = body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["full_name"].as_str().unwrap())
            .collect();
        assert!(
            names.contains(&"Nguyễn Văn Đức"),
            "round {round}: {names:?}"
        );
        assert_eq!(names.len(), 4, "round {round}: seeded once: {names:?}");
        child.kill().unwrap();
        child.wait().unwrap();
    }
}

#[tokio::test]
async fn rebuild_folds_the_log_checks_the_live_state_and_writes_a_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_str().unwrap();
    populate(dir.path(), 5).await;

    let (code, out, err) = accolade(&["rebuild", "--data-dir", path]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("no usable snapshot"), "{out}");
    assert!(out.contains("rebuilt: 5 events"), "{out}");
    // Events of a type the read models do not know are counted, never fatal.
    assert!(out.contains("5 skipped"), "{out}");
    assert!(out.contains("equal the rebuilt ones"), "{out}");
    assert!(
        dir.path().join("projections").exists(),
        "a snapshot was written"
    );

    // A second run starts from that snapshot.
    let (code, out, _) = accolade(&["rebuild", "--data-dir", path]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("snapshot at 5 + 0 events"), "{out}");

    // A damaged snapshot is ignored, never trusted: the live state replays the log.
    for entry in std::fs::read_dir(dir.path().join("projections")).unwrap() {
        let file = entry.unwrap().path();
        let mut bytes = std::fs::read(&file).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 0xFF;
        std::fs::write(&file, bytes).unwrap();
    }
    let (code, out, _) = accolade(&["rebuild", "--data-dir", path]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("no usable snapshot"), "{out}");
}
