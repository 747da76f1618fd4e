//! Accounts people expect (issue 10 item 11): password reset by e-mail, re-sent
//! invitations, TOTP two-factor sign-in with recovery codes, and roles that require it.

use std::time::Duration;

use accolade_app::accounts::totp;
use reqwest::Method;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::api::support::*;

fn problem(res: &Res, status: u16) -> String {
    assert_eq!(res.status.as_u16(), status, "{}", res.body);
    assert!(
        res.content_type().starts_with("application/problem+json"),
        "{}",
        res.content_type()
    );
    res.body["detail"].as_str().unwrap_or_default().to_owned()
}

/// Asks for a reset of `email` (the first asked for in this app); returns its mailed token.
async fn first_reset(t: &TestApp, email: &str) -> String {
    let body = Some(json!({"email": email}));
    t.call(Method::POST, "/api/v1/password-resets", None, body)
        .await;
    resets(t, 1).await[0].1.clone()
}

/// The reset tokens mailed so far (the request's work runs after its answer: wait for it).
async fn resets(t: &TestApp, count: usize) -> Vec<(Uuid, String)> {
    for _ in 0..200 {
        let got = t.invites.1.lock().unwrap().clone();
        if got.len() >= count {
            return got;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("no reset token was mailed");
}

fn base32_decode(s: &str) -> Vec<u8> {
    const ALPHABET: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let (mut out, mut buffer, mut bits) = (Vec::new(), 0u32, 0u32);
    for c in s.chars() {
        buffer = (buffer << 5) | u32::try_from(ALPHABET.find(c).unwrap()).unwrap();
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push(u8::try_from((buffer >> bits) & 0xff).unwrap());
        }
    }
    out
}

/// The code of `secret` (base32) `steps` steps from now.
fn code(secret: &str, steps: i64) -> String {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let step = u64::try_from(totp::step_of(now) + steps).unwrap();
    format!("{:06}", totp::hotp(&base32_decode(secret), step))
}

async fn set_password(t: &TestApp, path: &str, password: &str) -> Res {
    t.call(
        Method::POST,
        path,
        None,
        Some(json!({"password": password})),
    )
    .await
}

async fn session(t: &TestApp, email: &str, password: &str, totp: Option<&str>) -> Res {
    let mut body = json!({"email": email, "password": password});
    if let Some(c) = totp {
        body["totp"] = json!(c);
    }
    t.call(Method::POST, "/api/v1/session", None, Some(body))
        .await
}

/// Enrols `token`'s user: returns (secret, recovery codes).
async fn enrol(t: &TestApp, token: &str) -> (String, Vec<String>) {
    let started = t
        .expect(
            201,
            Method::POST,
            "/api/v1/me/totp",
            Some(token),
            Some(json!({})),
        )
        .await;
    let secret = started.body["secret"].as_str().unwrap().to_owned();
    assert!(
        started.body["otpauth_uri"]
            .as_str()
            .unwrap()
            .starts_with("otpauth://totp/Accolade:")
    );
    let codes: Vec<String> = started.body["recovery_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(codes.len(), 10);
    let wrong = t
        .call(
            Method::POST,
            "/api/v1/me/totp",
            Some(token),
            Some(json!({"code": "000000"})),
        )
        .await;
    if code(&secret, 0) != "000000" {
        problem(&wrong, 422);
    }
    t.expect(
        200,
        Method::POST,
        "/api/v1/me/totp",
        Some(token),
        Some(json!({"code": code(&secret, 0)})),
    )
    .await;
    (secret, codes)
}

/// Issue 10 item 11: a reset answers the same for a known and an unknown address; its link
/// works once, signs out the user's sessions, and a newer request replaces it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn password_reset_answers_alike_and_its_link_works_once() {
    let t = TestApp::start().await;
    let admin = t.admin().await;
    let (uid, old_session) = t.user(&admin, "forgetful@x.vn", "member", None).await;
    let ask = |email: &str| {
        t.call(
            Method::POST,
            "/api/v1/password-resets",
            None,
            Some(json!({"email": email})),
        )
    };
    let known = ask("forgetful@x.vn").await;
    let unknown = ask("nobody-at-all@x.vn").await;
    assert_eq!(known.status.as_u16(), 202);
    assert_eq!(
        (unknown.status, unknown.content_type(), &unknown.body),
        (known.status, known.content_type(), &known.body)
    );
    let mailed = resets(&t, 1).await;
    assert_eq!(mailed.len(), 1, "only the known address gets a mail");
    assert_eq!(mailed[0].0, uid);
    let link = format!("/api/v1/password-resets/{}", mailed[0].1);
    let set = |pw: &str| t.call(Method::POST, &link, None, Some(json!({"password": pw})));
    problem(&set("short").await, 422);
    assert_eq!(set("a brand new password").await.status.as_u16(), 200);
    // Single use, and clear about it.
    let again = problem(&set("another new password").await, 404);
    assert!(again.contains("already used or expired"), "{again}");
    // The old session is signed out; the new password works, the old one does not.
    problem(
        &t.call(Method::GET, "/api/v1/me", Some(&old_session), None)
            .await,
        401,
    );
    problem(&session(&t, "forgetful@x.vn", PASSWORD, None).await, 401);
    t.sign_in("forgetful@x.vn", "a brand new password").await;

    // A second request replaces the first link.
    ask("forgetful@x.vn").await;
    let first = resets(&t, 2).await[1].1.clone();
    ask("forgetful@x.vn").await;
    let second = resets(&t, 3).await[2].1.clone();
    let use_ = |tok: &str| format!("/api/v1/password-resets/{tok}");
    problem(
        &set_password(&t, &use_(&first), "the third password").await,
        404,
    );
    let ok = set_password(&t, &use_(&second), "the third password").await;
    assert_eq!(ok.status.as_u16(), 200);
}

/// Issue 10 item 11: a reset link past its lifetime is refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_reset_link_is_refused() {
    let t = TestApp::start_with(|c| c.password_reset_ttl_secs = 0).await;
    let admin = t.admin().await;
    t.user(&admin, "late@x.vn", "member", None).await;
    let token = first_reset(&t, "late@x.vn").await;
    let r = t
        .call(
            Method::POST,
            &format!("/api/v1/password-resets/{token}"),
            None,
            Some(json!({"password": "a brand new password"})),
        )
        .await;
    problem(&r, 404);
    t.sign_in("late@x.vn", PASSWORD).await;
}

/// Issue 10 item 11: the admin sends an invitation again; the fresh token replaces the old.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_resends_an_invitation_with_a_fresh_token() {
    let t = TestApp::start().await;
    let admin = t.admin().await;
    let (_, clerk) = t.user(&admin, "clerk@x.vn", "member", None).await;
    let id = t
        .expect(
            201,
            Method::POST,
            "/api/v1/users",
            Some(&admin),
            Some(json!({"email": "invited@x.vn", "full_name": "Mời", "role": "member"})),
        )
        .await
        .id();
    let resend = format!("/api/v1/users/{id}/invitation");
    problem(&t.post(&resend, &clerk, json!({})).await, 403);
    assert_eq!(
        t.post(&resend, &admin, json!({})).await.status.as_u16(),
        202
    );
    let tokens = t.invites.0.lock().unwrap().clone();
    assert_eq!(tokens.len(), 2);
    assert_ne!(tokens[0].1, tokens[1].1);
    let accept = |tok: &str| format!("/api/v1/invitations/{tok}");
    let pw = "a long enough password";
    problem(&set_password(&t, &accept(&tokens[0].1), pw).await, 404);
    let ok = set_password(&t, &accept(&tokens[1].1), pw).await;
    assert_eq!(ok.status.as_u16(), 200);
    // With a password set, there is nothing to re-send.
    problem(&t.post(&resend, &admin, json!({})).await, 409);
    let unknown = format!("/api/v1/users/{}/invitation", Uuid::now_v7());
    problem(&t.post(&unknown, &admin, json!({})).await, 404);
}

/// Issue 10 item 11: TOTP enrolment; sign-in then needs a code, a code cannot be replayed,
/// a recovery code works once, and removing TOTP needs a code.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn totp_sign_in_with_codes_and_recovery_codes() {
    // Many refusals below: the limit is tested on its own.
    let t = TestApp::start_with(|c| c.signin_failures_per_account = 100).await;
    let admin = t.admin().await;
    let (_, token) = t.user(&admin, "two@x.vn", "authority", None).await;
    let (secret, recovery) = enrol(&t, &token).await;

    let needed = problem(&session(&t, "two@x.vn", PASSWORD, None).await, 401);
    assert!(needed.contains("send `totp`"), "{needed}");
    problem(&session(&t, "two@x.vn", PASSWORD, Some("12345")).await, 401);
    // The code of the step the enrolment used is spent; the next step's is accepted, once.
    problem(
        &session(&t, "two@x.vn", PASSWORD, Some(&code(&secret, -1))).await,
        401,
    );
    let next = code(&secret, 1);
    let ok = session(&t, "two@x.vn", PASSWORD, Some(&next)).await;
    assert_eq!(ok.status.as_u16(), 200, "{}", ok.body);
    assert_eq!(ok.body["scope"], "full");
    problem(&session(&t, "two@x.vn", PASSWORD, Some(&next)).await, 401);
    // A wrong password with a right code is still a wrong password.
    problem(
        &session(&t, "two@x.vn", "wrong password", Some(&recovery[0])).await,
        401,
    );
    // A recovery code works once (case and dashes do not matter).
    let upper = recovery[0].to_uppercase().replace('-', " ");
    assert_eq!(
        session(&t, "two@x.vn", PASSWORD, Some(&upper))
            .await
            .status
            .as_u16(),
        200
    );
    problem(
        &session(&t, "two@x.vn", PASSWORD, Some(&recovery[0])).await,
        401,
    );

    // Removing needs a code; then the password alone signs in again.
    let remove = |body: Value| t.call(Method::DELETE, "/api/v1/me/totp", Some(&token), Some(body));
    problem(&remove(json!({})).await, 422);
    problem(&remove(json!({"code": "no-such-code-000"})).await, 422);
    assert_eq!(
        remove(json!({"code": recovery[1]})).await.status.as_u16(),
        204
    );
    assert_eq!(
        session(&t, "two@x.vn", PASSWORD, None)
            .await
            .status
            .as_u16(),
        200
    );
}

/// Issue 10 item 11: wrong and missing codes count toward the failed-sign-in limit (so the
/// second step is no unlimited password oracle).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn totp_failures_count_toward_the_limit() {
    let t = TestApp::start_with(|c| c.signin_failures_per_account = 2).await;
    let admin = t.admin().await;
    let (_, token) = t.user(&admin, "limited@x.vn", "authority", None).await;
    let (secret, _) = enrol(&t, &token).await;
    problem(&session(&t, "limited@x.vn", PASSWORD, None).await, 401);
    problem(
        &session(&t, "limited@x.vn", PASSWORD, Some("999999x")).await,
        401,
    );
    let r = session(&t, "limited@x.vn", PASSWORD, Some(&code(&secret, 1))).await;
    problem(&r, 429);
}

/// Issue 10 item 11: with `require_totp_roles`, an admin without TOTP gets a session good
/// only for enrolling; confirming the enrolment makes it a full one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn required_roles_sign_in_only_to_enrol() {
    let t = TestApp::start_with(|c| {
        c.require_totp_roles = vec![accolade_events::Role::Admin];
    })
    .await;
    let r = session(&t, ADMIN_EMAIL, ADMIN_PASSWORD, None).await;
    assert_eq!(r.status.as_u16(), 200, "{}", r.body);
    assert_eq!(r.body["scope"], "totp_enrolment");
    let token = r.body["token"].as_str().unwrap().to_owned();
    let refused = problem(
        &t.call(Method::GET, "/api/v1/users", Some(&token), None)
            .await,
        401,
    );
    assert!(refused.contains("two-factor"), "{refused}");
    let (secret, _) = enrol(&t, &token).await;
    t.expect(200, Method::GET, "/api/v1/users", Some(&token), None)
        .await;
    // From now on the admin signs in with a code.
    problem(&session(&t, ADMIN_EMAIL, ADMIN_PASSWORD, None).await, 401);
    let full = session(&t, ADMIN_EMAIL, ADMIN_PASSWORD, Some(&code(&secret, 1))).await;
    assert_eq!(full.body["scope"], "full");
    // Other roles are not required to.
    let (_, clerk) = t.user(&token, "clerk@x.vn", "member", None).await;
    t.expect(200, Method::GET, "/api/v1/me", Some(&clerk), None)
        .await;
}

/// Issue 10 item 11: the reset mail's link is an HTML page whose form needs its CSRF token,
/// sets the password once, and says so clearly the second time.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reset_page_sets_a_password_with_its_csrf_token() {
    let t = TestApp::start().await;
    let admin = t.admin().await;
    t.user(&admin, "page@x.vn", "member", None).await;
    let token = first_reset(&t, "page@x.vn").await;
    let url = format!("{}/password-resets/{token}?lang=en", t.server.url());
    let page = t.client.get(&url).send().await.unwrap();
    assert_eq!(page.status().as_u16(), 200);
    let cookies: Vec<String> = page
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().split(';').next().unwrap().to_owned())
        .collect();
    let html = page.text().await.unwrap();
    let at = html.find("name=\"csrf\" value=\"").unwrap() + "name=\"csrf\" value=\"".len();
    let csrf = &html[at..at + html[at..].find('"').unwrap()];
    // Form-encoded by hand (the values here need only spaces encoded).
    let post = |csrf: &str| {
        t.client
            .post(&url)
            .header("cookie", cookies.join("; "))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("csrf={csrf}&password=a+page-set+password"))
            .send()
    };
    assert_eq!(post("forged").await.unwrap().status().as_u16(), 403);
    assert_eq!(post(csrf).await.unwrap().status().as_u16(), 200);
    t.sign_in("page@x.vn", "a page-set password").await;
    let again = post(csrf).await.unwrap();
    assert_eq!(again.status().as_u16(), 404);
    assert!(
        again
            .text()
            .await
            .unwrap()
            .contains("already used or expired")
    );
}
