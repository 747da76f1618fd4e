//! `accolade migrate` from shape 1 (personal data in plain text) to shape 2 (sealed), on a
//! data directory written record by record in the old shape.

use std::path::Path;

use accolade_app::migrate::{
    CURRENT_SHAPE, MigrateOptions, MigrateReport, migrate, recorded_shape,
};
use accolade_app::{App, PersonalConfig};
use accolade_events::{AnyEvent, Nominee, Objector, Personal, PublicHolder, UserContact};
use accolade_store::{EventStore, Metadata, NewEvent, RecordedEvent, SledStore};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use time::macros::datetime;
use uuid::Uuid;

const USER: Uuid = Uuid::from_u128(0x11);
const USER_PERSON: Uuid = Uuid::from_u128(0x12);
const NOMINATION: Uuid = Uuid::from_u128(0x21);
const NOMINEE_PERSON: Uuid = Uuid::from_u128(0x22);
const OBJECTOR_PERSON: Uuid = Uuid::from_u128(0x32);
const HOLDER_PERSON: Uuid = Uuid::from_u128(0x42);
pub(crate) const PROGRAMME_STREAM: &str = "programme-0193a1b2-0000-7000-8000-0000000000p1";

/// Names that must not be readable in the new store's files.
const SECRETS: &[&str] = &[
    "Nguyễn Văn A",
    "Lê Thị Phản Đối",
    "Phạm Văn Cũ",
    "Trần Thị Hằng",
    "Hang@Example.vn",
    "a@example.vn",
];

fn sha(email: &str) -> String {
    hex::encode(Sha256::digest(email.trim().to_lowercase().as_bytes()))
}

pub(crate) fn old_record(
    event_type: &str,
    version: u32,
    payload: Value,
    at: time::OffsetDateTime,
) -> NewEvent {
    let mut e = NewEvent::json(
        event_type,
        version,
        &payload,
        Metadata {
            actor: Some(USER.to_string()),
            ..Metadata::default()
        },
    );
    e.recorded_at = Some(at);
    e
}

pub(crate) fn nominee(name: &str) -> Value {
    json!({"kind": "individual", "full_name": name, "position": "Phóng viên",
           "organisation": "Báo Khoa học và Phát triển", "province": null,
           "email": "a@example.vn", "birth_year": 1984})
}

/// A shape-1 data directory: the records an Accolade before issue 12 wrote.
async fn shape_one(dir: &Path) {
    let store = SledStore::open(dir.join("events")).unwrap();
    let at = |m: u8| datetime!(2025-03-01 08:00 UTC) + time::Duration::minutes(m.into());
    let append = |stream: &str, events: Vec<NewEvent>| {
        let store = store.clone();
        let stream = stream.to_owned();
        async move {
            store
                .append(&stream, accolade_store::ExpectedVersion::Any, events)
                .await
                .unwrap()
        }
    };
    append(
        "directory",
        vec![old_record(
            "UserEmailReserved",
            1,
            json!({"user_id": USER, "email_key": sha("hang@example.vn")}),
            at(0),
        )],
    )
    .await;
    append(
        &format!("user-{USER}"),
        vec![old_record(
            "UserRegistered",
            1,
            json!({"user_id": USER, "person_id": USER_PERSON, "role": "clerk", "locale": "vi",
                   "contact": {"email": "Hang@Example.vn", "full_name": "Trần Thị Hằng"}}),
            at(1),
        )],
    )
    .await;
    append(
        "history",
        vec![old_record(
            "PastAwardImported",
            1,
            json!({"record_id": Uuid::from_u128(0x41), "person_id": HOLDER_PERSON,
                   "holder": nominee("Phạm Văn Cũ"), "award_title": "Bằng khen", "year": 2019,
                   "source": "api import"}),
            at(2),
        )],
    )
    .await;
    let mut drafted_v1 = nominee("Nguyễn Văn A");
    drafted_v1["name"] = drafted_v1["full_name"].take();
    let drafted_v1 = drafted_v1.as_object().cloned().map(|mut m| {
        m.remove("full_name");
        m.remove("province");
        Value::Object(m)
    });
    append(
        PROGRAMME_STREAM,
        vec![
            old_record(
                "NominationDrafted",
                1,
                json!({"nomination_id": NOMINATION, "category_code": "IND", "agency_id": Uuid::from_u128(0xa1),
                       "person_id": NOMINEE_PERSON, "nominee": drafted_v1, "citation": "c",
                       "achievements": "a", "evidence": []}),
                at(3),
            ),
            old_record(
                "NominationAmended",
                2,
                json!({"nomination_id": NOMINATION, "person_id": NOMINEE_PERSON,
                       "nominee": nominee("Nguyễn Văn A"), "citation": "c2", "achievements": "a2"}),
                at(4),
            ),
            old_record(
                "ObjectionFiled",
                1,
                json!({"objection_id": Uuid::from_u128(0x31), "nomination_id": NOMINATION,
                       "objector_person_id": OBJECTOR_PERSON,
                       "objector": {"full_name": "Lê Thị Phản Đối", "phone": "0901", "address": "Hà Nội"},
                       "text": "objection", "filed_at": "2025-03-02T08:00:00Z"}),
                at(5),
            ),
            old_record(
                "AwardConferred",
                1,
                json!({"award_id": Uuid::from_u128(0x51), "nomination_id": NOMINATION,
                       "category_code": "IND", "award_title": "Giải thưởng", "person_id": NOMINEE_PERSON,
                       "decision_no": "12/QĐ", "decided_on": "2025-05-01"}),
                at(6),
            ),
        ],
    )
    .await;
    store.close();
}

async fn all(store: &SledStore) -> Vec<RecordedEvent> {
    store.read_all(0, usize::MAX).await.unwrap()
}

pub(crate) async fn run(dir: &Path, dry_run: bool) -> MigrateReport {
    migrate(dir, None, &MigrateOptions { dry_run }, &mut |_, _| {})
        .await
        .unwrap()
}

/// Every file's bytes under `dir`, for the plaintext scan.
fn bytes_under(dir: &Path, out: &mut Vec<u8>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            bytes_under(&path, out);
        } else {
            out.extend(std::fs::read(&path).unwrap());
        }
    }
}

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shape_one_directory_is_refused_then_migrated_sealed_and_readable() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    shape_one(dir).await;
    let old = {
        let s = SledStore::open(dir.join("events")).unwrap();
        let v = all(&s).await;
        s.close();
        v
    };
    // Refused at open, naming the command.
    let refused = App::open_sled(dir, &PersonalConfig::default())
        .await
        .unwrap_err();
    assert!(
        refused.to_string().contains("accolade migrate"),
        "{refused}"
    );

    // A dry run converts and checks, and writes nothing.
    let dry = run(dir, true).await;
    assert_eq!((dry.events, dry.sealed), (old.len() as u64, 6));
    assert!(!dir.join("keys").exists() && !dir.join("events.migrating").exists());
    assert_eq!(recorded_shape(dir).unwrap(), None);

    // Snapshots of the old shape (they may hold plaintext) are removed; credentials stay.
    std::fs::create_dir_all(dir.join("projections")).unwrap();
    std::fs::write(dir.join("projections/snapshot"), "Nguyễn Văn A").unwrap();
    std::fs::write(dir.join("credentials.json"), "{}").unwrap();
    let report = run(dir, false).await;
    assert!(!dir.join("projections").exists());
    assert!(dir.join("credentials.json").exists());
    assert_eq!(report.from, Some(1));
    assert_eq!(report.events, old.len() as u64);
    // nominee x2, holder x2 (imported, conferred), objector, contact.
    assert_eq!(report.sealed, 6);
    assert_eq!((report.email_keys, report.email_keys_unmatched), (1, 0));
    assert_eq!(report.person_ids, 4);
    assert_eq!(recorded_shape(dir).unwrap(), Some(CURRENT_SHAPE));
    assert!(!dir.join("events.migrating").exists() && !dir.join("MIGRATING").exists());

    // The old store is kept read-only, with its README.
    let kept = report.kept_old_store.clone().unwrap();
    assert!(
        kept.file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("events.shape1-")
    );
    let readme = std::fs::read_to_string(kept.join("README.txt")).unwrap();
    assert!(
        readme.contains("PLAIN TEXT") && readme.contains(&format!("rm -rf {}", kept.display()))
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&kept), 0o555);
        assert_eq!(mode(&kept.join("README.txt")), 0o444);
    }

    // The new store: same records, same places and times, a chain that verifies.
    let app = App::open_sled(dir, &PersonalConfig::default())
        .await
        .unwrap();
    let new = all(app.store()).await;
    assert!(app.store().verify().await.unwrap().ok);
    assert_eq!(new.len(), old.len());
    for (o, n) in old.iter().zip(&new) {
        assert_eq!(
            (
                o.position,
                &o.stream_id,
                o.stream_version,
                o.event_id,
                o.recorded_at,
                &o.event_type,
                &o.metadata
            ),
            (
                n.position,
                &n.stream_id,
                n.stream_version,
                n.event_id,
                n.recorded_at,
                &n.event_type,
                &n.metadata
            )
        );
        // Every record decodes at its current version.
        let payload: Value = serde_json::from_str(n.payload.get()).unwrap();
        AnyEvent::from_stored(&n.event_type, n.schema_version, payload)
            .unwrap_or_else(|e| panic!("{} v{}: {e}", n.event_type, n.schema_version));
    }
    let payload = |i: usize| -> Value { serde_json::from_str(new[i].payload.get()).unwrap() };
    let open = |v: &Value| -> Personal<Value> { serde_json::from_value(v.clone()).unwrap() };
    let people = app.people().as_ref();

    // Sign-in by e-mail finds the user: the directory key is the keyed lookup now.
    let key = people.email_key(" hang@example.VN");
    assert_eq!(
        app.directory().await.unwrap().user_by_email_key(&key),
        Some(USER)
    );

    // Sealed fields open to the original values; person ids are remapped, consistently.
    let contact = payload(1);
    assert!(matches!(open(&contact["contact"]), Personal::Sealed(_)));
    let opened: UserContact =
        serde_json::from_value::<Personal<UserContact>>(contact["contact"].clone())
            .unwrap()
            .open(people)
            .unwrap();
    assert_eq!(opened.full_name, "Trần Thị Hằng");
    let user_person: Uuid = serde_json::from_value(contact["person_id"].clone()).unwrap();
    assert_ne!(user_person, USER_PERSON);

    let holder: Nominee = serde_json::from_value::<Personal<Nominee>>(payload(2)["holder"].clone())
        .unwrap()
        .open(people)
        .unwrap();
    assert_eq!(holder.full_name, "Phạm Văn Cũ");
    assert!(payload(2)["lookups"]["name_birth"].is_string());
    assert_eq!(new[2].schema_version, 2);

    let drafted = payload(3);
    assert_eq!(new[3].schema_version, 3, "v1 upcast through v2 to v3");
    let nominee: Nominee = serde_json::from_value::<Personal<Nominee>>(drafted["nominee"].clone())
        .unwrap()
        .open(people)
        .unwrap();
    assert_eq!(nominee.full_name, "Nguyễn Văn A");
    assert_eq!(
        drafted["lookups"],
        payload(4)["lookups"],
        "same nominee, same lookups"
    );
    let nominee_person = drafted["person_id"].clone();
    assert_eq!(payload(4)["person_id"], nominee_person);
    assert_eq!(payload(6)["person_id"], nominee_person);

    let objector: Objector =
        serde_json::from_value::<Personal<Objector>>(payload(5)["objector"].clone())
            .unwrap()
            .open(people)
            .unwrap();
    assert_eq!(objector.full_name, "Lê Thị Phản Đối");
    assert_ne!(payload(5)["objector_person_id"], json!(OBJECTOR_PERSON));

    // The conferred award got its public record, under the public-record key.
    let conferred = payload(6);
    let holder: PublicHolder =
        serde_json::from_value::<Personal<PublicHolder>>(conferred["holder"].clone())
            .unwrap()
            .open(people)
            .unwrap();
    assert_eq!(holder.full_name, "Nguyễn Văn A");
    assert_eq!(new[6].schema_version, 2);
    app.store().close();
    drop(app);

    // No personal value is readable in the new store: not in its records (decompressed),
    // not in its files. The old records had every one of them.
    let mut new_bytes = Vec::new();
    bytes_under(&dir.join("events"), &mut new_bytes);
    let new_records: Vec<u8> = new.iter().flat_map(|r| r.body.clone()).collect();
    let old_records: Vec<u8> = old.iter().flat_map(|r| r.body.clone()).collect();
    for secret in SECRETS {
        assert!(
            contains(&old_records, secret),
            "{secret} was in the old store"
        );
        assert!(
            !contains(&new_records, secret),
            "{secret} in the new records"
        );
        assert!(
            !contains(&new_bytes, secret),
            "{secret} in the new store's files"
        );
    }

    // Once is enough.
    assert!(run(dir, false).await.nothing_to_do);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_interrupted_migration_is_refused_at_open_and_finished_by_running_again() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    shape_one(dir).await;
    run(dir, false).await;
    // Simulate a crash just after the commit point: the new store and keys still beside the
    // old one, the marker written.
    let kept = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .find(|n| n.starts_with("events.shape1-"))
        .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir.join(&kept), std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    std::fs::rename(dir.join("events"), dir.join("events.migrating")).unwrap();
    std::fs::rename(dir.join("keys"), dir.join("keys.migrating")).unwrap();
    std::fs::rename(dir.join(&kept), dir.join("events")).unwrap();
    std::fs::remove_file(dir.join("SHAPE")).unwrap();
    std::fs::write(dir.join("MIGRATING"), format!("{kept}\n")).unwrap();

    let refused = App::open_sled(dir, &PersonalConfig::default())
        .await
        .unwrap_err();
    assert!(refused.to_string().contains("interrupted"), "{refused}");
    let report = run(dir, false).await;
    assert!(report.finished_interrupted);
    let app = App::open_sled(dir, &PersonalConfig::default())
        .await
        .unwrap();
    assert!(app.store().verify().await.unwrap().ok);
    let key = app.people().email_key("hang@example.vn");
    assert_eq!(
        app.directory().await.unwrap().user_by_email_key(&key),
        Some(USER)
    );
    assert!(dir.join(&kept).join("README.txt").exists());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_key_store_beside_a_shape_one_store_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    shape_one(dir).await;
    std::fs::create_dir(dir.join("keys")).unwrap();
    let err = migrate(dir, None, &MigrateOptions::default(), &mut |_, _| {})
        .await
        .unwrap_err();
    assert!(err.to_string().contains("already exists"), "{err}");
    assert!(!dir.join("SHAPE").exists());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn new_keys_are_wrapped_under_the_master_key_given() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    shape_one(dir).await;
    let master = accolade_keys::MasterKey::generate();
    let hex = master.to_hex().to_string();
    migrate(
        dir,
        Some(master),
        &MigrateOptions::default(),
        &mut |_, _| {},
    )
    .await
    .unwrap();
    // Without the master key the key store does not open; with it, everything does.
    assert!(
        App::open_sled(dir, &PersonalConfig::default())
            .await
            .is_err()
    );
    let personal = PersonalConfig {
        master_key: Some(hex),
        ..PersonalConfig::default()
    };
    let app = App::open_sled(dir, &personal).await.unwrap();
    let key = app.people().email_key("hang@example.vn");
    assert_eq!(
        app.directory().await.unwrap().user_by_email_key(&key),
        Some(USER)
    );
}
