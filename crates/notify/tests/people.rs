//! The notifier and sealed personal data (issue 12): people's contacts and names are opened
//! through the notifier's Unseal at send time. A mail nobody can receive — the nominee gave no
//! address, or the recipient was erased — is dropped (`NotificationDropped`), never a
//! failure; a mail to someone else about an erased nominee names them by the erased marker of
//! its language.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::time::Duration;

use accolade_events::*;
use accolade_projections::{DeliveryStatus, MailRecipient};

use support::*;

/// Revokes nomination `n`'s (imaginary) award: a mail to its agency and one to its nominee.
async fn revoked(w: &World, n: u128) {
    w.programme(AwardRevoked {
        award_id: id(n + 1000),
        nomination_id: id(n),
        ground: RevocationGround::FalseDossier,
        decision_no: "9/QĐ".into(),
        decided_on: time::macros::date!(2026 - 09 - 01),
        note: None,
    })
    .await;
}

#[tokio::test(start_paused = true)]
async fn a_nominee_who_gave_no_address_is_dropped_not_failed() {
    let w = World::new().await;
    w.draft_with(30, AGENCY, "Nguyễn Văn Đức", None).await;
    w.draft_with(31, AGENCY, "Lê Thị Hoa", Some("hoa@example.vn"))
        .await;
    revoked(&w, 30).await;
    revoked(&w, 31).await;
    let (mut notifier, runner) = w.notifier().await;

    let report = notifier.pass().await.unwrap();
    assert_eq!(
        (report.sent, report.failed, report.dropped),
        (3, 0, 1),
        "two agency mails and Hoa's; Đức's dropped"
    );
    let hoa = w.smtp.accepted();
    let hoa = hoa.iter().find(|a| a.to == "hoa@example.vn").unwrap();
    assert!(hoa.text.starts_with("Kính gửi Lê Thị Hoa,"), "{}", hoa.text);
    let drops = w.drops().await;
    assert_eq!(drops.len(), 1);
    assert_eq!(
        (drops[0].recipient, drops[0].reason),
        (MailRecipient::Nominee(id(30)), DropReason::NoAddress)
    );

    runner
        .catch_up(&w.store, Duration::from_secs(1))
        .await
        .unwrap();
    let counts = runner.read(|p| p.notification_counts());
    assert_eq!(
        (counts.sent, counts.dropped, counts.failing, counts.pending),
        (3, 1, 0, 0),
        "dropped is not failing"
    );
    let entry = runner.read(|p| p.notification(drops[0].message_id).cloned().unwrap());
    assert_eq!(entry.status, DeliveryStatus::Dropped);
    // Nothing is tried again.
    w.at(10_000).await;
    let again = notifier.pass().await.unwrap();
    assert_eq!((again.sent, again.failed, again.dropped), (0, 0, 0));
}

#[tokio::test(start_paused = true)]
async fn mails_to_an_erased_nominee_are_dropped_and_others_name_them_erased() {
    let w = World::new().await;
    w.draft_with(30, AGENCY, "Nguyễn Văn Đức", Some("duc@example.vn"))
        .await;
    w.draft_with(31, OTHER_AGENCY, "Lê Thị Hoa", Some("hoa@example.vn"))
        .await;
    revoked(&w, 30).await;
    revoked(&w, 31).await;
    w.erase(World::person(30)).await;
    // Hoa's key is destroyed but her erasure not yet folded here (it was taken on another
    // node): the key store alone is enough.
    w.vault.destroy(World::person(31));
    let (mut notifier, _runner) = w.notifier().await;

    let report = notifier.pass().await.unwrap();
    assert_eq!((report.sent, report.failed, report.dropped), (2, 0, 2));
    let drops = w.drops().await;
    assert!(drops.iter().all(|d| d.reason == DropReason::Erased));
    let sent = w.smtp.accepted();
    assert_eq!(sent.len(), 2, "the agencies only");
    let other = sent.iter().find(|a| a.to == OTHER_AGENCY_MAIL).unwrap();
    assert_eq!(other.subject, "Thu hồi khen thưởng: [đã xoá]");
    let agency = sent.iter().find(|a| a.to == AGENCY_MAIL).unwrap();
    assert_eq!(agency.subject, "Thu hồi khen thưởng: [đã xoá]");
    assert!(
        agency.text.contains("Khen thưởng của [đã xoá]"),
        "{}",
        agency.text
    );
    assert!(!agency.text.contains("Đức"), "{}", agency.text);
}

#[tokio::test(start_paused = true)]
async fn a_digest_names_an_erased_nominee_in_its_readers_language() {
    let w = World::new().await;
    w.submitted(30, AGENCY, "Nguyễn Văn Đức").await;
    w.submitted(31, AGENCY, "Lê Thị Hoa").await;
    let (mut notifier, _runner) = w.notifier().await;
    w.at(5).await;
    w.assign(1, 30, &[EN, VI]).await;
    w.assign(2, 31, &[EN, VI]).await;
    // Erased after the assignment, before the digest goes out.
    w.erase(World::person(30)).await;
    w.at(61).await;
    notifier.pass().await.unwrap();
    let sent = w.smtp.accepted();
    let jane = sent.iter().find(|a| a.to == JANE).unwrap();
    assert!(jane.text.contains("- [erased] — "), "{}", jane.text);
    assert!(jane.text.contains("- Lê Thị Hoa"), "{}", jane.text);
    assert!(!jane.text.contains("Đức"), "{}", jane.text);
    let binh = sent.iter().find(|a| a.to == BINH).unwrap();
    assert!(binh.text.contains("- [đã xoá] — "), "{}", binh.text);
}

#[tokio::test(start_paused = true)]
async fn an_erased_user_is_written_to_no_more() {
    let w = World::new().await;
    w.submitted(30, AGENCY, "Nguyễn Văn Đức").await;
    let (mut notifier, _runner) = w.notifier().await;
    w.at(5).await;
    w.assign(1, 30, &[EN, VI]).await;
    // Jane's contact is sealed under her person id (the member's user id + 100).
    w.erase(id(EN + 100)).await;
    w.at(61).await;
    let report = notifier.pass().await.unwrap();
    assert_eq!((report.failed, report.dropped), (0, 1));
    assert!(w.smtp.accepted().iter().all(|a| a.to != JANE));
    assert!(w.smtp.accepted().iter().any(|a| a.to == BINH));
    let drop = w.drops().await.pop().unwrap();
    assert_eq!(
        (drop.recipient, drop.reason),
        (MailRecipient::User(id(EN)), DropReason::Erased)
    );
}
