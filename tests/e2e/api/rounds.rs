//! Issue 10 items 1 and 3 over HTTP: the absentee route answers the same whatever the choice,
//! ballots honour `Idempotency-Key`, and a lost ballot box is got out of by re-running the
//! round (recorded in the audit trail, shown in the chair's progress).

use reqwest::Method;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::api::support::*;

struct Round {
    t: TestApp,
    admin: String,
    members: Vec<(Uuid, String)>,
    prog: String,
    n: Uuid,
    nom: String,
}

/// A programme in voting: one secret category (absentee allowed), three members (m1 chairs),
/// one eligible nomination.
async fn voting() -> Round {
    let t = TestApp::start().await;
    let v = t
        .voting(VotingSetup {
            agency: ("Đài Truyền hình Việt Nam", "VTV", "vtv.vn"),
            members: 3,
            programme: json!({"title": "Giải thưởng 2026", "year": 2026, "notice_working_days": 0}),
            category: category("IND", ninety_percent(), 2, None),
            nominee: "Nguyễn Văn An",
            reason: "ok",
        })
        .await;
    Round {
        t,
        admin: v.admin,
        members: v.members,
        prog: v.prog,
        n: v.n,
        nom: format!("/api/v1/nominations/{}", v.n),
    }
}

/// Issue 10 item 1: an absentee entry for a member who voted is 409 with one body whatever
/// its choice (on main: 200 for the sealed choice, 409 for another); a ballot retried with
/// the same `Idempotency-Key` gets the first answer.
#[tokio::test]
async fn the_absentee_route_is_no_oracle_and_ballots_retry_by_key() {
    let r = voting().await;
    let (t, m1) = (&r.t, &r.members[0]);
    let ballot = format!("{}/ballot", r.nom);
    let first = t
        .request(Method::PUT, &ballot, Some(&m1.1))
        .header("idempotency-key", "k-1")
        .json(&json!({"choice": "reject"}));
    let first = TestApp::send(first).await;
    assert_eq!(first.status.as_u16(), 200, "{}", first.body);
    let retry = t
        .request(Method::PUT, &ballot, Some(&m1.1))
        .header("idempotency-key", "k-1")
        .json(&json!({"choice": "reject"}));
    let retry = TestApp::send(retry).await;
    assert_eq!((retry.status, &retry.body), (first.status, &first.body));
    let before = t.head();
    let mut answers: Vec<Value> = Vec::new();
    for c in ["approve", "reject", "abstain"] {
        let res = t
            .expect(
                409,
                Method::POST,
                &format!("{}/absentee-ballots", r.nom),
                Some(&r.admin),
                Some(json!({"member_id": m1.0, "choice": c})),
            )
            .await;
        answers.push(res.body);
    }
    assert!(answers.windows(2).all(|w| w[0] == w[1]), "{answers:?}");
    assert_eq!(t.head(), before, "nothing appended");
}

/// Issue 10 item 3: with the ballot box lost, the close is 409 naming the re-run route; the
/// admin re-runs the round (only the admin; a reason is required), which shows in the
/// progress and the audit trail; the members vote again and the close counts.
#[tokio::test]
async fn a_lost_ballot_box_is_got_out_of_by_a_round_rerun() {
    let r = voting().await;
    let t = &r.t;
    for (_, token) in &r.members {
        t.ballot(token, r.n, "approve").await;
    }
    let data = t.server.state.config.data_dir.clone();
    for d in ["ballots", "ballot-keys"] {
        for e in std::fs::read_dir(data.join(d)).unwrap() {
            std::fs::remove_file(e.unwrap().path()).unwrap();
        }
    }
    let close = format!("{}/rounds/IND/close", r.prog);
    let refused = t
        .expect(409, Method::POST, &close, Some(&r.admin), None)
        .await;
    let rerun = format!("{}/rounds/IND/rerun", r.prog);
    assert!(
        refused.body["detail"].as_str().unwrap().contains(&rerun),
        "{}",
        refused.body
    );
    let chair = &r.members[0].1;
    t.expect(
        403,
        Method::POST,
        &rerun,
        Some(chair),
        Some(json!({"reason": "x"})),
    )
    .await;
    t.expect(
        422,
        Method::POST,
        &rerun,
        Some(&r.admin),
        Some(json!({"reason": " "})),
    )
    .await;
    t.expect(
        200,
        Method::POST,
        &rerun,
        Some(&r.admin),
        Some(json!({"reason": "the ballot box disk failed"})),
    )
    .await;
    let progress = t.get(&format!("{}/progress", r.prog), chair).await;
    assert_eq!(
        progress.body["reruns"][0]["reason"], "the ballot box disk failed",
        "{}",
        progress.body
    );
    assert_eq!(progress.body["members"][0]["voted"], 0, "{}", progress.body);
    let audit = t.get("/api/v1/audit", &r.admin).await;
    assert!(
        audit.body.to_string().contains("RoundRerun"),
        "{}",
        audit.body
    );
    for (_, token) in &r.members {
        t.ballot(token, r.n, "approve").await;
    }
    t.expect(200, Method::POST, &close, Some(chair), None).await;
    let tally = t.get(&format!("{}/tally", r.prog), &r.admin).await;
    assert_eq!(tally.body["items"][0]["approve"], 3, "{}", tally.body);
}
