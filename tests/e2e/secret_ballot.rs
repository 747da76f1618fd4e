//! Issue 10, "must show": a differential test of the secret ballot, against the real binary.
//!
//! The same cycle is run twice on `accolade serve` (a child process, its stderr captured),
//! differing only in one member's secret choice. Everything the admin, the chair, the other
//! members, the agency and the authority can call during the round — every JSON route and
//! work page, including the probes an oracle would use (the member's second ballot, an
//! absentee entry for that member, each with both choices) — and every log line the server
//! writes until it stops are compared byte for byte, with ids, times, hashes and tokens
//! redacted. They must be identical. The close then runs on a second process, and its tally
//! must differ: the test can see a difference where there is one.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // Test code.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};

use regex::Regex;
use reqwest::Method;
use serde_json::{Value, json};

const ADMIN: &str = "admin@accolade.test";
const PASSWORD: &str = "a-long-password-1";

/// `accolade serve` as a child process, its stderr lines collected.
struct Served {
    child: Child,
    url: String,
    logs: Arc<Mutex<Vec<String>>>,
    reader: std::thread::JoinHandle<()>,
}

impl Served {
    fn start(dir: &Path) -> Served {
        let mut child = Command::new(crate::accolade_bin())
            .args(["serve", "--data-dir", dir.to_str().unwrap()])
            .args(["--listen", "127.0.0.1:0"])
            .env("ACCOLADE_ADMIN_EMAIL", ADMIN)
            .env("ACCOLADE_ADMIN_PASSWORD", PASSWORD)
            .env("RUST_LOG", "info")
            .env_remove("ACCOLADE_SMTP_URL")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let logs = Arc::new(Mutex::new(Vec::new()));
        let (tx, rx) = std::sync::mpsc::channel();
        let collected = logs.clone();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let line = line.unwrap();
                if let Some(url) = line.strip_prefix("accolade: serving on ") {
                    let url = url.split_whitespace().next().unwrap_or_default();
                    let _ = tx.send(url.to_owned());
                }
                collected.lock().unwrap().push(line);
            }
        });
        let url = rx
            .recv()
            .unwrap_or_else(|_| panic!("the server did not start: {:?}", logs.lock().unwrap()));
        Served {
            child,
            url,
            logs,
            reader,
        }
    }

    /// Stops it (SIGTERM: a graceful shutdown) and returns every line it wrote.
    fn stop(mut self) -> Vec<String> {
        let pid = self.child.id().to_string();
        Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        self.child.wait().unwrap();
        self.reader.join().unwrap();
        std::mem::take(&mut *self.logs.lock().unwrap())
    }
}

/// Ids, times, hashes, tokens, seeds, addresses and latencies out; everything else kept.
fn redact(text: &str) -> String {
    let rules: [(&str, &str); 13] = [
        (
            r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
            "<id>",
        ),
        // RFC 3339, and the `time` crate's own form (`2026-12-01 2:01:07.0 +00:00:00`: an
        // hour of one digit, an offset with seconds), which the key store's log line uses.
        (
            r"\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}:\d{2}(\.\d+)?( ?(Z|[+-]\d{2}:?\d{2}(:\d{2})?))?",
            "<time>",
        ),
        // A time as the pages show it.
        (r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}(:\d{2})?", "<time>"),
        (r"[0-9a-f]{64}", "<hash>"),
        (
            r#""(token|csrf|seed)"\s*:\s*("[^"]*"|\d+)"#,
            "\"$1\":<redacted>",
        ),
        (
            r#"name="csrf" value="[^"]*""#,
            "name=\"csrf\" value=<redacted>",
        ),
        (r"(accolade_session|accolade_csrf)=[^;\s]*", "$1=<redacted>"),
        (r"127\.0\.0\.1:\d+", "<addr>"),
        // Each run's own temporary data directory (named in the key store's log lines).
        (r"/tmp/\.tmp[A-Za-z0-9]+", "<tmp>"),
        // Sealed personal fields in raw records: each run has its own random person keys, so
        // the same nominee seals to other bytes; the choice is not in them.
        (r#""(ct|nonce)"\s*:\s*"[^"]*""#, "\"$1\":<sealed>"),
        (r#""latency"\s*:\s*"[^"]*""#, "\"latency\":<redacted>"),
        (
            r#""time\.(busy|idle)"\s*:\s*"[^"]*""#,
            "\"time.$1\":<redacted>",
        ),
        // Durations measured by the metrics (histograms of seconds): timing, not content.
        (
            r"(?m)^[a-z_]*_seconds(_bucket|_sum|_count)?(\{.*\})? .*$",
            "<duration metric>",
        ),
    ];
    let mut out = text.to_owned();
    for (pattern, with) in rules {
        out = Regex::new(pattern)
            .unwrap()
            .replace_all(&out, with)
            .into_owned();
    }
    out
}

/// A client that records every answer it gets.
struct Session {
    client: reqwest::Client,
    url: String,
    transcript: Vec<String>,
}

impl Session {
    async fn call(
        &mut self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
        key: Option<&str>,
    ) -> (u16, Value) {
        let mut r = self
            .client
            .request(method.clone(), format!("{}{path}", self.url));
        if let Some(t) = token {
            r = r
                .bearer_auth(t)
                .header("cookie", format!("accolade_session={t}"));
        }
        if let Some(k) = key {
            r = r.header("idempotency-key", k);
        }
        if let Some(b) = body {
            r = r.json(&b);
        }
        self.record(&method, path, r).await
    }

    /// A work-page form, with the double-submit CSRF cookie and field.
    async fn form(&mut self, path: &str, token: &str, fields: &[(&str, &str)]) -> (u16, Value) {
        let mut form: Vec<(&str, &str)> = vec![("csrf", "differential-csrf-token")];
        form.extend_from_slice(fields);
        // Every value here is URL-safe (ids, choices, the token): no encoding needed.
        let form: Vec<String> = form.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let r = self
            .client
            .post(format!("{}{path}", self.url))
            .header(
                "cookie",
                format!("accolade_session={token}; accolade_csrf=differential-csrf-token"),
            )
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form.join("&"));
        self.record(&Method::POST, path, r).await
    }

    async fn record(
        &mut self,
        method: &Method,
        path: &str,
        r: reqwest::RequestBuilder,
    ) -> (u16, Value) {
        let res = r.send().await.unwrap();
        let status = res.status().as_u16();
        let mut headers: Vec<String> = res
            .headers()
            .iter()
            .filter(|(k, _)| !matches!(k.as_str(), "date" | "content-length"))
            .map(|(k, v)| format!("{k}: {}", v.to_str().unwrap_or("<bytes>")))
            .collect();
        headers.sort();
        let mut text = res.text().await.unwrap();
        if path == "/metrics" {
            // The exporter writes its series in hash-map order: compare them sorted.
            let mut lines: Vec<&str> = text.lines().collect();
            lines.sort_unstable();
            text = lines.join("\n");
        }
        self.transcript.push(redact(&format!(
            "{method} {path}\n{status}\n{}\n{text}\n",
            headers.join("\n")
        )));
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    /// Signs in; returns the session token.
    async fn sign_in(&mut self, email: &str, password: &str) -> String {
        let body = json!({"email": email, "password": password});
        self.ok(Method::POST, "/api/v1/session", "", body).await["token"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    async fn ok(&mut self, method: Method, path: &str, token: &str, body: Value) -> Value {
        let (status, res) = self.call(method, path, Some(token), Some(body), None).await;
        assert!((200..300).contains(&status), "{path}: {status} {res}");
        res
    }
}

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap().to_owned()
}

/// What one run saw: the answers and log lines until the server stopped (before the close),
/// then the close's tally.
struct Run {
    transcript: Vec<String>,
    logs: Vec<String>,
    approvals: u64,
}

/// The whole cycle, with member 2's secret choice `choice`.
async fn run(choice: &str) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let served = Served::start(dir.path());
    let mut s = Session {
        client: reqwest::Client::new(),
        url: served.url.clone(),
        transcript: Vec::new(),
    };
    let admin = s.sign_in(ADMIN, PASSWORD).await;
    let agency = id(&s
        .ok(
            Method::POST,
            "/api/v1/agencies",
            &admin,
            json!({"name": "Đài Truyền hình", "code": "VTV", "kind": "press", "province": "Hà Nội"}),
        )
        .await);
    let mut people = Vec::new();
    for (email, role, agency) in [
        ("clerk@vtv.vn", "clerk", Some(&agency)),
        ("head@vtv.vn", "head", Some(&agency)),
        ("m1@council.vn", "member", None),
        ("m2@council.vn", "member", None),
        ("m3@council.vn", "member", None),
        ("m4@council.vn", "member", None),
        ("minister@gov.vn", "authority", None),
    ] {
        let body = json!({"email": email, "full_name": format!("Người {email}"), "role": role,
                          "agency_id": agency, "password": PASSWORD});
        let user = id(&s.ok(Method::POST, "/api/v1/users", &admin, body).await);
        let token = s.sign_in(email, PASSWORD).await;
        people.push((user, token));
    }
    let [clerk, head, m1, m2, m3, m4, authority] = people.try_into().unwrap();
    let p = id(&s
        .ok(
            Method::POST,
            "/api/v1/programmes",
            &admin,
            json!({"title": "Giải thưởng 2026", "year": 2026, "notice_working_days": 0}),
        )
        .await);
    let prog = format!("/api/v1/programmes/{p}");
    let category = json!({
        "code": "IND", "title": "Cá nhân", "nominee_kind": "individual",
        "award_title": "Bằng khen", "award_level": "ministry", "leaderboard_points": 10,
        "criteria": [{"key": "impact", "label": "Tác động", "weight": 1, "max": 10}],
        "voting": {"threshold": {"num": 1, "den": 2}, "denominator": "all_members",
                   "quorum": null, "secret": true, "absentee_written": true},
        "max_awards": 2, "max_per_agency": null, "legal_ref": null
    });
    s.ok(
        Method::POST,
        &format!("{prog}/categories"),
        &admin,
        category,
    )
    .await;
    let members = [&m1.0, &m2.0, &m3.0, &m4.0];
    s.ok(
        Method::POST,
        &format!("{prog}/panels"),
        &admin,
        json!({"name": "Hội đồng", "category_codes": ["IND"], "member_ids": members, "chair_id": m1.0}),
    )
    .await;
    let phase = |to: &str| json!({"phase": to});
    s.ok(
        Method::POST,
        &format!("{prog}/phase"),
        &admin,
        phase("nominating"),
    )
    .await;
    let nomination = json!({
        "category_code": "IND",
        "nominee": {"kind": "individual", "full_name": "Nguyễn Văn An", "position": "Phóng viên",
                    "organisation": "VTV", "province": "Hà Nội", "birth_year": 1980},
        "citation": "Vì đóng góp xuất sắc", "achievements": "Nhiều loạt bài",
        "evidence": [{"title": "Loạt bài", "url": "https://example.vn/a"}]
    });
    let n = id(&s
        .ok(
            Method::POST,
            &format!("{prog}/nominations"),
            &clerk.1,
            nomination,
        )
        .await);
    let nom = format!("/api/v1/nominations/{n}");
    s.ok(Method::POST, &format!("{nom}/submit"), &head.1, json!({}))
        .await;
    s.ok(
        Method::POST,
        &format!("{prog}/phase"),
        &admin,
        phase("screening"),
    )
    .await;
    s.ok(
        Method::POST,
        &format!("{nom}/screening"),
        &admin,
        json!({"eligible": true, "reason": "đủ điều kiện"}),
    )
    .await;
    s.ok(
        Method::POST,
        &format!("{prog}/phase"),
        &admin,
        phase("reviewing"),
    )
    .await;
    s.ok(
        Method::POST,
        &format!("{prog}/phase"),
        &admin,
        phase("voting"),
    )
    .await;

    // The round. Member 2's ballot is the one difference between the runs; it is sent with
    // an Idempotency-Key and retried, as a client on a bad network would.
    let ballot = format!("{nom}/ballot");
    let absentee = format!("{nom}/absentee-ballots");
    s.call(
        Method::PUT,
        &ballot,
        Some(&m1.1),
        Some(json!({"choice": "approve"})),
        None,
    )
    .await;
    for _ in 0..2 {
        let (status, body) = s
            .call(
                Method::PUT,
                &ballot,
                Some(&m2.1),
                Some(json!({"choice": choice})),
                Some("ballot-1"),
            )
            .await;
        assert_eq!(
            status, 200,
            "a retry with the same key gets the first answer: {body}"
        );
    }
    // The probes an oracle would use: member 2 again, and an absentee entry for member 2,
    // each with every choice (the same requests in both runs).
    for c in ["approve", "reject", "abstain"] {
        let (status, _) = s
            .call(
                Method::PUT,
                &ballot,
                Some(&m2.1),
                Some(json!({"choice": c})),
                None,
            )
            .await;
        assert_eq!(status, 409);
        let body = json!({"member_id": m2.0, "choice": c});
        let (status, _) = s
            .call(Method::POST, &absentee, Some(&admin), Some(body), None)
            .await;
        assert_eq!(status, 409);
        s.form(
            &format!("/work/nominations/{n}/ballot"),
            &m2.1,
            &[("choice", c)],
        )
        .await;
        s.form(
            &format!("/work/nominations/{n}/absentee"),
            &admin,
            &[("member_id", &m2.0), ("choice", c)],
        )
        .await;
    }
    // Member 4 is absent: a written vote.
    let body = json!({"member_id": m4.0, "choice": "abstain"});
    s.ok(Method::POST, &absentee, &admin, body).await;

    // Every read of every role during the round, the tally before the close included.
    let api = [
        "/api/v1/me".to_owned(),
        "/api/v1/assignments".to_owned(),
        "/api/v1/nominations".to_owned(),
        nom.clone(),
        format!("{nom}/history"),
        "/api/v1/programmes".to_owned(),
        prog.clone(),
        format!("{prog}/progress"),
        format!("{prog}/ranking?category_code=IND"),
        format!("{prog}/tally"),
        "/api/v1/audit".to_owned(),
        "/api/v1/events".to_owned(),
        "/api/v1/notifications".to_owned(),
        "/api/v1/objections".to_owned(),
        "/api/v1/users".to_owned(),
        "/api/v1/agencies".to_owned(),
        "/api/v1/verify".to_owned(),
        "/api/v1/public/notice".to_owned(),
        "/api/v1/public/honours".to_owned(),
        "/metrics".to_owned(),
    ];
    let pages = [
        "/work".to_owned(),
        "/work/nominations".to_owned(),
        format!("/work/nominations/{n}"),
        format!("/work/nominations/{n}/history"),
        "/work/assignments".to_owned(),
        "/work/programmes".to_owned(),
        format!("/work/programmes/{p}"),
        format!("/work/programmes/{p}/tally"),
        "/work/audit".to_owned(),
        "/work/notifications".to_owned(),
    ];
    let viewers = [&admin, &m1.1, &m2.1, &m3.1, &clerk.1, &head.1, &authority.1];
    for token in viewers {
        for path in api.iter().chain(pages.iter()) {
            s.call(Method::GET, path, Some(token), None, None).await;
        }
    }
    let transcript = std::mem::take(&mut s.transcript);
    let logs = served.stop();

    // The close, on a second process over the same data: here the runs differ.
    let served = Served::start(dir.path());
    s.url = served.url.clone();
    // Sessions live in memory: sign in again.
    let chair = s.sign_in("m1@council.vn", PASSWORD).await;
    let admin = s.sign_in(ADMIN, PASSWORD).await;
    let (status, body) = s
        .call(
            Method::POST,
            &format!("{prog}/rounds/IND/close"),
            Some(&chair),
            None,
            None,
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (_, tally) = s
        .call(
            Method::GET,
            &format!("{prog}/tally"),
            Some(&admin),
            None,
            None,
        )
        .await;
    served.stop();
    let approvals = tally["items"][0]["approve"].as_u64().unwrap();
    // The round's key is gone with the close.
    let keys = std::fs::read_dir(dir.path().join("ballot-keys"))
        .unwrap()
        .count();
    assert_eq!(keys, 0);
    Run {
        transcript,
        logs,
        approvals,
    }
}

fn first_difference(a: &[String], b: &[String]) -> String {
    for (i, (x, y)) in a.iter().zip(b).enumerate() {
        if x != y {
            let line = x
                .lines()
                .zip(y.lines())
                .find(|(l, r)| l != r)
                .map_or_else(String::new, |(l, r)| format!("{l}\n{r}"));
            let head: String = x.lines().take(1).collect();
            return format!("#{i} ({head}), first differing line:\n{line}");
        }
    }
    let n = a.len().min(b.len());
    format!(
        "lengths {} and {}; beyond: {:?} / {:?}",
        a.len(),
        b.len(),
        &a[n..],
        &b[n..]
    )
}

/// Issue 10, must show (and item 1): nothing anyone can call or read during a secret round,
/// nor any log line, depends on a member's secret choice. Fails on main, where the absentee
/// probe answers 200 for the sealed choice and 409 for another.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_secret_choice_changes_nothing_anyone_sees_until_the_tally() {
    let a = run("approve").await;
    let b = run("reject").await;
    assert!(a.transcript.len() > 200, "{} answers", a.transcript.len());
    assert_eq!(
        a.transcript.len(),
        b.transcript.len(),
        "{}",
        first_difference(&a.transcript, &b.transcript)
    );
    assert!(
        a.transcript == b.transcript,
        "answers differ: {}",
        first_difference(&a.transcript, &b.transcript)
    );
    // Two shutdown lines depend on whether a client connection was still open at SIGTERM
    // (a race of the shutdown, not of any request): they are left out, nothing else is.
    let shutdown_race = |l: &&String| {
        l.contains("projection runner still shared") || l.contains("stopped reading the store")
    };
    let (la, lb): (Vec<String>, Vec<String>) = (
        a.logs
            .iter()
            .filter(|l| !shutdown_race(l))
            .map(|l| redact(l))
            .collect(),
        b.logs
            .iter()
            .filter(|l| !shutdown_race(l))
            .map(|l| redact(l))
            .collect(),
    );
    assert!(la.len() > 100, "{} log lines", la.len());
    if la != lb {
        // Kept for a look at the whole of both logs.
        let dir = std::env::temp_dir();
        std::fs::write(dir.join("secret-ballot-approve.log"), la.join("\n")).unwrap();
        std::fs::write(dir.join("secret-ballot-reject.log"), lb.join("\n")).unwrap();
    }
    assert!(la == lb, "log lines differ: {}", first_difference(&la, &lb));
    // The tally does differ: the test sees a difference where there is one.
    assert_eq!((a.approvals, b.approvals), (2, 1));
}
