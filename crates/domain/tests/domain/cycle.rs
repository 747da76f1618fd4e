//! A whole programme, setup to revocation, every outcome asserted.

use std::collections::BTreeMap;

use accolade_domain::*;
use accolade_events::*;
use time::macros::date;

use crate::support::*;

#[test]
fn full_cycle() {
    // A council of 10; member 10 belongs to agency A1, so is recused from A1's nominations.
    let cat = category("IND", ninety_percent(), 2, Some(2));
    let mut w = World::programme(vec![cat], 10, |i| (i == 10).then_some(A1), None);
    w.move_to(Phase::Nominating);

    // Two agencies nominate; A1's third nomination is over its quota of 2 and refused.
    w.draft(A1, nom(1), "IND", "Nguyễn Văn An", 1);
    w.draft(A1, nom(2), "IND", "Trần Thị Bình", 2);
    w.draft(A1, nom(5), "IND", "Lê Văn Cường", 5);
    w.draft(A2, nom(3), "IND", "Phạm Thị Dung", 3);
    w.draft(A2, nom(4), "IND", "Hoàng Văn Em", 4);
    for (a, n) in [(A1, 1), (A1, 2), (A2, 3), (A2, 4)] {
        w.submit(a, nom(n)).unwrap();
        w.days(1);
    }
    let before = w.log.len();
    let err = w.submit(A1, nom(5)).unwrap_err();
    assert!(matches!(err, DomainError::QuotaExceeded(_)), "{err}");
    assert_eq!(w.log.len(), before, "a refused command appends nothing");
    assert_eq!(w.status(nom(5)), NominationStatus::Draft);

    // Screening: one ineligible.
    w.move_to(Phase::Screening);
    for n in [1, 2, 3] {
        w.screen(nom(n), true);
    }
    w.run(
        &admin(),
        ProgrammeCommand::ScreenNomination {
            nomination_id: nom(4),
            eligible: false,
            reason: "outside the field".into(),
        },
    );
    assert_eq!(w.status(nom(4)), NominationStatus::Ineligible);

    // Review: all members assigned; member 10 auto-recused from A1's two nominations.
    w.move_to(Phase::Reviewing);
    let events = w.run(
        &admin(),
        ProgrammeCommand::AssignReviewers {
            panel_id: PANEL,
            seed: 2026,
        },
    );
    let auto: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            ProgrammeEvent::ConflictAutoRaised(c) => Some((c.nomination_id, c.member_id)),
            _ => None,
        })
        .collect();
    assert_eq!(auto, vec![(nom(1), m(10)), (nom(2), m(10))]);
    assert_eq!(w.state.nominations[&nom(1)].eligible_voters().len(), 9);
    assert_eq!(w.state.nominations[&nom(3)].eligible_voters().len(), 10);
    for i in 1..=3 {
        w.score(i, nom(1), 8, 8);
        w.score(i, nom(2), 5, 5);
        w.score(i, nom(3), 9, 9);
    }

    // Voting, secret, threshold 90% of all members. The "app" seals choices in `sealed`.
    w.move_to(Phase::Voting);
    let mut sealed: BTreeMap<uuid::Uuid, Vec<Choice>> = BTreeMap::new();
    let mut cast = |w: &mut World, i: u128, n: uuid::Uuid, c: Choice| {
        let ev = w.vote(i, n, c).unwrap();
        assert!(
            matches!(&ev[..], [ProgrammeEvent::BallotParticipationRecorded(_)]),
            "no choice in the log: {ev:?}"
        );
        sealed.entry(n).or_default().push(c);
    };
    // N1: 7 members in the room approve...
    for i in 1..=7 {
        cast(&mut w, i, nom(1), Choice::Approve);
    }
    // N2: 8 approve, 1 rejects: fails by one vote.
    for i in 1..=8 {
        cast(&mut w, i, nom(2), Choice::Approve);
    }
    cast(&mut w, 9, nom(2), Choice::Reject);
    // N3: 9 approve, member 10 abstains.
    for i in 1..=9 {
        cast(&mut w, i, nom(3), Choice::Approve);
    }
    cast(&mut w, 10, nom(3), Choice::Abstain);
    // ...and two absent members' written votes on N1 are entered by the secretariat.
    for i in [8, 9] {
        let ev = w.run(
            &admin(),
            ProgrammeCommand::EnterAbsenteeBallot {
                nomination_id: nom(1),
                member_id: m(i),
                choice: Choice::Approve,
            },
        );
        assert!(
            matches!(&ev[..], [ProgrammeEvent::AbsenteeBallotEntered(a)] if a.choice.is_none())
        );
        sealed.entry(nom(1)).or_default().push(Choice::Approve);
    }
    // The recused member cannot vote on N1.
    let err = w.vote(10, nom(1), Choice::Approve).unwrap_err();
    assert_eq!(err, DomainError::Forbidden(Forbidden::Recused));

    // The chair closes the round; the app opens the sealed box, shuffled.
    for v in sealed.values_mut() {
        v.reverse();
    }
    let events = w.run(
        &member(1),
        ProgrammeCommand::CloseRound {
            category_code: "IND".into(),
            opened: sealed.clone(),
        },
    );
    let batch = events
        .iter()
        .find_map(|e| match e {
            ProgrammeEvent::SecretBallotsOpened(b) => Some(b.clone()),
            _ => None,
        })
        .unwrap();
    for b in &batch.batches {
        assert_eq!(
            b.choices.len(),
            w.state.nominations[&b.nomination_id].participants.len()
        );
    }
    let o = w.outcomes();
    let n1 = &o[&nom(1)];
    assert_eq!(
        (n1.approvals, n1.eligible, n1.required, n1.passed),
        (9, 9, 9, true)
    );
    let n2 = &o[&nom(2)];
    assert_eq!(
        (
            n2.approvals,
            n2.rejections,
            n2.eligible,
            n2.required,
            n2.passed
        ),
        (8, 1, 9, 9, false)
    );
    assert_eq!(n2.outcome, Outcome::NotRecommended);
    let n3 = &o[&nom(3)];
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
    // Equal approvals; N3's higher weighted score ranks it first.
    assert_eq!((n3.outcome, n3.rank), (Outcome::Recommended, Some(1)));
    assert_eq!((n1.outcome, n1.rank), (Outcome::Recommended, Some(2)));
    assert_eq!(w.status(nom(2)), NominationStatus::NotRecommended);

    // Public notice: an objection against N3 is upheld.
    w.move_to(Phase::PublicNotice);
    let notice = w.state.notice.unwrap();
    assert_eq!(notice.working_days, 10);
    let ev = w.run(
        &Actor::Public,
        ProgrammeCommand::FileObjection(FileObjection {
            objection_id: uuid::Uuid::from_u128(0x0B1),
            nomination_id: nom(3),
            objector_person_id: uuid::Uuid::from_u128(0xF0B1),
            objector: Objector {
                full_name: "Ngô Văn Phản".into(),
                phone: "0900000000".into(),
                address: "Hà Nội".into(),
                email: None,
            },
            text: "Thành tích đã được khen thưởng".into(),
        }),
    );
    assert_eq!(ev.len(), 1);
    let err = w
        .try_run(
            &admin(),
            ProgrammeCommand::MovePhase {
                to: Phase::Deciding,
            },
        )
        .unwrap_err();
    assert!(matches!(err, DomainError::PhaseNotDone { .. }), "{err}");
    w.run(
        &admin(),
        ProgrammeCommand::ResolveObjection {
            objection_id: uuid::Uuid::from_u128(0x0B1),
            upheld: true,
            reason: "đã xác minh".into(),
        },
    );
    assert_eq!(w.status(nom(3)), NominationStatus::ObjectionUpheld);
    // The period of 10 working days has not run yet.
    let err = w
        .try_run(
            &admin(),
            ProgrammeCommand::MovePhase {
                to: Phase::Deciding,
            },
        )
        .unwrap_err();
    assert!(
        matches!(&err, DomainError::PhaseNotDone { reason, .. } if reason.contains("notice period")),
        "{err}"
    );
    w.days(16);
    w.move_to(Phase::Deciding);

    // The authority decides: N1 is conferred.
    let ev = w.run(
        &authority(),
        ProgrammeCommand::MakeDecision {
            decision_no: "123/QĐ-BKHCN".into(),
            decided_on: date!(2026 - 05 - 20),
            signer: "Bộ trưởng".into(),
            declined: vec![],
            holders: accolade_domain::fixtures::public_records(&w.state),
        },
    );
    let awards: Vec<_> = ev
        .iter()
        .filter_map(|e| match e {
            ProgrammeEvent::AwardConferred(a) => Some(a.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(awards.len(), 1);
    assert_eq!(awards[0].nomination_id, nom(1));
    assert_eq!(w.status(nom(1)), NominationStatus::Awarded);
    w.move_to(Phase::Published);

    // One award is revoked.
    w.run(
        &authority(),
        ProgrammeCommand::RevokeAward {
            award_id: awards[0].award_id,
            ground: RevocationGround::FalseDossier,
            decision_no: "200/QĐ-BKHCN".into(),
            decided_on: date!(2026 - 09 - 01),
            note: None,
        },
    );

    // Every outcome.
    use NominationStatus as S;
    let statuses: Vec<_> = (1..=5).map(|i| w.status(nom(i))).collect();
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
    assert_eq!(
        w.state.nominations[&nom(1)]
            .revocation
            .as_ref()
            .unwrap()
            .ground,
        RevocationGround::FalseDossier
    );

    // The log replays into the same state, also after a round trip through stored JSON.
    assert_eq!(Programme::replay(&w.log), w.state);
    let decoded: Vec<ProgrammeEvent> = w
        .log
        .iter()
        .map(|e| {
            ProgrammeEvent::from_stored(e.event_type(), e.schema_version(), e.to_payload().unwrap())
                .unwrap()
        })
        .collect();
    assert_eq!(decoded, w.log);
    assert_eq!(Programme::replay(&decoded), w.state);
    // No event links a member to a secret choice: the only events with choices are the
    // anonymous batch.
    for e in &w.log {
        let json = e.to_payload().unwrap();
        if json.get("member_id").is_some() {
            assert!(
                json.get("choice").is_none_or(serde_json::Value::is_null),
                "{e:?}"
            );
        }
    }
}
