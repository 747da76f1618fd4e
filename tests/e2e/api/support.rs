//! `TestApp`: a real server over a temporary data directory, listening on 127.0.0.1:0, and
//! helpers to call it.

use std::sync::{Arc, Mutex};

use accolade_app::accounts::{InvitationSink, TokenKind};
use accolade_cli::{Running, Server};
use accolade_http::Config;
use accolade_store::EventStore;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tempfile::TempDir;
use uuid::Uuid;

use crate::api::conformance;

pub const ADMIN_EMAIL: &str = "admin@accolade.test";
pub const ADMIN_PASSWORD: &str = "admin-password-1";
pub const PASSWORD: &str = "password-of-a-user";

/// Keeps invitation tokens (`.0`) and password-reset tokens (`.1`), as the mail would.
#[derive(Debug, Default)]
pub struct Invites(
    pub Mutex<Vec<(Uuid, String)>>,
    pub Mutex<Vec<(Uuid, String)>>,
);

impl InvitationSink for Invites {
    fn token_owed(&self, user_id: Uuid, kind: TokenKind, token: &str) {
        let list = match kind {
            TokenKind::Invitation => &self.0,
            TokenKind::PasswordReset => &self.1,
        };
        list.lock().unwrap().push((user_id, token.to_owned()));
    }
}

pub struct TestApp {
    pub server: Running,
    pub client: reqwest::Client,
    pub invites: Arc<Invites>,
    _dir: TempDir,
}

/// A response: status, headers, JSON body (Null if none).
#[derive(Debug)]
pub struct Res {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

impl Res {
    pub fn content_type(&self) -> &str {
        self.headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    }

    pub fn etag(&self) -> String {
        self.headers["etag"].to_str().unwrap().to_owned()
    }

    pub fn id(&self) -> Uuid {
        self.body["id"].as_str().unwrap().parse().unwrap()
    }
}

impl TestApp {
    pub async fn start() -> TestApp {
        Self::start_with(|_| {}).await
    }

    pub async fn start_with(tune: impl FnOnce(&mut Config)) -> TestApp {
        Self::start_in(tempfile::tempdir().unwrap(), tune).await
    }

    /// A server over `dir` (a data directory used before, for a restart).
    pub async fn start_in(dir: TempDir, tune: impl FnOnce(&mut Config)) -> TestApp {
        let mut config = Config::for_data_dir(dir.path());
        config.admin_email = Some(ADMIN_EMAIL.into());
        config.admin_password = Some(ADMIN_PASSWORD.to_owned().into());
        config.snapshots = false;
        tune(&mut config);
        let invites = Arc::new(Invites::default());
        let server = Server::open_with(config, invites.clone()).await.unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let server = server.spawn(listener).unwrap();
        TestApp {
            server,
            client: reqwest::Client::new(),
            invites,
            _dir: dir,
        }
    }

    /// Stops the server cleanly (final snapshot written, store closed) and hands back its
    /// data directory, to scan it or start again on it.
    pub async fn stop(self) -> TempDir {
        self.server.stop().await.unwrap();
        self._dir
    }

    /// The number of durable events (to check that a refused request appended nothing).
    pub fn head(&self) -> u64 {
        *self.server.state.app.store().durable_head().borrow()
    }

    pub fn request(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
    ) -> reqwest::RequestBuilder {
        let mut r = self
            .client
            .request(method, format!("{}{path}", self.server.url()));
        if let Some(t) = token {
            r = r.bearer_auth(t);
        }
        r
    }

    /// An HTML page as the holder of `token` reads it (the cookie session is the token):
    /// its status and text.
    pub async fn page(&self, path: &str, token: &str) -> (u16, String) {
        let res = self
            .request(Method::GET, path, None)
            .header("cookie", format!("accolade_session={token}"))
            .send()
            .await
            .unwrap();
        (res.status().as_u16(), res.text().await.unwrap())
    }

    /// Sends `r` and checks the answer against the OpenAPI document (`conformance`): a
    /// status, header or body the document does not describe panics here.
    pub async fn send(r: reqwest::RequestBuilder) -> Res {
        let (client, request) = r.build_split();
        let request = request.unwrap();
        let (method, path) = (request.method().clone(), request.url().path().to_owned());
        let res = client.execute(request).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.bytes().await.unwrap();
        conformance::check_answer(&method, &path, status, &headers, &bytes);
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Res {
            status,
            headers,
            body,
        }
    }

    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Res {
        let mut r = self.request(method, path, token);
        if let Some(b) = body {
            r = r.json(&b);
        }
        Self::send(r).await
    }

    pub async fn get(&self, path: &str, token: &str) -> Res {
        self.call(Method::GET, path, Some(token), None).await
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> Res {
        self.call(Method::POST, path, Some(token), Some(body)).await
    }

    /// Calls and asserts the status, showing the body when it differs.
    pub async fn expect(
        &self,
        status: u16,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Res {
        let res = self.call(method.clone(), path, token, body).await;
        assert_eq!(res.status.as_u16(), status, "{method} {path}: {}", res.body);
        res
    }

    /// Calls and asserts a refusal: a problem+json with `status`, and nothing appended.
    pub async fn refused(
        &self,
        status: u16,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Res {
        let before = self.head();
        let res = self.expect(status, method.clone(), path, token, body).await;
        problem(&res, status);
        assert_eq!(
            self.head(),
            before,
            "{method} {path}: a refusal appends nothing"
        );
        res
    }

    /// The full names on a programme's public-notice list, as the public reads it.
    pub async fn notice_names(&self, programme: Uuid) -> Vec<String> {
        let path = format!("/api/v1/public/notice?programme_id={programme}");
        let notice = self.expect(200, Method::GET, &path, None, None).await;
        notice.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["full_name"].as_str().unwrap().to_owned())
            .collect()
    }

    pub async fn sign_in(&self, email: &str, password: &str) -> String {
        let res = self
            .expect(
                200,
                Method::POST,
                "/api/v1/session",
                None,
                Some(json!({"email": email, "password": password})),
            )
            .await;
        res.body["token"].as_str().unwrap().to_owned()
    }

    pub async fn admin(&self) -> String {
        self.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD).await
    }

    pub async fn agency(&self, admin: &str, name: &str, code: &str) -> Uuid {
        let body = json!({"name": name, "code": code, "kind": "press", "province": "Hà Nội"});
        self.expect(
            201,
            Method::POST,
            "/api/v1/agencies",
            Some(admin),
            Some(body),
        )
        .await
        .id()
    }

    /// A user with a password; returns (id, token).
    pub async fn user(
        &self,
        admin: &str,
        email: &str,
        role: &str,
        agency: Option<Uuid>,
    ) -> (Uuid, String) {
        let body = json!({"email": email, "full_name": format!("Người dùng {email}"), "role": role,
                          "agency_id": agency, "password": PASSWORD});
        let id = self
            .expect(201, Method::POST, "/api/v1/users", Some(admin), Some(body))
            .await
            .id();
        (id, self.sign_in(email, PASSWORD).await)
    }
}

/// A category with criteria impact (weight 3) and reach (1), each out of 10.
pub fn category(code: &str, voting: Value, max_awards: u32, max_per_agency: Option<u32>) -> Value {
    json!({
        "code": code, "title": format!("Hạng mục {code}"), "nominee_kind": "individual",
        "award_title": "Bằng khen", "award_level": "ministry", "leaderboard_points": 10,
        "criteria": [{"key": "impact", "label": "Tác động", "weight": 3, "max": 10},
                     {"key": "reach", "label": "Lan tỏa", "weight": 1, "max": 10}],
        "voting": voting, "max_awards": max_awards, "max_per_agency": max_per_agency,
        "legal_ref": "Nghị định 98/2023/NĐ-CP"
    })
}

/// At least 90% of all (eligible) members, quorum 2/3, secret, absentee written votes.
pub fn ninety_percent() -> Value {
    json!({"threshold": {"num": 9, "den": 10}, "denominator": "all_members",
           "quorum": {"num": 2, "den": 3}, "secret": true, "absentee_written": true})
}

pub fn nomination(name: &str) -> Value {
    json!({
        "category_code": "IND",
        "nominee": {"kind": "individual", "full_name": name, "position": "Phóng viên",
                    "organisation": format!("Tòa soạn {name}"), "province": "Hà Nội", "birth_year": 1980},
        "citation": "Vì đóng góp xuất sắc", "achievements": "Nhiều loạt bài",
        "evidence": [{"title": "Loạt bài", "url": "https://example.vn/a"}]
    })
}

/// An objection to a nomination on the public-notice list, saying `text`.
pub fn objection(text: &str) -> Value {
    json!({"full_name": "Ngô Văn Phản", "phone": "0900000000", "address": "Hà Nội", "text": text})
}

/// Asserts a problem+json answer with `status`.
pub fn problem(res: &Res, status: u16) {
    assert_eq!(res.status.as_u16(), status, "{}", res.body);
    assert!(
        res.content_type().starts_with("application/problem+json"),
        "{}",
        res.content_type()
    );
    assert_eq!(res.body["status"].as_u64(), Some(u64::from(status)));
    assert!(
        res.body["title"].is_string()
            && res.body["type"].is_string()
            && res.body["detail"].is_string()
    );
}

/// An `application/x-www-form-urlencoded` body (reqwest's `form` feature is not enabled).
pub fn form_body(fields: &[(&str, &str)]) -> String {
    let enc = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Builders for the set-up the tests share: each call asserts its status.
impl TestApp {
    /// A programme from `body` (201); returns its id and its path `/api/v1/programmes/{id}`.
    pub async fn programme(&self, admin: &str, body: Value) -> (Uuid, String) {
        let path = "/api/v1/programmes";
        let id = self
            .expect(201, Method::POST, path, Some(admin), Some(body))
            .await
            .id();
        (id, format!("{path}/{id}"))
    }

    /// Adds a category (201) to the programme at `prog`.
    pub async fn add_category(&self, admin: &str, prog: &str, category: Value) {
        let path = format!("{prog}/categories");
        self.expect(201, Method::POST, &path, Some(admin), Some(category))
            .await;
    }

    /// Adds a panel (201) judging `codes`, chaired by `chair`; returns its id (the panel of
    /// `codes[0]` in the programme the answer gives).
    pub async fn add_panel(
        &self,
        admin: &str,
        prog: &str,
        name: &str,
        codes: &[&str],
        members: &[Uuid],
        chair: Uuid,
    ) -> Uuid {
        let body = json!({"name": name, "category_codes": codes, "member_ids": members,
                          "chair_id": chair});
        let path = format!("{prog}/panels");
        let res = self
            .expect(201, Method::POST, &path, Some(admin), Some(body))
            .await;
        let panels = res.body["panels"].as_array().unwrap();
        let panel = panels.iter().find(|p| {
            p["category_codes"]
                .as_array()
                .unwrap()
                .contains(&json!(codes[0]))
        });
        panel.unwrap()["id"].as_str().unwrap().parse().unwrap()
    }

    /// Moves the programme at `prog` to `phase` (200).
    pub async fn move_to(&self, admin: &str, prog: &str, phase: &str) -> Res {
        let path = format!("{prog}/phase");
        let body = json!({"phase": phase});
        self.expect(200, Method::POST, &path, Some(admin), Some(body))
            .await
    }

    /// Drafts a nomination (201); returns its id.
    pub async fn nominate(&self, clerk: &str, prog: &str, body: Value) -> Uuid {
        let path = format!("{prog}/nominations");
        self.expect(201, Method::POST, &path, Some(clerk), Some(body))
            .await
            .id()
    }

    /// The agency head submits nomination `n` (200).
    pub async fn submit(&self, head: &str, n: Uuid) {
        let path = format!("/api/v1/nominations/{n}/submit");
        self.expect(200, Method::POST, &path, Some(head), None)
            .await;
    }

    /// The admin screens nomination `n` eligible, for `reason` (200).
    pub async fn screen_eligible(&self, admin: &str, n: Uuid, reason: &str) {
        let path = format!("/api/v1/nominations/{n}/screening");
        let body = json!({"eligible": true, "reason": reason});
        self.expect(200, Method::POST, &path, Some(admin), Some(body))
            .await;
    }

    /// A member's ballot on nomination `n` (200).
    pub async fn ballot(&self, member: &str, n: Uuid, choice: &str) {
        let path = format!("/api/v1/nominations/{n}/ballot");
        let body = json!({"choice": choice});
        self.expect(200, Method::PUT, &path, Some(member), Some(body))
            .await;
    }

    /// A programme in nominating: one category IND (`category`), one panel of `members`
    /// members (`m{i}@council.vn`; the first chairs), and one nomination submitted by agency
    /// `agency` (clerk and head `clerk@{domain}`, `head@{domain}`).
    pub async fn nominating(&self, setup: VotingSetup<'_>) -> Voting {
        let admin = self.admin().await;
        let (name, code, domain) = setup.agency;
        let a1 = self.agency(&admin, name, code).await;
        let clerk_email = format!("clerk@{domain}");
        let (_, clerk) = self.user(&admin, &clerk_email, "clerk", Some(a1)).await;
        let head_email = format!("head@{domain}");
        let (_, head) = self.user(&admin, &head_email, "head", Some(a1)).await;
        let mut members = Vec::new();
        for i in 1..=setup.members {
            let email = format!("m{i}@council.vn");
            members.push(self.user(&admin, &email, "member", None).await);
        }
        let (pid, prog) = self.programme(&admin, setup.programme).await;
        self.add_category(&admin, &prog, setup.category).await;
        let ids: Vec<Uuid> = members.iter().map(|m| m.0).collect();
        let panel = self
            .add_panel(&admin, &prog, "Hội đồng", &["IND"], &ids, ids[0])
            .await;
        self.move_to(&admin, &prog, "nominating").await;
        let n = self
            .nominate(&clerk, &prog, nomination(setup.nominee))
            .await;
        self.submit(&head, n).await;
        Voting {
            admin,
            clerk,
            head,
            members,
            pid,
            prog,
            panel,
            n,
        }
    }

    /// [`TestApp::nominating`], then screening with the nomination screened eligible.
    pub async fn screened(&self, setup: VotingSetup<'_>) -> Voting {
        let reason = setup.reason;
        let v = self.nominating(setup).await;
        self.move_to(&v.admin, &v.prog, "screening").await;
        self.screen_eligible(&v.admin, v.n, reason).await;
        v
    }

    /// [`TestApp::screened`], then on to voting (reviewers assigned on the way).
    pub async fn voting(&self, setup: VotingSetup<'_>) -> Voting {
        let v = self.screened(setup).await;
        for p in ["reviewing", "voting"] {
            self.move_to(&v.admin, &v.prog, p).await;
        }
        v
    }
}

/// What [`TestApp::nominating`], [`TestApp::screened`] and [`TestApp::voting`] build.
pub struct VotingSetup<'a> {
    /// The agency's name, code and e-mail domain.
    pub agency: (&'a str, &'a str, &'a str),
    pub members: usize,
    pub programme: Value,
    pub category: Value,
    pub nominee: &'a str,
    pub reason: &'a str,
}

/// A programme built by [`TestApp::nominating`], [`TestApp::screened`] or [`TestApp::voting`].
pub struct Voting {
    pub admin: String,
    pub clerk: String,
    /// The agency's head.
    pub head: String,
    /// (id, token) of each member; the first chairs.
    pub members: Vec<(Uuid, String)>,
    pub pid: Uuid,
    /// `/api/v1/programmes/{pid}`.
    pub prog: String,
    /// The panel judging IND.
    pub panel: Uuid,
    /// The nomination: submitted, then eligible once screened.
    pub n: Uuid,
}
