//! The authorization matrix: every route × every role, from one table.
//!
//! The fixture is a programme in `voting`: nomination N (agency A1, eligible, reviewed by the
//! whole panel; member m3 works for A1 and is recused from it), W (A1, a draft), N2 (A2,
//! eligible). Columns: admin, clerk (A1), head (A1), member (m2), chair (m1), authority,
//! anonymous, a clerk of another agency (A2), the recused member (m3). A status other than
//! 401/403/404 in an allowed role's cell shows the request got past authorization (409: the
//! phase is wrong for it, 422: the body is refused).
//!
//! Roles are tried in a fixed order per row — anonymous, other clerk, recused, clerk, head,
//! member, authority, chair, admin — so the few writes that succeed (a ballot, the chair
//! closing the round) happen in a known order. The test fails if the router has a route the
//! table lacks, or the table one the router lacks: the route list is `/openapi.json`, which
//! is generated from the same `routes!` list as the router.

use std::collections::{BTreeMap, BTreeSet};

use reqwest::Method;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::api::support::*;

const ROLES: [&str; 9] = [
    "admin",
    "clerk",
    "head",
    "member",
    "chair",
    "authority",
    "anonymous",
    "other_clerk",
    "recused",
];
const ORDER: [usize; 9] = [6, 7, 8, 1, 2, 3, 5, 4, 0];

struct Fixture {
    tokens: BTreeMap<&'static str, String>,
    ids: BTreeMap<&'static str, String>,
}

async fn fixture(t: &TestApp) -> Fixture {
    let admin = t.admin().await;
    let a1 = t.agency(&admin, "Đài Truyền hình Việt Nam", "VTV").await;
    let a2 = t.agency(&admin, "Báo VnExpress", "VNE").await;
    let (clerk_id, clerk) = t.user(&admin, "clerk@a1.vn", "clerk", Some(a1)).await;
    let (_, head) = t.user(&admin, "head@a1.vn", "head", Some(a1)).await;
    let (_, other_clerk) = t.user(&admin, "clerk@a2.vn", "clerk", Some(a2)).await;
    let (_, head2) = t.user(&admin, "head@a2.vn", "head", Some(a2)).await;
    let (m1, chair) = t.user(&admin, "m1@council.vn", "member", None).await;
    let (m2, member) = t.user(&admin, "m2@council.vn", "member", None).await;
    let (m3, recused) = t.user(&admin, "m3@council.vn", "member", Some(a1)).await;
    let (m4, _) = t.user(&admin, "m4@council.vn", "member", None).await;
    let (_, authority) = t.user(&admin, "authority@gov.vn", "authority", None).await;
    let pid = t
        .post(
            "/api/v1/programmes",
            &admin,
            json!({"title": "Matrix", "year": 2026, "notice_working_days": 0}),
        )
        .await
        .id();
    let prog = format!("/api/v1/programmes/{pid}");
    t.expect(
        201,
        Method::POST,
        &format!("{prog}/categories"),
        Some(&admin),
        Some(category("IND", ninety_percent(), 2, None)),
    )
    .await;
    let panel = t.post(&format!("{prog}/panels"), &admin,
        json!({"name": "Hội đồng", "category_codes": ["IND"], "member_ids": [m1, m2, m3, m4], "chair_id": m1})).await;
    let panel_id = panel.body["panels"][0]["id"].as_str().unwrap().to_owned();
    let phase = |p: &str| json!({"phase": p});
    t.expect(
        200,
        Method::POST,
        &format!("{prog}/phase"),
        Some(&admin),
        Some(phase("nominating")),
    )
    .await;
    let n = t
        .post(
            &format!("{prog}/nominations"),
            &clerk,
            nomination("Nguyễn Văn An"),
        )
        .await
        .id();
    let w = t
        .post(
            &format!("{prog}/nominations"),
            &clerk,
            nomination("Trần Văn Bút"),
        )
        .await
        .id();
    let n2 = t
        .post(
            &format!("{prog}/nominations"),
            &other_clerk,
            nomination("Lê Thị Cúc"),
        )
        .await
        .id();
    for (h, x) in [(&head, n), (&head2, n2)] {
        t.expect(
            200,
            Method::POST,
            &format!("/api/v1/nominations/{x}/submit"),
            Some(h),
            None,
        )
        .await;
    }
    t.expect(
        200,
        Method::POST,
        &format!("{prog}/phase"),
        Some(&admin),
        Some(phase("screening")),
    )
    .await;
    for x in [n, n2] {
        t.expect(
            200,
            Method::POST,
            &format!("/api/v1/nominations/{x}/screening"),
            Some(&admin),
            Some(json!({"eligible": true, "reason": "ok"})),
        )
        .await;
    }
    t.expect(
        200,
        Method::POST,
        &format!("{prog}/phase"),
        Some(&admin),
        Some(phase("reviewing")),
    )
    .await;
    t.expect(
        200,
        Method::POST,
        &format!("{prog}/phase"),
        Some(&admin),
        Some(phase("voting")),
    )
    .await;
    let tokens = BTreeMap::from([
        ("admin", admin),
        ("clerk", clerk),
        ("head", head),
        ("member", member),
        ("chair", chair),
        ("authority", authority),
        ("other_clerk", other_clerk),
        ("recused", recused),
    ]);
    let ids = BTreeMap::from([
        ("{P}", pid.to_string()),
        ("{A1}", a1.to_string()),
        ("{N}", n.to_string()),
        ("{W}", w.to_string()),
        ("{N2}", n2.to_string()),
        ("{PANEL}", panel_id),
        ("{CLERK}", clerk_id.to_string()),
        ("{M4}", m4.to_string()),
        ("{X}", Uuid::now_v7().to_string()),
    ]);
    Fixture { tokens, ids }
}

/// One row: method, route template (as in OpenAPI), concrete path, body, expected status
/// per role in `ROLES` order.
type Row = (&'static str, &'static str, &'static str, Value, [u16; 9]);

fn table() -> Vec<Row> {
    // admin clerk head member chair authority anonymous other_clerk recused
    const ALL_200: [u16; 9] = [200; 9];
    const SIGNED_IN: [u16; 9] = [200, 200, 200, 200, 200, 200, 401, 200, 200];
    const ADMIN_ONLY: [u16; 9] = [200, 403, 403, 403, 403, 403, 401, 403, 403];
    let admin = |s: u16| [s, 403, 403, 403, 403, 403, 401, 403, 403];
    let authority = |s: u16| [403, 403, 403, 403, 403, s, 401, 403, 403];
    let dossier: [u16; 9] = [200, 200, 200, 200, 200, 404, 401, 404, 404];
    let none = Value::Null;
    vec![
        // System
        ("GET", "/healthz", "/healthz", none.clone(), ALL_200),
        ("GET", "/readyz", "/readyz", none.clone(), ALL_200),
        // Not on the public listener unless configured (issue 10 item 10).
        ("GET", "/metrics", "/metrics", none.clone(), [404; 9]),
        (
            "GET",
            "/openapi.json",
            "/openapi.json",
            none.clone(),
            ALL_200,
        ),
        // Session
        (
            "POST",
            "/api/v1/session",
            "/api/v1/session",
            json!({"email": "nobody@x.vn", "password": "wrong password"}),
            [401; 9],
        ),
        (
            "DELETE",
            "/api/v1/session",
            "/api/v1/session",
            none.clone(),
            [204, 204, 204, 204, 204, 204, 401, 204, 204],
        ),
        ("GET", "/api/v1/me", "/api/v1/me", none.clone(), SIGNED_IN),
        (
            "POST",
            "/api/v1/invitations/{token}",
            "/api/v1/invitations/bogus",
            json!({"password": "long enough password"}),
            [404; 9],
        ),
        (
            "POST",
            "/api/v1/password-resets",
            "/api/v1/password-resets",
            json!({"email": "nobody@x.vn"}),
            [202; 9],
        ),
        (
            "POST",
            "/api/v1/password-resets/{token}",
            "/api/v1/password-resets/bogus",
            json!({"password": "long enough password"}),
            [404; 9],
        ),
        // Starts an (unconfirmed) enrolment: sign-in is unchanged until it is confirmed.
        (
            "POST",
            "/api/v1/me/totp",
            "/api/v1/me/totp",
            json!({}),
            [201, 201, 201, 201, 201, 201, 401, 201, 201],
        ),
        (
            "DELETE",
            "/api/v1/me/totp",
            "/api/v1/me/totp",
            json!({"code": "000000"}),
            [409, 409, 409, 409, 409, 409, 401, 409, 409],
        ),
        // The clerk has a password: nothing to re-send.
        (
            "POST",
            "/api/v1/users/{id}/invitation",
            "/api/v1/users/{CLERK}/invitation",
            json!({}),
            admin(409),
        ),
        // Setup
        (
            "POST",
            "/api/v1/agencies",
            "/api/v1/agencies",
            json!({"name": "Mới", "code": "MOI", "kind": "other"}),
            admin(201),
        ),
        (
            "GET",
            "/api/v1/agencies",
            "/api/v1/agencies",
            none.clone(),
            SIGNED_IN,
        ),
        (
            "GET",
            "/api/v1/agencies/{id}",
            "/api/v1/agencies/{A1}",
            none.clone(),
            SIGNED_IN,
        ),
        (
            "PATCH",
            "/api/v1/agencies/{id}",
            "/api/v1/agencies/{A1}",
            json!({"email": "office@vtv.vn"}),
            ADMIN_ONLY,
        ),
        (
            "POST",
            "/api/v1/users",
            "/api/v1/users",
            json!({"email": "new@x.vn", "full_name": "Mới", "role": "authority", "password": "long enough password"}),
            admin(201),
        ),
        (
            "GET",
            "/api/v1/users",
            "/api/v1/users",
            none.clone(),
            ADMIN_ONLY,
        ),
        (
            "GET",
            "/api/v1/users/{id}",
            "/api/v1/users/{CLERK}",
            none.clone(),
            [200, 200, 404, 404, 404, 404, 401, 404, 404],
        ),
        (
            "PATCH",
            "/api/v1/users/{id}",
            "/api/v1/users/{CLERK}",
            json!({"full_name": "Văn thư"}),
            [200, 200, 404, 404, 404, 404, 401, 404, 404],
        ),
        (
            "POST",
            "/api/v1/programmes",
            "/api/v1/programmes",
            json!({"title": "Khác", "year": 2027}),
            admin(201),
        ),
        (
            "GET",
            "/api/v1/programmes",
            "/api/v1/programmes",
            none.clone(),
            SIGNED_IN,
        ),
        (
            "GET",
            "/api/v1/programmes/{id}",
            "/api/v1/programmes/{P}",
            none.clone(),
            SIGNED_IN,
        ),
        (
            "PATCH",
            "/api/v1/programmes/{id}",
            "/api/v1/programmes/{P}",
            json!({"description": "Mô tả"}),
            ADMIN_ONLY,
        ),
        (
            "POST",
            "/api/v1/programmes/{id}/categories",
            "/api/v1/programmes/{P}/categories",
            category("NEW", ninety_percent(), 1, None),
            admin(409),
        ),
        (
            "PATCH",
            "/api/v1/programmes/{id}/categories/{code}",
            "/api/v1/programmes/{P}/categories/IND",
            category("IND", ninety_percent(), 3, None),
            admin(409),
        ),
        (
            "POST",
            "/api/v1/programmes/{id}/panels",
            "/api/v1/programmes/{P}/panels",
            json!({"name": "Khác", "category_codes": ["IND"], "member_ids": ["{M4}"], "chair_id": "{M4}"}),
            admin(409),
        ),
        (
            "PATCH",
            "/api/v1/panels/{id}",
            "/api/v1/panels/{PANEL}",
            json!({"name": "Hội đồng mới"}),
            admin(409),
        ),
        (
            "POST",
            "/api/v1/panels/{id}/assignments",
            "/api/v1/panels/{PANEL}/assignments",
            none.clone(),
            admin(409),
        ),
        (
            "POST",
            "/api/v1/programmes/{id}/phase",
            "/api/v1/programmes/{P}/phase",
            json!({"phase": "closed"}),
            admin(422),
        ),
        (
            "POST",
            "/api/v1/imports/awards",
            "/api/v1/imports/awards",
            json!({"full_name": "Nguyễn Văn Cũ", "organisation": "Báo", "award_title": "Bằng khen", "year": 2024}),
            ADMIN_ONLY,
        ),
        // Nominations
        (
            "POST",
            "/api/v1/programmes/{id}/nominations",
            "/api/v1/programmes/{P}/nominations",
            nomination("Người Mới"),
            [403, 409, 409, 403, 403, 403, 401, 409, 403],
        ),
        (
            "GET",
            "/api/v1/nominations",
            "/api/v1/nominations",
            none.clone(),
            SIGNED_IN,
        ),
        (
            "GET",
            "/api/v1/nominations/{id}",
            "/api/v1/nominations/{N}",
            none.clone(),
            dossier,
        ),
        (
            "PATCH",
            "/api/v1/nominations/{id}",
            "/api/v1/nominations/{N}",
            json!({"citation": "Khác"}),
            [403, 409, 409, 403, 403, 403, 401, 404, 403],
        ),
        (
            "POST",
            "/api/v1/nominations/{id}/submit",
            "/api/v1/nominations/{N}/submit",
            none.clone(),
            [403, 403, 409, 403, 403, 403, 401, 403, 403],
        ),
        (
            "POST",
            "/api/v1/nominations/{id}/withdraw",
            "/api/v1/nominations/{W}/withdraw",
            json!({"reason": "rút"}),
            [403, 403, 200, 403, 403, 403, 401, 403, 403],
        ),
        (
            "POST",
            "/api/v1/nominations/{id}/screening",
            "/api/v1/nominations/{N}/screening",
            json!({"eligible": false, "reason": "x"}),
            admin(409),
        ),
        (
            "POST",
            "/api/v1/nominations/{id}/return",
            "/api/v1/nominations/{N}/return",
            json!({"reason": "x"}),
            admin(409),
        ),
        (
            "POST",
            "/api/v1/nominations/{id}/promote",
            "/api/v1/nominations/{N}/promote",
            json!({"reason": "x"}),
            admin(409),
        ),
        (
            "GET",
            "/api/v1/nominations/{id}/history",
            "/api/v1/nominations/{N}/history",
            none.clone(),
            dossier,
        ),
        // Review and vote
        (
            "GET",
            "/api/v1/assignments",
            "/api/v1/assignments",
            none.clone(),
            [403, 403, 403, 200, 200, 403, 401, 403, 200],
        ),
        (
            "POST",
            "/api/v1/nominations/{id}/conflict",
            "/api/v1/nominations/{N2}/conflict",
            json!({"reason": "quen biết"}),
            [422, 403, 403, 200, 200, 403, 401, 403, 200],
        ),
        (
            "PUT",
            "/api/v1/nominations/{id}/score",
            "/api/v1/nominations/{N}/score",
            json!({"scores": {"impact": 5, "reach": 5}}),
            [403, 403, 403, 409, 409, 403, 401, 403, 409],
        ),
        (
            "PUT",
            "/api/v1/nominations/{id}/ballot",
            "/api/v1/nominations/{N}/ballot",
            json!({"choice": "approve"}),
            [403, 403, 403, 200, 200, 403, 401, 403, 403],
        ),
        (
            "POST",
            "/api/v1/nominations/{id}/absentee-ballots",
            "/api/v1/nominations/{N}/absentee-ballots",
            json!({"member_id": "{M4}", "choice": "approve"}),
            admin(200),
        ),
        (
            "POST",
            "/api/v1/programmes/{id}/rounds/{category_code}/rerun",
            "/api/v1/programmes/{P}/rounds/IND/rerun",
            json!({"reason": "ballot box lost"}),
            admin(200),
        ),
        (
            "GET",
            "/api/v1/programmes/{id}/ranking",
            "/api/v1/programmes/{P}/ranking?category_code=IND",
            none.clone(),
            [200, 403, 403, 200, 200, 403, 401, 403, 200],
        ),
        (
            "GET",
            "/api/v1/programmes/{id}/progress",
            "/api/v1/programmes/{P}/progress",
            none.clone(),
            [200, 403, 403, 403, 200, 403, 401, 403, 403],
        ),
        (
            "POST",
            "/api/v1/programmes/{id}/rounds/{category_code}/close",
            "/api/v1/programmes/{P}/rounds/IND/close",
            none.clone(),
            [409, 403, 403, 403, 200, 403, 401, 403, 403],
        ),
        (
            "GET",
            "/api/v1/programmes/{id}/tally",
            "/api/v1/programmes/{P}/tally",
            none.clone(),
            [200, 403, 403, 403, 200, 403, 401, 403, 403],
        ),
        // Public notice, decision, revocation
        (
            "GET",
            "/api/v1/public/notice",
            "/api/v1/public/notice",
            none.clone(),
            ALL_200,
        ),
        (
            "POST",
            "/api/v1/public/nominations/{id}/objections",
            "/api/v1/public/nominations/{N}/objections",
            json!({"full_name": "A", "phone": "1", "address": "B", "text": "C"}),
            [409; 9],
        ),
        (
            "GET",
            "/api/v1/objections",
            "/api/v1/objections",
            none.clone(),
            ADMIN_ONLY,
        ),
        (
            "POST",
            "/api/v1/objections/{id}/resolution",
            "/api/v1/objections/{X}/resolution",
            json!({"upheld": false, "reason": "x"}),
            admin(404),
        ),
        (
            "POST",
            "/api/v1/programmes/{id}/objections/dismissal",
            "/api/v1/programmes/{P}/objections/dismissal",
            json!({"objection_ids": ["{X}"], "reason": "x"}),
            admin(409),
        ),
        (
            "POST",
            "/api/v1/programmes/{id}/decision",
            "/api/v1/programmes/{P}/decision",
            json!({"decision_no": "1", "decided_on": "2026-04-20", "signer": "B"}),
            authority(409),
        ),
        (
            "POST",
            "/api/v1/awards/{id}/revocation",
            "/api/v1/awards/{X}/revocation",
            json!({"ground": "false_dossier", "decision_no": "2", "decided_on": "2026-09-01"}),
            authority(404),
        ),
        // Public read
        (
            "GET",
            "/api/v1/public/honours",
            "/api/v1/public/honours",
            none.clone(),
            ALL_200,
        ),
        (
            "GET",
            "/api/v1/public/awards/{id}",
            "/api/v1/public/awards/{X}",
            none.clone(),
            [404; 9],
        ),
        (
            "GET",
            "/api/v1/public/leaderboards/agencies",
            "/api/v1/public/leaderboards/agencies",
            none.clone(),
            ALL_200,
        ),
        // Audit and data
        (
            "GET",
            "/api/v1/audit",
            "/api/v1/audit",
            none.clone(),
            ADMIN_ONLY,
        ),
        (
            "GET",
            "/api/v1/events",
            "/api/v1/events",
            none.clone(),
            ADMIN_ONLY,
        ),
        (
            "GET",
            "/api/v1/verify",
            "/api/v1/verify",
            none.clone(),
            ADMIN_ONLY,
        ),
        (
            "GET",
            "/api/v1/notifications",
            "/api/v1/notifications",
            none.clone(),
            ADMIN_ONLY,
        ),
        (
            "POST",
            "/api/v1/erasures",
            "/api/v1/erasures",
            json!({"person_id": "{X}", "reason": "yêu cầu"}),
            admin(404),
        ),
        (
            "GET",
            "/api/v1/persons/candidates",
            "/api/v1/persons/candidates?full_name=nguyen%20van%20a",
            none.clone(),
            [403, 200, 200, 403, 403, 403, 401, 200, 403],
        ),
    ]
}

fn fill(text: &str, ids: &BTreeMap<&'static str, String>) -> String {
    ids.iter()
        .fold(text.to_owned(), |s, (k, v)| s.replace(k, v))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_for_every_role() {
    let t = TestApp::start_with(|c| c.signin_failures_per_account = 1000).await;
    let f = fixture(&t).await;
    let table = table();

    // The table covers exactly the routes the router serves.
    let doc = t.call(Method::GET, "/openapi.json", None, None).await.body;
    let served: BTreeSet<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .unwrap()
                .keys()
                .filter(|m| ["get", "post", "put", "patch", "delete"].contains(&m.as_str()))
                .map(move |m| (m.to_uppercase(), path.clone()))
        })
        .collect();
    let listed: BTreeSet<(String, String)> = table
        .iter()
        .map(|r| (r.0.to_owned(), r.1.to_owned()))
        .collect();
    assert_eq!(listed.len(), table.len(), "a route is in the table twice");
    let missing: Vec<_> = served.difference(&listed).collect();
    let stale: Vec<_> = listed.difference(&served).collect();
    assert!(
        missing.is_empty(),
        "routes missing from the matrix: {missing:?}"
    );
    assert!(
        stale.is_empty(),
        "matrix rows for routes not served: {stale:?}"
    );

    let mut failures = Vec::new();
    for (method, template, path, body, expected) in &table {
        let path = fill(path, &f.ids);
        let body = (!body.is_null())
            .then(|| serde_json::from_str::<Value>(&fill(&body.to_string(), &f.ids)).unwrap());
        for i in ORDER {
            let role = ROLES[i];
            let token = match (role, *method, *template) {
                ("anonymous", ..) => None,
                // Signing out revokes the token: use a fresh one for that row.
                (_, "DELETE", "/api/v1/session") => Some(fresh_token(&t, role, &f).await),
                _ => Some(f.tokens[role].clone()),
            };
            let res = t
                .call(
                    method.parse().unwrap(),
                    &path,
                    token.as_deref(),
                    body.clone(),
                )
                .await;
            let got = res.status.as_u16();
            assert!(
                got < 500 || got == 501,
                "{method} {path} as {role}: {got} {}",
                res.body
            );
            if got >= 400 {
                assert!(
                    res.content_type().starts_with("application/problem+json"),
                    "{method} {path} as {role}: not problem+json"
                );
            }
            if got != expected[i] {
                failures.push(format!(
                    "{method} {template} as {role}: expected {}, got {got} {}",
                    expected[i], res.body
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} cells differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

async fn fresh_token(t: &TestApp, role: &str, _f: &Fixture) -> String {
    let email = match role {
        "admin" => return t.admin().await,
        "clerk" => "clerk@a1.vn",
        "head" => "head@a1.vn",
        "member" => "m2@council.vn",
        "chair" => "m1@council.vn",
        "authority" => "authority@gov.vn",
        "other_clerk" => "clerk@a2.vn",
        _ => "m3@council.vn",
    };
    t.sign_in(email, PASSWORD).await
}
