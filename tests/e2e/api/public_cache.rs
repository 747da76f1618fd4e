//! Issue 13: the public pages and JSON answered from the response cache (docs/caching.md).
//! 304 on a matching `ETag`; a new tag after a change; a score leaves the honour list's tag
//! as it was; a revocation and an upheld objection show on the very next request; gzip and
//! brotli bodies are the plain document; a signed-in request is never served stored bytes
//! and never compressed. Cached against uncached request rates are printed, not asserted.

use std::io::Read;
use std::time::Instant;

use reqwest::Method;
use reqwest::header::HeaderMap;
use serde_json::json;
use uuid::Uuid;

use crate::api::conformance;
use crate::api::support::*;

const NOMINEE: &str = "Đặng Thị Thu Trang";

/// An anonymous GET (no automatic decompression: reqwest asks for none): status, headers and
/// raw body, the answer checked against the OpenAPI document as `TestApp::send` does.
async fn raw(t: &TestApp, path: &str, headers: &[(&str, &str)]) -> (u16, HeaderMap, Vec<u8>) {
    let mut r = t.request(Method::GET, path, None);
    for (k, v) in headers {
        r = r.header(*k, *v);
    }
    let res = r.send().await.unwrap();
    let (status, path) = (res.status(), res.url().path().to_owned());
    let h = res.headers().clone();
    let bytes = res.bytes().await.unwrap().to_vec();
    conformance::check_answer(&Method::GET, &path, status, &h, &bytes);
    (status.as_u16(), h, bytes)
}

fn header<'a>(h: &'a HeaderMap, name: &str) -> &'a str {
    h.get(name).map_or("", |v| v.to_str().unwrap())
}

fn gunzip(b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(b)
        .read_to_end(&mut out)
        .unwrap();
    out
}

fn unbrotli(b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::Decompressor::new(b, 4096)
        .read_to_end(&mut out)
        .unwrap();
    out
}

/// One agency, a clerk and head, one member (open ballot, one award), the programme moved
/// to `reviewing` with one nomination assigned to the member.
async fn reviewing(t: &TestApp) -> (Voting, String) {
    let open =
        json!({"threshold": {"num": 1, "den": 2}, "denominator": "votes_cast", "secret": false});
    let v = t
        .screened(VotingSetup {
            agency: ("Báo Nhân Dân", "ND", "nd.vn"),
            members: 1,
            programme: json!({"title": "Giải Báo chí 2026", "year": 2026, "notice_working_days": 0}),
            category: category("IND", open, 1, None),
            nominee: NOMINEE,
            reason: "đủ điều kiện",
        })
        .await;
    t.move_to(&v.admin, &v.prog, "reviewing").await;
    let admin = v.admin.clone();
    (v, admin)
}

/// Voting, an approving ballot, the round closed: the nominee is recommended.
async fn recommend(t: &TestApp, v: &Voting) {
    t.move_to(&v.admin, &v.prog, "voting").await;
    let chair = &v.members[0].1;
    t.ballot(chair, v.n, "approve").await;
    let close = format!("{}/rounds/IND/close", v.prog);
    t.expect(200, Method::POST, &close, Some(chair), None).await;
}

/// Public notice, deciding, the decision, published: returns the authority's token and the
/// award id.
async fn publish(t: &TestApp, v: &Voting) -> (String, Uuid) {
    t.move_to(&v.admin, &v.prog, "public_notice").await;
    t.move_to(&v.admin, &v.prog, "deciding").await;
    let (_, authority) = t
        .user(&v.admin, "minister@most.gov.vn", "authority", None)
        .await;
    let decision =
        json!({"decision_no": "12/QĐ-BTTTT", "decided_on": "2026-04-20", "signer": "Bộ trưởng"});
    t.expect(
        200,
        Method::POST,
        &format!("{}/decision", v.prog),
        Some(&authority),
        Some(decision),
    )
    .await;
    t.move_to(&v.admin, &v.prog, "published").await;
    let list = t
        .call(Method::GET, "/api/v1/public/honours", None, None)
        .await;
    let award = list.body["items"][0]["award_id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    (authority, award)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn public_answers_are_kept_by_what_they_show() {
    let t = TestApp::start().await;
    let (v, admin) = reviewing(&t).await;
    let list = "/api/v1/public/honours";

    // A score changes nothing public: the (empty) list keeps its tag, and a 304 says so.
    let (s, h, _) = raw(&t, list, &[]).await;
    assert_eq!(s, 200);
    let before = header(&h, "etag").to_owned();
    assert!(before.starts_with("W/\""), "{before}");
    assert_eq!(
        header(&h, "cache-control"),
        "public, max-age=0, s-maxage=10, stale-while-revalidate=60"
    );
    assert_eq!(header(&h, "vary"), "Accept-Encoding");
    let page_tag = header(&raw(&t, "/honours", &[]).await.1, "etag").to_owned();
    let score = json!({"scores": {"impact": 8, "reach": 7}, "comment": "tốt"});
    t.expect(
        200,
        Method::PUT,
        &format!("/api/v1/nominations/{}/score", v.n),
        Some(&v.members[0].1),
        Some(score),
    )
    .await;
    let (s, h, body) = raw(&t, list, &[("if-none-match", &before)]).await;
    assert_eq!(
        (s, body.len()),
        (304, 0),
        "a score must not change the honours ETag"
    );
    assert_eq!(header(&h, "etag"), before);
    assert_eq!(header(&raw(&t, "/honours", &[]).await.1, "etag"), page_tag);

    // Published: the list has a new tag, then answers 304 to it.
    recommend(&t, &v).await;
    let (authority, award) = publish(&t, &v).await;
    let (s, h, body) = raw(&t, list, &[("if-none-match", &before)]).await;
    assert_eq!(s, 200);
    assert!(String::from_utf8(body).unwrap().contains(NOMINEE));
    let after = header(&h, "etag").to_owned();
    assert_ne!(after, before);
    let (s, h, body) = raw(&t, list, &[("if-none-match", &after)]).await;
    assert_eq!(
        (s, body.len(), header(&h, "etag")),
        (304, 0, after.as_str())
    );
    let (s, _, _) = raw(&t, "/honours", &[("if-none-match", &page_tag)]).await;
    assert_eq!(s, 200, "the page's tag moved too");

    // Every public answer: gzip and brotli decode to exactly the plain body (once stored,
    // once from the stored form); the streamed downloads are compressed on the fly.
    let award_page = format!("/honours/{award}");
    let award_json = format!("/api/v1/public/awards/{award}");
    for path in [
        "/",
        "/honours",
        award_page.as_str(),
        "/leaderboard",
        "/notice",
        "/honours.atom",
        list,
        award_json.as_str(),
        "/api/v1/public/leaderboards/agencies",
        "/api/v1/public/notice",
        "/honours.csv",
        "/honours.json",
    ] {
        let (s, h, plain) = raw(&t, path, &[]).await;
        assert_eq!(s, 200, "{path}");
        assert_eq!(header(&h, "content-encoding"), "", "{path}");
        for _ in 0..2 {
            let (_, h, gz) = raw(&t, path, &[("accept-encoding", "gzip")]).await;
            assert_eq!(header(&h, "content-encoding"), "gzip", "{path}");
            assert_eq!(gunzip(&gz), plain, "{path}: gzip");
            let (_, h, br) = raw(&t, path, &[("accept-encoding", "gzip;q=0.5, br")]).await;
            assert_eq!(header(&h, "content-encoding"), "br", "{path}");
            assert_eq!(unbrotli(&br), plain, "{path}: brotli");
            assert!(plain.len() < 200 || br.len() < plain.len(), "{path}");
        }
    }

    // Signed in: never the stored bytes, never compressed, never public.
    let anon = raw(&t, "/honours", &[("accept-encoding", "br")]).await;
    assert!(header(&anon.1, "cache-control").starts_with("public"));
    let res = t
        .request(Method::GET, "/honours", None)
        .header("cookie", format!("accolade_session={admin}"))
        .header("accept-encoding", "gzip, br")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers().get("content-encoding"), None);
    assert_eq!(res.headers()["cache-control"], "no-store");
    assert!(res.headers().get("etag").is_none());
    let mine = res.text().await.unwrap();
    assert!(
        mine.contains("action=\"/signout\""),
        "the signed-in header: {mine}"
    );
    let res = t
        .request(Method::GET, list, Some(&admin))
        .header("accept-encoding", "gzip, br")
        .header("if-none-match", &after)
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status().as_u16(),
        200,
        "no 304 from the cache for a token"
    );
    assert_eq!(res.headers().get("content-encoding"), None);
    assert!(
        res.headers()
            .get("cache-control")
            .is_none_or(|c| !c.to_str().unwrap().contains("public"))
    );

    // A page that sets the language is rendered, not stored: it carries its cookie.
    let (s, h, _) = raw(&t, "/honours?lang=en", &[]).await;
    assert_eq!(s, 200);
    assert!(
        h.get_all("set-cookie")
            .iter()
            .any(|c| c.to_str().unwrap().starts_with("accolade_lang=en"))
    );
    assert!(!header(&h, "cache-control").contains("public"));
    // Stored pages set no cookie (no visitor's CSRF token in a shared answer).
    let (_, h, _) = raw(&t, "/honours", &[]).await;
    assert_eq!(header(&h, "set-cookie"), "");
    // HEAD: the headers of the GET, no body.
    let res = t
        .request(Method::HEAD, "/honours", None)
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["etag"].to_str().unwrap(), header(&h, "etag"));

    // A revocation shows on the very next request: page, JSON, list, board.
    let board = "/api/v1/public/leaderboards/agencies";
    let board_tag = header(&raw(&t, board, &[]).await.1, "etag").to_owned();
    let page_tag = header(&raw(&t, &award_page, &[]).await.1, "etag").to_owned();
    let revocation = json!({"ground": "false_dossier", "decision_no": "3/QĐ-BTTTT",
        "decided_on": "2026-09-01"});
    t.expect(
        200,
        Method::POST,
        &format!("/api/v1/awards/{award}/revocation"),
        Some(&authority),
        Some(revocation),
    )
    .await;
    let (s, h, _) = raw(&t, &award_page, &[("if-none-match", &page_tag)]).await;
    assert_eq!(s, 200);
    assert_ne!(header(&h, "etag"), page_tag);
    let json = t.call(Method::GET, &award_json, None, None).await;
    assert_eq!(json.body["status"], "revoked");
    let json = t.call(Method::GET, list, None, None).await;
    assert_eq!(json.body["items"][0]["status"], "revoked");
    let json = t.call(Method::GET, board, None, None).await;
    assert_ne!(json.etag(), board_tag);
    assert_eq!(
        json.body["items"],
        json!([]),
        "a revoked award no longer counts"
    );

    // Figures (printed, not asserted): stored answers against renders of distinct keys.
    let n = 300;
    let started = Instant::now();
    for _ in 0..n {
        raw(&t, "/honours", &[]).await;
    }
    let cached = f64::from(n) / started.elapsed().as_secs_f64();
    let started = Instant::now();
    for i in 0..n {
        raw(&t, &format!("/honours?page={i}"), &[]).await;
    }
    let rendered = f64::from(n) / started.elapsed().as_secs_f64();
    println!("public_cache: /honours sequential req/s cached={cached:.0} uncached={rendered:.0}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upheld_objection_leaves_the_notice_at_once() {
    let t = TestApp::start().await;
    let (v, admin) = reviewing(&t).await;
    recommend(&t, &v).await;
    t.move_to(&admin, &v.prog, "public_notice").await;
    let (s, h, body) = raw(&t, "/notice", &[]).await;
    assert_eq!(s, 200);
    assert!(String::from_utf8(body).unwrap().contains(NOMINEE));
    let tag = header(&h, "etag").to_owned();
    let json = raw(&t, "/api/v1/public/notice", &[]).await;
    assert!(String::from_utf8(json.2).unwrap().contains(NOMINEE));

    // Filing an objection changes nothing public.
    let filed = t
        .expect(
            201,
            Method::POST,
            &format!("/api/v1/public/nominations/{}/objections", v.n),
            None,
            Some(json!({"full_name": "Ngô Thị Phượng", "phone": "0912345678",
                        "address": "12 Hàng Bài, Hà Nội", "text": "Thành tích chưa đúng"})),
        )
        .await;
    assert_eq!(raw(&t, "/notice", &[("if-none-match", &tag)]).await.0, 304);

    // Upheld: the nominee leaves the list on the next request, page and JSON.
    t.expect(
        200,
        Method::POST,
        &format!("/api/v1/objections/{}/resolution", filed.id()),
        Some(&admin),
        Some(json!({"upheld": true, "reason": "có căn cứ"})),
    )
    .await;
    let (s, h, body) = raw(&t, "/notice", &[("if-none-match", &tag)]).await;
    assert_eq!(s, 200);
    assert_ne!(header(&h, "etag"), tag);
    assert!(!String::from_utf8(body).unwrap().contains(NOMINEE));
    let json = t
        .call(Method::GET, "/api/v1/public/notice", None, None)
        .await;
    assert_eq!(json.body["items"], json!([]));
}
