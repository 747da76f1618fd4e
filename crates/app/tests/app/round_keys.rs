//! Issue 10 items 2 and 3: a closed round's key does not survive a crash, an emptied round
//! file does not block a vote, and a lost ballot box is got out of by re-running the round.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use accolade_app::{AppError, RoundId};
use accolade_domain::*;
use accolade_events::*;

use crate::support::*;

fn close() -> ProgrammeCommand {
    ProgrammeCommand::CloseRound {
        category_code: "IND".into(),
        opened: BTreeMap::new(),
    }
}

fn files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// Issue 10 item 2: a crash between the close's append and the destroy leaves the round's
/// key on disk; opening the app again (its startup sweep) destroys it.
#[tokio::test]
async fn a_key_left_by_a_crash_after_the_close_is_destroyed_when_the_app_opens() {
    let env = SledEnv::new().await;
    in_voting(&env.app, 3, 1).await;
    for i in 1..=3 {
        prog(&env.app, &member(i), cast(nom(1), Choice::Approve)).await;
    }
    let keys = env.dir.path().join("ballot-keys");
    let slots = env.dir.path().join("ballots");
    assert_eq!(files(&keys).len(), 1, "one live round key");
    // Keep a copy of the round's files as they were before the close...
    let saved: Vec<(std::path::PathBuf, Vec<u8>)> = [&keys, &slots]
        .iter()
        .flat_map(|d| fs::read_dir(d).unwrap())
        .map(|e| {
            let p = e.unwrap().path();
            let b = fs::read(&p).unwrap();
            (p, b)
        })
        .collect();
    prog(&env.app, &member(1), close()).await;
    assert!(files(&keys).is_empty() && files(&slots).is_empty());
    // ...and put them back: the state a crash right after the append would have left.
    for (p, b) in &saved {
        fs::write(p, b).unwrap();
    }
    let env = env.restart().await;
    assert_eq!(files(&keys).len(), 1, "the crash left the key");
    let swept = env.app.sweep_closed_rounds().await.unwrap();
    assert_eq!(swept, 1);
    assert!(files(&keys).is_empty(), "{:?}", files(&keys));
    assert!(files(&slots).is_empty(), "{:?}", files(&slots));
    // Idempotent.
    env.app.sweep_closed_rounds().await.unwrap();
}

/// Issue 10 item 2: a destroy cut short leaves an empty round file; the category still
/// takes ballots and counts them (on main an empty file made every later seal fail).
#[tokio::test]
async fn an_empty_round_file_does_not_make_the_category_unvotable() {
    let env = SledEnv::new().await;
    in_voting(&env.app, 3, 1).await;
    let round = RoundId::new(PROGRAMME, "IND");
    let stem = round.file_stem();
    fs::write(
        env.dir
            .path()
            .join("ballot-keys")
            .join(format!("{stem}.key")),
        b"",
    )
    .unwrap();
    fs::write(
        env.dir.path().join("ballots").join(format!("{stem}.json")),
        b"",
    )
    .unwrap();
    for i in 1..=3 {
        prog(&env.app, &member(i), cast(nom(1), Choice::Approve)).await;
    }
    prog(&env.app, &member(1), close()).await;
    let o = env.app.programme(PROGRAMME).await.unwrap().nominations[&nom(1)]
        .outcome
        .clone()
        .unwrap();
    assert_eq!(o.approvals, 3);
}

/// Issue 10 item 3: with the ballot box lost the close is refused with a message naming the
/// way out; the admin re-runs the round (recorded), members vote again into a fresh round,
/// and the close counts only the new ballots.
#[tokio::test]
async fn a_lost_vault_is_got_out_of_by_a_round_rerun() {
    let env = SledEnv::new().await;
    in_voting(&env.app, 3, 1).await;
    for i in 1..=3 {
        prog(&env.app, &member(i), cast(nom(1), Choice::Reject)).await;
    }
    // The disk holding the ballot box is lost.
    for d in ["ballots", "ballot-keys"] {
        for e in fs::read_dir(env.dir.path().join(d)).unwrap() {
            fs::remove_file(e.unwrap().path()).unwrap();
        }
    }
    let err = try_prog(&env.app, &member(1), close()).await.unwrap_err();
    assert!(
        matches!(err, AppError::BallotsMissing { missing: 3, .. }),
        "{err}"
    );
    let message = err.to_string();
    assert!(
        message.contains(&format!("/api/v1/programmes/{PROGRAMME}/rounds/IND/rerun")),
        "{message}"
    );
    let rerun = ProgrammeCommand::RerunRound {
        category_code: "IND".into(),
        reason: "the ballot box disk failed".into(),
    };
    let err = try_prog(&env.app, &member(1), rerun.clone())
        .await
        .unwrap_err();
    assert!(
        matches!(err, AppError::Domain(DomainError::Forbidden(_))),
        "{err}"
    );
    let done = prog(&env.app, &admin(), rerun).await;
    assert!(
        done.events
            .iter()
            .any(|e| format!("{e:?}").contains("RoundRerun")),
        "{:?}",
        done.events
    );
    // The members vote again (their earlier participation was voided), into generation 1.
    for i in 1..=3 {
        prog(&env.app, &member(i), cast(nom(1), Choice::Approve)).await;
    }
    let round = RoundId::new(PROGRAMME, "IND").at(1);
    assert_eq!(env.app.vault().read(&round).unwrap().unwrap().len(), 3);
    prog(&env.app, &member(1), close()).await;
    let o = env.app.programme(PROGRAMME).await.unwrap().nominations[&nom(1)]
        .outcome
        .clone()
        .unwrap();
    assert_eq!((o.approvals, o.rejections), (3, 0));
    assert!(env.app.vault().read(&round).unwrap().is_none());
}
