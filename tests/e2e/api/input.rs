//! Public input and validation (issue 10 items 8, 9 and 16): caps on free text, evidence
//! links, category bounds and the batch dismissal of objections, over HTTP and on the pages.

use accolade_store::{EventStore, ExpectedVersion, Metadata, NewEvent};
use reqwest::Method;
use serde_json::json;
use uuid::Uuid;

use crate::api::support::*;

struct Notice {
    admin: String,
    clerk: String,
    pid: Uuid,
    n: Uuid,
}

/// A programme in public notice with one recommended nomination `n` (open rule, one member).
async fn in_notice(t: &TestApp) -> Notice {
    let open =
        json!({"threshold": {"num": 1, "den": 2}, "denominator": "votes_cast", "secret": false});
    let v = t
        .voting(VotingSetup {
            agency: ("Đài Truyền hình Việt Nam", "VTV", "a1.vn"),
            members: 1,
            programme: json!({"title": "Input", "year": 2026, "notice_working_days": 0}),
            category: category("IND", open, 1, None),
            nominee: "Nguyễn Văn An",
            reason: "ok",
        })
        .await;
    let chair = &v.members[0].1;
    t.ballot(chair, v.n, "approve").await;
    let close = format!("{}/rounds/IND/close", v.prog);
    t.expect(200, Method::POST, &close, Some(chair), None).await;
    t.move_to(&v.admin, &v.prog, "public_notice").await;
    Notice {
        admin: v.admin,
        clerk: v.clerk,
        pid: v.pid,
        n: v.n,
    }
}

/// Asserts a 422 problem whose `errors` name `field`.
fn field_error(res: &Res, field: &str) {
    assert_eq!(res.status.as_u16(), 422, "{}", res.body);
    assert!(
        res.body["errors"][field].is_array(),
        "{field}: {}",
        res.body
    );
}

/// A page request with the session and CSRF cookies of `token`.
fn page(t: &TestApp, method: Method, path: &str, token: Option<&str>) -> reqwest::RequestBuilder {
    let mut cookie = "accolade_csrf=test-csrf-token-0123456789".to_owned();
    if let Some(tok) = token {
        cookie.push_str(&format!("; accolade_session={tok}"));
    }
    // Redirects are not followed, so a form's 303 is seen as such.
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    client
        .request(method, format!("{}{path}", t.server.url()))
        .header("cookie", cookie)
        .header("origin", t.server.url())
}

async fn html(r: reqwest::RequestBuilder) -> (u16, String) {
    let res = r.send().await.unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

/// Issue 10 item 8: an objection of 200,000 characters is refused (422, `errors.text`) by
/// the domain and nothing is appended — on main it was stored for ever; the public form shows
/// the message beside the field. 10,000 characters are taken.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_oversized_objection_is_refused_and_nothing_is_appended() {
    let t = TestApp::start().await;
    let s = in_notice(&t).await;
    let path = format!("/api/v1/public/nominations/{}/objections", s.n);
    let before = t.head();
    let res = t
        .call(
            Method::POST,
            &path,
            None,
            Some(objection(&"x".repeat(200_000))),
        )
        .await;
    field_error(&res, "text");
    let res = t
        .call(
            Method::POST,
            &path,
            None,
            Some(json!({"full_name": "a".repeat(201), "phone": "1", "address": "HN", "text": "t"})),
        )
        .await;
    field_error(&res, "full_name");
    assert_eq!(t.head(), before, "nothing appended");
    let open = t
        .get(
            &format!("/api/v1/objections?programme_id={}", s.pid),
            &s.admin,
        )
        .await;
    assert_eq!(open.body["items"].as_array().unwrap().len(), 0);
    t.expect(
        201,
        Method::POST,
        &path,
        None,
        Some(objection(&"Đ".repeat(10_000))),
    )
    .await;

    // The public form: the same rule, its message beside the text field.
    let form = format!(
        "csrf=test-csrf-token-0123456789&full_name=A&phone=1&address=HN&text={}",
        "y".repeat(10_001)
    );
    let (status, body) = html(
        page(
            &t,
            Method::POST,
            &format!("/notice/{}/objection", s.n),
            None,
        )
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("at most 10000 characters"), "{body}");
    assert!(
        body.contains("text-error"),
        "the message is tied to the field: {body}"
    );
}

/// Issue 10 item 9: only absolute http(s) URLs are evidence links — anything else is a 422
/// naming `evidence[i].url`; and a `javascript:` URL already in the log (recorded before the
/// rule) is shown as text, never as an `href`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn evidence_links_are_http_or_https_and_old_ones_render_as_text() {
    let t = TestApp::start().await;
    let admin = t.admin().await;
    let a1 = t.agency(&admin, "Báo Nhân Dân", "ND").await;
    let (_, clerk) = t.user(&admin, "clerk@a1.vn", "clerk", Some(a1)).await;
    let (pid, prog) = t
        .programme(&admin, json!({"title": "Links", "year": 2026}))
        .await;
    t.add_category(&admin, &prog, category("IND", ninety_percent(), 1, None))
        .await;
    t.move_to(&admin, &prog, "nominating").await;
    let before = t.head();
    for url in [
        "javascript:alert(document.cookie)",
        "data:text/html,<b>x</b>",
        "//evil.example/x",
        "https://gov.vn@evil.example/",
    ] {
        let mut body = nomination("Nguyễn Văn An");
        body["evidence"] =
            json!([{"title": "Bài", "url": "https://example.vn/a"}, {"title": "Xấu", "url": url}]);
        let res = t
            .call(
                Method::POST,
                &format!("{prog}/nominations"),
                Some(&clerk),
                Some(body),
            )
            .await;
        field_error(&res, "evidence[1].url");
    }
    assert_eq!(t.head(), before);
    let n = t.nominate(&clerk, &prog, nomination("Nguyễn Văn An")).await;

    // An amendment recorded before the rule, appended as the old server would have.
    let payload = json!({
        "nomination_id": n, "person_id": Uuid::now_v7(),
        "nominee": {"kind": "individual", "full_name": "Nguyễn Văn An", "organisation": "Tòa soạn"},
        "citation": "c", "achievements": "a",
        "evidence": [{"title": "Bấm vào đây", "url": "javascript:alert(document.cookie)"},
                     {"title": "Loạt bài", "url": "https://example.vn/a"}]
    });
    let stream = format!("programme-{pid}");
    let store = t.server.state.app.store();
    let version = store.read_stream(&stream, 0, 10_000).await.unwrap().len() as u64 - 1;
    store
        .append(
            &stream,
            ExpectedVersion::Exact(version),
            vec![NewEvent::json(
                "NominationAmended",
                2,
                &payload,
                Metadata::default(),
            )],
        )
        .await
        .unwrap();
    let (status, body) = html(page(
        &t,
        Method::GET,
        &format!("/work/nominations/{n}"),
        Some(&clerk),
    ))
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("Bấm vào đây"), "{body}");
    assert!(
        !body.contains("href=\"javascript"),
        "a javascript: URL became a link: {body}"
    );
    assert!(
        body.contains("javascript:alert(document.cookie)"),
        "shown as text: {body}"
    );
    assert!(body.contains("href=\"https://example.vn/a\""), "{body}");
}

/// Issue 10 item 16: extreme weights and maxima are refused at category setup (422 naming
/// the field, nothing appended) — on main they were accepted and a round's score sum could
/// overflow.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_categorys_weights_and_maxima_are_bounded() {
    let t = TestApp::start().await;
    let admin = t.admin().await;
    let (_, prog) = t
        .programme(&admin, json!({"title": "Bounds", "year": 2026}))
        .await;
    let path = format!("{prog}/categories");
    let before = t.head();
    for (field, edit) in [
        (
            "criteria[0].weight",
            json!({"key": "impact", "label": "x", "weight": u32::MAX, "max": 10}),
        ),
        (
            "criteria[0].max",
            json!({"key": "impact", "label": "x", "weight": 3, "max": u32::MAX}),
        ),
    ] {
        let mut c = category("IND", ninety_percent(), 1, None);
        c["criteria"][0] = edit;
        field_error(
            &t.call(Method::POST, &path, Some(&admin), Some(c)).await,
            field,
        );
    }
    let mut c = category("IND", ninety_percent(), 1, None);
    c["leaderboard_points"] = json!(u32::MAX);
    field_error(
        &t.call(Method::POST, &path, Some(&admin), Some(c)).await,
        "leaderboard_points",
    );
    assert_eq!(t.head(), before);
}

/// Issue 10 item 8: the secretariat dismisses a batch of abusive objections in one recorded
/// action — all or nothing — over the API and from the objections page (checkboxes, one
/// reason, CSRF).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_of_objections_is_dismissed_in_one_action() {
    let t = TestApp::start().await;
    let s = in_notice(&t).await;
    let file = format!("/api/v1/public/nominations/{}/objections", s.n);
    let mut ids = vec![];
    for i in 0..4 {
        ids.push(
            t.expect(
                201,
                Method::POST,
                &file,
                None,
                Some(objection(&format!("spam {i}"))),
            )
            .await
            .id(),
        );
    }
    let dismissal = format!("/api/v1/programmes/{}/objections/dismissal", s.pid);
    let before = t.head();
    // Not the secretariat; an unknown one in the batch; no reason: nothing changes.
    t.expect(
        403,
        Method::POST,
        &dismissal,
        Some(&s.clerk),
        Some(json!({"objection_ids": [ids[0]], "reason": "spam"})),
    )
    .await;
    t.expect(
        404,
        Method::POST,
        &dismissal,
        Some(&s.admin),
        Some(json!({"objection_ids": [ids[0], Uuid::now_v7()], "reason": "spam"})),
    )
    .await;
    field_error(
        &t.call(
            Method::POST,
            &dismissal,
            Some(&s.admin),
            Some(json!({"objection_ids": [ids[0]], "reason": ""})),
        )
        .await,
        "reason",
    );
    assert_eq!(t.head(), before);

    let res = t
        .expect(
            200,
            Method::POST,
            &dismissal,
            Some(&s.admin),
            Some(json!({"objection_ids": [ids[0], ids[1]], "reason": "spam from one sender"})),
        )
        .await;
    assert_eq!(res.body["dismissed"].as_array().unwrap().len(), 2);
    assert_eq!(t.head(), before + 2, "one event per objection");
    // A batch holding a resolved one is refused whole.
    t.expect(
        409,
        Method::POST,
        &dismissal,
        Some(&s.admin),
        Some(json!({"objection_ids": [ids[2], ids[0]], "reason": "spam"})),
    )
    .await;
    let dismissed = t
        .get(
            &format!("/api/v1/objections?programme_id={}&status=dismissed", s.pid),
            &s.admin,
        )
        .await;
    assert_eq!(dismissed.body["items"].as_array().unwrap().len(), 2);

    // The page: a checkbox per open objection and one reason for the batch.
    let (status, body) = html(page(&t, Method::GET, "/work/objections", Some(&s.admin))).await;
    assert_eq!(status, 200);
    assert!(
        body.contains(&format!("name=\"dismiss-{}\"", ids[2])),
        "{body}"
    );
    assert!(body.contains(&format!(
        "action=\"/work/programmes/{}/objections/dismissal\"",
        s.pid
    )));
    let post = |form: String| {
        page(
            &t,
            Method::POST,
            &format!("/work/programmes/{}/objections/dismissal", s.pid),
            Some(&s.admin),
        )
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form)
    };
    // Without the form's CSRF token: refused.
    let (status, _) = html(post(format!("reason=spam&dismiss-{}=on", ids[2]))).await;
    assert_eq!(status, 403);
    // Nothing ticked: the message beside the selection.
    let (status, body) = html(post("csrf=test-csrf-token-0123456789&reason=spam".into())).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("picked-error"), "{body}");
    let (status, _) = html(post(format!(
        "csrf=test-csrf-token-0123456789&reason=spam+again&dismiss-{}=on&dismiss-{}=on",
        ids[2], ids[3]
    )))
    .await;
    assert_eq!(status, 303);
    let open = t
        .get(
            &format!("/api/v1/objections?programme_id={}&status=open", s.pid),
            &s.admin,
        )
        .await;
    assert_eq!(
        open.body["items"].as_array().unwrap().len(),
        0,
        "{}",
        open.body
    );
}
