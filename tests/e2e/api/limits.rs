//! Limits per client address and per account (issue 10 items 7 and 8): failed sign-ins hold
//! under concurrency, the client address comes from `X-Forwarded-For` only through a trusted
//! proxy, and anonymous objections are limited per address.

use reqwest::{Method, StatusCode};
use serde_json::json;
use uuid::Uuid;

use crate::api::support::*;

fn sign_in_as(
    t: &TestApp,
    email: &str,
    password: &str,
    forwarded: Option<&str>,
) -> reqwest::RequestBuilder {
    let mut r = t
        .request(Method::POST, "/api/v1/session", None)
        .json(&json!({"email": email, "password": password}));
    if let Some(f) = forwarded {
        r = r.header("x-forwarded-for", f);
    }
    r
}

fn retry_after(res: &Res) -> u64 {
    res.headers
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// Issue 10 item 7: 40 parallel wrong passwords for one account get at most 5 checks (401);
/// the rest are 429 with `Retry-After`. On main all 40 were checked (40 × 401).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forty_parallel_wrong_passwords_get_at_most_five_checks() {
    let t = TestApp::start().await;
    let guesses = (0..40).map(|i| {
        TestApp::send(sign_in_as(
            &t,
            ADMIN_EMAIL,
            &format!("wrong guess {i}"),
            None,
        ))
    });
    let answers = futures_join_all(guesses).await;
    let unauthorized = answers
        .iter()
        .filter(|r| r.status == StatusCode::UNAUTHORIZED)
        .count();
    let limited: Vec<_> = answers
        .iter()
        .filter(|r| r.status == StatusCode::TOO_MANY_REQUESTS)
        .collect();
    assert!(unauthorized <= 5, "{unauthorized} passwords were checked");
    assert_eq!(unauthorized + limited.len(), 40);
    assert!(
        limited.iter().all(|r| retry_after(r) > 0),
        "429 carries Retry-After"
    );
    // The account stays limited, even for the right password.
    let right = TestApp::send(sign_in_as(&t, ADMIN_EMAIL, ADMIN_PASSWORD, None)).await;
    assert_eq!(right.status, StatusCode::TOO_MANY_REQUESTS);
}

/// Issue 10 item 7: successful sign-ins give their slot back, so they are never limited
/// (API.md). A guard that the reservation keeps this promise; main kept it too.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn successful_sign_ins_are_not_limited() {
    let t = TestApp::start_with(|c| {
        c.signin_failures_per_account = 2;
        c.signin_failures_per_address = 2;
    })
    .await;
    for _ in 0..6 {
        t.admin().await;
    }
    let wrong = TestApp::send(sign_in_as(&t, ADMIN_EMAIL, "not the password", None)).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    t.admin().await;
}

/// Issue 10 item 7: `X-Forwarded-For` is ignored from a peer that is not a trusted proxy
/// (every guess counts against the socket's address) and names the client when the peer is
/// one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forwarded_for_counts_only_from_a_trusted_proxy() {
    let tune = |trusted: &'static [&'static str]| {
        move |c: &mut accolade_http::Config| {
            c.signin_failures_per_address = 2;
            c.trusted_proxies = trusted.iter().map(|p| p.parse().unwrap()).collect();
        }
    };
    // Three guesses on three accounts, each claiming another address.
    let spread = |t: &TestApp| {
        let requests: Vec<_> = (1..=3)
            .map(|i| {
                sign_in_as(
                    t,
                    &format!("nobody{i}@x.vn"),
                    "wrong password",
                    Some(&format!("203.0.113.{i}")),
                )
            })
            .collect();
        async move {
            let mut statuses = vec![];
            for r in requests {
                statuses.push(TestApp::send(r).await.status.as_u16());
            }
            statuses
        }
    };

    let direct = TestApp::start_with(tune(&[])).await;
    assert_eq!(
        spread(&direct).await,
        [401, 401, 429],
        "the header is not believed"
    );

    let proxied = TestApp::start_with(tune(&["127.0.0.1"])).await;
    assert_eq!(spread(&proxied).await, [401, 401, 401], "three clients");
    // The same client, through the proxy, is limited; a forged left part changes nothing.
    let mut statuses = vec![];
    for forged in [
        "1.1.1.1, 198.51.100.9",
        "2.2.2.2, 198.51.100.9",
        "198.51.100.9",
    ] {
        let r = sign_in_as(&proxied, "someone@x.vn", "wrong password", Some(forged));
        statuses.push(TestApp::send(r).await.status.as_u16());
    }
    assert_eq!(statuses, [401, 401, 429]);
}

/// Issue 10 item 8: objections are limited per client address — not per nomination — on the
/// API (429 with `Retry-After`) and on the page (a message), and a refused one stores
/// nothing. Another address can still object to the same nomination.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn objections_are_limited_per_client_address() {
    let t = TestApp::start_with(|c| {
        c.objections_per_address = 3;
        c.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
    })
    .await;
    let n = nomination_in_notice(&t).await;
    let path = format!("/api/v1/public/nominations/{n}/objections");
    let object = |from: &str| {
        t.request(Method::POST, &path, None)
            .header("x-forwarded-for", from)
            .json(
                &json!({"full_name": "Người phản ánh", "phone": "0900000000",
                          "address": "Hà Nội", "text": "Hồ sơ chưa đúng sự thật."}),
            )
    };
    for _ in 0..3 {
        assert_eq!(
            TestApp::send(object("203.0.113.1")).await.status,
            StatusCode::CREATED
        );
    }
    let head = t.head();
    let refused = TestApp::send(object("203.0.113.1")).await;
    assert_eq!(
        refused.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        refused.body
    );
    assert!(
        refused
            .content_type()
            .starts_with("application/problem+json")
    );
    assert!(retry_after(&refused) > 0);
    assert_eq!(t.head(), head, "a refused objection stores nothing");
    // Another client objects to the same nomination.
    assert_eq!(
        TestApp::send(object("203.0.113.2")).await.status,
        StatusCode::CREATED
    );

    // The page, from the limited address: the form again, with a message.
    let head = t.head();
    let form = [
        ("csrf", "csrf-token"),
        ("full_name", "Người phản ánh"),
        ("phone", "0900000000"),
        ("address", "Hà Nội"),
        ("email", ""),
        ("text", "Hồ sơ chưa đúng sự thật."),
    ];
    let page = t
        .request(Method::POST, &format!("/notice/{n}/objection"), None)
        .header("x-forwarded-for", "203.0.113.1")
        .header("cookie", "accolade_csrf=csrf-token")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form_body(&form))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::TOO_MANY_REQUESTS);
    let html = page.text().await.unwrap();
    assert!(html.contains("id=\"objection-limited\""), "{html}");
    assert!(
        html.contains("Hồ sơ chưa đúng sự thật."),
        "the text is kept in the form"
    );
    assert_eq!(t.head(), head, "a refused objection stores nothing");
}

/// A nomination under public notice: one agency, two members, a simple majority, and a
/// unanimous vote.
async fn nomination_in_notice(t: &TestApp) -> Uuid {
    let majority = json!({"threshold": {"num": 1, "den": 2, "strict": true},
                          "denominator": "votes_cast", "secret": true, "absentee_written": true});
    let v = t
        .voting(VotingSetup {
            agency: ("Báo Nhân Dân", "ND", "nd.vn"),
            members: 2,
            programme: json!({"title": "Giải thưởng đang công khai", "year": 2025,
                              "notice_working_days": 0}),
            category: category("IND", majority, 5, None),
            nominee: "Lê Thị Góp Ý",
            reason: "đủ điều kiện",
        })
        .await;
    for (_, m) in &v.members {
        t.ballot(m, v.n, "approve").await;
    }
    t.move_to(&v.admin, &v.prog, "public_notice").await;
    v.n
}

/// Waits for every future (no `futures` crate here: each runs as a tokio task).
async fn futures_join_all<F>(futures: impl Iterator<Item = F>) -> Vec<Res>
where
    F: std::future::Future<Output = Res> + Send + 'static,
{
    let tasks: Vec<_> = futures.map(tokio::spawn).collect();
    let mut out = Vec::with_capacity(tasks.len());
    for task in tasks {
        out.push(task.await.unwrap());
    }
    out
}
