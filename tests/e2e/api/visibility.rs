//! What each role may see over HTTP (issue 10 items 4 and 5): history filtered per role in
//! the API and the history page, the authority's dossiers, a chair's own panels.

use reqwest::Method;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::api::support::*;

const EMAIL: &str = "an.nguyen@example.vn";
const COMMENT: &str = "nhận xét riêng của thành viên một";

/// The history as `token` gets it: `(event_type, event)` per item.
async fn history(t: &TestApp, n: Uuid, token: &str) -> Vec<(String, Value)> {
    let res = t
        .expect(
            200,
            Method::GET,
            &format!("/api/v1/nominations/{n}/history"),
            Some(token),
            None,
        )
        .await;
    res.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["event_type"].as_str().unwrap().to_owned(),
                i["event"].clone(),
            )
        })
        .collect()
}

/// The history page as the holder of `token` reads it (the cookie session is the token).
async fn history_page(t: &TestApp, n: Uuid, token: &str) -> String {
    let (status, page) = t
        .page(&format!("/work/nominations/{n}/history"), token)
        .await;
    assert_eq!(status, 200);
    page
}

fn open_rule() -> Value {
    json!({"threshold": {"num": 1, "den": 2, "strict": true}, "denominator": "all_members",
           "secret": false, "absentee_written": true})
}

fn types(h: &[(String, Value)]) -> Vec<&str> {
    h.iter().map(|(t, _)| t.as_str()).collect()
}

/// issue 10 items 4, 5a, 5b: on main a member read the nominee's e-mail and birth year in
/// history, the agency read every reviewer's scores, comments and open ballots (API and
/// page), the authority listed drafts and failed nominations, and a chair read the tally and
/// progress of another panel's category.
#[tokio::test]
async fn each_role_sees_only_its_part() {
    let t = TestApp::start().await;
    let admin = t.admin().await;
    let a1 = t.agency(&admin, "Đài Truyền hình Việt Nam", "VTV").await;
    let (_, clerk) = t.user(&admin, "clerk@vtv.vn", "clerk", Some(a1)).await;
    let (_, head) = t.user(&admin, "head@vtv.vn", "head", Some(a1)).await;
    let mut members: Vec<(Uuid, String)> = Vec::new();
    for i in 1..=4 {
        members.push(
            t.user(&admin, &format!("member{i}@council.vn"), "member", None)
                .await,
        );
    }
    let (_, authority) = t
        .user(&admin, "minister@most.gov.vn", "authority", None)
        .await;
    let id = |i: usize| members[i - 1].0;
    let m = |i: usize| members[i - 1].1.clone();

    let (pid, prog) = t
        .programme(
            &admin,
            json!({"title": "Giải thưởng 2026", "year": 2026, "notice_working_days": 0}),
        )
        .await;
    for code in ["IND", "ORG"] {
        t.add_category(&admin, &prog, category(code, open_rule(), 1, None))
            .await;
    }
    // Member 1 chairs IND's panel and sits, not as chair, on ORG's (chaired by member 3).
    for (name, code, ms, chair) in [
        ("Hội đồng 1", "IND", vec![id(1), id(2)], id(1)),
        ("Hội đồng 2", "ORG", vec![id(3), id(4), id(1)], id(3)),
    ] {
        t.add_panel(&admin, &prog, name, &[code], &ms, chair).await;
    }
    let phase = |to: &'static str| t.move_to(&admin, &prog, to);
    phase("nominating").await;
    let draft = |name: &str, code: &str| {
        let mut body = nomination(name);
        body["category_code"] = json!(code);
        body["nominee"]["email"] = json!(EMAIL);
        body["nominee"]["birth_year"] = json!(1957);
        body
    };
    let mut ids = Vec::new();
    for (name, code) in [
        ("Nguyễn Văn An", "IND"),
        ("Trần Thị Bình", "IND"),
        ("Lê Văn Cường", "ORG"),
        ("Phạm Thị Dung", "IND"),
    ] {
        ids.push(t.nominate(&clerk, &prog, draft(name, code)).await);
    }
    let (n1, n2, n3, n4) = (ids[0], ids[1], ids[2], ids[3]);
    let nom = |n: Uuid| format!("/api/v1/nominations/{n}");
    for n in [n1, n2, n3] {
        t.submit(&head, n).await;
    }
    phase("screening").await;
    for n in [n1, n2, n3] {
        t.screen_eligible(&admin, n, "đủ điều kiện").await;
    }
    phase("reviewing").await;
    for i in [1, 2] {
        t.expect(
            200,
            Method::PUT,
            &format!("{}/score", nom(n1)),
            Some(&m(i)),
            Some(json!({"scores": {"impact": 8, "reach": 7}, "comment": format!("{COMMENT} {i}")})),
        )
        .await;
    }
    phase("voting").await;
    for (i, n, c) in [
        (1, n1, "approve"),
        (2, n1, "approve"),
        (1, n2, "reject"),
        (2, n2, "reject"),
        (3, n3, "approve"),
        (4, n3, "approve"),
        (1, n3, "approve"),
    ] {
        t.ballot(&m(i), n, c).await;
    }

    // Item 4, while the round is open. A member never reads the nominee's contact or
    // birth year, nor another member's sheet or ballot.
    let h = history(&t, n1, &m(2)).await;
    for (ty, e) in &h {
        if let Some(nominee) = e.get("nominee") {
            assert!(nominee.get("email").is_none(), "{ty}: {nominee}");
            assert!(nominee.get("birth_year").is_none(), "{ty}: {nominee}");
        }
        if let Some(member) = e.get("member_id") {
            assert_eq!(member, &json!(id(2)), "{ty}: another member's");
        }
    }
    assert!(!serde_json::to_string(&h).unwrap().contains(EMAIL));
    assert!(types(&h).contains(&"ScoresRecorded") && types(&h).contains(&"OpenBallotCast"));
    // The authority and the agency: the agency reads its own nominee's contact, but no
    // score, comment or ballot.
    let h = history(&t, n1, &head).await;
    let all = serde_json::to_string(&h).unwrap();
    assert!(all.contains(EMAIL), "the agency's own nominee");
    assert!(!all.contains(COMMENT), "{all}");
    for ty in [
        "ScoresRecorded",
        "OpenBallotCast",
        "BallotParticipationRecorded",
    ] {
        assert!(!types(&h).contains(&ty), "{ty} shown to the agency");
    }
    // The same on the history page.
    let page = history_page(&t, n1, &head).await;
    assert!(page.contains("NominationSubmitted"), "{page}");
    for ty in ["ScoresRecorded", "OpenBallotCast"] {
        assert!(!page.contains(ty), "{ty} on the agency's history page");
    }
    assert!(
        !page.contains("member1@council.vn"),
        "a reviewer named to the agency"
    );
    // The chair sees who scored on their panel's nomination, not what.
    let h = history(&t, n1, &m(1)).await;
    let other: Vec<&Value> = h
        .iter()
        .filter(|(ty, e)| ty == "ScoresRecorded" && e["member_id"] == json!(id(2)))
        .map(|(_, e)| e)
        .collect();
    assert_eq!(other.len(), 1);
    assert!(other[0].get("scores").is_none() && other[0].get("comment").is_none());

    // Item 5b: each chair closes their round; member 1 reads the tally and progress of IND
    // only, though they review ORG too.
    t.expect(
        200,
        Method::POST,
        &format!("{prog}/rounds/IND/close"),
        Some(&m(1)),
        None,
    )
    .await;
    t.expect(
        200,
        Method::POST,
        &format!("{prog}/rounds/ORG/close"),
        Some(&m(3)),
        None,
    )
    .await;
    let codes = |v: &Value, key: &str| -> Vec<String> {
        let mut c: Vec<String> = v[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["category_code"].as_str().unwrap().to_owned())
            .collect();
        c.dedup();
        c
    };
    let tally = t.get(&format!("{prog}/tally"), &m(1)).await;
    assert_eq!(codes(&tally.body, "items"), ["IND"], "{}", tally.body);
    let progress = t.get(&format!("{prog}/progress"), &m(1)).await;
    assert_eq!(
        codes(&progress.body, "nominations"),
        ["IND"],
        "{}",
        progress.body
    );
    let tally = t.get(&format!("{prog}/tally"), &m(3)).await;
    assert_eq!(codes(&tally.body, "items"), ["ORG"]);
    assert_eq!(
        t.get(&format!("{prog}/tally"), &admin).await.body["items"]
            .as_array()
            .unwrap()
            .len(),
        3
    );

    // Item 5a: from public notice on, the authority sees the recommended dossiers (1 and
    // 3), not the failed one (2) nor the draft (4) — in the list, one by one, in history.
    phase("public_notice").await;
    let list = t
        .get(
            &format!("/api/v1/nominations?programme_id={pid}"),
            &authority,
        )
        .await;
    let mut seen: Vec<String> = list.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_owned())
        .collect();
    seen.sort();
    let mut want = vec![n1.to_string(), n3.to_string()];
    want.sort();
    assert_eq!(seen, want, "{}", list.body);
    for n in [n2, n4] {
        t.expect(404, Method::GET, &nom(n), Some(&authority), None)
            .await;
        t.expect(
            404,
            Method::GET,
            &format!("{}/history", nom(n)),
            Some(&authority),
            None,
        )
        .await;
    }
    let h = history(&t, n1, &authority).await;
    let all = serde_json::to_string(&h).unwrap();
    assert!(!all.contains(EMAIL) && !all.contains(COMMENT), "{all}");
    let outcome = h.iter().find(|(ty, _)| ty == "OutcomeDecided").unwrap();
    assert_eq!(outcome.1["outcome"], "recommended");
    assert!(
        outcome.1.get("approvals").is_none(),
        "the counts are the council's"
    );

    // Objections: the secretariat reads the text in history, the objector only on its
    // objections page; no one else reads either in history.
    let objector = "Ngô Văn Phản";
    t.expect(
        201,
        Method::POST,
        &format!("/api/v1/public/nominations/{n1}/objections"),
        None,
        Some(
            json!({"full_name": objector, "phone": "0900000000", "address": "Hà Nội",
                    "text": "đã được khen thưởng"}),
        ),
    )
    .await;
    let h = history(&t, n1, &admin).await;
    let filed = h.iter().find(|(ty, _)| ty == "ObjectionFiled").unwrap();
    assert_eq!(filed.1["text"], "đã được khen thưởng");
    assert!(!serde_json::to_string(&h).unwrap().contains(objector));
    for who in [&head, &m(1), &authority] {
        assert!(!types(&history(&t, n1, who).await).contains(&"ObjectionFiled"));
    }
    let (_, page) = t.page("/work/objections", &admin).await;
    assert!(page.contains(objector), "the secretariat's objections page");
}
