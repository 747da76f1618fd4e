//! What each role may see of a nomination's history (issue 10 item 4): the table over every
//! event type × every role, and the nominee's contact.

use std::collections::BTreeMap;

use accolade_domain::visibility::history::{Shown, view};
use accolade_domain::*;
use accolade_events::*;
use time::macros::{date, datetime};
use uuid::Uuid;

use crate::support::*;

const EMAIL: &str = "nominee.secret@example.vn";
const BIRTH: i32 = 1957;
const COMMENT: &str = "a private comment of member two";
const CONFLICT: &str = "my brother-in-law";
const OBJECTOR: &str = "Ngô Văn Phản";

fn nominee() -> Nominee {
    Nominee {
        kind: NomineeKind::Individual,
        full_name: "Nguyễn Văn An".into(),
        position: None,
        organisation: "Viện".into(),
        province: None,
        email: Some(EMAIL.into()),
        birth_year: Some(BIRTH),
        national_id: None,
    }
}

/// One event of every `ProgrammeEvent` variant, about `nom(1)` and member 2 where they have
/// one. `index` (a match with no wildcard) makes this list fail to compile when a variant is
/// added, as `view` does.
fn every_event() -> Vec<ProgrammeEvent> {
    let n = nom(1);
    let member = m(2);
    let cat = category("C", ninety_percent(), 1, None);
    let panel = PanelFormed {
        panel_id: PANEL,
        name: "P".into(),
        category_codes: vec!["C".into()],
        members: vec![],
        chair_id: m(1),
        reviewers_per_nomination: None,
    };
    let outcome = OutcomeDecided {
        nomination_id: n,
        category_code: "C".into(),
        outcome: Outcome::Recommended,
        rank: Some(1),
        approvals: 7,
        rejections: 2,
        abstentions: 1,
        eligible: 10,
        denominator: 10,
        required: 7,
        quorum_required: 5,
        quorum_met: true,
        passed: true,
    };
    vec![
        ProgrammeCreated {
            programme_id: PROGRAMME,
            title: "T".into(),
            year: 2026,
            description: None,
            notice_working_days: 10,
            schedule: Schedule::default(),
            holidays: vec![],
        }
        .into(),
        ProgrammeAmended::default().into(),
        CategoryAdded {
            category: cat.clone(),
        }
        .into(),
        CategoryAmended { category: cat }.into(),
        panel.clone().into(),
        PanelAmended {
            panel_id: panel.panel_id,
            name: panel.name,
            category_codes: panel.category_codes,
            members: panel.members,
            chair_id: panel.chair_id,
            reviewers_per_nomination: None,
        }
        .into(),
        PhaseMoved {
            from: Phase::Setup,
            to: Phase::Nominating,
            automatic: false,
            at: datetime!(2026-03-02 09:00 +7),
        }
        .into(),
        NominationDrafted {
            nomination_id: n,
            category_code: "C".into(),
            agency_id: A1,
            person_id: Uuid::from_u128(0xFE),
            nominee: accolade_events::Personal::Open(nominee()),
            lookups: Default::default(),
            linked: false,
            citation: "c".into(),
            achievements: "a".into(),
            evidence: vec![],
        }
        .into(),
        NominationAmended {
            nomination_id: n,
            person_id: Uuid::from_u128(0xFE),
            nominee: accolade_events::Personal::Open(nominee()),
            lookups: Default::default(),
            linked: false,
            citation: "c".into(),
            achievements: "a".into(),
            evidence: vec![],
        }
        .into(),
        NominationSubmitted {
            nomination_id: n,
            submitted_at: datetime!(2026-03-03 09:00 +7),
            resubmission: false,
        }
        .into(),
        NominationWithdrawn {
            nomination_id: n,
            reason: "r".into(),
        }
        .into(),
        NominationScreened {
            nomination_id: n,
            eligible: true,
            reason: "ok".into(),
        }
        .into(),
        NominationReturned {
            nomination_id: n,
            reason: "fix".into(),
        }
        .into(),
        DuplicateNomineeFlagged {
            nomination_id: n,
            other_nomination_id: nom(2),
            basis: DuplicateBasis::NameAndBirthYear,
        }
        .into(),
        ReviewersAssigned {
            panel_id: PANEL,
            seed: 1,
            per_nomination: None,
            assignments: vec![Assignment {
                nomination_id: n,
                member_ids: vec![m(1), member],
            }],
        }
        .into(),
        ConflictDeclared {
            nomination_id: n,
            member_id: member,
            reason: CONFLICT.into(),
        }
        .into(),
        ConflictAutoRaised {
            nomination_id: n,
            member_id: member,
            agency_id: A1,
        }
        .into(),
        ConflictCleared {
            nomination_id: n,
            member_id: member,
            reason: CONFLICT.into(),
        }
        .into(),
        MemberRecused {
            nomination_id: n,
            member_id: member,
        }
        .into(),
        ScoresRecorded {
            nomination_id: n,
            member_id: member,
            scores: BTreeMap::from([("impact".to_owned(), 9)]),
            comment: Some(COMMENT.into()),
            revision: 1,
        }
        .into(),
        ScoresRemoved {
            nomination_id: n,
            member_id: member,
            reason: "conflict".into(),
        }
        .into(),
        BallotParticipationRecorded {
            nomination_id: n,
            member_id: member,
        }
        .into(),
        OpenBallotCast {
            nomination_id: n,
            member_id: member,
            choice: Choice::Reject,
        }
        .into(),
        AbsenteeBallotEntered {
            nomination_id: n,
            member_id: member,
            choice: Some(Choice::Reject),
        }
        .into(),
        RoundClosed {
            category_code: "C".into(),
            nomination_ids: vec![n],
        }
        .into(),
        RoundRerun {
            category_code: "C".into(),
            reason: "the sealed box was lost".into(),
            nomination_ids: vec![n],
        }
        .into(),
        SecretBallotsOpened {
            category_code: "C".into(),
            batches: vec![OpenedChoices {
                nomination_id: n,
                choices: vec![Choice::Reject],
            }],
        }
        .into(),
        VoteRerun {
            nomination_id: n,
            reason: "conflict found".into(),
        }
        .into(),
        NoEligibleVoterFlagged { nomination_id: n }.into(),
        outcome.into(),
        ReservePromoted {
            nomination_id: n,
            reason: "r".into(),
        }
        .into(),
        NoticePeriodStarted {
            nomination_id: Some(n),
            started_on: date!(2026 - 05 - 04),
            working_days: 10,
            ends_on: date!(2026 - 05 - 18),
        }
        .into(),
        ObjectionFiled {
            objection_id: Uuid::from_u128(0x0B1),
            nomination_id: n,
            objector_person_id: Uuid::from_u128(0xF0B1),
            objector: accolade_events::Personal::Open(Objector {
                full_name: OBJECTOR.into(),
                phone: "0900000000".into(),
                address: "Hà Nội".into(),
                email: None,
            }),
            text: "already rewarded".into(),
            filed_at: datetime!(2026-05-05 09:00 +7),
        }
        .into(),
        ObjectionResolved {
            objection_id: Uuid::from_u128(0x0B1),
            nomination_id: n,
            upheld: false,
            reason: "r".into(),
        }
        .into(),
        DecisionMade {
            decision_no: "1/QĐ".into(),
            decided_on: date!(2026 - 06 - 01),
            signer: "S".into(),
        }
        .into(),
        NominationDeclined {
            nomination_id: n,
            reason: "r".into(),
        }
        .into(),
        AwardConferred {
            award_id: Uuid::from_u128(0xAAA),
            nomination_id: n,
            category_code: "C".into(),
            award_title: "A".into(),
            person_id: Uuid::from_u128(0xFE),
            holder: accolade_events::Personal::Open(nominee().public_record()),
            decision_no: "1/QĐ".into(),
            decided_on: date!(2026 - 06 - 01),
        }
        .into(),
        AwardRevoked {
            award_id: Uuid::from_u128(0xAAA),
            nomination_id: n,
            ground: RevocationGround::FalseDossier,
            decision_no: "2/QĐ".into(),
            decided_on: date!(2026 - 07 - 01),
            note: None,
        }
        .into(),
    ]
}

/// The variant's place in the declaration (no wildcard: a new variant breaks this).
fn index(e: &ProgrammeEvent) -> usize {
    use ProgrammeEvent as E;
    match e {
        E::ProgrammeCreated(_) => 0,
        E::ProgrammeAmended(_) => 1,
        E::CategoryAdded(_) => 2,
        E::CategoryAmended(_) => 3,
        E::PanelFormed(_) => 4,
        E::PanelAmended(_) => 5,
        E::PhaseMoved(_) => 6,
        E::NominationDrafted(_) => 7,
        E::NominationAmended(_) => 8,
        E::NominationSubmitted(_) => 9,
        E::NominationWithdrawn(_) => 10,
        E::NominationScreened(_) => 11,
        E::NominationReturned(_) => 12,
        E::DuplicateNomineeFlagged(_) => 13,
        E::ReviewersAssigned(_) => 14,
        E::ConflictDeclared(_) => 15,
        E::ConflictAutoRaised(_) => 16,
        E::ConflictCleared(_) => 17,
        E::MemberRecused(_) => 18,
        E::ScoresRecorded(_) => 19,
        E::ScoresRemoved(_) => 20,
        E::BallotParticipationRecorded(_) => 21,
        E::OpenBallotCast(_) => 22,
        E::AbsenteeBallotEntered(_) => 23,
        E::RoundClosed(_) => 24,
        E::SecretBallotsOpened(_) => 25,
        E::VoteRerun(_) => 26,
        E::NoEligibleVoterFlagged(_) => 27,
        E::OutcomeDecided(_) => 28,
        E::ReservePromoted(_) => 29,
        E::NoticePeriodStarted(_) => 30,
        E::ObjectionFiled(_) => 31,
        E::ObjectionResolved(_) => 32,
        E::DecisionMade(_) => 33,
        E::NominationDeclined(_) => 34,
        E::AwardConferred(_) => 35,
        E::AwardRevoked(_) => 36,
        E::RoundRerun(_) => 37,
    }
}

/// What a role is expected to get: nothing, the whole event, or the event less these fields.
#[derive(Debug, Clone, Copy, PartialEq)]
enum X {
    No,
    All,
    Less(&'static [&'static str]),
}
use X::{All, Less, No};

const CONTACT: X = Less(&[
    "nominee.email",
    "nominee.birth_year",
    "nominee.national_id",
    "person_id",
    "lookups",
]);
const COUNTS: X = Less(&[
    "approvals",
    "rejections",
    "abstentions",
    "eligible",
    "denominator",
    "required",
    "quorum_required",
    "quorum_met",
]);

/// The roles, in the order of the table's columns. The events' member is member 2; member 1
/// chairs the panel.
fn audiences() -> [(&'static str, Audience); 7] {
    [
        ("secretariat", Audience::Secretariat),
        ("agency", Audience::Agency),
        ("the member concerned", Audience::Reviewer(m(2))),
        ("another member", Audience::Reviewer(m(3))),
        ("the chair", Audience::Chair(m(1))),
        ("authority", Audience::Authority),
        ("anyone else", Audience::Nobody),
    ]
}

/// The table (docs/visibility.md), one row per variant by `index`.
fn expected(i: usize) -> [X; 7] {
    match i {
        // Programme-wide events are no nomination's history.
        0..=6 | 14 | 24 | 25 | 33 | 37 => [No; 7],
        7 | 8 => [All, All, CONTACT, CONTACT, CONTACT, CONTACT, No],
        9..=12 | 29 | 30 | 32 | 34..=36 => [All, All, All, All, All, All, No],
        13 => [All, No, No, No, No, No, No],
        15 | 17 => [All, No, All, No, Less(&["reason"]), No, No],
        16 | 18 | 20..=23 => [All, No, All, No, All, No, No],
        19 => [All, No, All, No, Less(&["scores", "comment"]), No, No],
        26 => [All, No, All, All, All, No, No],
        27 => [All, No, No, No, All, No, No],
        28 => [All, COUNTS, COUNTS, COUNTS, All, COUNTS, No],
        31 => [
            Less(&["objector", "objector_person_id"]),
            No,
            No,
            No,
            No,
            No,
            No,
        ],
        _ => panic!("no row for variant {i}"),
    }
}

fn got(s: &Option<Shown>) -> X {
    match s {
        None => No,
        Some(s) if s.removed.is_empty() => All,
        Some(s) => Less(s.removed),
    }
}

/// issue 10 item 4: every event type × every role gets exactly what the table says, and
/// nothing a role may not see survives in what it gets (checked on the serialized event).
#[test]
fn history_table_covers_every_event_type_and_role() {
    let events = every_event();
    let mut seen: Vec<usize> = events.iter().map(index).collect();
    seen.sort_unstable();
    assert_eq!(
        seen,
        (0..38).collect::<Vec<_>>(),
        "one event of every variant"
    );
    for e in &events {
        let row = expected(index(e));
        for ((who, a), want) in audiences().into_iter().zip(row) {
            let shown = view(a, e);
            assert_eq!(got(&shown), want, "{} as {who}", e.event_type());
            let Some(s) = shown else { continue };
            assert_eq!(s.event.event_type(), e.event_type());
            let json = s.event.to_payload().unwrap().to_string();
            // Removed fields are emptied in the event itself, not only left out by a front
            // end, and no one reads an objector here.
            assert!(
                !json.contains(OBJECTOR),
                "{} as {who}: {json}",
                e.event_type()
            );
            assert!(!json.contains("0900000000"));
            if !matches!(a, Audience::Secretariat | Audience::Agency) {
                assert!(!json.contains(EMAIL), "{} as {who}: {json}", e.event_type());
                assert!(
                    !json.contains(&BIRTH.to_string()),
                    "{} as {who}",
                    e.event_type()
                );
            }
            if !matches!(a, Audience::Secretariat | Audience::Reviewer(_)) {
                assert!(!json.contains(COMMENT), "{} as {who}", e.event_type());
                assert!(!json.contains(CONFLICT), "{} as {who}", e.event_type());
            }
            assert_eq!(
                s.actor,
                index(e) != 31,
                "{} as {who}: actor",
                e.event_type()
            );
        }
    }
    // The list's own notice period is the programme's, not one nomination's.
    let list = ProgrammeEvent::from(NoticePeriodStarted {
        nomination_id: None,
        started_on: date!(2026 - 05 - 04),
        working_days: 10,
        ends_on: date!(2026 - 05 - 18),
    });
    assert!(view(Audience::Secretariat, &list).is_none());
}

/// issue 10 item 4: the nomination view reads the nominee through the same rule.
#[test]
fn only_the_secretariat_and_the_agency_read_the_nominee_contact() {
    for (who, a) in audiences() {
        let n = a.nominee(&nominee());
        let insider = matches!(a, Audience::Secretariat | Audience::Agency);
        assert_eq!(n.email.is_some(), insider, "{who}");
        assert_eq!(n.birth_year.is_some(), insider, "{who}");
        assert_eq!(a.sees_duplicates(), a == Audience::Secretariat, "{who}");
    }
}
