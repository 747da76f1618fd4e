//! Setup, phases and the schedule, nominations, screening.

use accolade_domain::testing::given;
use accolade_domain::*;
use accolade_events::*;
use time::macros::{date, datetime};

use crate::support::*;

#[test]
fn category_rules_are_validated() {
    let w = World::programme(vec![], 1, |_| None, None);
    let mut c = category("X", ninety_percent(), 1, None);
    c.voting.threshold = Threshold {
        num: 11,
        den: 10,
        strict: false,
    };
    let e = w
        .state
        .decide(&ProgrammeCommand::AddCategory(c), &w.ctx(&admin()))
        .unwrap_err();
    assert!(
        matches!(&e, DomainError::Invalid { field, .. } if field == "voting.threshold"),
        "{e}"
    );
    let mut c = category("X", ninety_percent(), 1, None);
    c.criteria.push(c.criteria[0].clone());
    assert!(matches!(
        w.state
            .decide(&ProgrammeCommand::AddCategory(c), &w.ctx(&admin())),
        Err(DomainError::Invalid { .. })
    ));
}

#[test]
fn cannot_leave_setup_without_a_category() {
    let mut w = World::new();
    w.run(
        &admin(),
        ProgrammeCommand::Create(CreateProgramme {
            programme_id: PROGRAMME,
            title: "T".into(),
            year: 2026,
            description: None,
            notice_working_days: 10,
            schedule: Schedule::default(),
            holidays: vec![],
        }),
    );
    let e = w
        .try_run(
            &admin(),
            ProgrammeCommand::MovePhase {
                to: Phase::Nominating,
            },
        )
        .unwrap_err();
    assert!(
        matches!(
            e,
            DomainError::PhaseNotDone {
                phase: Phase::Setup,
                ..
            }
        ),
        "{e}"
    );
}

#[test]
fn duplicates_across_agencies_are_flagged_not_refused() {
    let mut w = World::programme(
        vec![category("C", ninety_percent(), 1, None)],
        1,
        |_| None,
        None,
    );
    w.move_to(Phase::Nominating);
    w.draft(A1, nom(1), "C", "Nguyễn Văn An", 1);
    w.submit(A1, nom(1)).unwrap();
    // Another person id, the same name without diacritics, the same birth year.
    let mut c = content("NGUYEN  van an", 2);
    c.nominee.organisation = "Other".into();
    w.run(
        &clerk(A2),
        ProgrammeCommand::DraftNomination {
            nomination_id: nom(2),
            category_code: "C".into(),
            content: c,
        },
    );
    let ev = w.submit(A2, nom(2)).unwrap();
    assert!(
        matches!(&ev[..], [ProgrammeEvent::NominationSubmitted(_), ProgrammeEvent::DuplicateNomineeFlagged(d)]
            if d.other_nomination_id == nom(1) && d.basis == DuplicateBasis::NameAndBirthYear),
        "{ev:?}"
    );
    // The same agency nominating the same person twice is its own business (the quota covers it).
    w.draft(A1, nom(3), "C", "Nguyễn Văn An", 1);
    let ev = w.submit(A1, nom(3)).unwrap();
    assert!(ev.iter().any(|e| matches!(e, ProgrammeEvent::DuplicateNomineeFlagged(d) if d.other_nomination_id == nom(2) && d.basis == DuplicateBasis::NameAndBirthYear)));
    assert!(!ev.iter().any(|e| matches!(e, ProgrammeEvent::DuplicateNomineeFlagged(d) if d.other_nomination_id == nom(1))));
}

#[test]
fn prerequisites_are_checked_against_history() {
    let mut c = category("C", ninety_percent(), 1, None);
    c.prerequisite = Some(Prerequisite {
        award_title: "Chiến sĩ thi đua".into(),
        consecutive_years: 2,
    });
    let mut w = World::programme(vec![c], 1, |_| None, None);
    w.move_to(Phase::Nominating);
    w.draft(A1, nom(1), "C", "An", 1);
    let person = w.state.nominations[&nom(1)].person_id;
    let rec = |year| AwardRecord {
        person_id: person,
        award_title: "Chiến sĩ thi đua".into(),
        year,
    };
    let submit = |history| ProgrammeCommand::SubmitNomination {
        nomination_id: nom(1),
        history,
    };
    let e = w
        .try_run(&head(A1), submit(vec![rec(2023), rec(2025)]))
        .unwrap_err();
    assert!(matches!(e, DomainError::PrerequisiteNotMet(_)), "{e}");
    w.run(&head(A1), submit(vec![rec(2024), rec(2025)]));
    assert_eq!(w.status(nom(1)), NominationStatus::Submitted);
}

#[test]
fn returned_nominations_are_corrected_and_resubmitted_during_screening() {
    let mut w = World::programme(
        vec![category("C", ninety_percent(), 1, Some(1))],
        1,
        |_| None,
        None,
    );
    w.move_to(Phase::Nominating);
    w.draft(A1, nom(1), "C", "An", 1);
    w.submit(A1, nom(1)).unwrap();
    w.move_to(Phase::Screening);
    w.run(
        &admin(),
        ProgrammeCommand::ReturnNomination {
            nomination_id: nom(1),
            reason: "missing evidence".into(),
        },
    );
    assert_eq!(w.status(nom(1)), NominationStatus::Returned);
    let mut c = content("An", 1);
    c.evidence.push(Evidence {
        title: "Giấy chứng nhận".into(),
        url: "https://example.vn/2".into(),
    });
    w.run(
        &clerk(A1),
        ProgrammeCommand::AmendNomination {
            nomination_id: nom(1),
            content: c,
            expected_version: Some(1),
        },
    );
    assert_eq!(w.state.nominations[&nom(1)].version, 2);
    // An amendment made against version 1 is stale now (issue 10 item 14: the expected
    // version is decided with the append, not checked beforehand).
    let stale = w
        .try_run(
            &clerk(A1),
            ProgrammeCommand::AmendNomination {
                nomination_id: nom(1),
                content: content("Ân", 1),
                expected_version: Some(1),
            },
        )
        .unwrap_err();
    assert_eq!(
        stale,
        DomainError::VersionMismatch {
            expected: 1,
            current: 2
        }
    );
    // Resubmission keeps its quota place (max 1 per agency).
    let ev = w.submit(A1, nom(1)).unwrap();
    assert!(matches!(&ev[0], ProgrammeEvent::NominationSubmitted(s) if s.resubmission));
    // Cannot leave screening with it unscreened.
    let e = w
        .try_run(
            &admin(),
            ProgrammeCommand::MovePhase {
                to: Phase::Reviewing,
            },
        )
        .unwrap_err();
    assert!(
        matches!(
            e,
            DomainError::PhaseNotDone {
                phase: Phase::Screening,
                ..
            }
        ),
        "{e}"
    );
    w.screen(nom(1), true);
    w.move_to(Phase::Reviewing);
}

#[test]
fn the_schedule_moves_phases_when_dates_pass_and_work_is_done() {
    let mut w = World::new();
    w.run(
        &admin(),
        ProgrammeCommand::Create(CreateProgramme {
            programme_id: PROGRAMME,
            title: "T".into(),
            year: 2026,
            description: None,
            notice_working_days: 0,
            schedule: Schedule {
                nominating: Some(date!(2026 - 03 - 10)),
                screening: Some(date!(2026 - 03 - 20)),
                ..Schedule::default()
            },
            holidays: vec![],
        }),
    );
    w.run(
        &admin(),
        ProgrammeCommand::AddCategory(category("C", ninety_percent(), 1, None)),
    );
    w.move_to(Phase::Nominating);
    w.draft(A1, nom(1), "C", "An", 1);
    w.submit(A1, nom(1)).unwrap();
    // On the last day of nominating nothing moves.
    w.now = datetime!(2026-03-10 23:00 +7);
    assert_eq!(w.run(&Actor::System, ProgrammeCommand::Tick), vec![]);
    // Well after both dates: nominating -> screening, then stuck on the unscreened nomination.
    w.now = datetime!(2026-03-25 08:00 +7);
    let ev = w.run(&Actor::System, ProgrammeCommand::Tick);
    assert!(
        matches!(&ev[..], [ProgrammeEvent::PhaseMoved(p)] if p.automatic && p.to == Phase::Screening),
        "{ev:?}"
    );
    w.screen(nom(1), true);
    let ev = w.run(&Actor::System, ProgrammeCommand::Tick);
    assert!(
        matches!(&ev[..], [ProgrammeEvent::PhaseMoved(p)] if p.to == Phase::Reviewing),
        "{ev:?}"
    );
    // The public cannot tick.
    assert!(w.try_run(&Actor::Public, ProgrammeCommand::Tick).is_err());
}

#[test]
fn a_zero_day_notice_may_be_left_at_once_and_objections_still_count() {
    let mut w = World::in_voting(open_rule(1, 2, false, Denominator::VotesCast), 1, 1, 1);
    w.vote(1, nom(1), Choice::Approve).unwrap();
    w.run(
        &member(1),
        ProgrammeCommand::CloseRound {
            category_code: "C".into(),
            opened: Default::default(),
        },
    );
    w.run(
        &admin(),
        ProgrammeCommand::Amend(ProgrammeAmended {
            notice_working_days: Some(0),
            ..Default::default()
        }),
    );
    w.move_to(Phase::PublicNotice);
    let object = ProgrammeCommand::FileObjection(FileObjection {
        objection_id: uuid::Uuid::from_u128(7),
        nomination_id: nom(1),
        objector_person_id: uuid::Uuid::from_u128(8),
        objector: Objector {
            full_name: "B".into(),
            phone: "1".into(),
            address: "HN".into(),
            email: Some("b@example.vn".into()),
        },
        text: "objection".into(),
    });
    w.run(&Actor::Public, object);
    w.run(
        &admin(),
        ProgrammeCommand::ResolveObjection {
            objection_id: uuid::Uuid::from_u128(7),
            upheld: false,
            reason: "unfounded".into(),
        },
    );
    assert_eq!(w.status(nom(1)), NominationStatus::Recommended);
    w.move_to(Phase::Deciding);
    // Declining with a reason; nothing left to confer. Published needs the decision first.
    let e = w
        .try_run(
            &admin(),
            ProgrammeCommand::MovePhase {
                to: Phase::Published,
            },
        )
        .unwrap_err();
    assert!(matches!(e, DomainError::PhaseNotDone { .. }), "{e}");
    w.run(
        &authority(),
        ProgrammeCommand::MakeDecision {
            decision_no: "9/QĐ".into(),
            decided_on: date!(2026 - 06 - 01),
            signer: "S".into(),
            declined: vec![Decline {
                nomination_id: nom(1),
                reason: "not this year".into(),
            }],
            holders: accolade_domain::fixtures::public_records(&w.state),
        },
    );
    assert_eq!(w.status(nom(1)), NominationStatus::Declined);
    // After the decision nothing can be withdrawn.
    let e = w
        .try_run(
            &head(A1),
            ProgrammeCommand::WithdrawNomination {
                nomination_id: nom(1),
                reason: "x".into(),
            },
        )
        .unwrap_err();
    assert!(matches!(e, DomainError::Conflict { .. }), "{e}");
}

#[test]
fn create_twice_is_a_conflict() {
    let w = World::programme(vec![], 1, |_| None, None);
    let cmd = ProgrammeCommand::Create(CreateProgramme {
        programme_id: PROGRAMME,
        title: "T".into(),
        year: 2026,
        description: None,
        notice_working_days: 10,
        schedule: Schedule::default(),
        holidays: vec![],
    });
    given::<Programme>(w.log.clone())
        .when(&cmd, &w.ctx(&admin()))
        .then_error(|e| matches!(e, DomainError::Conflict { .. }));
}
