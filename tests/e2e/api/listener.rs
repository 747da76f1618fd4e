//! What the public listener gives away: `/metrics` (issue 10 item 10) and where sign-in
//! sends the browser (item 6).

use reqwest::{Method, StatusCode};

use crate::api::support::*;

async fn get(url: &str, token: Option<&str>) -> (StatusCode, String) {
    let mut r = reqwest::Client::new().get(url);
    if let Some(t) = token {
        r = r.bearer_auth(t);
    }
    let res = r.send().await.unwrap();
    (res.status(), res.text().await.unwrap())
}

/// Issue 10 item 10: without configuration the public listener has no `/metrics` (404; on
/// main it answered 200 to anyone).
#[tokio::test]
async fn the_public_listener_has_no_open_metrics() {
    let t = TestApp::start().await;
    let (status, body) = get(&format!("{}/metrics", t.server.url()), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    assert!(!body.contains("http_requests_total"));
    assert_eq!(t.server.metrics_addr, None);
}

/// Issue 10 item 10: metrics on their own listener; the public listener answers 404.
#[tokio::test]
async fn metrics_on_their_own_listener() {
    let t = TestApp::start_with(|c| c.metrics_listen = Some("127.0.0.1:0".parse().unwrap())).await;
    t.call(Method::GET, "/healthz", None, None).await;
    let (status, _) = get(&format!("{}/metrics", t.server.url()), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let own = format!("http://{}", t.server.metrics_addr.unwrap());
    let (status, text) = get(&format!("{own}/metrics"), None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(text.contains("http_requests_total"), "{text}");
    // It serves metrics only.
    let (status, _) = get(&format!("{own}/api/v1/public/honours"), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// Issue 10 item 10: with a metrics token, the public listener serves metrics to that token
/// only.
#[tokio::test]
async fn metrics_with_a_token() {
    let t =
        TestApp::start_with(|c| c.metrics_token = Some("scraper-secret".to_owned().into())).await;
    t.call(Method::GET, "/healthz", None, None).await;
    let url = format!("{}/metrics", t.server.url());
    for wrong in [None, Some("scraper-secreT"), Some("")] {
        let (status, body) = get(&url, wrong).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{wrong:?}: {body}");
        assert!(!body.contains("http_requests_total"));
    }
    let (status, text) = get(&url, Some("scraper-secret")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(text.contains("http_requests_total"), "{text}");
}

/// Issue 10 item 6: a hostile `next` never reaches `Location` (on main `/%09/evil.com`
/// answered `Location: /\t/evil.com`, which browsers read as `//evil.com`); a local one does.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_redirects_only_to_local_paths() {
    let t = TestApp::start().await;
    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let sign_in = |next: &str| {
        let form = [
            ("csrf", "csrf-token"),
            ("email", ADMIN_EMAIL),
            ("password", ADMIN_PASSWORD),
            ("next", next),
        ];
        browser
            .post(format!("{}/signin", t.server.url()))
            .header("cookie", "accolade_csrf=csrf-token")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form_body(&form))
            .send()
    };
    for (next, to) in [
        ("/\t/evil.com", "/work"),
        ("/\\evil.com", "/work"),
        ("//evil.com", "/work"),
        ("/%2F/evil.com", "/work"),
        ("https://evil.com", "/work"),
        ("/work/nominations?q=a", "/work/nominations?q=a"),
    ] {
        let res = sign_in(next).await.unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{next:?}");
        assert_eq!(res.headers()["location"], to, "{next:?}");
    }
    // The form itself never carries the hostile value.
    let form = browser
        .get(format!("{}/signin?next=/%09/evil.com", t.server.url()))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(form.contains("name=\"next\" value=\"/work\""), "{form}");
}
