//! Idempotency keys, forbidden actions that append nothing, and the ballot box's crash
//! windows.

use std::collections::BTreeMap;

use accolade_app::{AppError, Command, ErrorKind, Options, RoundId};
use accolade_domain::*;
use accolade_events::*;
use accolade_store::EventStore;
use uuid::Uuid;

use crate::support::*;

fn create(title: &str) -> Command {
    Command::programme(
        PROGRAMME,
        ProgrammeCommand::Create(CreateProgramme {
            programme_id: PROGRAMME,
            title: title.into(),
            year: 2026,
            description: None,
            notice_working_days: 10,
            schedule: Schedule::default(),
            holidays: vec![],
        }),
    )
}

#[tokio::test]
async fn an_idempotency_key_replays_the_first_result_and_refuses_another_command() {
    let app = memory_app(start());
    let first = app
        .execute_with(admin(), create("A"), Options::key("k1"))
        .await
        .unwrap();
    let add = ProgrammeCommand::AddCategory(category("IND", ninety_percent(), 2, None));
    run(&app, &admin(), Command::programme(PROGRAMME, add)).await;
    let again = app
        .execute_with(admin(), create("A"), Options::key("k1"))
        .await
        .unwrap();
    assert!(again.replayed && !first.replayed);
    assert_eq!(
        (
            &again.event_ids,
            again.positions,
            &again.events,
            again.command_id
        ),
        (
            &first.event_ids,
            first.positions,
            &first.events,
            first.command_id
        )
    );
    let log = app
        .store()
        .read_stream("programme-00000000-0000-0000-0000-000000000070", 0, 100)
        .await
        .unwrap();
    assert_eq!(
        log.iter()
            .filter(|r| r.event_type == "ProgrammeCreated")
            .count(),
        1
    );

    // The same key for a different command, on the same stream or another.
    let err = app
        .execute_with(admin(), create("B"), Options::key("k1"))
        .await
        .unwrap_err();
    assert!(
        matches!(err, AppError::IdempotencyKeyReused { .. }),
        "{err}"
    );
    assert_eq!(err.kind(), ErrorKind::Conflict);
    let other = Command::programme(
        Uuid::from_u128(0x71),
        ProgrammeCommand::Create(CreateProgramme {
            programme_id: Uuid::from_u128(0x71),
            title: "Other".into(),
            year: 2026,
            description: None,
            notice_working_days: 10,
            schedule: Schedule::default(),
            holidays: vec![],
        }),
    );
    let before = log_len(&app);
    let err = app
        .execute_with(admin(), other.clone(), Options::key("k1"))
        .await
        .unwrap_err();
    assert!(
        matches!(err, AppError::IdempotencyKeyReused { .. }),
        "{err}"
    );
    assert_eq!(log_len(&app), before);
    // Keys are per actor: another admin's "k1" is their own.
    let admin2 = Actor::user(Uuid::from_u128(0xAE), Role::Admin, None);
    app.execute_with(admin2, other, Options::key("k1"))
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_retries_with_one_key_append_once() {
    let app = memory_app(start());
    people(&app, 1, |_| None).await;
    run(&app, &admin(), create("A")).await;
    run(
        &app,
        &admin(),
        Command::programme(
            PROGRAMME,
            ProgrammeCommand::AddCategory(category("IND", ninety_percent(), 2, None)),
        ),
    )
    .await;
    run(
        &app,
        &admin(),
        Command::programme(
            PROGRAMME,
            ProgrammeCommand::MovePhase {
                to: Phase::Nominating,
            },
        ),
    )
    .await;
    let draft = Command::programme(
        PROGRAMME,
        ProgrammeCommand::DraftNomination {
            nomination_id: nom(1),
            category_code: "IND".into(),
            content: content("An", 1),
        },
    );
    let tasks: Vec<_> = (0..4)
        .map(|_| {
            let (app, draft) = (app.clone(), draft.clone());
            tokio::spawn(async move {
                app.execute_with(clerk(A1), draft, Options::key("draft-1"))
                    .await
            })
        })
        .collect();
    let mut results = vec![];
    for t in tasks {
        results.push(t.await.unwrap().unwrap());
    }
    assert_eq!(results.iter().filter(|r| !r.replayed).count(), 1);
    assert!(results.windows(2).all(|w| w[0].event_ids == w[1].event_ids));
    // A user registration with a key: the directory reservation is not repeated either.
    let register = Command::user(
        m(9),
        UserCommand::Register(RegisterUser {
            user_id: m(9),
            person_id: Uuid::from_u128(0xFEE9),
            email: "late@example.vn".into(),
            full_name: "Late".into(),
            role: Role::Member,
            agency_id: None,
            locale: Locale::En,
        }),
    );
    let first = app
        .execute_with(admin(), register.clone(), Options::key("u9"))
        .await
        .unwrap();
    let before = log_len(&app);
    let again = app
        .execute_with(admin(), register, Options::key("u9"))
        .await
        .unwrap();
    assert!(again.replayed);
    assert_eq!((again.event_ids, log_len(&app)), (first.event_ids, before));
    assert_eq!(
        app.directory()
            .await
            .unwrap()
            .user_by_email_key(&app.people().email_key("late@example.vn")),
        Some(m(9))
    );
}

type Expected = fn(&DomainError) -> bool;

/// Each forbidden action gets its typed error and appends nothing (log and ballot box).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forbidden_actions_append_nothing() {
    let env = SledEnv::new().await;
    let app = &env.app;
    in_voting(app, 3, 2).await;
    prog(app, &member(1), cast(nom(1), Choice::Approve)).await;
    let declare = ProgrammeCommand::DeclareConflict {
        nomination_id: nom(2),
        member_id: None,
        reason: "my student".into(),
    };
    prog(app, &member(3), declare).await;
    let round = RoundId::new(PROGRAMME, "IND");
    let slots = || app.vault().read(&round).unwrap().map_or(0, |r| r.len());
    let screen = ProgrammeCommand::ScreenNomination {
        nomination_id: nom(1),
        eligible: true,
        reason: "x".into(),
    };
    let withdraw = ProgrammeCommand::WithdrawNomination {
        nomination_id: nom(1),
        reason: "x".into(),
    };
    let draft = ProgrammeCommand::DraftNomination {
        nomination_id: nom(9),
        category_code: "IND".into(),
        content: content("X", 9),
    };
    let cases: Vec<(&str, Actor, ProgrammeCommand, Expected)> = vec![
        ("wrong role", clerk(A1), screen, |e| {
            matches!(e, DomainError::Forbidden(Forbidden::WrongRole { .. }))
        }),
        ("another agency", head(A2), withdraw, |e| {
            *e == DomainError::Forbidden(Forbidden::OtherAgency)
        }),
        ("wrong phase", clerk(A1), draft, |e| {
            matches!(e, DomainError::WrongPhase { .. })
        }),
        (
            "recused member",
            member(3),
            cast(nom(2), Choice::Approve),
            |e| *e == DomainError::Forbidden(Forbidden::Recused),
        ),
        (
            "second ballot",
            member(1),
            cast(nom(1), Choice::Reject),
            |e| matches!(e, DomainError::Conflict { .. }),
        ),
    ];
    for (what, actor, cmd, expected) in cases {
        let (events, sealed) = (log_len(app), slots());
        let err = try_prog(app, &actor, cmd).await.unwrap_err();
        assert!(err.domain().is_some_and(expected), "{what}: {err}");
        assert_eq!(
            (log_len(app), slots()),
            (events, sealed),
            "{what} appended or sealed something"
        );
    }
    // The refused second ballot did not replace the first.
    let sealed = app.vault().read(&round).unwrap().unwrap();
    assert_eq!(sealed.open(m(1), nom(1)).unwrap(), Some(Choice::Approve));
}

/// The crash windows of a cast: a sealed choice whose participation never reached the log is
/// not counted; a participation whose sealed choice is lost stops the count.
#[tokio::test]
async fn orphan_sealed_choices_are_not_counted_and_lost_ones_stop_the_close() {
    let app = memory_app(start());
    in_voting(&app, 3, 1).await;
    let round = RoundId::new(PROGRAMME, "IND");
    // "Crash" after sealing member 3's choice, before its participation was appended.
    app.vault()
        .update(&round, &mut |r| r.seal(m(3), nom(1), Choice::Reject))
        .unwrap();
    prog(&app, &member(1), cast(nom(1), Choice::Approve)).await;
    prog(&app, &member(2), cast(nom(1), Choice::Approve)).await;
    let close = ProgrammeCommand::CloseRound {
        category_code: "IND".into(),
        opened: BTreeMap::new(),
    };
    // Choices are opened by the app; a caller cannot send them.
    let mut forged = BTreeMap::new();
    forged.insert(nom(1), vec![Choice::Approve, Choice::Approve]);
    let sent = ProgrammeCommand::CloseRound {
        category_code: "IND".into(),
        opened: forged,
    };
    let err = try_prog(&app, &member(1), sent).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Invalid);

    // A lost ballot box: the participations have no sealed choices; nothing is counted.
    let saved = app.vault().read(&round).unwrap().unwrap();
    app.vault().destroy(&round).unwrap();
    let before = log_len(&app);
    let err = try_prog(&app, &member(1), close.clone()).await.unwrap_err();
    assert!(
        matches!(err, AppError::BallotsMissing { missing: 2, .. }),
        "{err}"
    );
    assert_eq!(log_len(&app), before);
    app.vault()
        .update(&round, &mut |r| {
            *r = saved.clone();
            Ok(())
        })
        .unwrap();

    prog(&app, &member(1), close).await;
    let o = app.programme(PROGRAMME).await.unwrap().nominations[&nom(1)]
        .outcome
        .clone()
        .unwrap();
    assert_eq!(
        (o.approvals, o.rejections),
        (2, 0),
        "the orphan reject is not counted"
    );
}
