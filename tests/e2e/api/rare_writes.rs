//! The writes a plain award cycle never makes, each driven to its success answer through real
//! steps of a cycle (so the conformance check proves their documented bodies) and to its
//! refusals: changing a category in setup and a panel before review, assigning reviewers
//! after the schedule moved the programme into review, returning a nomination for correction
//! during screening, and promoting a reserve into a place an upheld objection freed.

use reqwest::Method;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::api::support::*;

fn setup<'a>(category: Value, nominee: &'a str) -> VotingSetup<'a> {
    VotingSetup {
        agency: ("Đài Truyền hình Việt Nam", "VTV", "vtv.vn"),
        members: 3,
        programme: json!({"title": "Giải thưởng 2026", "year": 2026, "notice_working_days": 0}),
        category,
        nominee,
        reason: "đủ điều kiện",
    }
}

/// Asserts a 200 whose `ETag` is its body's `version`; returns that version.
fn versioned(res: &Res) -> u64 {
    assert_eq!(res.status.as_u16(), 200, "{}", res.body);
    let version = res.body["version"].as_u64().unwrap();
    assert_eq!(res.etag(), format!("\"{version}\""), "{}", res.body);
    version
}

/// The category `code` in a programme answer.
fn category_of<'a>(programme: &'a Value, code: &str) -> &'a Value {
    let categories = programme["categories"].as_array().unwrap();
    categories.iter().find(|c| c["code"] == code).unwrap()
}

/// The panel `id` in a programme answer.
fn panel_of(programme: &Value, id: Uuid) -> &Value {
    let panels = programme["panels"].as_array().unwrap();
    panels.iter().find(|p| p["id"] == id.to_string()).unwrap()
}

fn ids(v: &Value) -> Vec<String> {
    let items = v.as_array().unwrap();
    items
        .iter()
        .map(|i| i.as_str().unwrap().to_owned())
        .collect()
}

/// `PATCH .../categories/{code}` replaces the category in setup (with `If-Match` the
/// programme's version), repeats as a no-op, and is refused on a stale version, another
/// code, and once nominating began; `PATCH /api/v1/panels/{id}` changes the panel's name,
/// members and chair up to screening, and is refused on a stale version and once review began.
#[tokio::test]
async fn a_category_changes_in_setup_and_a_panel_until_review() {
    let t = TestApp::start().await;
    let admin = t.admin().await;
    let mut members = Vec::new();
    for i in 1..=3 {
        let email = format!("m{i}@council.vn");
        members.push(t.user(&admin, &email, "member", None).await.0);
    }
    let (pid, prog) = t
        .programme(&admin, json!({"title": "Giải thưởng 2026", "year": 2026}))
        .await;
    t.add_category(&admin, &prog, category("IND", ninety_percent(), 2, None))
        .await;
    let panel = t
        .add_panel(&admin, &prog, "Hội đồng", &["IND"], &members, members[0])
        .await;
    let shown = t.get(&prog, &admin).await;
    let etag = shown.etag();

    // The category: three awards, one per agency, a new title.
    let cat = format!("{prog}/categories/IND");
    let mut changed = category("IND", ninety_percent(), 3, Some(1));
    changed["title"] = json!("Hạng mục cá nhân tiêu biểu");
    let before = t.head();
    let res = t
        .request(Method::PATCH, &cat, Some(&admin))
        .header("if-match", &etag)
        .json(&changed);
    let res = TestApp::send(res).await;
    let version = versioned(&res);
    assert_eq!(version, versioned(&shown) + 1, "{}", res.body);
    assert_eq!(res.body["id"], pid.to_string());
    let ind = category_of(&res.body, "IND");
    assert_eq!(
        (&ind["title"], &ind["max_awards"], &ind["max_per_agency"]),
        (&json!("Hạng mục cá nhân tiêu biểu"), &json!(3), &json!(1)),
        "{ind}"
    );
    assert_eq!(t.head(), before + 1);
    assert_eq!(category_of(&t.get(&prog, &admin).await.body, "IND"), ind);

    // The same body again changes nothing: the same version, nothing appended.
    let before = t.head();
    let again = t
        .call(Method::PATCH, &cat, Some(&admin), Some(changed.clone()))
        .await;
    assert_eq!(versioned(&again), version);
    assert_eq!(category_of(&again.body, "IND"), ind);
    assert_eq!(t.head(), before, "an unchanged category appends nothing");

    // A stale If-Match, and a body naming another code, are refused.
    let stale = t
        .request(Method::PATCH, &cat, Some(&admin))
        .header("if-match", &etag)
        .json(&category("IND", ninety_percent(), 5, None));
    let before = t.head();
    problem(&TestApp::send(stale).await, 412);
    assert_eq!(t.head(), before);
    let other = category("OTHER", ninety_percent(), 3, Some(1));
    t.refused(422, Method::PATCH, &cat, Some(&admin), Some(other))
        .await;

    // The panel: renamed, member 1 leaves, member 2 chairs.
    let path = format!("/api/v1/panels/{panel}");
    let patch = json!({"name": "Hội đồng chuyên ngành", "member_ids": [members[1], members[2]],
                       "chair_id": members[1]});
    let res = t
        .request(Method::PATCH, &path, Some(&admin))
        .header("if-match", format!("\"{version}\""))
        .json(&patch);
    let res = TestApp::send(res).await;
    let after_panel = versioned(&res);
    assert_eq!(after_panel, version + 1);
    let p = panel_of(&res.body, panel);
    assert_eq!(p["name"], "Hội đồng chuyên ngành");
    assert_eq!(
        ids(&p["member_ids"]),
        [members[1].to_string(), members[2].to_string()]
    );
    assert_eq!(p["chair_id"], members[1].to_string());
    assert_eq!(ids(&p["category_codes"]), ["IND"]);
    // Retried on the version it was made against: 412, the panel as it was changed.
    let retry = t
        .request(Method::PATCH, &path, Some(&admin))
        .header("if-match", format!("\"{version}\""))
        .json(&patch);
    let before = t.head();
    problem(&TestApp::send(retry).await, 412);
    assert_eq!(t.head(), before);
    // A chair who is not a member is a broken rule.
    let outsider = json!({"chair_id": members[0]});
    t.refused(422, Method::PATCH, &path, Some(&admin), Some(outsider))
        .await;

    // Nominating: the category is fixed (409), the panel still changes.
    t.move_to(&admin, &prog, "nominating").await;
    let late = category("IND", ninety_percent(), 4, None);
    let refused = t
        .refused(409, Method::PATCH, &cat, Some(&admin), Some(late))
        .await;
    assert!(
        refused.body["detail"].as_str().unwrap().contains("setup"),
        "{}",
        refused.body
    );
    let renamed = t
        .call(
            Method::PATCH,
            &path,
            Some(&admin),
            Some(json!({"name": "Hội đồng KH&CN"})),
        )
        .await;
    versioned(&renamed);
    let p = panel_of(&renamed.body, panel);
    assert_eq!(
        (&p["name"], &p["chair_id"]),
        (&json!("Hội đồng KH&CN"), &json!(members[1]))
    );

    // Once review began the panel is fixed too (409); a member may not change it at all.
    for phase in ["screening", "reviewing"] {
        t.move_to(&admin, &prog, phase).await;
    }
    let body = Some(json!({"name": "Muộn"}));
    t.refused(409, Method::PATCH, &path, Some(&admin), body.clone())
        .await;
    let member = t.sign_in("m2@council.vn", PASSWORD).await;
    t.refused(403, Method::PATCH, &path, Some(&member), body)
        .await;
    let shown = t.get(&prog, &admin).await;
    assert_eq!(panel_of(&shown.body, panel)["name"], "Hội đồng KH&CN");
    assert_eq!(category_of(&shown.body, "IND")["max_awards"], 3);
}

/// The schedule moves a screened programme into review on its own, which assigns no one; the
/// admin's `POST /api/v1/panels/{id}/assignments` draws the reviewers (refused before review,
/// to a member, and when nothing waits), and then review can end.
#[tokio::test]
async fn reviewers_are_assigned_after_the_schedule_moved_into_review() {
    let t = TestApp::start().await;
    let v = t
        .screened(setup(
            category("IND", ninety_percent(), 2, None),
            "Nguyễn Văn An",
        ))
        .await;
    let assign = format!("/api/v1/panels/{}/assignments", v.panel);
    t.refused(409, Method::POST, &assign, Some(&v.admin), None)
        .await;

    // Screening's scheduled end has passed: a pass of the schedule moves on by itself.
    let schedule = json!({"schedule": {"nominating": "2020-01-01", "screening": "2020-01-02"}});
    t.expect(200, Method::PATCH, &v.prog, Some(&v.admin), Some(schedule))
        .await;
    t.server.state.app.run_schedule().await.unwrap();
    let shown = t.get(&v.prog, &v.admin).await;
    assert_eq!(shown.body["phase"], "reviewing", "{}", shown.body);
    assert!(
        shown.body["unfinished_work"]
            .as_str()
            .unwrap()
            .contains("no reviewers"),
        "{}",
        shown.body
    );
    let m1 = &v.members[0].1;
    let mine = t.get("/api/v1/assignments", m1).await;
    assert_eq!(mine.body["items"], json!([]), "{}", mine.body);

    t.refused(403, Method::POST, &assign, Some(m1), None).await;
    let before = t.head();
    let res = t.call(Method::POST, &assign, Some(&v.admin), None).await;
    let version = versioned(&res);
    assert!(version > versioned(&shown));
    assert!(t.head() > before);
    assert_eq!(
        (
            &res.body["id"],
            &res.body["phase"],
            &res.body["unfinished_work"]
        ),
        (&json!(v.pid), &json!("reviewing"), &Value::Null),
        "{}",
        res.body
    );
    for (_, member) in &v.members {
        let mine = t.get("/api/v1/assignments", member).await;
        assert_eq!(
            mine.body["items"][0]["id"],
            v.n.to_string(),
            "{}",
            mine.body
        );
    }

    // Nothing waits any more: a second draw is refused and the first stands.
    let again = t
        .refused(409, Method::POST, &assign, Some(&v.admin), None)
        .await;
    assert!(
        again.body["detail"].as_str().unwrap().contains("waiting"),
        "{}",
        again.body
    );
    assert_eq!(t.get(&v.prog, &v.admin).await.body["version"], version);
    t.move_to(&v.admin, &v.prog, "voting").await;
}

/// `POST .../return` sends a submitted nomination back to its agency during screening (not
/// before, not by the head, not twice); the clerk corrects it, the head resubmits it, and it
/// is screened eligible.
#[tokio::test]
async fn a_returned_nomination_is_corrected_and_resubmitted() {
    let t = TestApp::start().await;
    let v = t
        .nominating(setup(
            category("IND", ninety_percent(), 2, None),
            "Trần Thị Bình",
        ))
        .await;
    let nom = format!("/api/v1/nominations/{}", v.n);
    let ret = format!("{nom}/return");
    let reason = Some(json!({"reason": "Thiếu minh chứng loạt bài"}));
    t.refused(409, Method::POST, &ret, Some(&v.admin), reason.clone())
        .await;

    t.move_to(&v.admin, &v.prog, "screening").await;
    t.refused(403, Method::POST, &ret, Some(&v.head), reason.clone())
        .await;
    let blank = Some(json!({"reason": " "}));
    t.refused(422, Method::POST, &ret, Some(&v.admin), blank)
        .await;
    let submitted = t.get(&nom, &v.admin).await;
    assert_eq!(submitted.body["status"], "submitted");
    let res = t
        .call(Method::POST, &ret, Some(&v.admin), reason.clone())
        .await;
    let version = versioned(&res);
    // The ETag is the content version: a status change keeps it, an amendment moves it.
    assert_eq!(version, versioned(&submitted));
    assert_eq!(
        (&res.body["id"], &res.body["status"]),
        (&json!(v.n), &json!("returned")),
        "{}",
        res.body
    );
    let agency_sees = t.get(&nom, &v.clerk).await;
    assert_eq!(agency_sees.body["status"], "returned");
    let again = t
        .refused(409, Method::POST, &ret, Some(&v.admin), reason)
        .await;
    assert!(
        again.body["detail"].as_str().unwrap().contains("returned"),
        "{}",
        again.body
    );
    // It cannot be screened as it is: it is the agency's to correct and resubmit.
    t.refused(
        409,
        Method::POST,
        &format!("{nom}/screening"),
        Some(&v.admin),
        Some(json!({"eligible": true, "reason": "ok"})),
    )
    .await;

    let corrected = t
        .call(
            Method::PATCH,
            &nom,
            Some(&v.clerk),
            Some(
                json!({"evidence": [{"title": "Loạt bài đầy đủ", "url": "https://example.vn/b"}]}),
            ),
        )
        .await;
    assert_eq!(versioned(&corrected), version + 1);
    assert_eq!(corrected.body["status"], "returned");
    t.submit(&v.head, v.n).await;
    t.screen_eligible(&v.admin, v.n, "đã bổ sung").await;
    let done = t.get(&nom, &v.admin).await;
    assert_eq!(done.body["status"], "eligible");
    assert_eq!(done.body["evidence"][0]["title"], "Loạt bài đầy đủ");
}

/// Two pass where one award is allowed: the second is a reserve. `POST .../promote` is
/// refused in voting (409) and while the place is taken (422); once an objection against the
/// recommended one is upheld, the reserve moves up to `recommended` (once: a second promote is
/// 409) and takes the freed place on the public-notice list.
#[tokio::test]
async fn a_reserve_is_promoted_into_a_place_an_upheld_objection_freed() {
    let t = TestApp::start().await;
    let majority = json!({"threshold": {"num": 1, "den": 2, "strict": true},
                          "denominator": "votes_cast"});
    let v = t
        .nominating(setup(category("IND", majority, 1, None), "Nguyễn Văn An"))
        .await;
    let (admin, prog) = (&v.admin, &v.prog);
    let (first, second) = (
        v.n,
        t.nominate(&v.clerk, prog, nomination("Lê Thị Cúc")).await,
    );
    t.submit(&v.head, second).await;
    t.move_to(admin, prog, "screening").await;
    for n in [first, second] {
        t.screen_eligible(admin, n, "đủ điều kiện").await;
    }
    for phase in ["reviewing", "voting"] {
        t.move_to(admin, prog, phase).await;
    }
    // Both pass, the first by 3-0, the second by 2-1: one award, so the second is a reserve.
    for (i, (_, member)) in v.members.iter().enumerate() {
        t.ballot(member, first, "approve").await;
        t.ballot(member, second, if i == 2 { "reject" } else { "approve" })
            .await;
    }
    let chair = &v.members[0].1;
    t.expect(
        200,
        Method::POST,
        &format!("{prog}/rounds/IND/close"),
        Some(chair),
        None,
    )
    .await;
    let tally = t.get(&format!("{prog}/tally"), admin).await;
    let outcome: Vec<(String, bool, String)> = tally.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            let id = i["nomination_id"].as_str().unwrap().to_owned();
            (
                id,
                i["passed"] == true,
                i["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        outcome,
        [
            (first.to_string(), true, "recommended".to_owned()),
            (second.to_string(), true, "reserve".to_owned())
        ]
    );

    let nom = format!("/api/v1/nominations/{second}");
    let promote = format!("{nom}/promote");
    let reason = Some(json!({"reason": "Người được đề nghị bị phản ánh đúng"}));
    t.refused(409, Method::POST, &promote, Some(admin), reason.clone())
        .await;
    t.move_to(admin, prog, "public_notice").await;
    let taken = t
        .refused(422, Method::POST, &promote, Some(admin), reason.clone())
        .await;
    assert!(
        taken.body["detail"]
            .as_str()
            .unwrap()
            .contains("max_awards"),
        "{}",
        taken.body
    );
    t.refused(403, Method::POST, &promote, Some(chair), reason.clone())
        .await;

    // An objection against the recommended one is upheld: its place is free.
    let objection_id = t
        .expect(
            201,
            Method::POST,
            &format!("/api/v1/public/nominations/{first}/objections"),
            None,
            Some(objection("Thành tích đã được khen thưởng")),
        )
        .await
        .id();
    let resolved = t
        .post(
            &format!("/api/v1/objections/{objection_id}/resolution"),
            admin,
            json!({"upheld": true, "reason": "đã xác minh"}),
        )
        .await;
    assert_eq!(resolved.body["nomination_status"], "objection_upheld");

    let reserve = t.get(&nom, admin).await;
    assert_eq!(reserve.body["status"], "reserve");
    let before = t.head();
    let res = t
        .call(Method::POST, &promote, Some(admin), reason.clone())
        .await;
    let version = versioned(&res);
    assert_eq!(version, versioned(&reserve), "the content is unchanged");
    assert!(t.head() > before);
    assert_eq!(
        (&res.body["id"], &res.body["status"]),
        (&json!(second), &json!("recommended")),
        "{}",
        res.body
    );
    let again = t
        .refused(409, Method::POST, &promote, Some(admin), reason)
        .await;
    assert!(
        again.body["detail"]
            .as_str()
            .unwrap()
            .contains("recommended"),
        "{}",
        again.body
    );
    assert_eq!(t.get(&nom, admin).await.body["version"], version);

    // The public-notice list now names the promoted nominee, not the one objected to.
    assert_eq!(t.notice_names(v.pid).await, ["Lê Thị Cúc"]);
}
