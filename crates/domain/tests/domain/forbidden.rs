//! One test per forbidden action: each gets its typed error, and an error means no events.

use accolade_domain::testing::Given;
use accolade_domain::*;
use accolade_events::*;

use crate::support::*;

/// Decides `cmd` on `w`'s state through the harness and returns the error.
fn refused(w: &World, actor: &Actor, cmd: ProgrammeCommand) -> DomainError {
    Given::from_state(w.state.clone())
        .when(&cmd, &w.ctx(actor))
        .then_error(|_| true)
}

fn nominating() -> World {
    let mut w = World::programme(
        vec![category("C", ninety_percent(), 2, None)],
        3,
        |_| None,
        None,
    );
    w.move_to(Phase::Nominating);
    w.draft(A1, nom(1), "C", "Nguyễn Văn An", 1);
    w
}

#[test]
fn wrong_role() {
    let w = nominating();
    // A clerk may not submit (only the head endorses).
    let e = refused(
        &w,
        &clerk(A1),
        ProgrammeCommand::SubmitNomination {
            nomination_id: nom(1),
            history: vec![],
        },
    );
    assert!(
        matches!(e, DomainError::Forbidden(Forbidden::WrongRole { .. })),
        "{e}"
    );
    // A member may not move phases; the public may not draft.
    let e = refused(
        &w,
        &member(1),
        ProgrammeCommand::MovePhase {
            to: Phase::Screening,
        },
    );
    assert!(
        matches!(e, DomainError::Forbidden(Forbidden::WrongRole { .. })),
        "{e}"
    );
    let e = refused(
        &w,
        &Actor::Public,
        ProgrammeCommand::DraftNomination {
            nomination_id: nom(2),
            category_code: "C".into(),
            content: content("X", 9),
        },
    );
    assert!(
        matches!(e, DomainError::Forbidden(Forbidden::WrongRole { .. })),
        "{e}"
    );
    // Only the authority decides.
    let e = refused(
        &w,
        &admin(),
        ProgrammeCommand::MakeDecision {
            decision_no: "1".into(),
            decided_on: time::macros::date!(2026 - 01 - 01),
            signer: "x".into(),
            declined: vec![],
            holders: Default::default(),
        },
    );
    assert!(
        matches!(e, DomainError::Forbidden(Forbidden::WrongRole { .. })),
        "{e}"
    );
}

#[test]
fn clerk_of_another_agency() {
    let w = nominating();
    let e = refused(
        &w,
        &clerk(A2),
        ProgrammeCommand::AmendNomination {
            nomination_id: nom(1),
            content: content("Y", 1),
            expected_version: None,
        },
    );
    assert_eq!(e, DomainError::Forbidden(Forbidden::OtherAgency));
    let e = refused(
        &w,
        &head(A2),
        ProgrammeCommand::SubmitNomination {
            nomination_id: nom(1),
            history: vec![],
        },
    );
    assert_eq!(e, DomainError::Forbidden(Forbidden::OtherAgency));
    let e = refused(
        &w,
        &head(A2),
        ProgrammeCommand::WithdrawNomination {
            nomination_id: nom(1),
            reason: "x".into(),
        },
    );
    assert_eq!(e, DomainError::Forbidden(Forbidden::OtherAgency));
    // And on the read side, another agency does not see the draft.
    assert!(!w.state.visible_to(&clerk(A2), nom(1)));
    assert!(w.state.visible_to(&clerk(A1), nom(1)));
}

#[test]
fn wrong_phase() {
    let w = nominating();
    let e = refused(
        &w,
        &admin(),
        ProgrammeCommand::ScreenNomination {
            nomination_id: nom(1),
            eligible: true,
            reason: String::new(),
        },
    );
    assert!(
        matches!(
            e,
            DomainError::WrongPhase {
                current: Phase::Nominating,
                ..
            }
        ),
        "{e}"
    );
    let e = refused(
        &w,
        &member(1),
        ProgrammeCommand::CastBallot {
            nomination_id: nom(1),
            choice: Choice::Approve,
        },
    );
    assert!(matches!(e, DomainError::WrongPhase { .. }), "{e}");
    // Phases move one step forward only.
    let e = refused(
        &w,
        &admin(),
        ProgrammeCommand::MovePhase { to: Phase::Voting },
    );
    assert!(matches!(e, DomainError::Invalid { .. }), "{e}");
    let e = refused(
        &w,
        &admin(),
        ProgrammeCommand::MovePhase { to: Phase::Setup },
    );
    assert!(matches!(e, DomainError::Invalid { .. }), "{e}");
    // Categories change only in setup.
    let e = refused(
        &w,
        &admin(),
        ProgrammeCommand::AddCategory(category("D", ninety_percent(), 1, None)),
    );
    assert!(matches!(e, DomainError::WrongPhase { .. }), "{e}");
    // Objections only during public notice.
    let e = refused(
        &w,
        &Actor::Public,
        ProgrammeCommand::FileObjection(FileObjection {
            objection_id: uuid::Uuid::from_u128(1),
            nomination_id: nom(1),
            objector_person_id: uuid::Uuid::from_u128(2),
            objector: Objector {
                full_name: "A".into(),
                phone: "1".into(),
                address: "B".into(),
                email: None,
            },
            text: "t".into(),
        }),
    );
    assert!(matches!(e, DomainError::WrongPhase { .. }), "{e}");
}

#[test]
fn recused_member_cannot_score_or_vote() {
    let mut w = World::in_voting(ninety_percent(), 2, 3, 1);
    // Back up: a fresh world in reviewing, member 2 declares a conflict.
    let mut r = World::programme(
        vec![category("C", ninety_percent(), 2, None)],
        3,
        |_| None,
        None,
    );
    r.move_to(Phase::Nominating);
    r.draft(A1, nom(1), "C", "An", 1);
    r.submit(A1, nom(1)).unwrap();
    r.move_to(Phase::Screening);
    r.screen(nom(1), true);
    r.move_to(Phase::Reviewing);
    r.run(
        &admin(),
        ProgrammeCommand::AssignReviewers {
            panel_id: PANEL,
            seed: 1,
        },
    );
    r.run(
        &member(2),
        ProgrammeCommand::DeclareConflict {
            nomination_id: nom(1),
            member_id: None,
            reason: "family".into(),
        },
    );
    let scores = [("impact".to_owned(), 5), ("reach".to_owned(), 5)].into();
    let e = refused(
        &r,
        &member(2),
        ProgrammeCommand::RecordScores {
            nomination_id: nom(1),
            scores,
            comment: None,
        },
    );
    assert_eq!(e, DomainError::Forbidden(Forbidden::Recused));
    assert!(
        !r.state.visible_to(&member(2), nom(1)),
        "a recused member does not see the dossier"
    );

    w.run(
        &member(3),
        ProgrammeCommand::DeclareConflict {
            nomination_id: nom(1),
            member_id: None,
            reason: "colleague".into(),
        },
    );
    let e = refused(
        &w,
        &member(3),
        ProgrammeCommand::CastBallot {
            nomination_id: nom(1),
            choice: Choice::Reject,
        },
    );
    assert_eq!(e, DomainError::Forbidden(Forbidden::Recused));
}

#[test]
fn second_ballot_with_a_different_choice() {
    // Open rule: the recorded choice is compared.
    let mut w = World::in_voting(open_rule(1, 2, true, Denominator::AllMembers), 2, 3, 1);
    w.vote(1, nom(1), Choice::Approve).unwrap();
    let e = refused(
        &w,
        &member(1),
        ProgrammeCommand::CastBallot {
            nomination_id: nom(1),
            choice: Choice::Reject,
        },
    );
    assert!(matches!(e, DomainError::Conflict { .. }), "{e}");
    assert_eq!(
        w.vote(1, nom(1), Choice::Approve).unwrap(),
        vec![],
        "the same choice again is harmless"
    );

    // Secret rule: any repeated ballot is refused, one answer whatever the choice
    // (issue 10 item 1: the refusal is made from the participation record alone).
    let mut s = World::in_voting(ninety_percent(), 2, 3, 1);
    s.vote(1, nom(1), Choice::Approve).unwrap();
    let answers: Vec<DomainError> = [Choice::Approve, Choice::Reject, Choice::Abstain]
        .into_iter()
        .map(|choice| {
            refused(
                &s,
                &member(1),
                ProgrammeCommand::CastBallot {
                    nomination_id: nom(1),
                    choice,
                },
            )
        })
        .collect();
    assert!(
        matches!(answers[0], DomainError::Conflict { .. }),
        "{}",
        answers[0]
    );
    assert!(answers.windows(2).all(|w| w[0] == w[1]), "{answers:?}");
}

#[test]
fn only_the_chair_closes_a_round() {
    let w = World::in_voting(ninety_percent(), 2, 3, 1);
    let e = refused(
        &w,
        &member(2),
        ProgrammeCommand::CloseRound {
            category_code: "C".into(),
            opened: Default::default(),
        },
    );
    assert_eq!(e, DomainError::Forbidden(Forbidden::NotChair));
}

#[test]
fn unassigned_member_cannot_vote() {
    let w = World::in_voting(ninety_percent(), 2, 3, 1);
    let outsider = Actor::user(m(99), Role::Member, None);
    let e = refused(
        &w,
        &outsider,
        ProgrammeCommand::CastBallot {
            nomination_id: nom(1),
            choice: Choice::Approve,
        },
    );
    assert_eq!(e, DomainError::Forbidden(Forbidden::NotAssigned));
}
