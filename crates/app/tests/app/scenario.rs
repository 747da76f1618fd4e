//! Issue 3's "Must show": a whole programme through the app layer on a real sled store.

use std::collections::BTreeMap;

use accolade_app::{AppError, Command, RoundId};
use accolade_domain::*;
use accolade_events::*;
use accolade_store::EventStore;
use serde_json::Value;
use time::{Duration, macros::date};
use uuid::Uuid;

use crate::support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_whole_programme_on_sled() {
    let mut env = SledEnv::new().await;
    // A council of 10; member 10 works for agency A1.
    people(&env.app, 10, |i| (i == 10).then_some(A1)).await;
    programme(
        &env.app,
        vec![category("IND", ninety_percent(), 2, Some(2))],
        10,
    )
    .await;
    let p = env.app.programme(PROGRAMME).await.unwrap();
    let affiliation = |i| {
        p.panels[&PANEL]
            .members
            .iter()
            .find(|x| x.user_id == m(i))
            .unwrap()
            .agency_id
    };
    assert_eq!(
        (affiliation(10), affiliation(1)),
        (Some(A1), None),
        "affiliations come from the users"
    );

    // Two agencies nominate; A1's third submission is over its quota of 2 and refused.
    move_to(&env.app, Phase::Nominating).await;
    draft(&env.app, A1, nom(1), "Nguyễn Văn An", 1).await;
    draft(&env.app, A1, nom(2), "Trần Thị Bình", 2).await;
    draft(&env.app, A1, nom(5), "Lê Văn Cường", 5).await;
    draft(&env.app, A2, nom(3), "Phạm Thị Dung", 3).await;
    draft(&env.app, A2, nom(4), "Hoàng Văn Em", 4).await;
    for (a, n) in [(A1, 1), (A1, 2), (A2, 3), (A2, 4)] {
        prog(&env.app, &head(a), submit(nom(n))).await;
        env.clock.advance(Duration::days(1));
    }
    let before = log_len(&env.app);
    let err = try_prog(&env.app, &head(A1), submit(nom(5)))
        .await
        .unwrap_err();
    assert!(
        matches!(err.domain(), Some(DomainError::QuotaExceeded(_))),
        "{err}"
    );
    assert_eq!(
        log_len(&env.app),
        before,
        "a refused command appends nothing"
    );
    assert_eq!(status(&env.app, nom(5)).await, NominationStatus::Draft);

    // Screening marks one ineligible.
    move_to(&env.app, Phase::Screening).await;
    for (n, eligible) in [(1, true), (2, true), (3, true), (4, false)] {
        let cmd = ProgrammeCommand::ScreenNomination {
            nomination_id: nom(n),
            eligible,
            reason: "outside the field".into(),
        };
        prog(&env.app, &admin(), cmd).await;
    }
    assert_eq!(status(&env.app, nom(4)).await, NominationStatus::Ineligible);

    // Review: every member assigned; member 10 recused from A1's nominations automatically.
    move_to(&env.app, Phase::Reviewing).await;
    let seed = env.app.new_seed();
    let done = prog(
        &env.app,
        &admin(),
        ProgrammeCommand::AssignReviewers {
            panel_id: PANEL,
            seed,
        },
    )
    .await;
    let auto: Vec<_> = done
        .events
        .iter()
        .filter_map(|e| match e {
            AnyEvent::Programme(ProgrammeEvent::ConflictAutoRaised(c)) => {
                Some((c.nomination_id, c.member_id))
            }
            _ => None,
        })
        .collect();
    assert_eq!(auto, vec![(nom(1), m(10)), (nom(2), m(10))]);
    for (n, impact) in [(1, 8), (2, 5), (3, 9)] {
        for i in 1..=3 {
            let scores =
                BTreeMap::from([("impact".to_owned(), impact), ("reach".to_owned(), impact)]);
            let cmd = ProgrammeCommand::RecordScores {
                nomination_id: nom(n),
                scores,
                comment: None,
            };
            prog(&env.app, &member(i), cmd).await;
        }
    }

    // Voting, secret, at least 90% of all eligible members.
    move_to(&env.app, Phase::Voting).await;
    let mut votes = vec![];
    votes.extend((1..=7).map(|i| (i, nom(1), Choice::Approve)));
    votes.extend((1..=8).map(|i| (i, nom(2), Choice::Approve)));
    votes.push((9, nom(2), Choice::Reject));
    votes.extend((1..=9).map(|i| (i, nom(3), Choice::Approve)));
    votes.push((10, nom(3), Choice::Abstain));
    for (i, n, c) in votes {
        let actor = env.app.actor_for(m(i)).await.unwrap();
        let done = prog(&env.app, &actor, cast(n, c)).await;
        assert!(matches!(
            &done.events[..],
            [AnyEvent::Programme(
                ProgrammeEvent::BallotParticipationRecorded(_)
            )]
        ));
    }
    // Two absent members' written votes on N1, entered by the secretariat.
    for i in [8, 9] {
        let cmd = ProgrammeCommand::EnterAbsenteeBallot {
            nomination_id: nom(1),
            member_id: m(i),
            choice: Choice::Approve,
        };
        prog(&env.app, &admin(), cmd).await;
    }
    // The recused member cannot vote; a second secret ballot is refused whatever its choice.
    let before = log_len(&env.app);
    let m10 = env.app.actor_for(m(10)).await.unwrap();
    let err = try_prog(&env.app, &m10, cast(nom(1), Choice::Approve))
        .await
        .unwrap_err();
    assert_eq!(
        err.domain(),
        Some(&DomainError::Forbidden(Forbidden::Recused))
    );
    for choice in [Choice::Reject, Choice::Approve] {
        let err = try_prog(&env.app, &member(9), cast(nom(2), choice))
            .await
            .unwrap_err();
        assert!(
            matches!(err.domain(), Some(DomainError::Conflict { .. })),
            "{err}"
        );
    }
    assert_eq!(log_len(&env.app), before);

    // A restart between casting and counting: the log and the sealed box come back the same.
    let state = env.app.programme(PROGRAMME).await.unwrap();
    env = env.restart().await;
    assert_eq!(env.app.programme(PROGRAMME).await.unwrap(), state);
    let round = RoundId::new(PROGRAMME, "IND");
    assert_eq!(
        env.app.vault().read(&round).unwrap().unwrap().len(),
        9 + 9 + 10
    );

    // The chair closes the round: the sealed box is opened, counted, and destroyed.
    let chair = env.app.actor_for(m(1)).await.unwrap();
    let close = ProgrammeCommand::CloseRound {
        category_code: "IND".into(),
        opened: BTreeMap::new(),
    };
    prog(&env.app, &chair, close).await;
    assert!(
        env.app.vault().read(&round).unwrap().is_none(),
        "the round key is destroyed"
    );
    assert_eq!(
        std::fs::read_dir(env.dir.path().join("ballots"))
            .unwrap()
            .count(),
        0
    );
    let p = env.app.programme(PROGRAMME).await.unwrap();
    let o = |n| p.nominations[&nom(n)].outcome.clone().unwrap();
    let (n1, n2, n3) = (o(1), o(2), o(3));
    assert_eq!(
        (n1.approvals, n1.eligible, n1.required, n1.passed),
        (9, 9, 9, true)
    );
    assert_eq!(
        (
            n2.approvals,
            n2.rejections,
            n2.eligible,
            n2.required,
            n2.passed
        ),
        (8, 1, 9, 9, false),
        "fails by one"
    );
    assert_eq!(
        (
            n3.approvals,
            n3.abstentions,
            n3.eligible,
            n3.required,
            n3.passed
        ),
        (9, 1, 10, 9, true)
    );
    assert_eq!(
        (n3.outcome, n3.rank),
        (Outcome::Recommended, Some(1)),
        "higher score ranks first"
    );
    assert_eq!((n1.outcome, n1.rank), (Outcome::Recommended, Some(2)));
    assert_eq!(n2.outcome, Outcome::NotRecommended);

    // Public notice: an objection from the public against N3 is upheld.
    move_to(&env.app, Phase::PublicNotice).await;
    let objection = Uuid::from_u128(0x0B1);
    let filed = env
        .app
        .execute(
            Actor::Public,
            Command::programme(
                PROGRAMME,
                ProgrammeCommand::FileObjection(FileObjection {
                    objection_id: objection,
                    nomination_id: nom(3),
                    objector_person_id: Uuid::from_u128(0xF0B1),
                    objector: Objector {
                        full_name: "Ngô Văn Phản".into(),
                        phone: "0900000000".into(),
                        address: "Hà Nội".into(),
                        email: None,
                    },
                    text: "Thành tích đã được khen thưởng".into(),
                }),
            ),
        )
        .await
        .unwrap();
    let resolve = ProgrammeCommand::ResolveObjection {
        objection_id: objection,
        upheld: true,
        reason: "đã xác minh".into(),
    };
    prog(&env.app, &admin(), resolve).await;
    assert_eq!(
        status(&env.app, nom(3)).await,
        NominationStatus::ObjectionUpheld
    );
    let err = try_prog(
        &env.app,
        &admin(),
        ProgrammeCommand::MovePhase {
            to: Phase::Deciding,
        },
    )
    .await
    .unwrap_err();
    assert!(
        matches!(err.domain(), Some(DomainError::PhaseNotDone { .. })),
        "notice period still running: {err}"
    );
    env.clock.advance(Duration::days(16));
    move_to(&env.app, Phase::Deciding).await;

    // The authority decides: N1 is conferred; then the award is revoked.
    let decision = ProgrammeCommand::MakeDecision {
        decision_no: "123/QĐ-BKHCN".into(),
        decided_on: date!(2026 - 04 - 20),
        signer: "Bộ trưởng".into(),
        declined: vec![],
        holders: Default::default(),
    };
    let done = prog(&env.app, &authority(), decision).await;
    let awards: Vec<AwardConferred> = done
        .events
        .iter()
        .filter_map(|e| match e {
            AnyEvent::Programme(ProgrammeEvent::AwardConferred(a)) => Some(a.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(awards.len(), 1);
    assert_eq!(awards[0].nomination_id, nom(1));
    move_to(&env.app, Phase::Published).await;
    let revoke = ProgrammeCommand::RevokeAward {
        award_id: awards[0].award_id,
        ground: RevocationGround::FalseDossier,
        decision_no: "200/QĐ-BKHCN".into(),
        decided_on: date!(2026 - 09 - 01),
        note: None,
    };
    prog(&env.app, &authority(), revoke).await;

    // Every outcome.
    use NominationStatus as S;
    let mut statuses = vec![];
    for i in 1..=5 {
        statuses.push(status(&env.app, nom(i)).await);
    }
    assert_eq!(
        statuses,
        vec![
            S::Revoked,
            S::NotRecommended,
            S::ObjectionUpheld,
            S::Ineligible,
            S::Draft
        ]
    );
    let p = env.app.programme(PROGRAMME).await.unwrap();
    assert_eq!(
        p.nominations[&nom(1)].revocation.as_ref().unwrap().ground,
        RevocationGround::FalseDossier
    );
    // The revoked award no longer counts as held.
    assert!(
        env.app
            .award_history(p.nominations[&nom(1)].person_id)
            .await
            .unwrap()
            .is_empty()
    );

    // The log verifies, and nothing in it links a member to a choice.
    assert!(env.app.store().verify().await.unwrap().ok);
    let log = env.app.store().read_all(0, 100_000).await.unwrap();
    let public = log
        .iter()
        .find(|r| r.position == filed.positions.unwrap().0)
        .unwrap();
    assert_eq!(
        public.metadata.actor, None,
        "the public objector is not an actor"
    );
    check_secrecy(&log);
    // A fresh app replaying the log has the same state as the live one.
    env = env.restart().await;
    assert_eq!(env.app.programme(PROGRAMME).await.unwrap(), p);
}

/// No record names a member and a choice together; the opened batch has no actor; and the
/// tally is checkable from the log: choices opened = participations, per nomination.
fn check_secrecy(log: &[accolade_store::RecordedEvent]) {
    let mut participations: BTreeMap<String, usize> = BTreeMap::new();
    let mut opened: BTreeMap<String, usize> = BTreeMap::new();
    for rec in log {
        let payload: Value = serde_json::from_str(rec.payload.get()).unwrap();
        let text = payload.to_string();
        let names_member = text.contains("\"member_id\"");
        let has_choice =
            payload.get("choice").is_some_and(|c| !c.is_null()) || text.contains("\"choices\"");
        assert!(
            !(names_member && has_choice),
            "links a member to a choice: {text}"
        );
        match rec.event_type.as_str() {
            "BallotParticipationRecorded" | "AbsenteeBallotEntered" => {
                *participations
                    .entry(payload["nomination_id"].to_string())
                    .or_default() += 1;
            }
            "SecretBallotsOpened" => {
                assert_eq!(rec.metadata.actor, None, "the opened batch is anonymous");
                for b in payload["batches"].as_array().unwrap() {
                    let n = b["choices"].as_array().unwrap().len();
                    *opened.entry(b["nomination_id"].to_string()).or_default() += n;
                }
            }
            _ => {}
        }
    }
    assert_eq!(participations, opened);
    assert_eq!(opened.values().sum::<usize>(), 28);
}

#[tokio::test]
async fn app_futures_are_send() {
    fn assert_send<T: Send>(_: &T) {}
    let app = memory_app(start());
    let f = app.execute(
        admin(),
        Command::programme(PROGRAMME, ProgrammeCommand::Tick),
    );
    assert_send(&f);
    let err: AppError = f.await.unwrap_err();
    assert_eq!(err.kind(), accolade_app::ErrorKind::NotFound);
}
