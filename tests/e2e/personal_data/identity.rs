//! Issue 12 item 1: one identity per person, through the API with imported history. A
//! holder imported for two consecutive years is offered to a clerk by folded name and birth
//! year (or national id), linked, and passes the category's prerequisite; the same name
//! declared as a new person does not; a namesake and another agency's drafts are never
//! offered; a person id that is not a candidate is refused; two agencies nominating the same
//! linked person are flagged to the secretariat.

use reqwest::Method;
use serde_json::{Value, json};
use uuid::Uuid;

use super::support::import;
use crate::api::support::{Res, TestApp, category, ninety_percent};

const TITLE: &str = "Bằng khen của Bộ trưởng";
/// H and the namesake fold alike ("tran van hung"): only the birth year tells them apart.
const H_NAME: &str = "Trần Văn Hùng";
const NAMESAKE: &str = "Trần Văn Hưng";
const H_CCCD: &str = "001070004321";

fn nomination(name: &str, birth_year: i32, person_id: Option<Uuid>) -> Value {
    let mut body = json!({
        "category_code": "IND",
        "nominee": {"kind": "individual", "full_name": name, "position": "Phóng viên",
                    "organisation": "Báo Nhân Dân", "province": "Hà Nội",
                    "birth_year": birth_year},
        "citation": "Vì đóng góp xuất sắc", "achievements": "Nhiều loạt bài",
        "evidence": [{"title": "Loạt bài", "url": "https://example.vn/a"}]
    });
    if let Some(p) = person_id {
        body["person_id"] = json!(p);
    }
    body
}

async fn candidates(t: &TestApp, clerk: &str, query: &str) -> Vec<Value> {
    let res = t
        .get(&format!("/api/v1/persons/candidates?{query}"), clerk)
        .await;
    assert_eq!(res.status.as_u16(), 200, "{query}: {}", res.body);
    res.body["items"].as_array().unwrap().clone()
}

fn person_ids(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .map(|i| i["person_id"].as_str().unwrap().to_owned())
        .collect()
}

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

async fn draft(t: &TestApp, clerk: &str, prog: &str, body: Value) -> Res {
    t.call(
        Method::POST,
        &format!("{prog}/nominations"),
        Some(clerk),
        Some(body),
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_identity_per_person_links_imported_history() {
    let t = TestApp::start().await;
    let admin = t.admin().await;
    let a1 = t.agency(&admin, "Báo Nhân Dân", "ND").await;
    let a2 = t.agency(&admin, "Báo Lao Động", "LD").await;
    let (_, clerk1) = t.user(&admin, "clerk@nhandan.vn", "clerk", Some(a1)).await;
    let (_, head1) = t.user(&admin, "head@nhandan.vn", "head", Some(a1)).await;
    let (_, clerk2) = t.user(&admin, "clerk@laodong.vn", "clerk", Some(a2)).await;
    let (_, head2) = t.user(&admin, "head@laodong.vn", "head", Some(a2)).await;
    let (m1, _) = t.user(&admin, "m1@council.vn", "member", None).await;

    // H held the title in 2024 and 2025: one person id on both rows. The namesake held it
    // once, as a person of their own.
    let h = Uuid::new_v4();
    let row = |year: i32| {
        json!({"person_id": h, "full_name": H_NAME, "organisation": "Báo Nhân Dân",
               "birth_year": 1970, "national_id": H_CCCD, "award_title": TITLE, "year": year})
    };
    let namesake = json!({"full_name": NAMESAKE, "organisation": "Báo Nhân Dân",
                          "birth_year": 1982, "award_title": TITLE, "year": 2025});
    let imported = import(&t, &admin, &[row(2024), row(2025), namesake]).await;
    assert_eq!(imported["imported"], 3, "{imported}");

    let (_, prog) = t
        .programme(&admin, json!({"title": "Giải thưởng 2026", "year": 2026}))
        .await;
    let mut cat = category("IND", ninety_percent(), 5, None);
    cat["prerequisite"] = json!({"award_title": TITLE, "consecutive_years": 2});
    t.add_category(&admin, &prog, cat).await;
    t.add_panel(&admin, &prog, "Hội đồng", &["IND"], &[m1], m1)
        .await;
    t.move_to(&admin, &prog, "nominating").await;

    // The clerk finds H whichever way the name is typed: folded, or with other diacritics.
    for typed in ["tran van hung", "Trần Văn Hừng", H_NAME] {
        let found = candidates(
            &t,
            &clerk1,
            &format!("full_name={}&birth_year=1970", enc(typed)),
        )
        .await;
        assert_eq!(
            person_ids(&found),
            vec![h.to_string()],
            "{typed}: {found:?}"
        );
        assert_eq!(
            (&found[0]["source"], &found[0]["full_name"]),
            (&json!("award_history"), &json!(H_NAME))
        );
    }
    // Or by national id, whatever the name.
    let found = candidates(
        &t,
        &clerk1,
        &format!("full_name={}&national_id={H_CCCD}", enc("Trần Hùng")),
    )
    .await;
    assert_eq!(person_ids(&found)[0], h.to_string(), "{found:?}");
    // The namesake is not H: by name and H's birth year, never offered; by their own, they
    // are a different person.
    let found = candidates(&t, &clerk1, "full_name=tran%20van%20hung&birth_year=1970").await;
    assert!(
        found.iter().all(|c| c["full_name"] != NAMESAKE),
        "{found:?}"
    );
    let found = candidates(&t, &clerk1, "full_name=tran%20van%20hung&birth_year=1982").await;
    assert!(
        !person_ids(&found).contains(&h.to_string()),
        "H is not offered for another birth year: {found:?}"
    );

    // Linked: the prerequisite is checked against H's history, and passes.
    let linked = t
        .nominate(&clerk1, &prog, nomination(H_NAME, 1970, Some(h)))
        .await;
    let view = t
        .get(&format!("/api/v1/nominations/{linked}"), &clerk1)
        .await;
    assert_eq!(view.body["person_id"], h.to_string(), "{}", view.body);
    t.submit(&head1, linked).await;

    // Declared a new person (no link): the same name and birth year have no history.
    let fresh = t
        .nominate(&clerk1, &prog, nomination(H_NAME, 1970, None))
        .await;
    let fresh_view = t
        .get(&format!("/api/v1/nominations/{fresh}"), &clerk1)
        .await;
    assert_ne!(fresh_view.body["person_id"], h.to_string());
    let head = t.head();
    let refused = t
        .expect(
            422,
            Method::POST,
            &format!("/api/v1/nominations/{fresh}/submit"),
            Some(&head1),
            None,
        )
        .await;
    assert!(
        refused.body["detail"]
            .as_str()
            .unwrap()
            .contains("prerequisite"),
        "{}",
        refused.body
    );
    assert_eq!(t.head(), head);

    // Another agency's draft is never offered; its own clerk sees it.
    let other = t
        .nominate(
            &clerk2,
            &prog,
            nomination("Phùng Khắc Khoan Dung", 1966, None),
        )
        .await;
    let q = format!("full_name={}&birth_year=1966", enc("Phùng Khắc Khoan Dung"));
    assert!(candidates(&t, &clerk1, &q).await.is_empty());
    let own = candidates(&t, &clerk2, &q).await;
    assert_eq!(
        (&own[0]["source"], &own[0]["nomination_id"]),
        (&json!("nomination"), &json!(other)),
        "{own:?}"
    );
    let other_person: Uuid = own[0]["person_id"].as_str().unwrap().parse().unwrap();

    // A person id that is not a candidate for this clerk: refused on `person_id`.
    for not_mine in [other_person, Uuid::new_v4()] {
        let head = t.head();
        let res = draft(
            &t,
            &clerk1,
            &prog,
            nomination("Phùng Khắc Khoan Dung", 1966, Some(not_mine)),
        )
        .await;
        assert_eq!(res.status.as_u16(), 422, "{}", res.body);
        assert!(res.body["errors"]["person_id"].is_array(), "{}", res.body);
        assert_eq!(t.head(), head);
    }

    // Agency 2 links the same holder too: the secretariat sees the later submission flagged
    // as a duplicate of the first (the flag is recorded on the one submitted second); the
    // agency does not.
    let found = candidates(&t, &clerk2, "full_name=tran%20van%20hung&birth_year=1970").await;
    assert_eq!(person_ids(&found), vec![h.to_string()]);
    let second = t
        .nominate(&clerk2, &prog, nomination(H_NAME, 1970, Some(h)))
        .await;
    t.submit(&head2, second).await;
    let flagged = t
        .get(&format!("/api/v1/nominations/{second}"), &admin)
        .await;
    assert_eq!(
        flagged.body["duplicates"],
        json!([linked]),
        "{}",
        flagged.body
    );
    let agency_view = t
        .get(&format!("/api/v1/nominations/{second}"), &clerk2)
        .await;
    assert_eq!(
        agency_view.body["duplicates"],
        json!([]),
        "{}",
        agency_view.body
    );
    t.server.stop().await.unwrap();
}
