//! The data the scenarios need: the demo (a published programme with "Nguyễn Văn Đức"), plus
//! three programmes set up over the JSON API — one published with a hostile nominee and a
//! hostile agency name, one under public notice, one taking nominations for the browser to
//! drive through screening, review and vote.

use reqwest::Method;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::browser::harness::Harness;

pub const PASSWORD: &str = "browser-test-password";
/// A name that must always be shown as text: markup, both quotes, a right-to-left override.
pub const HOSTILE: &str = "<script>alert(1)</script> \"Nguyễn\" 'Tà' \u{202E}Độc";
pub const HOSTILE_AGENCY: &str = "Báo <b>\"Thử\"</b> & <img src=x onerror=alert(2)>";

pub struct Data {
    pub hostile_award: Uuid,
    pub notice_nomination: Uuid,
    pub flow_programme: Uuid,
    pub clerk: String,
    pub head: String,
    pub member: String,
    pub admin: String,
    pub admin_password: String,
}

struct Api<'a> {
    h: &'a Harness,
}

impl Api<'_> {
    async fn call(&self, method: Method, path: &str, token: Option<&str>, body: Value) -> Value {
        let mut r = self.h.http.request(method.clone(), self.h.url(path));
        if let Some(t) = token {
            r = r.bearer_auth(t);
        }
        if !body.is_null() {
            r = r.json(&body);
        }
        let res = r.send().await.unwrap();
        let status = res.status();
        let v: Value = res.json().await.unwrap_or(Value::Null);
        assert!(status.is_success(), "{method} {path}: {status} {v}");
        v
    }

    async fn token(&self, email: &str, password: &str) -> String {
        let v = self
            .call(
                Method::POST,
                "/api/v1/session",
                None,
                json!({"email": email, "password": password}),
            )
            .await;
        v["token"].as_str().unwrap().to_owned()
    }

    async fn id(&self, method: Method, path: &str, token: &str, body: Value) -> Uuid {
        let v = self.call(method, path, Some(token), body).await;
        v["id"].as_str().unwrap().parse().unwrap()
    }

    async fn phase(&self, admin: &str, pid: Uuid, to: &str) {
        self.call(
            Method::POST,
            &format!("/api/v1/programmes/{pid}/phase"),
            Some(admin),
            json!({"phase": to}),
        )
        .await;
    }

    async fn programme(&self, admin: &str, title: &str, members: &[Uuid]) -> Uuid {
        let pid = self
            .id(
                Method::POST,
                "/api/v1/programmes",
                admin,
                json!({"title": title, "year": 2025, "notice_working_days": 0}),
            )
            .await;
        self.call(Method::POST, &format!("/api/v1/programmes/{pid}/categories"), Some(admin), json!({
            "code": "IND", "title": "Cá nhân tiêu biểu", "nominee_kind": "individual",
            "award_title": "Bằng khen", "award_level": "ministry", "leaderboard_points": 10,
            "criteria": [{"key": "impact", "label": "Tác động", "weight": 3, "max": 10},
                         {"key": "reach", "label": "Lan tỏa", "weight": 1, "max": 10}],
            "voting": {"threshold": {"num": 1, "den": 2, "strict": true}, "denominator": "votes_cast", "secret": true, "absentee_written": true},
            "max_awards": 5
        })).await;
        self.call(Method::POST, &format!("/api/v1/programmes/{pid}/panels"), Some(admin),
            json!({"name": "Hội đồng thử", "category_codes": ["IND"], "member_ids": members, "chair_id": members[0]}))
            .await;
        self.phase(admin, pid, "nominating").await;
        pid
    }

    async fn nominate(&self, clerk: &str, head: &str, pid: Uuid, name: &str) -> Uuid {
        let id = self
            .id(Method::POST, &format!("/api/v1/programmes/{pid}/nominations"), clerk, json!({
                "category_code": "IND",
                "nominee": {"kind": "individual", "full_name": name, "position": "Phóng viên <i>",
                            "organisation": format!("Tòa soạn {name}"), "province": "Hà Nội"},
                "citation": format!("Vì đóng góp của {name}"), "achievements": "Nhiều loạt bài", "evidence": []
            }))
            .await;
        self.call(
            Method::POST,
            &format!("/api/v1/nominations/{id}/submit"),
            Some(head),
            Value::Null,
        )
        .await;
        id
    }

    /// Screening, review and a unanimous vote, then public notice.
    async fn to_notice(&self, admin: &str, members: &[&str], pid: Uuid, n: Uuid) {
        self.phase(admin, pid, "screening").await;
        self.call(
            Method::POST,
            &format!("/api/v1/nominations/{n}/screening"),
            Some(admin),
            json!({"eligible": true, "reason": "đủ điều kiện"}),
        )
        .await;
        self.phase(admin, pid, "reviewing").await;
        self.phase(admin, pid, "voting").await;
        for m in members {
            self.call(
                Method::PUT,
                &format!("/api/v1/nominations/{n}/ballot"),
                Some(m),
                json!({"choice": "approve"}),
            )
            .await;
        }
        self.phase(admin, pid, "public_notice").await;
    }
}

pub async fn seed(h: &Harness) -> Data {
    accolade_cli::demo::seed(&h.server.state.node)
        .await
        .unwrap();
    let logins = accolade_cli::demo::logins().unwrap();
    let api = Api { h };
    let admin = api.token(&logins[0].email, &logins[0].password).await;
    let authority = api.token(&logins[5].email, &logins[5].password).await;
    let agency = api
        .id(Method::POST, "/api/v1/agencies", &admin,
            json!({"name": HOSTILE_AGENCY, "code": "THUNGHIEM", "kind": "press", "province": "Hà Nội"}))
        .await;
    let mut ids = vec![];
    for (email, role, agency) in [
        ("clerk@browser.test", "clerk", Some(agency)),
        ("head@browser.test", "head", Some(agency)),
        ("chair@browser.test", "member", None),
        ("member@browser.test", "member", None),
    ] {
        let id = api
            .id(
                Method::POST,
                "/api/v1/users",
                &admin,
                json!({"email": email, "full_name": format!("Người dùng {role}"),
                "role": role, "agency_id": agency, "password": PASSWORD}),
            )
            .await;
        ids.push(id);
    }
    let clerk = api.token("clerk@browser.test", PASSWORD).await;
    let head = api.token("head@browser.test", PASSWORD).await;
    let chair = api.token("chair@browser.test", PASSWORD).await;
    let member = api.token("member@browser.test", PASSWORD).await;
    let members = [ids[2], ids[3]];

    // Published, with the hostile nominee.
    let p1 = api
        .programme(&admin, "Giải thưởng thử nghiệm <b>2025</b>", &members)
        .await;
    let n1 = api.nominate(&clerk, &head, p1, HOSTILE).await;
    api.to_notice(&admin, &[&chair, &member], p1, n1).await;
    api.phase(&admin, p1, "deciding").await;
    let decision = api
        .call(Method::POST, &format!("/api/v1/programmes/{p1}/decision"), Some(&authority),
            json!({"decision_no": "99/QĐ-<THỬ>", "decided_on": "2025-12-01", "signer": "Bộ trưởng"}))
        .await;
    let hostile_award = decision["awards"][0]["award_id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    api.phase(&admin, p1, "published").await;

    // Under public notice.
    let p2 = api
        .programme(&admin, "Giải thưởng đang công khai", &members)
        .await;
    let n2 = api.nominate(&clerk, &head, p2, "Lê Thị Góp Ý").await;
    api.to_notice(&admin, &[&chair, &member], p2, n2).await;

    // Taking nominations: the browser drives the rest.
    let p3 = api
        .programme(&admin, "Giải thưởng cho trình duyệt", &members)
        .await;

    Data {
        hostile_award,
        notice_nomination: n2,
        flow_programme: p3,
        clerk: "clerk@browser.test".into(),
        head: "head@browser.test".into(),
        member: "member@browser.test".into(),
        admin: logins[0].email.clone(),
        admin_password: logins[0].password.clone(),
    }
}
