//! Issue 12, "Must show" 2, continued: the `erase_all` policy (the honour list keeps the
//! award, its decision and status, and shows the holder as erased), and mails owed to an
//! erased nominee, dropped rather than sent.

use std::time::{Duration, Instant};

use accolade_app::actions::persons::ErasurePolicy;
use accolade_notify::testing::SmtpSink;
use reqwest::Method;
use serde_json::{Value, json};
use uuid::Uuid;

use super::erasure::{erase, outcome, sign_in_again};
use super::support::{Until, X, Z, all_of, cycle};
use super::walk::{shown, walk};
use crate::api::support::TestApp;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn under_erase_all_the_award_stays_and_its_holder_is_erased() {
    let policy = |c: &mut accolade_http::Config| {
        c.snapshots = true;
        c.erasure_policy = ErasurePolicy::EraseAll;
    };
    let t = TestApp::start_with(policy).await;
    let mut c = cycle(&t, Until::Published).await;
    let before = outcome(&t, &c).await;
    let award = c.award.unwrap();
    let (status, res) = erase(
        &t,
        &c.admin,
        json!({"nomination_id": c.n_x, "reason": "yêu cầu của chủ thể dữ liệu"}),
    )
    .await;
    assert_eq!(
        (status, &res["public_record_kept"]),
        (200, &json!(false)),
        "{res}"
    );

    erased_on_honours(&t, award).await;
    for token in [None, Some(c.admin.as_str()), Some(c.clerk1())] {
        let pages = walk(&t, &c, token).await;
        let leaks = shown(&pages, &all_of(&X));
        assert!(leaks.is_empty(), "X still shows:\n{}", leaks.join("\n"));
    }
    assert_eq!(
        outcome(&t, &c).await,
        before,
        "the award and the tally stay"
    );

    // After a restart, the same.
    let dir = t.stop().await;
    let t = TestApp::start_in(dir, policy).await;
    sign_in_again(&t, &mut c).await;
    erased_on_honours(&t, award).await;
    assert_eq!(outcome(&t, &c).await, before);
    t.stop().await;
}

/// The honour list keeps the award, its decision and status; the holder shows as erased.
async fn erased_on_honours(t: &TestApp, award: Uuid) {
    let honours = t
        .call(Method::GET, "/api/v1/public/honours", None, None)
        .await;
    let h = honours.body["items"][0].clone();
    assert_eq!(
        (
            &h["award_id"],
            &h["full_name"],
            &h["decision_no"],
            &h["status"]
        ),
        (
            &json!(award),
            &json!("[erased]"),
            &json!("456/QĐ-BKHCN"),
            &json!("awarded")
        ),
        "{h}"
    );
    let (_, page) = t.page("/honours", "").await;
    assert!(
        page.contains("[đã xoá]") && page.contains("456/QĐ-BKHCN"),
        "{page}"
    );
    let (_, page) = t.page(&format!("/honours/{award}"), "").await;
    assert!(page.contains("[đã xoá]"), "{page}");
}

/// The notification log's entry for the mail of `template` to the nominee of `nomination`.
async fn mail_to_nominee(t: &TestApp, admin: &str, nomination: &str, template: &str) -> Value {
    let log = t.get("/api/v1/notifications?limit=500", admin).await;
    assert_eq!(log.status.as_u16(), 200, "{}", log.body);
    log.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| {
            m["recipient"]["kind"] == "nominee"
                && m["recipient"]["id"] == nomination
                && m["template"] == template
        })
        .cloned()
        .unwrap_or_else(|| panic!("no {template} mail to nominee {nomination}: {}", log.body))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mail_owed_to_an_erased_nominee_is_dropped_not_sent() {
    let mail_dir = tempfile::tempdir().unwrap();
    // The SMTP server is down while the results are owed; it comes up after the erasure.
    let mut sink = SmtpSink::new(mail_dir.path());
    let url = sink.url();
    let t = TestApp::start_with(move |c| {
        c.smtp_url = Some(url.into());
        c.mail_from = Some("Giải thưởng KH&CN <giaithuong@bokhcn.vn>".into());
        c.public_url = Some("https://giaithuong.example.vn".into());
        c.mail_retry_base_ms = 200;
        c.mail_retry_max_ms = 800;
        c.mail_digest_window_secs = 1;
        c.mail_tick_ms = 100;
        c.mail_send_timeout_secs = 5;
    })
    .await;
    let c = cycle(&t, Until::Voted).await;
    let (x, z) = (c.n_x.to_string(), c.n_z.to_string());
    let owed = mail_to_nominee(&t, &c.admin, &z, "vote_result").await;
    assert!(
        matches!(owed["status"].as_str(), Some("pending" | "failing")),
        "{owed}"
    );
    let (status, res) = erase(
        &t,
        &c.admin,
        json!({"nomination_id": c.n_z, "reason": "ứng viên không được chọn yêu cầu xoá"}),
    )
    .await;
    assert_eq!(status, 200, "{res}");
    sink.start();

    // Z's result is dropped; X's (not erased) is sent, so the mail does flow.
    let deadline = Instant::now() + Duration::from_secs(30);
    let (zm, xm) = loop {
        let zm = mail_to_nominee(&t, &c.admin, &z, "vote_result").await;
        let xm = mail_to_nominee(&t, &c.admin, &x, "vote_result").await;
        if zm["status"] == "dropped" && xm["status"] == "sent" {
            break (zm, xm);
        }
        assert!(Instant::now() < deadline, "Z: {zm}\nX: {xm}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert_eq!(zm["dropped"], "erased", "{zm}");
    assert!(zm["sent_at"].is_null(), "{zm}");
    assert!(xm["sent_at"].is_string(), "{xm}");
    // Nothing the SMTP server received names Z or goes to Z's address.
    let mut delivered = Vec::new();
    for file in sink.files() {
        let bytes = std::fs::read(&file).unwrap();
        let m = mail_parser::MessageParser::default().parse(&bytes).unwrap();
        let to: Vec<String> = m
            .to()
            .into_iter()
            .flat_map(|a| a.iter())
            .filter_map(|a| a.address().map(str::to_owned))
            .collect();
        let text = format!(
            "{to:?}\n{}\n{}\n{}",
            m.subject().unwrap_or_default(),
            m.body_text(0).unwrap_or_default(),
            m.body_html(0).unwrap_or_default()
        );
        delivered.push((file.display().to_string(), 250, text));
    }
    assert!(
        delivered.iter().any(|(_, _, text)| text.contains(X.email)),
        "X's result reached X: {delivered:?}"
    );
    let leaks = shown(&delivered, &all_of(&Z));
    assert!(leaks.is_empty(), "Z in a sent mail:\n{}", leaks.join("\n"));
    sink.stop();
    t.stop().await;
}
