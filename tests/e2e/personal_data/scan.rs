//! Issue 12, "Must show" 1: a whole cycle written through the API, the server stopped, and
//! then every file of the data directory read as someone holding a copy of it would —
//! raw, with the store's LZ4 frames decompressed, and the log's records read back — finds no
//! person's data in any spelling.

use reqwest::Method;

use super::bytes::{Blob, email_hashes, email_like, hits, needles, read_data_dir};
use super::support::{H, USERS, Until, X, Y, Z, all_of, cycle};
use crate::api::support::{ADMIN_EMAIL, TestApp};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_personal_data_is_readable_in_the_data_directory() {
    let t = TestApp::start_with(|c| c.snapshots = true).await;
    let c = cycle(&t, Until::Published).await;
    // The data was really written, and reads back through the server.
    let honours = t
        .call(Method::GET, "/api/v1/public/honours", None, None)
        .await;
    assert_eq!(honours.body["items"][0]["full_name"], X.name);
    let z = t
        .get(&format!("/api/v1/nominations/{}", c.n_z), &c.admin)
        .await;
    assert_eq!(z.body["nominee"]["email"], Z.email, "{}", z.body);
    let dir = t.stop().await;

    let scanned = read_data_dir(dir.path()).await;
    let total: u64 = scanned.files.iter().map(|(_, n)| n).sum();
    println!(
        "scanned {} files, {total} bytes; {} LZ4 frames decompressed; {} log records read back",
        scanned.files.len(),
        scanned.frames,
        scanned.records
    );
    for (path, len) in &scanned.files {
        println!(
            "  {len:>10}  {}",
            path.strip_prefix(dir.path()).unwrap().display()
        );
    }
    // Every part of the data directory was there to be read: the log (sled and its journal),
    // the final snapshot, the key store, the ballot vault, the credentials, the shape.
    let names: Vec<String> = scanned
        .files
        .iter()
        .map(|(p, _)| p.strip_prefix(dir.path()).unwrap().display().to_string())
        .collect();
    for part in [
        "events/db",
        "events/journal",
        "projections/projections.snapshot",
        "keys/",
        "credentials.json",
        "SHAPE",
    ] {
        assert!(
            names.iter().any(|n| n.starts_with(part)),
            "{part} missing from {names:?}"
        );
    }
    // The ballot vault is emptied when the round closes: its files were read while the vote
    // was open.
    let mut blobs = scanned.blobs;
    assert!(
        c.vault_files.iter().any(|(n, _)| n.starts_with("ballots/"))
            && c.vault_files
                .iter()
                .any(|(n, _)| n.starts_with("ballot-keys/")),
        "{:?}",
        c.vault_files.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    for (name, bytes) in &c.vault_files {
        println!("  {:>10}  {name} (while the vote was open)", bytes.len());
        blobs.push(Blob {
            origin: name.clone(),
            bytes: bytes.clone(),
        });
    }
    assert!(scanned.records > 50, "the log was read back");
    assert!(
        scanned.frames > 0,
        "the store's compressed frames were found and opened"
    );
    // The scan sees what is not personal: an agency's name, in the decompressed frames and
    // in the records read back (so an absent name below is absent, not unreadable).
    let control = hits(&blobs, &needles(&["Báo Khoa học Phổ thông"]));
    assert!(
        control.iter().any(|h| h.contains("LZ4 frame"))
            && control.iter().any(|h| h.contains("log record")),
        "{control:#?}"
    );

    // What must not be found: every nominee's, objector's, holder's and user's name and
    // contact, in NFC, NFD, lower case, folded, and JSON-escaped. The only personal data the
    // default erasure policy keeps public is X's name, position and work unit on the honour
    // list (a conferring decision is a public act) — and that too is sealed at rest, under
    // the award's public-record key (`AwardConferred.holder`), so it is expected nowhere in
    // the clear either.
    let mut values: Vec<String> = Vec::new();
    for who in [&X, &Z, &Y, &H] {
        values.extend(all_of(who));
    }
    for (name, email, _) in USERS {
        values.push(name.to_owned());
        values.push(email.to_owned());
    }
    values.push(ADMIN_EMAIL.to_owned());
    let refs: Vec<&str> = values.iter().map(String::as_str).collect();
    let mut wanted = needles(&refs);
    // Nor an unkeyed hash of any e-mail address (what lookups must not be made of).
    for email in [X.email, Z.email, Y.email, ADMIN_EMAIL]
        .into_iter()
        .chain(USERS.iter().map(|u| u.1))
    {
        for h in email_hashes(email) {
            wanted.push((format!("SHA-256 of {email}"), h));
        }
    }
    let found = hits(&blobs, &wanted);
    assert!(
        found.is_empty(),
        "personal data readable at rest:\n{}",
        found.join("\n")
    );
    let addresses = email_like(&blobs);
    assert!(
        addresses.is_empty(),
        "e-mail addresses readable at rest:\n{}",
        addresses.join("\n")
    );
}
