//! Issue 5's end-to-end story over HTTP, the same as the app's scenario: two agencies, a
//! quota refusal, screening, a council of 10 with one member recused, a secret vote at 90%
//! of all members with absentee ballots, a pass and a fail by one, an upheld objection, the
//! decision, a revocation — every response asserted, and the final public honour list.

use reqwest::Method;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::api::support::*;

fn status(res: &Res) -> &str {
    res.body["status"].as_str().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_whole_programme_over_http() {
    let t = TestApp::start().await;
    let admin = t.admin().await;
    let me = t.get("/api/v1/me", &admin).await;
    assert_eq!(
        (me.status.as_u16(), me.body["role"].as_str()),
        (200, Some("admin"))
    );

    // People: two agencies with a clerk and a head each, a council of 10 (member 10 works
    // for A1), the authority.
    let a1 = t.agency(&admin, "Đài Truyền hình Việt Nam", "VTV").await;
    let a2 = t.agency(&admin, "Thông tấn xã Việt Nam", "TTXVN").await;
    let (_, clerk1) = t.user(&admin, "clerk1@vtv.vn", "clerk", Some(a1)).await;
    let (_, head1) = t.user(&admin, "head1@vtv.vn", "head", Some(a1)).await;
    let (_, clerk2) = t.user(&admin, "clerk2@ttxvn.vn", "clerk", Some(a2)).await;
    let (_, head2) = t.user(&admin, "head2@ttxvn.vn", "head", Some(a2)).await;
    let mut members: Vec<(Uuid, String)> = Vec::new();
    for i in 1..=10 {
        let agency = (i == 10).then_some(a1);
        members.push(
            t.user(&admin, &format!("member{i}@council.vn"), "member", agency)
                .await,
        );
    }
    let (_, authority) = t
        .user(&admin, "minister@most.gov.vn", "authority", None)
        .await;
    let m = |i: usize| &members[i - 1].1;

    // The programme: one category, 2 awards, 2 per agency; notice of 0 working days.
    let p = t
        .expect(201, Method::POST, "/api/v1/programmes", Some(&admin),
            Some(json!({"title": "Giải thưởng Truyền thông KH&CN 2026", "year": 2026, "notice_working_days": 0})))
        .await;
    let pid = p.id();
    assert_eq!(p.body["phase"], "setup");
    let prog = format!("/api/v1/programmes/{pid}");
    t.expect(
        201,
        Method::POST,
        &format!("{prog}/categories"),
        Some(&admin),
        Some(category("IND", ninety_percent(), 2, Some(2))),
    )
    .await;
    let member_ids: Vec<Uuid> = members.iter().map(|(id, _)| *id).collect();
    let panel = t
        .expect(201, Method::POST, &format!("{prog}/panels"), Some(&admin),
            Some(json!({"name": "Hội đồng", "category_codes": ["IND"], "member_ids": member_ids, "chair_id": member_ids[0]})))
        .await;
    assert_eq!(
        panel.body["panels"][0]["member_ids"]
            .as_array()
            .unwrap()
            .len(),
        10
    );
    let phase = |to: &str| json!({"phase": to});
    let moved = t
        .expect(
            200,
            Method::POST,
            &format!("{prog}/phase"),
            Some(&admin),
            Some(phase("nominating")),
        )
        .await;
    assert_eq!(moved.body["phase"], "nominating");

    // Two agencies nominate; A1's third submission is over its quota and refused.
    let draft = |token: String, name: &'static str| {
        let t = &t;
        let prog = prog.clone();
        async move {
            let res = t
                .expect(
                    201,
                    Method::POST,
                    &format!("{prog}/nominations"),
                    Some(&token),
                    Some(nomination(name)),
                )
                .await;
            assert_eq!(
                (status(&res), res.body["version"].as_u64()),
                ("draft", Some(1))
            );
            assert_eq!(res.etag(), "\"1\"");
            res.id()
        }
    };
    let n1 = draft(clerk1.clone(), "Nguyễn Văn An").await;
    let n2 = draft(clerk1.clone(), "Trần Thị Bình").await;
    let n5 = draft(clerk1.clone(), "Lê Văn Cường").await;
    let n3 = draft(clerk2.clone(), "Phạm Thị Dung").await;
    let n4 = draft(clerk2.clone(), "Hoàng Văn Em").await;
    let nom = |id: Uuid| format!("/api/v1/nominations/{id}");
    // A clerk of the other agency cannot see A1's draft; the clerk amends it with If-Match.
    t.expect(404, Method::GET, &nom(n1), Some(&clerk2), None)
        .await;
    let amended = t
        .call(
            Method::PATCH,
            &nom(n1),
            Some(&clerk1),
            Some(json!({"citation": "Vì đóng góp đặc biệt xuất sắc"})),
        )
        .await;
    assert_eq!(
        (amended.status.as_u16(), amended.body["version"].as_u64()),
        (200, Some(2))
    );
    for (head, n) in [(&head1, n1), (&head1, n2), (&head2, n3), (&head2, n4)] {
        let res = t
            .expect(
                200,
                Method::POST,
                &format!("{}/submit", nom(n)),
                Some(head),
                None,
            )
            .await;
        assert_eq!(status(&res), "submitted");
    }
    let before = t.head();
    let refused = t
        .expect(
            422,
            Method::POST,
            &format!("{}/submit", nom(n5)),
            Some(&head1),
            None,
        )
        .await;
    assert!(
        refused.body["detail"].as_str().unwrap().contains("quota"),
        "{}",
        refused.body
    );
    assert_eq!(t.head(), before, "a refused command appends nothing");
    // A clerk may not submit.
    t.expect(
        403,
        Method::POST,
        &format!("{}/submit", nom(n5)),
        Some(&clerk1),
        None,
    )
    .await;

    // Screening: one ineligible.
    t.expect(
        200,
        Method::POST,
        &format!("{prog}/phase"),
        Some(&admin),
        Some(phase("screening")),
    )
    .await;
    for (n, eligible) in [(n1, true), (n2, true), (n3, true), (n4, false)] {
        let res = t
            .expect(
                200,
                Method::POST,
                &format!("{}/screening", nom(n)),
                Some(&admin),
                Some(json!({"eligible": eligible, "reason": "xét theo quy chế"})),
            )
            .await;
        assert_eq!(
            status(&res),
            if eligible { "eligible" } else { "ineligible" }
        );
    }

    // Review: moving on assigns every member; member 10 is recused from A1's nominations.
    t.expect(
        200,
        Method::POST,
        &format!("{prog}/phase"),
        Some(&admin),
        Some(phase("reviewing")),
    )
    .await;
    let mine = t.get("/api/v1/assignments", m(10)).await;
    let ids: Vec<&str> = mine.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        vec![n3.to_string().as_str()],
        "member 10 sees only A2's nomination"
    );
    t.expect(404, Method::GET, &nom(n1), Some(m(10)), None)
        .await;
    for (n, v) in [(n1, 8), (n2, 5), (n3, 9)] {
        for i in 1..=3 {
            t.expect(
                200,
                Method::PUT,
                &format!("{}/score", nom(n)),
                Some(m(i)),
                Some(json!({"scores": {"impact": v, "reach": v}, "comment": "tốt"})),
            )
            .await;
        }
    }
    let ranking = t
        .get(&format!("{prog}/ranking?category_code=IND"), m(2))
        .await;
    assert_eq!(ranking.body["items"][0]["nomination_id"], n3.to_string());

    // Voting, secret, at least 90% of all eligible members.
    t.expect(
        200,
        Method::POST,
        &format!("{prog}/phase"),
        Some(&admin),
        Some(phase("voting")),
    )
    .await;
    let mut votes: Vec<(usize, Uuid, &str)> = vec![];
    votes.extend((1..=7).map(|i| (i, n1, "approve")));
    votes.extend((1..=8).map(|i| (i, n2, "approve")));
    votes.push((9, n2, "reject"));
    votes.extend((1..=9).map(|i| (i, n3, "approve")));
    votes.push((10, n3, "abstain"));
    for (i, n, c) in votes {
        t.expect(
            200,
            Method::PUT,
            &format!("{}/ballot", nom(n)),
            Some(m(i)),
            Some(json!({"choice": c})),
        )
        .await;
    }
    for i in [8usize, 9] {
        t.expect(
            200,
            Method::POST,
            &format!("{}/absentee-ballots", nom(n1)),
            Some(&admin),
            Some(json!({"member_id": members[i - 1].0, "choice": "approve"})),
        )
        .await;
    }
    // The recused member cannot vote; under the secret rule a second ballot is refused with
    // one answer whatever its choice (issue 10 item 1).
    let before = t.head();
    t.expect(
        403,
        Method::PUT,
        &format!("{}/ballot", nom(n1)),
        Some(m(10)),
        Some(json!({"choice": "approve"})),
    )
    .await;
    let mut again = Vec::new();
    for c in ["reject", "approve"] {
        let res = t
            .expect(
                409,
                Method::PUT,
                &format!("{}/ballot", nom(n2)),
                Some(m(9)),
                Some(json!({"choice": c})),
            )
            .await;
        again.push(res.body);
    }
    assert_eq!(again[0], again[1]);
    assert_eq!(t.head(), before);
    // Progress shows who voted, never how.
    let progress = t.get(&format!("{prog}/progress"), m(1)).await;
    assert_eq!(progress.status.as_u16(), 200);
    assert!(
        !progress.body.to_string().contains("\"approve\""),
        "{}",
        progress.body
    );
    t.expect(
        403,
        Method::GET,
        &format!("{prog}/progress"),
        Some(m(2)),
        None,
    )
    .await;

    // The chair closes the round: counted.
    t.expect(
        200,
        Method::POST,
        &format!("{prog}/rounds/IND/close"),
        Some(m(1)),
        None,
    )
    .await;
    let tally = t.get(&format!("{prog}/tally"), &admin).await;
    let row = |n: Uuid| -> Value {
        tally.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["nomination_id"] == n.to_string())
            .unwrap()
            .clone()
    };
    let pick = |r: Value| {
        (
            r["approve"].clone(),
            r["reject"].clone(),
            r["abstain"].clone(),
            r["eligible_voters"].clone(),
            r["required"].clone(),
            r["passed"].clone(),
            r["status"].clone(),
            r["rank"].clone(),
        )
    };
    assert_eq!(
        pick(row(n1)),
        (
            json!(9),
            json!(0),
            json!(0),
            json!(9),
            json!(9),
            json!(true),
            json!("recommended"),
            json!(2)
        )
    );
    assert_eq!(
        pick(row(n2)),
        (
            json!(8),
            json!(1),
            json!(0),
            json!(9),
            json!(9),
            json!(false),
            json!("not_recommended"),
            Value::Null
        ),
        "fails by one"
    );
    assert_eq!(
        pick(row(n3)),
        (
            json!(9),
            json!(0),
            json!(1),
            json!(10),
            json!(9),
            json!(true),
            json!("recommended"),
            json!(1)
        )
    );
    // The chair sees the tally too, but member 10 (recused) is no chair.
    t.expect(200, Method::GET, &format!("{prog}/tally"), Some(m(1)), None)
        .await;

    // Public notice: anyone objects to N3; upheld.
    t.expect(
        200,
        Method::POST,
        &format!("{prog}/phase"),
        Some(&admin),
        Some(phase("public_notice")),
    )
    .await;
    let notice = t
        .call(
            Method::GET,
            &format!("/api/v1/public/notice?programme_id={pid}"),
            None,
            None,
        )
        .await;
    let listed: Vec<&str> = notice.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["full_name"].as_str().unwrap())
        .collect();
    assert_eq!(listed.len(), 2);
    assert!(listed.contains(&"Nguyễn Văn An") && listed.contains(&"Phạm Thị Dung"));
    assert!(
        !notice.body.to_string().contains("1980"),
        "no birth year in public"
    );
    let objection = t
        .expect(201, Method::POST, &format!("/api/v1/public/nominations/{n3}/objections"), None,
            Some(json!({"full_name": "Ngô Văn Phản", "phone": "0900000000", "address": "Hà Nội", "text": "Thành tích đã được khen thưởng"})))
        .await
        .id();
    let open = t
        .get(
            &format!("/api/v1/objections?programme_id={pid}&status=open"),
            &admin,
        )
        .await;
    assert_eq!(open.body["items"][0]["id"], objection.to_string());
    assert!(
        !open.body.to_string().contains("Ngô Văn Phản"),
        "objectors stay private"
    );
    let early = t
        .expect(
            409,
            Method::POST,
            &format!("{prog}/phase"),
            Some(&admin),
            Some(phase("deciding")),
        )
        .await;
    assert!(early.body["detail"].as_str().unwrap().contains("objection"));
    let resolved = t
        .expect(
            200,
            Method::POST,
            &format!("/api/v1/objections/{objection}/resolution"),
            Some(&admin),
            Some(json!({"upheld": true, "reason": "đã xác minh"})),
        )
        .await;
    assert_eq!(resolved.body["nomination_status"], "objection_upheld");
    t.expect(
        200,
        Method::POST,
        &format!("{prog}/phase"),
        Some(&admin),
        Some(phase("deciding")),
    )
    .await;

    // The authority decides: N1 is conferred; published; then revoked.
    t.expect(
        403,
        Method::POST,
        &format!("{prog}/decision"),
        Some(&admin),
        Some(json!({"decision_no": "x", "decided_on": "2026-04-20", "signer": "x"})),
    )
    .await;
    let decision = t
        .expect(200, Method::POST, &format!("{prog}/decision"), Some(&authority),
            Some(json!({"decision_no": "123/QĐ-BKHCN", "decided_on": "2026-04-20", "signer": "Bộ trưởng"})))
        .await;
    let awards = decision.body["awards"].as_array().unwrap();
    assert_eq!(awards.len(), 1);
    assert_eq!(awards[0]["nomination_id"], n1.to_string());
    let award = awards[0]["award_id"].as_str().unwrap().to_owned();
    let hidden = t
        .call(Method::GET, "/api/v1/public/honours", None, None)
        .await;
    assert_eq!(
        hidden.body["items"].as_array().unwrap().len(),
        0,
        "not published yet"
    );
    t.expect(
        200,
        Method::POST,
        &format!("{prog}/phase"),
        Some(&admin),
        Some(phase("published")),
    )
    .await;
    let honours = t
        .call(
            Method::GET,
            "/api/v1/public/honours?q=nguyen%20van%20an",
            None,
            None,
        )
        .await;
    assert_eq!(honours.body["items"][0]["status"], "awarded");
    t.expect(200, Method::POST, &format!("/api/v1/awards/{award}/revocation"), Some(&authority),
        Some(json!({"ground": "false_dossier", "decision_no": "200/QĐ-BKHCN", "decided_on": "2026-09-01"}))).await;

    // Every outcome, as the secretariat sees the queue.
    let all = t
        .get(&format!("/api/v1/nominations?programme_id={pid}"), &admin)
        .await;
    let status_of = |n: Uuid| {
        all.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == n.to_string())
            .unwrap()["status"]
            .clone()
    };
    assert_eq!(
        [n1, n2, n3, n4, n5].map(status_of),
        [
            json!("revoked"),
            json!("not_recommended"),
            json!("objection_upheld"),
            json!("ineligible"),
            json!("draft")
        ]
    );

    // The final public honour list: one award, revoked, with its decision; nothing private.
    let honours = t
        .call(
            Method::GET,
            &format!("/api/v1/public/honours?programme_id={pid}"),
            None,
            None,
        )
        .await;
    assert_eq!(honours.status.as_u16(), 200);
    let items = honours.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    let h = &items[0];
    assert_eq!(
        (
            h["full_name"].as_str(),
            h["status"].as_str(),
            h["decision_no"].as_str(),
            h["agency_id"].as_str(),
            h["year"].as_i64(),
            h["province"].as_str()
        ),
        (
            Some("Nguyễn Văn An"),
            Some("revoked"),
            Some("123/QĐ-BKHCN"),
            Some(a1.to_string().as_str()),
            Some(2026),
            Some("Hà Nội")
        )
    );
    assert_eq!(h["agency_name"], "Đài Truyền hình Việt Nam");
    assert!(!honours.body.to_string().contains("1980"));
    let page = t
        .call(
            Method::GET,
            &format!("/api/v1/public/awards/{award}"),
            None,
            None,
        )
        .await;
    assert_eq!(page.body["revocation"]["ground"], "false_dossier");
    assert!(page.body["verification"]["hash"].is_string());
    let verify = t.get("/api/v1/verify", &admin).await;
    assert_eq!(verify.body["ok"], true);
    assert_eq!(verify.body["events"].as_u64(), Some(t.head()));
    // Issue 10 item 12: every GET route, as the secretariat, the authority and the chair,
    // writes dates as YYYY-MM-DD and instants as RFC 3339 (no `[2026, 324]` tuples).
    let ids = crate::api::correctness::ids(&[
        ("agencies", a1),
        ("users", members[0].0),
        ("programmes", pid),
        ("nominations", n1),
        ("awards", award.parse().unwrap()),
        ("objections", objection),
    ]);
    let (answered, seen) = crate::api::correctness::walk_every_get(&t, &admin, &ids).await;
    for route in ["/api/v1/public/honours", "/api/v1/public/awards/{id}"] {
        assert!(answered.iter().any(|r| r == route), "{route}: {answered:?}");
    }
    assert!(seen >= 10, "{seen} dates and instants seen in {answered:?}");
    crate::api::correctness::walk_every_get(&t, &authority, &ids).await;
    crate::api::correctness::walk_every_get(&t, m(1), &ids).await;
    // Sign out revokes the token.
    t.expect(204, Method::DELETE, "/api/v1/session", Some(&admin), None)
        .await;
    t.expect(401, Method::GET, "/api/v1/me", Some(&admin), None)
        .await;
    t.server.stop().await.unwrap();
}
