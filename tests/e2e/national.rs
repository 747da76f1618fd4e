//! A small national log (`accolade_fixtures`, the benchmarks' generator), served as every API
//! suite serves its store: the public honour list walked page by page by its cursor gives
//! every published award exactly once, nominees come from real provinces, a search without
//! diacritics finds a generated name, and an award's page opens.

use std::collections::BTreeSet;

use accolade_fixtures::agencies::PROVINCES;
use accolade_fixtures::{Scale, national};
use reqwest::Method;
use serde_json::Value;

use crate::api::support::TestApp;

/// The name as typed without diacritics, lower case, titles (PGS.TS., ThS.) dropped.
fn typed(full_name: &str) -> String {
    let words: Vec<&str> = full_name
        .split_whitespace()
        .filter(|w| !w.ends_with('.'))
        .collect();
    deunicode::deunicode(&words.join(" ")).to_lowercase()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_national_honour_list_is_walked_whole_searched_and_opened() {
    let dir = tempfile::tempdir().unwrap();
    let scale = Scale {
        agencies: 16,
        members: 6,
        ..Scale::awards(240)
    };
    let generated = national(dir.path(), &scale).await.unwrap();
    assert_eq!(generated.awards, 240);
    assert!(generated.revoked >= 1);
    let published: BTreeSet<String> = std::fs::read_to_string(dir.path().join("awards.txt"))
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    assert_eq!(published.len(), 240);

    let t = TestApp::start_in(dir, |_| {}).await;
    // The whole list, 50 at a time, by the cursor each page hands out.
    let mut seen = Vec::new();
    let mut items: Vec<Value> = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..100 {
        let path = match &cursor {
            Some(c) => format!("/api/v1/public/honours?limit=50&cursor={c}"),
            None => "/api/v1/public/honours?limit=50".to_owned(),
        };
        let page = t.expect(200, Method::GET, &path, None, None).await;
        let page_items = page.body["items"].as_array().unwrap();
        assert!(page_items.len() <= 50);
        for i in page_items {
            seen.push(i["award_id"].as_str().unwrap().to_owned());
            items.push(i.clone());
        }
        match page.body["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    let distinct: BTreeSet<String> = seen.iter().cloned().collect();
    assert_eq!(distinct.len(), seen.len(), "an award listed twice");
    assert_eq!(distinct, published, "the list is every published award");
    let revoked = items.iter().filter(|i| i["status"] == "revoked").count();
    assert_eq!(revoked, generated.revoked);

    // Nominees from real provinces, and more than a handful of them.
    let provinces: BTreeSet<&str> = items
        .iter()
        .map(|i| i["province"].as_str().unwrap())
        .collect();
    assert!(
        provinces.iter().all(|p| PROVINCES.contains(p)),
        "{provinces:?}"
    );
    assert!(provinces.len() >= 10, "{provinces:?}");

    // A person's name as someone would type it finds them.
    let person = items.iter().find(|i| i["category_code"] == "CN").unwrap();
    let q = typed(person["full_name"].as_str().unwrap());
    let found = t
        .expect(
            200,
            Method::GET,
            &format!(
                "/api/v1/public/honours?limit=500&q={}",
                q.replace(' ', "%20")
            ),
            None,
            None,
        )
        .await;
    let hits = found.body["items"].as_array().unwrap();
    assert!(
        hits.iter().any(|h| h["award_id"] == person["award_id"]),
        "{q}: {hits:?}"
    );
    assert!(
        hits.iter()
            .all(|h| typed(h["full_name"].as_str().unwrap()).contains(&q))
    );

    // The award's page and record open.
    let id = person["award_id"].as_str().unwrap();
    let (status, html) = t.page(&format!("/honours/{id}"), "none").await;
    assert_eq!(status, 200);
    assert!(html.contains(person["full_name"].as_str().unwrap()));
    let record = t
        .expect(
            200,
            Method::GET,
            &format!("/api/v1/public/awards/{id}"),
            None,
            None,
        )
        .await;
    assert_eq!(record.body["award_id"], person["award_id"]);
}
