//! The notifier without a network: a fake transport that records every attempt and fails as
//! told (temporary, permanent, connection refused), the worker's clock and the store's
//! timestamps on tokio's paused time, and jitter fixed, so every retry time is exact.
//!
//! Covered: exponential backoff while the server is down (one attempt per step, never given
//! up); a refused mail given up after the last attempt, and what the log records; the running
//! worker retrying on its own tick; token mails through an outage and a refusal; digests per
//! member and window; reminders before a deadline, once per deadline.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use accolade_events::*;
use accolade_notify::{Invitations, TokenKind};
use accolade_projections::DeliveryStatus;
use accolade_store::EventStore;
use time::macros::date;

use support::*;

// ---------------------------------------------------------------------------------------
// Retries.

#[tokio::test(start_paused = true)]
async fn an_outage_backs_off_exponentially_one_attempt_per_step_and_never_gives_up() {
    let w = World::new().await;
    w.submitted(30, AGENCY, "Nguyễn Văn Đức").await;
    w.submitted(31, OTHER_AGENCY, "Lê Thị Hoa").await;
    let (mut notifier, runner) = w.notifier().await;

    // Nobody listens, then the server answers 4xx: both are the server's trouble.
    w.smtp.fail_all(Some(Fail::Refused));
    let first = notifier.pass().await.unwrap();
    assert_eq!(
        (first.sent, first.failed),
        (0, 1),
        "the pass stops at the first"
    );
    for (secs, fail) in [
        (10, Fail::Refused),
        (30, Fail::Temporary),
        (70, Fail::Temporary),
    ] {
        w.at(secs - 1).await;
        assert_eq!(
            notifier.pass().await.unwrap().failed,
            0,
            "{secs} s: still backing off"
        );
        w.at(secs).await;
        w.smtp.fail_all(Some(fail));
        assert_eq!(
            notifier.pass().await.unwrap().failed,
            1,
            "{secs} s: tried again"
        );
    }
    // The cap: 80 s from here on; more attempts than a refused mail gets, and not given up.
    w.at(150).await;
    notifier.pass().await.unwrap();
    w.at(229).await;
    notifier.pass().await.unwrap();
    assert_eq!(w.smtp.times_to(AGENCY_MAIL), [0, 10, 30, 70, 150]);
    assert_eq!(w.smtp.times_to(OTHER_AGENCY_MAIL), [] as [u64; 0]);

    let failed = w.failures().await;
    let next: Vec<i64> = failed
        .iter()
        .map(|f| (f.next_attempt_at.unwrap() - ORIGIN).whole_seconds())
        .collect();
    assert_eq!(
        next,
        [10, 30, 70, 150, 230],
        "recorded, so a restart keeps them"
    );
    assert_eq!(failed[0].error, "Connection refused (os error 111)");
    assert_eq!(failed[4].error, "421 4.3.2 Service not available");
    assert_eq!(
        failed.iter().map(|f| f.attempt).collect::<Vec<_>>(),
        [1, 2, 3, 4, 5]
    );

    // Back up: the mail goes out at its time, and the other follows in the same pass.
    w.smtp.fail_all(None);
    w.at(230).await;
    let report = notifier.pass().await.unwrap();
    assert_eq!((report.sent, report.failed), (2, 0));
    runner
        .catch_up(&w.store, Duration::from_secs(1))
        .await
        .unwrap();
    let counts = runner.read(|p| p.notification_counts());
    assert_eq!((counts.sent, counts.pending, counts.failing), (2, 0, 0));
}

#[tokio::test(start_paused = true)]
async fn a_refused_mail_is_given_up_after_the_last_attempt_and_the_rest_go_on() {
    let w = World::new().await;
    w.submitted(30, AGENCY, "Nguyễn Văn Đức").await;
    w.submitted(31, OTHER_AGENCY, "Lê Thị Hoa").await;
    let (mut notifier, runner) = w.notifier().await;
    w.smtp.fail_to(AGENCY_MAIL, Fail::Permanent);

    let first = notifier.pass().await.unwrap();
    assert_eq!(
        (first.sent, first.failed),
        (1, 1),
        "a refusal stops only its mail"
    );
    for secs in [10, 30, 1_000, 10_000] {
        w.at(secs).await;
        notifier.pass().await.unwrap();
    }
    assert_eq!(
        w.smtp.times_to(AGENCY_MAIL),
        [0, 10, 30],
        "3 attempts, then no more"
    );
    assert_eq!(w.smtp.times_to(OTHER_AGENCY_MAIL), [0]);

    let failed = w.failures().await;
    let last = failed.last().unwrap();
    assert_eq!(failed.len(), 3);
    assert_eq!((last.attempt, last.next_attempt_at), (3, None), "given up");
    assert_eq!(last.error, "550 5.1.1 Mailbox unavailable");
    assert_eq!(last.failed_at, ORIGIN + Duration::from_secs(30));

    runner
        .catch_up(&w.store, Duration::from_secs(1))
        .await
        .unwrap();
    let entry = runner.read(|p| p.notification(last.message_id).cloned().unwrap());
    assert_eq!(entry.status, DeliveryStatus::Failing);
    assert!(entry.gave_up);
    assert_eq!((entry.attempts, entry.next_attempt_at), (3, None));
    let counts = runner.read(|p| p.notification_counts());
    assert_eq!((counts.sent, counts.pending, counts.failing), (1, 0, 1));
}

#[tokio::test(start_paused = true)]
async fn the_running_worker_retries_on_its_own_tick() {
    let w = World::new().await;
    w.submitted(30, AGENCY, "Nguyễn Văn Đức").await;
    let (notifier, runner) = w.notifier().await;
    w.smtp.fail_all(Some(Fail::Temporary));
    let handle = notifier.spawn();
    // Sleeping lets paused time run to each timer in turn: the worker's ticks and retries.
    tokio::time::sleep(Duration::from_secs(35)).await;
    w.smtp.fail_all(None);
    tokio::time::sleep(Duration::from_secs(40)).await;
    handle.stop().await;

    // Each retry on the first tick (1 s) at or after it is due: 0, 10, 30, then 70 — sent.
    let times: Vec<u64> = w.smtp.times_to(AGENCY_MAIL);
    assert_eq!(times, [0, 10, 30, 70]);
    assert_eq!(w.smtp.accepted().len(), 1);
    runner
        .catch_up(&w.store, Duration::from_secs(1))
        .await
        .unwrap();
    assert_eq!(runner.read(|p| p.notification_counts()).sent, 1);
}

// ---------------------------------------------------------------------------------------
// Token mails (invitations, resets): in memory only, same schedule.

/// Owes `user` an invitation with `token`; the returned count is how often `on_sent` ran.
fn owe(invitations: &Invitations, user: u128, token: &str) -> Arc<AtomicU32> {
    let sent = Arc::new(AtomicU32::new(0));
    let hook = sent.clone();
    invitations.owe_mail(
        id(user),
        TokenKind::Invitation,
        token,
        7 * 86_400,
        Some(Arc::new(move || {
            hook.fetch_add(1, Ordering::SeqCst);
        })),
    );
    sent
}

#[tokio::test(start_paused = true)]
async fn a_token_mail_waits_out_an_outage_and_its_token_is_never_recorded() {
    let w = World::new().await;
    let (mut notifier, _runner, invitations) = w.notifier_and_invitations().await;
    let on_sent = owe(&invitations, EN, "tok-secret-1");
    w.smtp.fail_all(Some(Fail::Refused));
    for secs in [0, 10, 30, 70, 150] {
        w.at(secs).await;
        assert_eq!(notifier.pass().await.unwrap().failed, 1, "{secs} s");
    }
    assert_eq!(on_sent.load(Ordering::SeqCst), 0);
    w.smtp.fail_all(None);
    w.at(229).await;
    assert_eq!(notifier.pass().await.unwrap().sent, 0, "still backing off");
    w.at(230).await;
    assert_eq!(notifier.pass().await.unwrap().sent, 1);

    assert_eq!(
        w.smtp.times_to(JANE),
        [0, 10, 30, 70, 150, 230],
        "never given up"
    );
    assert_eq!(on_sent.load(Ordering::SeqCst), 1, "the server is told once");
    let mail = w.smtp.accepted().pop().unwrap();
    assert!(
        mail.text
            .contains(&format!("{BASE}/invitations/tok-secret-1"))
    );
    let failed = w.failures().await;
    assert_eq!(failed.len(), 5);
    assert!(failed.iter().all(|f| f.causing_event_id.is_none()));
    for r in w.store.read_stream("notifications", 0, 100).await.unwrap() {
        assert!(
            !r.payload.get().contains("tok-secret"),
            "{}",
            r.payload.get()
        );
    }
}

#[tokio::test(start_paused = true)]
async fn a_refused_token_mail_is_given_up_after_the_last_attempt() {
    let w = World::new().await;
    let (mut notifier, _runner, invitations) = w.notifier_and_invitations().await;
    w.smtp.fail_to(BINH, Fail::Permanent);
    let refused = owe(&invitations, VI, "tok-vi");
    let accepted = owe(&invitations, EN, "tok-en");
    for secs in [0, 10, 30, 1_000] {
        w.at(secs).await;
        notifier.pass().await.unwrap();
    }
    assert_eq!(w.smtp.times_to(BINH), [0, 10, 30]);
    assert_eq!(w.smtp.times_to(JANE), [0], "a refusal stops only its mail");
    assert_eq!(refused.load(Ordering::SeqCst), 0);
    assert_eq!(accepted.load(Ordering::SeqCst), 1);
    let last = w.failures().await.pop().unwrap();
    assert_eq!((last.attempt, last.next_attempt_at), (3, None));
}

// ---------------------------------------------------------------------------------------
// Digests.

#[tokio::test(start_paused = true)]
async fn assignments_go_out_as_one_digest_per_member_and_window() {
    let w = World::new().await;
    w.submitted(30, AGENCY, "Nguyễn Văn Đức").await;
    w.submitted(31, AGENCY, "Lê Thị Hoa").await;
    w.submitted(32, OTHER_AGENCY, "Phạm Minh").await;
    let (mut notifier, _runner) = w.notifier().await;
    let digests = |smtp: &FakeSmtp| -> Vec<Attempt> {
        let a = smtp.accepted();
        a.into_iter()
            .filter(|a| a.to == JANE || a.to == BINH)
            .collect()
    };

    // Window [0, 60 s): two assignments to Jane, one to Bình.
    w.at(5).await;
    w.assign(1, 30, &[EN, VI]).await;
    w.at(20).await;
    w.assign(2, 31, &[EN]).await;
    let report = notifier.pass().await.unwrap();
    assert_eq!(
        report.sent, 3,
        "the agencies' mails; no assignment mail on its own"
    );
    w.at(60).await;
    notifier.pass().await.unwrap();
    assert!(
        digests(&w.smtp).is_empty(),
        "the window closes at 60 s + 1 s of grace"
    );

    w.at(61).await;
    let report = notifier.pass().await.unwrap();
    assert_eq!((report.scheduled, report.sent), (2, 2));
    let sent = digests(&w.smtp);
    let jane = sent.iter().find(|a| a.to == JANE).unwrap();
    assert!(
        jane.subject
            .starts_with("Assigned for review: 2 nomination(s)")
    );
    assert!(jane.text.contains("- Nguyễn Văn Đức"), "{}", jane.text);
    assert!(jane.text.contains("- Lê Thị Hoa"), "{}", jane.text);
    let binh = sent.iter().find(|a| a.to == BINH).unwrap();
    assert!(
        binh.subject
            .starts_with("Hồ sơ được phân công chấm: 1 hồ sơ")
    );
    assert!(binh.text.contains("- Nguyễn Văn Đức"));
    assert!(!binh.text.contains("Lê Thị Hoa"));

    // Window [60 s, 120 s): a new assignment to Jane is a new digest, at 121 s.
    w.at(70).await;
    w.assign(3, 32, &[EN]).await;
    w.at(120).await;
    assert_eq!(notifier.pass().await.unwrap().sent, 0);
    w.at(121).await;
    let report = notifier.pass().await.unwrap();
    assert_eq!((report.scheduled, report.sent), (1, 1));
    let sent = digests(&w.smtp);
    let last = sent.last().unwrap();
    assert_eq!((last.to.as_str(), last.at.as_secs()), (JANE, 121));
    assert!(
        last.subject
            .starts_with("Assigned for review: 1 nomination(s)")
    );
    assert!(last.text.contains("- Phạm Minh"));
    assert_eq!(sent.len(), 3);

    // Nothing twice.
    w.at(1_000).await;
    assert_eq!(notifier.pass().await.unwrap(), Default::default());
}

// ---------------------------------------------------------------------------------------
// Reminders.

#[tokio::test(start_paused = true)]
async fn reminders_go_out_days_before_a_deadline_once_per_deadline() {
    let w = World::new().await;
    // Nominating ends 20 March (Vietnam); reminders 3 days before: from 17 March 00:00 +07,
    // which is 16 March 17:00 UTC, 5 h after the start.
    w.programme(PhaseMoved {
        from: Phase::Setup,
        to: Phase::Nominating,
        automatic: false,
        at: ORIGIN,
    })
    .await;
    w.draft(30, AGENCY, "Nguyễn Văn Đức").await;
    w.draft(31, AGENCY, "Lê Thị Hoa").await;
    w.submitted(32, OTHER_AGENCY, "Phạm Minh").await;
    let (mut notifier, _runner) = w.notifier().await;
    let reminders = |smtp: &FakeSmtp| -> Vec<Attempt> {
        let a = smtp.accepted();
        a.into_iter()
            .filter(|a| a.subject.starts_with("Nhắc hạn"))
            .collect()
    };

    notifier.pass().await.unwrap();
    w.at(5 * 3600 - 1).await;
    notifier.pass().await.unwrap();
    assert!(reminders(&w.smtp).is_empty(), "not before the third day");

    w.at(5 * 3600).await;
    let report = notifier.pass().await.unwrap();
    assert_eq!((report.scheduled, report.sent), (1, 1));
    let sent = reminders(&w.smtp);
    assert_eq!(sent.len(), 1, "only the agency with drafts: {sent:?}");
    let r = &sent[0];
    assert_eq!(r.to, AGENCY_MAIL);
    assert!(r.subject.ends_with(": 20/03/2026"), "{}", r.subject);
    assert!(r.text.contains("Còn 2 việc chưa hoàn thành."), "{}", r.text);
    assert!(r.text.contains(&format!("{BASE}/work")), "{}", r.text);

    // The next days up to the deadline: the same deadline, no second reminder.
    for day in 1..=4 {
        w.at(5 * 3600 + day * 86_400).await;
        assert_eq!(notifier.pass().await.unwrap().scheduled, 0, "day {day}");
    }
    assert_eq!(reminders(&w.smtp).len(), 1);

    // A moved deadline is a new one: reminded again when it nears.
    w.programme(ProgrammeAmended {
        title: None,
        description: None,
        notice_working_days: None,
        schedule: Some(Schedule {
            nominating: Some(date!(2026 - 03 - 24)),
            ..Schedule::default()
        }),
        holidays: None,
    })
    .await;
    let report = notifier.pass().await.unwrap();
    assert_eq!((report.scheduled, report.sent), (1, 1));
    let sent = reminders(&w.smtp);
    assert_eq!(sent.len(), 2);
    assert!(
        sent[1].subject.ends_with(": 24/03/2026"),
        "{}",
        sent[1].subject
    );
}
