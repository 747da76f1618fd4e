//! E-mail against a real SMTP server (aiosmtpd, started here): exactly once across a SIGKILL
//! of the serving process in the middle of a batch, and nothing lost while SMTP is down.
//!
//! The mails come from the demo seed (submissions, screenings, assignment digests, results,
//! conferrals, objections, revocations). The serving process is this test binary run again
//! as a child (`child_server`, which only serves when `ACCOLADE_MAIL_CHILD` names a data
//! directory), so the kill is a real one.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use accolade_cli::Server;
use accolade_http::Config;
use accolade_notify::testing::SmtpSink;
use serde_json::Value;

/// Short waits: retries in a fraction of a second, digests after one.
fn tune(c: &mut Config, smtp: Option<String>) {
    c.snapshots = false;
    c.smtp_url = smtp.map(Into::into);
    c.mail_from = Some("Giải thưởng KH&CN <giaithuong@demo.accolade.vn>".into());
    c.public_url = Some("https://giaithuong.example.vn".into());
    c.mail_retry_base_ms = 200;
    c.mail_retry_max_ms = 800;
    c.mail_digest_window_secs = 1;
    c.mail_tick_ms = 100;
    c.mail_send_timeout_secs = 5;
    c.metrics_token = Some(METRICS_TOKEN.to_owned().into());
}

/// `/metrics` is not open on the public listener: the test scrapes with a token.
const METRICS_TOKEN: &str = "mail-test-metrics-token";

/// The Message-IDs of the delivered files (with repeats).
fn message_ids(sink: &SmtpSink) -> Vec<String> {
    sink.files()
        .iter()
        .map(|f| {
            let bytes = std::fs::read(f).unwrap();
            let m = mail_parser::MessageParser::default().parse(&bytes).unwrap();
            m.message_id()
                .unwrap()
                .trim_matches(|c| c == '<' || c == '>')
                .to_owned()
        })
        .collect()
}

struct Api {
    url: String,
    token: String,
    client: reqwest::Client,
}

impl Api {
    async fn sign_in(url: &str) -> Api {
        let client = reqwest::Client::new();
        let admin = demo_admin();
        let res: Value = client
            .post(format!("{url}/api/v1/session"))
            .json(&serde_json::json!({"email": admin.email, "password": admin.password}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        Api {
            url: url.to_owned(),
            token: res["token"].as_str().unwrap().to_owned(),
            client,
        }
    }

    /// Every item of the log with this status (all pages).
    async fn log(&self, status: &str) -> Vec<Value> {
        let mut out = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let after = cursor
                .as_ref()
                .map(|c| format!("&cursor={c}"))
                .unwrap_or_default();
            let page: Value = self
                .client
                .get(format!(
                    "{}/api/v1/notifications?status={status}&limit=500{after}",
                    self.url
                ))
                .bearer_auth(&self.token)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            out.extend(page["items"].as_array().unwrap().iter().cloned());
            match page["next_cursor"].as_str() {
                Some(c) => cursor = Some(c.to_owned()),
                None => return out,
            }
        }
    }

    async fn metrics(&self) -> String {
        self.client
            .get(format!("{}/metrics", self.url))
            .bearer_auth(METRICS_TOKEN)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    /// Waits until nothing is pending and every failing mail was given up (no address: the
    /// demo's users deactivated later, for instance); returns the sent and given-up items.
    async fn drained(&self, within: Duration) -> (Vec<Value>, Vec<Value>) {
        let started = Instant::now();
        loop {
            let (p, f) = (self.log("pending").await, self.log("failing").await);
            if p.is_empty() && f.iter().all(|i| i["next_attempt_at"].is_null()) {
                return (self.log("sent").await, f);
            }
            assert!(
                started.elapsed() < within,
                "still {} pending and {} failing: {f:?}",
                p.len(),
                f.len()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

fn ids(items: &[Value]) -> BTreeSet<String> {
    items
        .iter()
        .map(|i| format!("{}@accolade", i["message_id"].as_str().unwrap()))
        .collect()
}

/// Seeds the demo into `dir` with no SMTP (nothing sent) and returns the owed message ids.
async fn seed(dir: &Path) -> BTreeSet<String> {
    let mut c = Config::for_data_dir(dir);
    tune(&mut c, None);
    let server = Server::open(c).await.unwrap();
    accolade_cli::demo::seed(&server.state().node)
        .await
        .unwrap();
    let owed = server.state().read(|p| {
        p.outbox(None, 0)
            .iter()
            .filter(|m| m.template != accolade_projections::Template::ReviewAssigned)
            .map(|m| format!("{}@accolade", m.message_id))
            .collect()
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    server.spawn(listener).unwrap().stop().await.unwrap();
    owed
}

/// This binary again, serving `dir` with mail to `smtp`.
fn spawn_child(dir: &Path, smtp: &str) -> Child {
    let _ = std::fs::remove_file(dir.join("url"));
    Command::new(std::env::current_exe().unwrap())
        .args([
            "mail::child_server",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("ACCOLADE_MAIL_CHILD", dir)
        .env("ACCOLADE_MAIL_CHILD_SMTP", smtp)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

fn child_url(dir: &Path) -> String {
    let started = Instant::now();
    loop {
        if let Ok(u) = std::fs::read_to_string(dir.join("url"))
            && u.ends_with('\n')
        {
            return u.trim().to_owned();
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "child never served"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The child: serves until killed. Does nothing in a normal test run.
#[test]
fn child_server() {
    let Some(dir) = std::env::var_os("ACCOLADE_MAIL_CHILD") else {
        return;
    };
    let smtp = std::env::var("ACCOLADE_MAIL_CHILD_SMTP").unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async move {
        let dir = Path::new(&dir);
        let mut c = Config::for_data_dir(dir);
        tune(&mut c, Some(smtp));
        // Slow enough that the kill lands in the middle of the batch.
        c.mail_min_interval_ms = 40;
        let server = Server::open(c).await.unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}\n", listener.local_addr().unwrap());
        std::fs::write(dir.join("url"), url).unwrap();
        server.run(listener, std::future::pending()).await.unwrap();
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_mid_batch_then_restart_sends_every_mail_once() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let owed = seed(&data).await;
    assert!(owed.len() > 20, "the demo owes many mails: {}", owed.len());
    let sink = SmtpSink::start_in(tmp.path());

    let mut child = spawn_child(&data, &sink.url());
    let started = Instant::now();
    while sink.files().len() < 5 {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no mail arrived"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let at_kill = sink.files().len();

    let mut child = spawn_child(&data, &sink.url());
    let api = Api::sign_in(&child_url(&data)).await;
    let (sent, given_up) = api.drained(Duration::from_secs(90)).await;
    let dropped = api.log("dropped").await;
    for g in &given_up {
        assert_eq!(
            g["last_error"], "the recipient has no e-mail address",
            "{g}"
        );
    }
    child.kill().unwrap();
    child.wait().unwrap();

    let expected = ids(&sent);
    let got = message_ids(&sink);
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for id in &got {
        *counts.entry(id).or_default() += 1;
    }
    let distinct: BTreeSet<String> = counts.keys().map(|s| (*s).to_owned()).collect();
    assert_eq!(distinct, expected, "every mail arrived, and only those");
    // Since personal data is sealed, the outbox owes a mail to every nominee and objector who
    // may have given an address; the notifier drops those who gave none (issue 12).
    for d in &dropped {
        assert_eq!(d["dropped"], "no_address", "{d}");
        assert!(
            matches!(
                d["recipient"]["kind"].as_str(),
                Some("nominee" | "objector")
            ),
            "{d}"
        );
    }
    let settled: BTreeSet<String> = expected.union(&ids(&dropped)).cloned().collect();
    assert!(
        owed.is_subset(&settled),
        "every mail the seed owed was sent (or dropped: no address)"
    );
    // Repeats only in SMTP's window (accepted, killed before recorded): at most the one mail
    // in flight at the kill, and a repeat is a file with the same Message-ID.
    let repeats = got.len() - distinct.len();
    assert!(repeats <= 1, "{repeats} repeats: {counts:?}");
    assert!(at_kill < got.len(), "the kill interrupted the batch");
    println!(
        "sigkill: {} mails, {at_kill} before the kill, {repeats} repeat(s)",
        distinct.len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn smtp_down_queues_then_delivers_all_once() {
    let tmp = tempfile::tempdir().unwrap();
    let mut sink = SmtpSink::new(tmp.path()); // not started: SMTP is down
    let mut c = Config::for_data_dir(tmp.path().join("data"));
    tune(&mut c, Some(sink.url()));
    let server = Server::open(c).await.unwrap();
    accolade_cli::demo::seed(&server.state().node)
        .await
        .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let running = server.spawn(listener).unwrap();
    let api = Api::sign_in(&running.url()).await;

    // The failure shows in the log (with the error) and in /metrics; nothing is lost.
    let started = Instant::now();
    let failing = loop {
        let f = api.log("failing").await;
        if !f.is_empty() {
            break f;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "no failure recorded"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(
        failing[0]["last_error"].as_str().unwrap().len() > 3,
        "{failing:?}"
    );
    assert!(failing[0]["attempts"].as_u64().unwrap() >= 1);
    assert!(failing[0]["next_attempt_at"].is_string());
    let pending = api.log("pending").await;
    assert!(pending.len() > 10, "queued while down: {}", pending.len());
    assert!(api.log("sent").await.is_empty());
    let metrics = api.metrics().await;
    let failing_gauge = metrics
        .lines()
        .find_map(|l| l.strip_prefix("accolade_mail_failing "))
        .and_then(|v| v.parse::<f64>().ok());
    assert!(failing_gauge >= Some(1.0), "{metrics}");
    for line in [
        "accolade_mail_failed_total",
        "accolade_smtp_up 0",
        "accolade_mail_pending",
    ] {
        assert!(metrics.contains(line), "{line} missing from /metrics");
    }

    sink.start();
    let (sent, given_up) = api.drained(Duration::from_secs(60)).await;
    assert!(
        given_up
            .iter()
            .all(|g| g["last_error"] == "the recipient has no e-mail address")
    );
    let got = message_ids(&sink);
    let distinct: BTreeSet<String> = got.iter().cloned().collect();
    assert_eq!(got.len(), distinct.len(), "none twice");
    assert_eq!(distinct, ids(&sent), "all arrived");
    let metrics = api.metrics().await;
    assert!(metrics.contains("accolade_smtp_up 1"), "SMTP up again");
    assert!(metrics.contains("accolade_mail_pending 0"));
    running.stop().await.unwrap();
}

/// The demo's admin login (the first of the cast's logins).
fn demo_admin() -> accolade_cli::demo::Login {
    accolade_cli::demo::logins().unwrap().remove(0)
}

/// A server over `dir` with SMTP at `smtp`, no demo: the first admin only.
async fn bare_server(dir: &Path, smtp: String) -> accolade_cli::Running {
    let mut c = Config::for_data_dir(dir);
    tune(&mut c, Some(smtp));
    let admin = demo_admin();
    c.admin_email = Some(admin.email);
    c.admin_password = Some(admin.password.into());
    let server = Server::open(c).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    server.spawn(listener).unwrap()
}

async fn invite(api: &Api, email: &str) {
    let r = api
        .client
        .post(format!("{}/api/v1/users", api.url))
        .bearer_auth(&api.token)
        .json(&serde_json::json!({"email": email, "full_name": "Người được mời", "role": "member"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 201);
}

/// Waits for the invitation mail to `to`; returns the token of its link.
async fn invitation_token(sink: &SmtpSink, to: &str, within: Duration) -> String {
    let started = Instant::now();
    loop {
        for f in sink.files() {
            let bytes = std::fs::read(&f).unwrap();
            let m = mail_parser::MessageParser::default().parse(&bytes).unwrap();
            let text = m.body_text(0).unwrap_or_default().into_owned();
            let for_them = m
                .to()
                .and_then(|a| a.first())
                .and_then(|a| a.address())
                .is_some_and(|a| a == to);
            if for_them && let Some(at) = text.find("/invitations/") {
                let rest = &text[at + "/invitations/".len()..];
                let token: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                    .collect();
                return token;
            }
        }
        assert!(started.elapsed() < within, "no invitation mail to {to}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn accept(url: &str, token: &str) -> u16 {
    reqwest::Client::new()
        .post(format!("{url}/api/v1/invitations/{token}"))
        .json(&serde_json::json!({"password": "a long enough password"}))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// Issue 10 item 15: SMTP down for more attempts than the old give-up (5), then up: the
/// invitation still arrives, and its link works.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invitation_outlasts_a_long_smtp_outage() {
    let tmp = tempfile::tempdir().unwrap();
    let mut sink = SmtpSink::new(tmp.path()); // not started: SMTP is down
    let running = bare_server(&tmp.path().join("data"), sink.url()).await;
    let api = Api::sign_in(&running.url()).await;
    invite(&api, "invited@x.vn").await;
    let started = Instant::now();
    loop {
        let failing = api.log("failing").await;
        let tries = failing
            .iter()
            .filter(|i| i["template"] == "invitation")
            .map(|i| {
                (
                    i["attempts"].as_u64().unwrap(),
                    i["next_attempt_at"].is_string(),
                )
            })
            .next();
        if let Some((attempts, retrying)) = tries {
            assert!(
                retrying,
                "an invitation is never given up while SMTP is down"
            );
            if attempts > 6 {
                break;
            }
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no retries: {failing:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    sink.start();
    let token = invitation_token(&sink, "invited@x.vn", Duration::from_secs(30)).await;
    assert_eq!(accept(&running.url(), &token).await, 200);
    running.stop().await.unwrap();
}

/// Issue 10 item 15: a restart before the invitation was sent does not lose it: it goes out
/// after the restart (with a fresh token), and its link works.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invitation_owed_at_a_restart_is_sent_after_it() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let mut sink = SmtpSink::new(tmp.path()); // down during the first run
    let first = bare_server(&data, sink.url()).await;
    let api = Api::sign_in(&first.url()).await;
    invite(&api, "restart@x.vn").await;
    first.stop().await.unwrap();
    assert!(sink.files().is_empty());

    sink.start();
    let second = bare_server(&data, sink.url()).await;
    let token = invitation_token(&sink, "restart@x.vn", Duration::from_secs(30)).await;
    assert_eq!(accept(&second.url(), &token).await, 200);
    second.stop().await.unwrap();
}
