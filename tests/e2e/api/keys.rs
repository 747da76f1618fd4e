//! The key store as the server runs it: copied to `key_backup_dir` at start, and refused
//! loudly when it is missing or the master key is wrong, never read as "everyone erased".

use std::time::{Duration, Instant};

use accolade_cli::serve::Server;
use accolade_http::config::Config;

use super::support::TestApp;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_copies_the_key_store_at_start() {
    let backups = tempfile::tempdir().unwrap();
    let dir = backups.path().to_path_buf();
    let t = TestApp::start_with(|c| c.key_backup_dir = Some(dir.clone())).await;
    let started = Instant::now();
    let copies = loop {
        // A copy is written as `.tmp` and renamed when synced: only finished copies count.
        let copies: Vec<_> = std::fs::read_dir(&dir)
            .map(|d| {
                d.filter_map(Result::ok)
                    .map(|e| e.file_name())
                    .filter(|n| n.to_string_lossy().ends_with(".journal"))
                    .collect()
            })
            .unwrap_or_default();
        if !copies.is_empty() || started.elapsed() > Duration::from_secs(10) {
            break copies;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(copies.len(), 1, "one copy at start: {copies:?}");
    let name = copies[0].to_string_lossy().into_owned();
    assert!(
        name.starts_with("keys-") && name.ends_with(".journal"),
        "{name}"
    );
    drop(t);
}

/// A data directory whose log holds events, served once and stopped.
async fn served_once(master_key: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut c = Config::for_data_dir(dir.path());
    c.admin_email = Some("admin@example.vn".into());
    c.admin_password = Some("a long enough password".to_owned().into());
    c.snapshots = false;
    c.master_key = master_key.map(|k| k.to_owned().into());
    let server = Server::open(c).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    server.spawn(listener).unwrap().stop().await.unwrap();
    dir
}

async fn open_error(dir: &std::path::Path, master_key: Option<&str>) -> String {
    let mut c = Config::for_data_dir(dir);
    c.snapshots = false;
    c.master_key = master_key.map(|k| k.to_owned().into());
    match Server::open(c).await {
        Ok(_) => panic!("the server opened"),
        Err(e) => e.to_string(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lost_key_store_is_refused_at_start() {
    let dir = served_once(None).await;
    std::fs::remove_dir_all(dir.path().join("keys")).unwrap();
    let e = open_error(dir.path(), None).await;
    assert!(e.contains("missing"), "{e}");
    assert!(e.contains("keys"), "names the key store: {e}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_master_key_is_refused_at_start() {
    let key = "11".repeat(32);
    let dir = served_once(Some(&key)).await;
    let e = open_error(dir.path(), Some(&"22".repeat(32))).await;
    assert!(e.to_lowercase().contains("master key"), "{e}");
    let e = open_error(dir.path(), None).await;
    assert!(e.to_lowercase().contains("master key"), "none given: {e}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_key_store_older_than_the_log_is_refused_at_start() {
    let dir = served_once(None).await;
    let journal = dir.path().join("keys").join("journal");
    let old = std::fs::read(&journal).unwrap();
    // A new person after the copy: a user the admin registers.
    let mut c = Config::for_data_dir(dir.path());
    c.snapshots = false;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let running = Server::open(c).await.unwrap().spawn(listener).unwrap();
    let http = reqwest::Client::new();
    let session: serde_json::Value = http
        .post(format!("{}/api/v1/session", running.url()))
        .json(
            &serde_json::json!({"email": "admin@example.vn", "password": "a long enough password"}),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = session["token"].as_str().unwrap();
    let created = http
        .post(format!("{}/api/v1/users", running.url()))
        .bearer_auth(token)
        .json(&serde_json::json!({"email": "moi@example.vn", "full_name": "Người Mới", "role": "member"}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    running.stop().await.unwrap();
    // The key store restored from the copy taken before that user existed.
    std::fs::write(&journal, old).unwrap();
    let e = open_error(dir.path(), None).await;
    assert!(e.contains("no key for 1 people"), "{e}");
}
