//! Bad input: each gets its 4xx problem+json, never a 5xx, and the log is unchanged.

use reqwest::Method;
use serde_json::json;

use crate::api::support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_is_a_4xx_problem_and_appends_nothing() {
    let t = TestApp::start_with(|c| c.body_limit = 64 * 1024).await;
    let admin = t.admin().await;
    let agency = t.agency(&admin, "Báo Nhân Dân", "ND").await;
    let path = "/api/v1/agencies";
    let good = json!({"name": "Báo Tuổi Trẻ", "code": "TT", "kind": "press"});
    let before = t.head();
    let raw = |body: &str, ct: &str| {
        t.request(Method::POST, path, Some(&admin))
            .header("content-type", ct)
            .body(body.to_owned())
    };

    // Malformed JSON, trailing garbage: 400.
    problem(
        &TestApp::send(raw("{\"name\": ", "application/json")).await,
        400,
    );
    problem(
        &TestApp::send(raw(&format!("{good} x"), "application/json")).await,
        400,
    );
    // Wrong types, unknown enum values, extra fields, a bad UUID in the body: 422 naming the field.
    let wrong_type = t
        .post(
            path,
            &admin,
            json!({"name": 5, "code": "X", "kind": "press"}),
        )
        .await;
    problem(&wrong_type, 422);
    assert!(
        wrong_type.body["errors"]["name"].is_array(),
        "{}",
        wrong_type.body
    );
    let bad_enum = t
        .post(
            path,
            &admin,
            json!({"name": "A", "code": "X", "kind": "spaceship"}),
        )
        .await;
    problem(&bad_enum, 422);
    assert!(bad_enum.body["errors"]["kind"].is_array());
    let extra = t
        .post(
            path,
            &admin,
            json!({"name": "A", "code": "X", "kind": "press", "colour": "red"}),
        )
        .await;
    problem(&extra, 422);
    assert!(extra.body["errors"]["colour"].is_array());
    let nested = t.post("/api/v1/programmes", &admin,
        json!({"title": "P", "year": 2026, "schedule": {"nominating": "2026-01-01", "bogus": 1}})).await;
    problem(&nested, 422);
    let bad_uuid = t
        .post(
            path,
            &admin,
            json!({"name": "A", "code": "X", "kind": "press", "parent_id": "nope"}),
        )
        .await;
    problem(&bad_uuid, 422);
    let bad_date = t
        .post(
            "/api/v1/programmes",
            &admin,
            json!({"title": "P", "year": 2026, "holidays": ["2026-13-45"]}),
        )
        .await;
    problem(&bad_date, 422);
    // Invalid UUIDs in the path: 400; an unknown query parameter: 400; a bad limit: 422.
    problem(&t.get("/api/v1/agencies/not-a-uuid", &admin).await, 400);
    problem(&t.get("/api/v1/nominations?colour=red", &admin).await, 400);
    problem(
        &t.get("/api/v1/nominations?limit=100000", &admin).await,
        422,
    );
    problem(
        &t.get("/api/v1/nominations?cursor=garbage", &admin).await,
        400,
    );
    problem(
        &t.get("/api/v1/nominations?status=sleeping", &admin).await,
        400,
    );
    // Oversized body: 413. Wrong content type: 415.
    let big = format!(
        "{{\"name\": \"{}\", \"code\": \"B\", \"kind\": \"press\"}}",
        "x".repeat(100 * 1024)
    );
    problem(&TestApp::send(raw(&big, "application/json")).await, 413);
    problem(
        &TestApp::send(raw(&good.to_string(), "text/plain")).await,
        415,
    );
    problem(
        &TestApp::send(
            t.request(Method::POST, path, Some(&admin))
                .body(good.to_string()),
        )
        .await,
        415,
    );
    // A domain rule: 422 with the field.
    let rule = t
        .post(
            path,
            &admin,
            json!({"name": " ", "code": "X", "kind": "press"}),
        )
        .await;
    problem(&rule, 422);
    // No route, wrong method, bad token: problem+json too.
    problem(&t.get("/api/v1/nothing-here", &admin).await, 404);
    problem(
        &t.call(Method::DELETE, "/api/v1/agencies", Some(&admin), None)
            .await,
        405,
    );
    problem(
        &t.call(Method::GET, "/api/v1/agencies", Some("not-a-token"), None)
            .await,
        401,
    );
    problem(
        &t.call(Method::GET, "/api/v1/agencies", None, None).await,
        401,
    );
    assert_eq!(t.head(), before, "no bad request appended anything");

    // If-Match mismatch: 412; malformed If-Match: 400.
    let shown = t.get(&format!("{path}/{agency}"), &admin).await;
    assert_eq!(shown.etag(), format!("\"{}\"", shown.body["version"]));
    let patch = |etag: &str| {
        t.request(Method::PATCH, &format!("{path}/{agency}"), Some(&admin))
            .header("if-match", etag.to_owned())
            .json(&json!({"name": "Báo Nhân Dân điện tử"}))
    };
    problem(&TestApp::send(patch("\"99\"")).await, 412);
    problem(&TestApp::send(patch("yesterday")).await, 400);
    assert_eq!(t.head(), before);
    let ok = TestApp::send(patch(&shown.etag())).await;
    assert_eq!(ok.status.as_u16(), 200);
    assert_ne!(ok.etag(), shown.etag());
    problem(&TestApp::send(patch(&shown.etag())).await, 412);

    // Idempotency-Key: the same body returns the first response; a different body is 422.
    let keyed = |body: serde_json::Value| {
        t.request(Method::POST, path, Some(&admin))
            .header("idempotency-key", "create-tt")
            .json(&body)
    };
    let first = TestApp::send(keyed(good.clone())).await;
    assert_eq!(first.status.as_u16(), 201, "{}", first.body);
    let after_first = t.head();
    let again = TestApp::send(keyed(good.clone())).await;
    assert_eq!((again.status.as_u16(), again.id()), (201, first.id()));
    let other = TestApp::send(keyed(
        json!({"name": "Báo Thanh Niên", "code": "TN", "kind": "press"}),
    ))
    .await;
    problem(&other, 422);
    assert_eq!(t.head(), after_first, "replays and refusals append nothing");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_sign_ins_are_limited_and_invitations_set_passwords() {
    let t = TestApp::start_with(|c| c.signin_failures_per_account = 3).await;
    let admin = t.admin().await;
    let wrong = json!({"email": ADMIN_EMAIL, "password": "not the password"});
    for _ in 0..3 {
        let r = t
            .call(Method::POST, "/api/v1/session", None, Some(wrong.clone()))
            .await;
        problem(&r, 401);
    }
    let limited = t
        .call(
            Method::POST,
            "/api/v1/session",
            None,
            Some(json!({"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD})),
        )
        .await;
    problem(&limited, 429);
    assert!(
        limited.headers["retry-after"]
            .to_str()
            .unwrap()
            .parse::<u64>()
            .unwrap()
            > 0
    );
    // Another account from the same address is not locked; an unknown e-mail is a plain 401.
    let unknown = t
        .call(
            Method::POST,
            "/api/v1/session",
            None,
            Some(json!({"email": "nobody@x.vn", "password": "whatever123"})),
        )
        .await;
    problem(&unknown, 401);

    // A user without a password gets an invitation; its token sets the password once.
    let created = t
        .post(
            "/api/v1/users",
            &admin,
            json!({"email": "invited@x.vn", "full_name": "Người được mời", "role": "authority"}),
        )
        .await;
    assert_eq!(
        (
            created.status.as_u16(),
            created.body["has_password"].as_bool()
        ),
        (201, Some(false))
    );
    let token = t.invites.0.lock().unwrap()[0].1.clone();
    let invitation = format!("/api/v1/invitations/{token}");
    let set = |pw: &str| {
        t.call(
            Method::POST,
            &invitation,
            None,
            Some(json!({"password": pw})),
        )
    };
    problem(&set("short").await, 422);
    assert_eq!(set("a long enough password").await.status.as_u16(), 200);
    problem(&set("a long enough password").await, 404);
    t.sign_in("invited@x.vn", "a long enough password").await;
    // Deactivation signs the user out everywhere.
    let uid = created.id();
    let token2 = t.sign_in("invited@x.vn", "a long enough password").await;
    t.expect(
        200,
        Method::PATCH,
        &format!("/api/v1/users/{uid}"),
        Some(&admin),
        Some(json!({"active": false})),
    )
    .await;
    problem(&t.get("/api/v1/me", &token2).await, 401);
    problem(
        &t.call(
            Method::POST,
            "/api/v1/session",
            None,
            Some(json!({"email": "invited@x.vn", "password": "a long enough password"})),
        )
        .await,
        401,
    );
}

#[tokio::test]
async fn system_routes_headers_and_openapi() {
    let t = TestApp::start().await;
    let health = t.call(Method::GET, "/healthz", None, None).await;
    assert_eq!(health.status.as_u16(), 200);
    for h in [
        "content-security-policy",
        "x-content-type-options",
        "referrer-policy",
        "x-frame-options",
        "x-request-id",
    ] {
        assert!(health.headers.contains_key(h), "{h}");
    }
    assert_eq!(
        t.call(Method::GET, "/readyz", None, None)
            .await
            .status
            .as_u16(),
        200
    );
    let doc = t.call(Method::GET, "/openapi.json", None, None).await;
    assert!(doc.body["openapi"].as_str().unwrap().starts_with("3.1"));
    assert!(doc.body["paths"]["/api/v1/public/honours"]["get"].is_object());
    let docs = t.request(Method::GET, "/docs/", None).send().await.unwrap();
    assert_eq!(docs.status().as_u16(), 200);
    assert!(
        !docs.text().await.unwrap().contains("cdn."),
        "swagger-ui is served locally"
    );
}
