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
