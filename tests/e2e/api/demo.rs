//! The demo seed produces published awards on the public honour list.

use reqwest::Method;

use crate::api::support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_publishes_awards() {
    let t = TestApp::start_with(|c| {
        c.admin_email = None;
        c.admin_password = None;
    })
    .await;
    let seeded = accolade_cli::demo::seed(&t.server.state.node)
        .await
        .unwrap();
    let logins = accolade_cli::demo::logins().unwrap();
    let honours = t
        .call(Method::GET, "/api/v1/public/honours", None, None)
        .await;
    assert_eq!(honours.status.as_u16(), 200);
    let items = honours.body["items"].as_array().unwrap();
    let names: Vec<&str> = items
        .iter()
        .map(|i| i["full_name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"Nguyễn Văn Đức"), "{names:?}");
    assert!(items.iter().any(|i| i["status"] == "revoked"));
    assert!(
        items
            .iter()
            .all(|i| i["programme_id"] == seeded.programme_id.to_string())
    );
    let found = t
        .call(
            Method::GET,
            "/api/v1/public/honours?q=nguyen%20van%20duc",
            None,
            None,
        )
        .await;
    assert_eq!(found.body["items"][0]["full_name"], "Nguyễn Văn Đức");
    walk_by_cursor(&t, items).await;
    // Every demo login works.
    for l in &logins {
        t.sign_in(&l.email, &l.password).await;
    }
    // Nominations in every final state.
    let admin = t.sign_in(&logins[0].email, &logins[0].password).await;
    let all = t
        .get(
            &format!(
                "/api/v1/nominations?programme_id={}&limit=500",
                seeded.programme_id
            ),
            &admin,
        )
        .await;
    let mut statuses: Vec<&str> = all.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["status"].as_str().unwrap())
        .collect();
    statuses.sort_unstable();
    statuses.dedup();
    assert_eq!(
        statuses,
        [
            "awarded",
            "declined",
            "draft",
            "ineligible",
            "not_recommended",
            "objection_upheld",
            "reserve",
            "returned",
            "revoked",
            "withdrawn"
        ]
    );
}

/// Keyset cursors over HTTP: pages of one walk the whole list in its order; a cursor that is
/// garbage or another filter's is a 400 problem on the API and the first page, with a
/// message, on the HTML page.
async fn walk_by_cursor(t: &TestApp, whole: &[serde_json::Value]) {
    let mut seen = vec![];
    let mut after = String::new();
    loop {
        let page = t
            .call(
                Method::GET,
                &format!("/api/v1/public/honours?limit=1{after}"),
                None,
                None,
            )
            .await;
        assert_eq!(page.status.as_u16(), 200, "{}", page.body);
        seen.extend(page.body["items"].as_array().unwrap().iter().cloned());
        match page.body["next_cursor"].as_str() {
            Some(c) => after = format!("&cursor={c}"),
            None => break,
        }
        assert!(seen.len() <= whole.len(), "the walk ends");
    }
    assert_eq!(seen, whole);
    let first = t
        .call(Method::GET, "/api/v1/public/honours?limit=1", None, None)
        .await;
    let cursor = first.body["next_cursor"].as_str().unwrap().to_owned();
    for bad in [
        "/api/v1/public/honours?cursor=garbage".to_owned(),
        format!("/api/v1/public/honours?cursor={cursor}&q=nguyen"),
        format!(
            "/api/v1/public/honours?cursor={}",
            &cursor[..cursor.len() - 2]
        ),
    ] {
        let res = t.call(Method::GET, &bad, None, None).await;
        assert_eq!(res.status.as_u16(), 400, "{bad}: {}", res.body);
        assert!(
            res.content_type().starts_with("application/problem+json"),
            "{bad}"
        );
    }
    let res = t
        .request(Method::GET, "/honours?cursor=garbage", None)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let html = res.text().await.unwrap();
    assert!(html.contains("id=\"bad-cursor\""), "{html}");
    assert!(html.contains("Nguyễn Văn Đức"), "the first page instead");
}
