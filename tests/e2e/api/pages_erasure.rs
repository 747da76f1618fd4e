//! Issue 12 on the pages: the secretariat erases an objector and a nominee through the
//! erasure form (`POST /work/erasures`), and every page that named them then shows the
//! marker in the page's language — never the name, never the English marker on a Vietnamese
//! page. The erase-all policy, so the honour list loses the name too. And the new-nomination
//! form's no-JavaScript "Find existing people" step, which links the chosen person.

use accolade_app::actions::persons::ErasurePolicy;
use reqwest::Method;
use serde_json::json;
use uuid::Uuid;

use crate::api::support::*;

const CSRF: &str = "test-csrf-token-0123456789";
const NOMINEE: &str = "Nguyễn Văn Khiêm";
const OBJECTOR: &str = "Ngô Thị Phượng";
const PHONE: &str = "0912345678";

/// A page request with the session and CSRF cookies of `token`; redirects not followed.
fn page(t: &TestApp, method: Method, path: &str, token: &str) -> reqwest::RequestBuilder {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    client
        .request(method, format!("{}{path}", t.server.url()))
        .header(
            "cookie",
            format!("accolade_csrf={CSRF}; accolade_session={token}"),
        )
        .header("origin", t.server.url())
}

/// Posts a page form; its status, `Location` and text.
async fn post_form(
    t: &TestApp,
    path: &str,
    token: &str,
    form: &[(&str, &str)],
) -> (u16, String, String) {
    let res = page(t, Method::POST, path, token)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form_body(form))
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    let location = res
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, location, res.text().await.unwrap())
}

/// A page's text (200 asserted).
async fn get(t: &TestApp, path: &str, token: &str) -> String {
    let res = page(t, Method::GET, path, token).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 200, "{path}");
    res.text().await.unwrap()
}

/// Asserts `body` shows the Vietnamese marker and neither the name nor the English marker.
fn erased_in_vi(path: &str, body: &str, names: &[&str]) {
    assert!(body.contains("[đã xoá]"), "{path}: no marker\n{body}");
    assert!(!body.contains("[erased]"), "{path}: English marker\n{body}");
    for name in names {
        assert!(!body.contains(name), "{path}: still shows {name}\n{body}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_secretariat_erases_from_the_pages_and_the_pages_show_the_marker() {
    let t = TestApp::start_with(|c| c.erasure_policy = ErasurePolicy::EraseAll).await;
    let open =
        json!({"threshold": {"num": 1, "den": 2}, "denominator": "votes_cast", "secret": false});
    let v = t
        .voting(VotingSetup {
            agency: ("Đài Truyền hình Việt Nam", "VTV", "a1.vn"),
            members: 1,
            programme: json!({"title": "Erasure", "year": 2026, "notice_working_days": 0}),
            category: category("IND", open, 1, None),
            nominee: NOMINEE,
            reason: "ok",
        })
        .await;
    let admin = v.admin.clone();
    let chair = &v.members[0].1;
    t.ballot(chair, v.n, "approve").await;
    let close = format!("{}/rounds/IND/close", v.prog);
    t.expect(200, Method::POST, &close, Some(chair), None).await;
    t.move_to(&admin, &v.prog, "public_notice").await;
    let filed = t
        .expect(
            201,
            Method::POST,
            &format!("/api/v1/public/nominations/{}/objections", v.n),
            None,
            Some(
                json!({"full_name": OBJECTOR, "phone": PHONE, "address": "12 Hàng Bài, Hà Nội",
                        "text": "Thành tích chưa đúng"}),
            ),
        )
        .await;
    let objection = filed.id();
    t.expect(
        200,
        Method::POST,
        &format!("/api/v1/objections/{objection}/resolution"),
        Some(&admin),
        Some(json!({"upheld": false, "reason": "không có căn cứ"})),
    )
    .await;
    t.move_to(&admin, &v.prog, "deciding").await;
    let (_, authority) = t
        .user(&admin, "minister@most.gov.vn", "authority", None)
        .await;
    t.expect(200, Method::POST, &format!("{}/decision", v.prog), Some(&authority),
        Some(json!({"decision_no": "12/QĐ-BKHCN", "decided_on": "2026-04-20", "signer": "Bộ trưởng"})))
        .await;
    t.move_to(&admin, &v.prog, "published").await;
    assert!(get(&t, "/honours", &admin).await.contains(NOMINEE));

    // The objections page shows the objector, their person id and the erasure form.
    let list = t
        .get(
            &format!("/api/v1/objections?programme_id={}", v.pid),
            &admin,
        )
        .await;
    let objector_person: Uuid = list.body["items"][0]["objector_person_id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let body = get(&t, "/work/objections", &admin).await;
    assert!(body.contains(OBJECTOR) && body.contains(PHONE), "{body}");
    assert!(body.contains(&objector_person.to_string()), "{body}");
    assert!(body.contains("action=\"/work/erasures\""), "{body}");
    assert!(
        body.contains(&format!("name=\"person_id\" value=\"{objector_person}\"")),
        "{body}"
    );
    // Only the secretariat: an agency clerk is refused.
    let back = format!("/work/objections#objection-{objection}");
    let person = objector_person.to_string();
    let form = [
        ("csrf", CSRF),
        ("person_id", person.as_str()),
        ("reason", "Yêu cầu xoá của người phản ánh"),
        ("back", back.as_str()),
    ];
    let (status, _, _) = post_form(&t, "/work/erasures", &v.clerk, &form).await;
    assert_eq!(status, 403);
    // Without the form's token: refused; without a reason: refused, nothing erased.
    let (status, _, _) = post_form(&t, "/work/erasures", &admin, &form[1..]).await;
    assert_eq!(status, 403);
    let no_reason = [form[0], form[1], ("reason", " "), form[3]];
    let (status, _, body) = post_form(&t, "/work/erasures", &admin, &no_reason).await;
    assert_eq!(status, 422, "{body}");
    assert!(get(&t, "/work/objections", &admin).await.contains(OBJECTOR));
    // Erased: back to the objection with the banner; twice answers the same.
    for _ in 0..2 {
        let (status, location, _) = post_form(&t, "/work/erasures", &admin, &form).await;
        assert_eq!(status, 303);
        assert_eq!(
            location,
            format!("/work/objections?done=erased#objection-{objection}")
        );
    }
    // The nominee, by nomination, from the nomination page's form.
    let nomination = get(&t, &format!("/work/nominations/{}", v.n), &admin).await;
    assert!(
        nomination.contains(&format!("name=\"nomination_id\" value=\"{}\"", v.n)),
        "{nomination}"
    );
    let n = v.n.to_string();
    let back = format!("/work/nominations/{n}");
    let form = [
        ("csrf", CSRF),
        ("nomination_id", n.as_str()),
        ("reason", "Yêu cầu xoá"),
        ("back", back.as_str()),
    ];
    let (status, location, _) = post_form(&t, "/work/erasures", &admin, &form).await;
    assert_eq!(
        (status, location.as_str()),
        (303, format!("{back}?done=erased").as_str())
    );

    // Every page that named them shows the Vietnamese marker now.
    let objections = get(&t, "/work/objections?done=erased", &admin).await;
    erased_in_vi("/work/objections", &objections, &[OBJECTOR, PHONE, NOMINEE]);
    assert!(objections.contains("id=\"done\""), "the banner");
    for path in [
        "/honours".to_owned(),
        "/".to_owned(),
        format!("/work/nominations/{n}"),
        format!("/work/nominations/{n}/history"),
        format!("/work/nominations?programme_id={}", v.pid),
        format!("/work/programmes/{}/tally", v.pid),
    ] {
        let body = get(&t, &path, &admin).await;
        erased_in_vi(&path, &body, &[NOMINEE]);
    }
    let feed = t
        .client
        .get(format!("{}/honours.atom", t.server.url()))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    erased_in_vi("/honours.atom", &feed, &[NOMINEE]);
    let award = feed
        .split("/honours/")
        .nth(1)
        .and_then(|s| s.get(..36))
        .unwrap()
        .to_owned();
    let award_page = get(&t, &format!("/honours/{award}"), &admin).await;
    erased_in_vi("/honours/{award}", &award_page, &[NOMINEE]);
    // In English, the English marker.
    let en = get(&t, "/honours?lang=en", &admin).await;
    assert!(en.contains("[erased]") && !en.contains("[đã xoá]") && !en.contains(NOMINEE));
    // The erased nominee offers no second erasure.
    assert!(
        !get(&t, &format!("/work/nominations/{n}"), &admin)
            .await
            .contains("action=\"/work/erasures\"")
    );
}

/// During public notice: the notice list and the objection form show the marker.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_notice_pages_show_an_erased_nominee_in_the_readers_language() {
    let t = TestApp::start().await;
    let open =
        json!({"threshold": {"num": 1, "den": 2}, "denominator": "votes_cast", "secret": false});
    let v = t
        .voting(VotingSetup {
            agency: ("Đài Truyền hình Việt Nam", "VTV", "a1.vn"),
            members: 1,
            programme: json!({"title": "Notice", "year": 2026, "notice_working_days": 0}),
            category: category("IND", open, 1, None),
            nominee: NOMINEE,
            reason: "ok",
        })
        .await;
    let chair = &v.members[0].1;
    t.ballot(chair, v.n, "approve").await;
    let close = format!("{}/rounds/IND/close", v.prog);
    t.expect(200, Method::POST, &close, Some(chair), None).await;
    t.move_to(&v.admin, &v.prog, "public_notice").await;
    assert!(get(&t, "/notice", &v.admin).await.contains(NOMINEE));
    let n = v.n.to_string();
    let form = [
        ("csrf", CSRF),
        ("nomination_id", n.as_str()),
        ("reason", "Yêu cầu"),
    ];
    let (status, location, _) = post_form(&t, "/work/erasures", &v.admin, &form).await;
    // No page to go back to: the objections page.
    assert_eq!(
        (status, location.as_str()),
        (303, "/work/objections?done=erased")
    );
    for path in ["/notice".to_owned(), format!("/notice/{n}/objection")] {
        erased_in_vi(&path, &get(&t, &path, &v.admin).await, &[NOMINEE]);
        let en = get(&t, &format!("{path}?lang=en"), &v.admin).await;
        assert!(
            en.contains("[erased]") && !en.contains("[đã xoá]"),
            "{path}: {en}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_users_page_shows_person_ids_and_erases_a_user() {
    let t = TestApp::start().await;
    let admin = t.admin().await;
    let a1 = t.agency(&admin, "Đài Truyền hình Việt Nam", "VTV").await;
    let (clerk_id, clerk) = t.user(&admin, "clerk@a1.vn", "clerk", Some(a1)).await;
    let (status, _) = t.page("/work/users", &clerk).await;
    assert_eq!(status, 403, "the secretariat's page only");
    let user = t.get(&format!("/api/v1/users/{clerk_id}"), &admin).await;
    let person = user.body["person_id"].as_str().unwrap().to_owned();
    let body = get(&t, "/work/users", &admin).await;
    assert!(
        body.contains("clerk@a1.vn") && body.contains(&person),
        "{body}"
    );
    // One form: the clerk's; none on the admin's own row (it would lock them out).
    assert_eq!(
        body.matches("action=\"/work/erasures\"").count(),
        1,
        "{body}"
    );
    let back = "/work/users";
    let form = [
        ("csrf", CSRF),
        ("person_id", person.as_str()),
        ("reason", "Nghỉ việc, yêu cầu xoá"),
        ("back", back),
    ];
    let (status, location, _) = post_form(&t, "/work/erasures", &admin, &form).await;
    assert_eq!(
        (status, location.as_str()),
        (303, "/work/users?done=erased")
    );
    let body = get(&t, "/work/users?done=erased", &admin).await;
    erased_in_vi(
        "/work/users",
        &body,
        &["clerk@a1.vn", "Người dùng clerk@a1.vn"],
    );
    assert!(body.contains(&person), "the person id stays: {body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_new_nomination_form_finds_and_links_a_known_person() {
    let t = TestApp::start().await;
    let admin = t.admin().await;
    let a1 = t.agency(&admin, "Đài Truyền hình Việt Nam", "VTV").await;
    let (_, clerk) = t.user(&admin, "clerk@a1.vn", "clerk", Some(a1)).await;
    let (pid, prog) = t
        .programme(&admin, json!({"title": "Identity", "year": 2026}))
        .await;
    t.add_category(&admin, &prog, category("IND", ninety_percent(), 2, None))
        .await;
    t.add_category(&admin, &prog, category("IND2", ninety_percent(), 2, None))
        .await;
    t.move_to(&admin, &prog, "nominating").await;
    let mut first = nomination(NOMINEE);
    first["nominee"]["birth_year"] = json!(1980);
    first["nominee"]["national_id"] = json!("001080012345");
    let n1 = t.nominate(&clerk, &prog, first).await;
    let known = t.get(&format!("/api/v1/nominations/{n1}"), &clerk).await;
    let person = known.body["person_id"].as_str().unwrap().to_owned();

    let path = format!("/work/programmes/{pid}/nominations/new");
    let form_page = get(&t, &path, &clerk).await;
    assert!(form_page.contains("name=\"national_id\""), "{form_page}");
    assert!(form_page.contains("name=\"find\""), "{form_page}");
    // Step one: the candidates, "a new person" checked; nothing saved.
    let before = t.head();
    let (status, _, body) = post_form(&t, &path, &clerk, &fields(true, "")).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(t.head(), before);
    assert!(
        body.contains(&format!("name=\"person_id\" value=\"{person}\"")),
        "{body}"
    );
    assert!(body.contains("id=\"person-new\" checked"), "{body}");
    assert!(
        body.contains("từ hồ sơ của đơn vị"),
        "known from the agency's nomination"
    );
    // A choice that is not an id comes back beside the list.
    let (status, _, body) = post_form(&t, &path, &clerk, &fields(false, "nope")).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("person_id-error"), "{body}");
    // A person the agency may not link (unknown here): the action's refusal beside the list,
    // the candidates still offered.
    let stranger = Uuid::new_v4().to_string();
    let (status, _, body) = post_form(&t, &path, &clerk, &fields(false, &stranger)).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("person_id-error"), "{body}");
    assert!(body.contains(&format!("value=\"{person}\"")), "{body}");
    assert_eq!(t.head(), before, "nothing saved");
    // Step two: saved, linked to the chosen person.
    let (status, location, body) = post_form(&t, &path, &clerk, &fields(false, &person)).await;
    assert_eq!(status, 303, "{body}");
    let n2: Uuid = location
        .trim_start_matches("/work/nominations/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let linked = t.get(&format!("/api/v1/nominations/{n2}"), &clerk).await;
    assert_eq!(linked.body["person_id"].as_str(), Some(person.as_str()));
    assert_ne!(n2, n1);
}

/// The new-nomination form as a clerk fills it: with `find`, the first step; else the save,
/// after the candidates were shown, with `person_id` chosen (blank: a new person).
fn fields(find: bool, person_id: &str) -> Vec<(&'static str, &str)> {
    let mut f = vec![
        ("csrf", CSRF),
        ("key", "k-1"),
        ("category_code", "IND2"),
        ("full_name", NOMINEE),
        ("organisation", "Đài Truyền hình Việt Nam"),
        ("birth_year", "1980"),
        ("citation", "Vì đóng góp"),
        ("achievements", "Nhiều năm"),
    ];
    if find {
        f.push(("find", "1"));
    } else {
        f.push(("searched", "1"));
        f.push(("person_id", person_id));
    }
    f
}
