//! Incremental == rebuilt == restored from a snapshot plus the tail, for random valid logs;
//! and the runner (live subscription, read-your-writes, snapshots) against `rebuild`.

use std::collections::BTreeMap;
use std::time::Duration;

use accolade_domain::ProgrammeCommand as C;
use accolade_domain::{Actor, FileObjection};
use accolade_events::*;
use accolade_projections::*;
use accolade_store::{EventStore, MemoryStore};
use proptest::prelude::*;
use uuid::Uuid;

use super::support::*;

/// A command from a menu covering every area (refusals are part of the exercise: only what
/// the domain accepts reaches the log, so every generated log is valid).
fn command(w: &World, op: u8, a: u8, b: u8) -> (C, Actor) {
    let n = nom(u128::from(a) + 1);
    let agency = if a.is_multiple_of(2) { A1 } else { A2 };
    let mi = u128::from(b) + 1;
    let choice = [
        Choice::Approve,
        Choice::Reject,
        Choice::Abstain,
        Choice::Approve,
    ][usize::from(b)];
    match op {
        0 | 1 => (
            C::DraftNomination {
                nomination_id: n,
                category_code: "C".into(),
                content: content("Nguyễn Văn Đức", u128::from(b), "Hà Nội", b == 0),
            },
            head(agency),
        ),
        2 | 3 => (
            C::SubmitNomination {
                nomination_id: n,
                history: vec![],
            },
            head(agency),
        ),
        4 => (
            C::AmendNomination {
                nomination_id: n,
                content: content("Nguyen Van Duc", u128::from(b), "Huế", b == 1),
                expected_version: None,
            },
            head(agency),
        ),
        5 | 6 => (
            C::ScreenNomination {
                nomination_id: n,
                eligible: b != 0,
                reason: "r".into(),
            },
            admin(),
        ),
        7 => (
            C::ReturnNomination {
                nomination_id: n,
                reason: "fix".into(),
            },
            admin(),
        ),
        8 => (
            C::MovePhase {
                to: w.state.phase.next().unwrap_or(Phase::Closed),
            },
            admin(),
        ),
        9 => (
            C::AssignReviewers {
                panel_id: PANEL,
                seed: u64::from(b),
            },
            admin(),
        ),
        10 | 11 => {
            let scores = BTreeMap::from([
                ("impact".to_owned(), u32::from(b) * 3),
                ("reach".to_owned(), u32::from(a)),
            ]);
            (
                C::RecordScores {
                    nomination_id: n,
                    scores,
                    comment: None,
                },
                member(mi),
            )
        }
        12 => (
            C::DeclareConflict {
                nomination_id: n,
                member_id: None,
                reason: "r".into(),
            },
            member(mi),
        ),
        13 | 14 => (
            C::CastBallot {
                nomination_id: n,
                choice,
            },
            member(mi),
        ),
        15 => {
            let opened = w
                .state
                .pending_votes("C")
                .into_iter()
                .map(|id| {
                    (
                        id,
                        vec![choice; w.state.nominations[&id].participants.len()],
                    )
                })
                .collect();
            (
                C::CloseRound {
                    category_code: "C".into(),
                    opened,
                },
                admin(),
            )
        }
        16 if b == 0 => (
            C::WithdrawNomination {
                nomination_id: n,
                reason: "r".into(),
            },
            head(agency),
        ),
        17 => (
            C::ClearConflict {
                nomination_id: n,
                member_id: m(4),
                reason: "ok".into(),
            },
            admin(),
        ),
        18 => (
            C::FileObjection(FileObjection {
                objection_id: Uuid::from_u128(0x0B00 + u128::from(a)),
                nomination_id: n,
                objector_person_id: Uuid::from_u128(9),
                objector: Objector {
                    full_name: "X".into(),
                    phone: "1".into(),
                    address: "Y".into(),
                    email: (b == 0).then(|| "o@example.vn".into()),
                },
                text: "t".into(),
            }),
            Actor::Public,
        ),
        19 => (
            C::ResolveObjection {
                objection_id: Uuid::from_u128(0x0B00 + u128::from(a)),
                upheld: b == 0,
                reason: "r".into(),
            },
            admin(),
        ),
        20 => (
            C::MakeDecision {
                decision_no: "1/QĐ".into(),
                decided_on: time::macros::date!(2026 - 06 - 01),
                signer: "S".into(),
                declined: vec![],
                holders: accolade_domain::fixtures::public_records(&w.state),
            },
            authority(),
        ),
        21 => (
            C::RevokeAward {
                award_id: w
                    .state
                    .nominations
                    .get(&n)
                    .and_then(|x| x.award_id)
                    .unwrap_or_default(),
                ground: RevocationGround::LaterViolation,
                decision_no: "2/QĐ".into(),
                decided_on: time::macros::date!(2026 - 07 - 01),
                note: None,
            },
            authority(),
        ),
        22 => (
            C::PromoteReserve {
                nomination_id: n,
                reason: "r".into(),
            },
            admin(),
        ),
        _ => (
            C::EnterAbsenteeBallot {
                nomination_id: n,
                member_id: m(mi),
                choice,
            },
            admin(),
        ),
    }
}

fn world(secret: bool, ops: &[(u8, u8, u8)]) -> World {
    let mut w = World::new(secret);
    for &(op, a, b) in ops {
        let (cmd, actor) = command(&w, op, a, b);
        let _ = w.try_run(&actor, cmd);
        w.days(1);
    }
    w
}

fn ops() -> impl Strategy<Value = Vec<(u8, u8, u8)>> {
    proptest::collection::vec((0u8..24, 0u8..4, 0u8..4), 0..160)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn incremental_equals_rebuilt_equals_snapshot_plus_tail(secret in any::<bool>(), ops in ops(), cut in any::<proptest::sample::Index>()) {
        let w = world(secret, &ops);
        let (records, keys) = (w.records(), &*w.vault);
        // Incremental: one record at a time, querying in between as a live process would.
        let mut live = Projections::new();
        for r in &records {
            live.apply(r);
            let _ = live.honours(&HonourFilter::default(), keys);
        }
        // Rebuilt: from scratch, through the JSON the store would hand over.
        let mut rebuilt = Projections::new();
        for r in &records {
            rebuilt.apply(r);
        }
        prop_assert!(live.differences(&rebuilt).is_empty());
        // Restored: a snapshot at a random point, written and read back, plus the tail.
        let k = if records.is_empty() { 0 } else { cut.index(records.len() + 1) };
        let mut head = Projections::new();
        for r in &records[..k] {
            head.apply(r);
        }
        let dir = tempfile::tempdir().unwrap();
        snapshot::write(dir.path(), &head).unwrap();
        // Nothing personal is in the snapshot in any readable form (issue 12): names (as
        // written and folded), e-mails, phone and address are all sealed in the log.
        let bytes = std::fs::read(snapshot::path_in(dir.path())).unwrap();
        for secret in ["Nguy", "nguyen", "Đức", "secret", "o@example", "Người dùng"] {
            prop_assert!(
                !bytes.windows(secret.len()).any(|x| x == secret.as_bytes()),
                "{} in the snapshot", secret
            );
        }
        let mut restored = snapshot::read(dir.path()).unwrap();
        prop_assert_eq!(restored.position(), k as u64);
        for r in &records[k..] {
            restored.apply(r);
        }
        prop_assert_eq!(live.differences(&restored), Vec::<&str>::new());
        prop_assert!(live == restored);
        prop_assert_eq!(live.digest(), restored.digest());
        prop_assert_eq!(live.digest(), rebuilt.digest());
        // Queries agree too (they read the derived indexes a snapshot rebuilds).
        let trail = AuditFilter { nomination_id: Some(nom(1)), ..Default::default() };
        prop_assert_eq!(live.audit(&trail, keys), restored.audit(&trail, keys));
        prop_assert_eq!(live.honours(&HonourFilter::default(), keys),
                        restored.honours(&HonourFilter::default(), keys));
        prop_assert_eq!(live.notice(None, keys), restored.notice(None, keys));
        // The objections model (filed, resolved, its objectors) folds the same every way.
        let objections = |p: &Projections| p.objections().all().cloned().collect::<Vec<_>>();
        prop_assert_eq!(objections(&live), objections(&restored));
        prop_assert_eq!(objections(&live), objections(&rebuilt));
    }
}

const T: Duration = Duration::from_secs(10);

#[tokio::test]
async fn runner_follows_live_writes_snapshots_and_matches_rebuild() {
    let w = World::full_cycle(true);
    let store = MemoryStore::new();
    let half = w.log.len() / 2;
    let dir = tempfile::tempdir().unwrap();
    let config = RunnerConfig {
        snapshot_every: 7,
        ..RunnerConfig::with_snapshots(dir.path())
    };

    let runner = Runner::start(store.clone(), config.clone()).await.unwrap();
    assert_eq!(runner.started_from_snapshot, None);
    w.append_to(&store, 0).await;
    let _ = half;
    // Read-your-writes: wait for the last appended position, then the read sees it.
    let last = *store.durable_head().borrow() - 1;
    runner.wait_for(last, T).await.unwrap();
    assert_eq!(
        runner.read(|p| p.honours(&HonourFilter::default(), &*w.vault).len()),
        2
    );
    let rebuilt = rebuild(&store, |_, _| {}).await.unwrap();
    assert!(runner.read(|p| p.differences(&rebuilt)).is_empty());
    assert!(matches!(
        runner.wait_for(last + 5, Duration::from_millis(20)).await,
        Err(RunnerError::Timeout { .. })
    ));
    runner.shutdown().await.unwrap();

    // A restart starts from the snapshot and folds only what came after.
    let mut more = World::full_cycle(true);
    let award = more.state.nominations[&nom(1)].award_id.unwrap();
    let before = more.log.len();
    more.run(
        &authority(),
        C::RevokeAward {
            award_id: award,
            ground: RevocationGround::FalseDossier,
            decision_no: "9".into(),
            decided_on: time::macros::date!(2026 - 09 - 01),
            note: None,
        },
    );
    let runner = Runner::start(store.clone(), config.clone()).await.unwrap();
    assert_eq!(runner.started_from_snapshot, Some(last + 1));
    more.append_to(&store, before).await;
    runner.catch_up(&store, T).await.unwrap();
    assert_eq!(
        runner.read(|p| p.award(award, &*w.vault).unwrap().item.status),
        AwardStatus::Revoked
    );
    let rebuilt = rebuild(&store, |_, _| {}).await.unwrap();
    assert_eq!(
        runner.clone_state().differences(&rebuilt),
        Vec::<&str>::new()
    );
    runner.shutdown().await.unwrap();

    // A damaged snapshot (one byte of the body changed), a truncated one, and one of the old
    // format version (JSON) are each ignored and the log replayed.
    let good = std::fs::read(snapshot::path_in(dir.path())).unwrap();
    let mut damaged = good.clone();
    let middle = good.len() - good.len() / 3;
    damaged[middle] ^= 0x01;
    let old =
        b"{\"format\":\"accolade-projections-snapshot\",\"version\":1,\"position\":3}\n{}".to_vec();
    for bad in [damaged, good[..good.len() - 2].to_vec(), old] {
        std::fs::write(snapshot::path_in(dir.path()), bad).unwrap();
        let runner = Runner::start(store.clone(), config.clone()).await.unwrap();
        assert_eq!(runner.started_from_snapshot, None);
        runner.catch_up(&store, T).await.unwrap();
        assert!(runner.read(|p| p.differences(&rebuilt)).is_empty());
        assert_eq!(runner.read(Projections::digest), rebuilt.digest());
        runner.shutdown().await.unwrap();
    }
}

#[tokio::test]
async fn rebuild_reports_progress_and_stops_at_the_end_asked() {
    let w = World::full_cycle(false);
    let store = MemoryStore::new();
    w.append_to(&store, 0).await;
    let mut calls = vec![];
    let p = rebuild(&store, |done, total| calls.push((done, total)))
        .await
        .unwrap();
    let n = w.log.len() as u64;
    assert_eq!(p.position(), n);
    assert_eq!(calls.first(), Some(&(0, n)));
    assert_eq!(calls.last(), Some(&(n, n)));
    let part = rebuild_until(&store, 10, |_, _| {}).await.unwrap();
    assert_eq!(part.position(), 10);
}
