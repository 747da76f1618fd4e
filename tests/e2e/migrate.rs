//! `accolade migrate`, run as an operator would, on the demo programme written in shape 1.
//!
//! The demo is seeded by this build (shape 2), then written back record by record as an
//! Accolade before issue 12 stored it (personal fields in plain text, unkeyed e-mail keys, old
//! schema versions, no key store): the old binary is not at hand, and this gives a whole cycle
//! of real records. The old directory is refused by `serve` and `rebuild`, migrated, and then
//! reads the same through the API.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use accolade_app::{App, PersonalConfig};
use accolade_cli::Server;
use accolade_events::{Personal, personal_fields};
use accolade_http::Config;
use accolade_store::{EventStore, ExpectedVersion, NewEvent, RecordedEvent, SledStore};
use serde_json::Value;
use sha2::{Digest, Sha256};

fn accolade(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(crate::accolade_bin())
        .args(args)
        .env_remove("ACCOLADE_MASTER_KEY")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// What the API shows of the data: the public honour list and every nomination (as the
/// admin sees it), without person ids (the migration remaps them), and whether every demo
/// login signs in by e-mail.
async fn what_the_api_shows(dir: &Path) -> (Value, Vec<(String, Value, Value)>) {
    let server = Server::open(Config::for_data_dir(dir)).await.unwrap();
    let seed = *server.state().node.app().store().durable_head().borrow() == 0;
    let programme = if seed {
        Some(
            accolade_cli::demo::seed(&server.state().node)
                .await
                .unwrap()
                .programme_id,
        )
    } else {
        None
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let running = server.spawn(listener).unwrap();
    let url = running.url();
    let http = reqwest::Client::new();
    let mut honours: Value = http
        .get(format!("{url}/api/v1/public/honours"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    strip_person_ids(&mut honours);
    let mut token = String::new();
    for l in accolade_cli::demo::logins().unwrap() {
        let res = http
            .post(format!("{url}/api/v1/session"))
            .json(&serde_json::json!({"email": l.email, "password": l.password}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 200, "{} signs in", l.email);
        if token.is_empty() {
            let body: Value = res.json().await.unwrap();
            token = body["token"].as_str().unwrap().to_owned();
        }
    }
    let programme = programme.map_or_else(
        || {
            honours["items"][0]["programme_id"]
                .as_str()
                .unwrap()
                .to_owned()
        },
        |p| p.to_string(),
    );
    let all: Value = http
        .get(format!(
            "{url}/api/v1/nominations?programme_id={programme}&limit=500"
        ))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut nominations: Vec<(String, Value, Value)> = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["id"].as_str().unwrap().to_owned(),
                n["nominee"].clone(),
                n["status"].clone(),
            )
        })
        .collect();
    nominations.sort_by(|a, b| a.0.cmp(&b.0));
    running.stop().await.unwrap();
    (honours, nominations)
}

fn strip_person_ids(v: &mut Value) {
    match v {
        Value::Object(m) => {
            m.retain(|k, _| !k.ends_with("person_id"));
            m.values_mut().for_each(strip_person_ids);
        }
        Value::Array(a) => a.iter_mut().for_each(strip_person_ids),
        _ => {}
    }
}

fn sha(email: &str) -> String {
    hex::encode(Sha256::digest(email.trim().to_lowercase().as_bytes()))
}

/// Writes the log of `from` into `to` as shape 1 stored it, with everything else of the data
/// directory but the key store, the snapshots and `SHAPE`.
async fn write_shape_one(from: &Path, to: &Path) {
    let app = App::open_sled(from, &PersonalConfig::default())
        .await
        .unwrap();
    let people = app.people().clone();
    let records = app.store().read_all(0, usize::MAX).await.unwrap();
    let open = |v: &Value| -> Value {
        let p: Personal<Value> = serde_json::from_value(v.clone()).unwrap();
        p.open(people.as_ref()).unwrap()
    };
    // The old e-mail keys, from the users' addresses.
    let mut emails = HashMap::new();
    for r in &records {
        if let Some(c) = payload(r).get("contact").filter(|c| !c.is_null()) {
            let email = open(c)["email"].as_str().unwrap().to_owned();
            emails.insert(people.email_key(&email), sha(&email));
        }
    }
    let store = SledStore::open(to.join("events")).unwrap();
    for r in &records {
        let mut v = payload(r);
        for f in personal_fields(&r.event_type) {
            if let Some(x) = v.get(f.field).filter(|x| !x.is_null()) {
                let mut plain = open(x);
                if let Some(m) = plain.as_object_mut() {
                    m.remove("national_id");
                }
                v[f.field] = plain;
            }
        }
        let m = v.as_object_mut().unwrap();
        let version = match r.event_type.as_str() {
            "NominationDrafted" | "NominationAmended" => {
                m.remove("lookups");
                m.remove("linked");
                2
            }
            "PastAwardImported" => {
                m.remove("lookups");
                1
            }
            "UserAmended" => {
                m.remove("person_id");
                1
            }
            "AwardConferred" => {
                m.remove("holder");
                1
            }
            "ObjectionFiled" | "UserRegistered" => 1,
            "UserEmailReserved" => {
                let key = m["email_key"].as_str().unwrap();
                m.insert("email_key".into(), Value::String(emails[key].clone()));
                1
            }
            "PersonErased" => panic!("no erasure in shape 1"),
            _ => r.schema_version,
        };
        let mut new = NewEvent::json(&r.event_type, version, &v, r.metadata.clone());
        new.event_id = r.event_id;
        new.recorded_at = Some(r.recorded_at);
        store
            .append(&r.stream_id, ExpectedVersion::Any, vec![new])
            .await
            .unwrap();
    }
    store.close();
    app.store().close();
    drop(app);
    copy_dir(from, to);
}

fn payload(r: &RecordedEvent) -> Value {
    serde_json::from_str(r.payload.get()).unwrap()
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().into_string().unwrap();
        if ["events", "keys", "projections", "SHAPE"].contains(&name.as_str()) {
            continue;
        }
        let (src, dst) = (entry.path(), to.join(&name));
        if src.is_dir() {
            std::fs::create_dir_all(&dst).unwrap();
            copy_dir(&src, &dst);
        } else {
            std::fs::copy(&src, &dst).unwrap();
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shape_one_directory_is_refused_then_migrated_and_reads_the_same() {
    let tmp = tempfile::tempdir().unwrap();
    let (seeded, old) = (tmp.path().join("seeded"), tmp.path().join("old"));
    let before = what_the_api_shows(&seeded).await;
    write_shape_one(&seeded, &old).await;
    let path = old.to_str().unwrap();

    // Refused by what serves or folds it, with the command to run.
    let (code, _, err) = accolade(&["serve", "--data-dir", path, "--listen", "127.0.0.1:0"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("accolade migrate --data-dir"), "{err}");
    let (code, _, err) = accolade(&["rebuild", "--data-dir", path]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("accolade migrate --data-dir"), "{err}");
    // The old chain still verifies (worth checking before migrating), with a note.
    let (code, out, err) = accolade(&["verify", "--data-dir", path]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.starts_with("ok: ") && err.contains("accolade migrate"),
        "{err}"
    );

    // Not while something holds the store.
    let held = SledStore::open(old.join("events")).unwrap();
    let (code, _, err) = accolade(&["migrate", "--data-dir", path]);
    assert_eq!(code, 2);
    assert!(
        err.contains("in use") && err.contains("stop the server"),
        "{err}"
    );
    held.close();
    drop(held);

    let (code, out, err) = accolade(&["migrate", "--data-dir", path, "--dry-run"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("nothing was written"), "{out}");
    assert!(!old.join("keys").exists() && !old.join("SHAPE").exists());

    let (code, out, err) = accolade(&["migrate", "--data-dir", path]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("migrated: ") && out.contains("rm -rf"),
        "{out}"
    );
    assert!(!out.contains("matched no user"), "{out}");
    let (code, out, _) = accolade(&["migrate", "--data-dir", path]);
    assert_eq!(code, 0);
    assert!(out.contains("nothing to do"), "{out}");
    let (code, out, err) = accolade(&["verify", "--data-dir", path]);
    assert_eq!((code, err.contains("note")), (0, false), "{out}{err}");
    let (code, out, err) = accolade(&["rebuild", "--data-dir", path]);
    assert_eq!(code, 0, "{out}{err}");

    let after = what_the_api_shows(&old).await;
    assert_eq!(after.0, before.0, "the honour list");
    assert_eq!(after.1, before.1, "the nominations and their nominees");
}
