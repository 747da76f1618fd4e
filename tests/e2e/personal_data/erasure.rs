//! Issue 12, "Must show" 2: an objector (Y) and a nominee who was not chosen (Z) erased;
//! then every route, page, feed and export as every role, a restart from a snapshot written
//! before the erasure, `accolade rebuild` and `accolade verify` — their data is gone
//! everywhere, the chain verifies, the tally and the honours are otherwise unchanged. The
//! conferred holder (X) erased under the default policy keeps the public record on the honour
//! list and loses the rest.

use std::process::Command;

use reqwest::Method;
use serde_json::{Value, json};
use uuid::Uuid;

use super::support::{Cycle, USERS, Until, X, Y, Z, all_of, cycle};
use super::walk::{shown, walk};
use crate::api::support::{PASSWORD, TestApp};

/// The tally and the honours, as they must stay through an erasure (names aside).
#[derive(Debug, PartialEq)]
pub struct Outcome {
    tally: Value,
    honours: Vec<(Value, Value, Value, Value)>,
}

pub async fn outcome(t: &TestApp, c: &Cycle) -> Outcome {
    let tally = t.get(&format!("{}/tally", c.prog), &c.admin).await;
    assert_eq!(tally.status.as_u16(), 200, "{}", tally.body);
    let honours = t
        .call(Method::GET, "/api/v1/public/honours", None, None)
        .await;
    let honours = honours.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["award_id"].clone(),
                h["nomination_id"].clone(),
                h["decision_no"].clone(),
                h["status"].clone(),
            )
        })
        .collect();
    Outcome {
        tally: tally.body["items"].clone(),
        honours,
    }
}

/// Signs everyone in again (after a restart).
pub async fn sign_in_again(t: &TestApp, c: &mut Cycle) {
    c.admin = t.admin().await;
    for (i, (_, email, _)) in USERS.iter().enumerate() {
        c.tokens[i] = t.sign_in(email, PASSWORD).await;
    }
}

/// Nothing of Y's or Z's anywhere any role can look, and the markers where they were.
async fn y_and_z_gone(t: &TestApp, c: &Cycle) {
    let mut gone = all_of(&Y);
    gone.extend(all_of(&Z));
    let roles: [(&str, Option<&str>); 6] = [
        ("admin", Some(&c.admin)),
        ("clerk of agency 1", Some(c.clerk1())),
        ("clerk of Z's agency", Some(c.clerk2())),
        ("chair", Some(c.chair())),
        ("authority", Some(c.authority())),
        ("anonymous", None),
    ];
    for (role, token) in roles {
        let pages = walk(t, c, token).await;
        assert!(pages.len() > 40, "{role}: {} routes", pages.len());
        let leaks = shown(&pages, &gone);
        assert!(leaks.is_empty(), "{role} still sees:\n{}", leaks.join("\n"));
    }
    // The markers: the API says erased; the pages say so in Vietnamese.
    let z = t
        .get(&format!("/api/v1/nominations/{}", c.n_z), &c.admin)
        .await;
    assert_eq!(
        (&z.body["nominee"], &z.body["nominee_erased"]),
        (&Value::Null, &json!(true)),
        "{}",
        z.body
    );
    let list = t
        .get(
            &format!("/api/v1/nominations?programme_id={}", c.pid),
            c.clerk2(),
        )
        .await;
    let item = list.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == c.n_z.to_string())
        .unwrap()
        .clone();
    assert_eq!(
        (&item["erased"], &item["full_name"]),
        (&json!(true), &json!("[erased]")),
        "{item}"
    );
    let history = t
        .get(&format!("/api/v1/nominations/{}/history", c.n_z), &c.admin)
        .await;
    let drafted = &history.body["items"][0]["event"];
    assert_eq!(
        (&drafted["nominee"], &drafted["nominee_erased"]),
        (&Value::Null, &json!(true)),
        "{drafted}"
    );
    let objections = t
        .get(
            &format!("/api/v1/objections?programme_id={}", c.pid),
            &c.admin,
        )
        .await;
    assert_eq!(objections.body["items"][0]["objector_erased"], true);
    let (_, page) = t
        .page(&format!("/work/nominations/{}", c.n_z), &c.admin)
        .await;
    assert!(page.contains("[đã xoá]"), "{page}");
    let (_, page) = t.page("/work/nominations", c.clerk2()).await;
    assert!(page.contains("[đã xoá]"), "{page}");
    let (_, page) = t.page("/work/objections", &c.admin).await;
    assert!(
        page.contains("Thông tin người phản ánh đã được xóa"),
        "{page}"
    );
}

pub fn accolade(args: &[&str]) -> (i32, String) {
    let out = Command::new(crate::accolade_bin())
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

pub async fn erase(t: &TestApp, admin: &str, body: Value) -> (u16, Value) {
    let res = t
        .call(Method::POST, "/api/v1/erasures", Some(admin), Some(body))
        .await;
    (res.status.as_u16(), res.body)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_erased_objector_and_nominee_are_gone_everywhere_for_good() {
    let t = TestApp::start_with(|c| c.snapshots = true).await;
    let mut c = cycle(&t, Until::Published).await;
    let before = outcome(&t, &c).await;
    // Before: Y and Z are there, to the secretariat.
    let pages = walk(&t, &c, Some(&c.admin)).await;
    assert!(
        !shown(&pages, &[Y.phone.to_owned()]).is_empty(),
        "Y's phone shows before"
    );
    assert!(
        !shown(&pages, &[Z.name.to_owned()]).is_empty(),
        "Z's name shows before"
    );

    // A snapshot from before the erasure, kept to be put back later (a crash that lost the
    // next one).
    let dir = t.stop().await;
    let snapshot = dir.path().join("projections/projections.snapshot");
    let old_snapshot = std::fs::read(&snapshot).unwrap();
    let t = TestApp::start_in(dir, |c| c.snapshots = true).await;
    sign_in_again(&t, &mut c).await;

    // Y's person id, as the secretariat sees the objection.
    let objections = t
        .get(
            &format!("/api/v1/objections?programme_id={}", c.pid),
            &c.admin,
        )
        .await;
    let y_person: Uuid = objections.body["items"][0]["objector_person_id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(objections.body["items"][0]["objector_erased"], false);

    // Bad input appends nothing.
    let head = t.head();
    let reason = "yêu cầu xoá dữ liệu của chủ thể (Nghị định 13/2023)";
    for (body, status) in [
        (json!({"person_id": Uuid::new_v4(), "reason": reason}), 404),
        (
            json!({"nomination_id": Uuid::new_v4(), "reason": reason}),
            404,
        ),
        (json!({"person_id": y_person}), 422),
        (json!({"person_id": y_person, "reason": "  "}), 422),
    ] {
        let (got, res) = erase(&t, &c.admin, body.clone()).await;
        assert_eq!(got, status, "{body}: {res}");
    }
    let (got, _) = erase(
        &t,
        c.clerk1(),
        json!({"person_id": y_person, "reason": reason}),
    )
    .await;
    assert_eq!(got, 403);
    let (got, _) = erase(
        &t,
        c.authority(),
        json!({"nomination_id": c.n_z, "reason": reason}),
    )
    .await;
    assert_eq!(got, 403);
    assert_eq!(t.head(), head, "refused erasures append nothing");

    // Y by person id, Z by nomination id; the same answer when asked again.
    for body in [
        json!({"person_id": y_person, "reason": reason}),
        json!({"nomination_id": c.n_z, "reason": reason}),
    ] {
        let first = erase(&t, &c.admin, body.clone()).await;
        assert_eq!(first.0, 200, "{}", first.1);
        let again = erase(&t, &c.admin, body).await;
        assert_eq!(first, again);
    }
    y_and_z_gone(&t, &c).await;
    assert_eq!(outcome(&t, &c).await, before, "tally and honours unchanged");

    // X under the default policy: the honour list keeps the public record; the agency's view
    // of the nomination loses the rest.
    let (status, res) = erase(
        &t,
        &c.admin,
        json!({"nomination_id": c.n_x, "reason": reason}),
    )
    .await;
    assert_eq!(
        (status, &res["public_record_kept"]),
        (200, &json!(true)),
        "{res}"
    );
    let honours = t
        .call(Method::GET, "/api/v1/public/honours", None, None)
        .await;
    let h = &honours.body["items"][0];
    assert_eq!(
        (&h["full_name"], &h["position"], &h["organisation"]),
        (&json!(X.name), &json!(X.position), &json!(X.organisation)),
        "{h}"
    );
    let award = c.award.unwrap();
    let (_, page) = t.page(&format!("/honours/{award}"), "").await;
    assert!(page.contains(X.name), "{page}");
    let x = t
        .get(&format!("/api/v1/nominations/{}", c.n_x), c.clerk1())
        .await;
    assert_eq!(x.body["nominee_erased"], true, "{}", x.body);
    let private = [
        X.email.to_owned(),
        X.national_id.to_owned(),
        X.birth_year_json().unwrap(),
    ];
    for token in [c.clerk1(), &c.admin] {
        let pages = walk(&t, &c, Some(token)).await;
        let leaks = shown(&pages, &private);
        assert!(leaks.is_empty(), "X's private data:\n{}", leaks.join("\n"));
    }
    assert_eq!(outcome(&t, &c).await, before);

    // Restart from the snapshot written before the erasure: still erased.
    let dir = t.stop().await;
    std::fs::write(&snapshot, &old_snapshot).unwrap();
    let t = TestApp::start_in(dir, |c| c.snapshots = true).await;
    sign_in_again(&t, &mut c).await;
    y_and_z_gone(&t, &c).await;
    assert_eq!(outcome(&t, &c).await, before);

    // The operator's tools on the stopped server: the chain verifies, the rebuild agrees.
    let dir = t.stop().await;
    let path = dir.path().to_str().unwrap();
    let (code, out) = accolade(&["verify", "--data-dir", path]);
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("ok: "), "{out}");
    std::fs::remove_file(&snapshot).unwrap();
    let (code, out) = accolade(&["rebuild", "--data-dir", path]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("equal the rebuilt ones"), "{out}");
    let t = TestApp::start_in(dir, |c| c.snapshots = true).await;
    sign_in_again(&t, &mut c).await;
    y_and_z_gone(&t, &c).await;
    assert_eq!(outcome(&t, &c).await, before);
    let verify = t.get("/api/v1/verify", &c.admin).await;
    assert_eq!(verify.body["ok"], true, "{}", verify.body);
    t.stop().await;
}
