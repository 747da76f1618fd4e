//! Issue 10 items 1 and 3: a repeated secret ballot (own or absentee) is refused whatever its
//! choice, and a round whose sealed box was lost can be re-run.

use accolade_domain::*;
use accolade_events::*;

use crate::support::*;

fn absentee(member_id: u128, choice: Choice) -> ProgrammeCommand {
    ProgrammeCommand::EnterAbsenteeBallot {
        nomination_id: nom(1),
        member_id: m(member_id),
        choice,
    }
}

/// Issue 10 item 1: an absentee entry for a member who took part in a secret vote gets one
/// answer whatever the choice (on main the app's `recast_matches` made it 200 or 409).
#[test]
fn a_secret_absentee_entry_for_a_voter_is_refused_whatever_the_choice() {
    let mut rule = ninety_percent();
    rule.absentee_written = true;
    let mut w = World::in_voting(rule, 2, 3, 1);
    w.vote(1, nom(1), Choice::Reject).unwrap();
    let answers: Vec<DomainError> = [Choice::Approve, Choice::Reject, Choice::Abstain]
        .into_iter()
        .map(|c| {
            w.clone_state()
                .try_run(&admin(), absentee(1, c))
                .unwrap_err()
        })
        .collect();
    assert!(
        matches!(answers[0], DomainError::Conflict { .. }),
        "{}",
        answers[0]
    );
    assert!(answers.windows(2).all(|x| x[0] == x[1]), "{answers:?}");
    // A member who has not voted yet can still have a written vote entered, once.
    w.run(&admin(), absentee(2, Choice::Approve));
    let again = w
        .try_run(&admin(), absentee(2, Choice::Approve))
        .unwrap_err();
    assert_eq!(again, answers[0]);
}

/// Issue 10 item 3: the admin re-runs a round (reason recorded); the participations of the
/// nominations awaiting a vote are voided, the round generation moves on, members vote again.
#[test]
fn a_round_rerun_voids_participations_and_starts_a_new_generation() {
    let mut w = World::in_voting(ninety_percent(), 2, 3, 2);
    w.vote(1, nom(1), Choice::Approve).unwrap();
    w.vote(2, nom(2), Choice::Reject).unwrap();
    assert_eq!(w.state.round_generation("C"), 0);
    let rerun = |reason: &str| ProgrammeCommand::RerunRound {
        category_code: "C".into(),
        reason: reason.into(),
    };
    // Admin only, with a reason.
    let e = w
        .clone_state()
        .try_run(&member(1), rerun("lost"))
        .unwrap_err();
    assert!(matches!(e, DomainError::Forbidden(_)), "{e}");
    let e = w.clone_state().try_run(&admin(), rerun(" ")).unwrap_err();
    assert!(matches!(e, DomainError::Invalid { .. }), "{e}");
    let events = w.run(&admin(), rerun("ballot box lost"));
    assert_eq!(
        events,
        vec![ProgrammeEvent::from(RoundRerun {
            category_code: "C".into(),
            reason: "ballot box lost".into(),
            nomination_ids: vec![nom(1), nom(2)],
        })]
    );
    assert_eq!(w.state.round_generation("C"), 1);
    assert!(w.state.nominations[&nom(1)].participants.is_empty());
    // The members vote again, and the close counts only the new round.
    w.vote(1, nom(1), Choice::Reject).unwrap();
    // A close advances the generation too; then nothing is open to re-run.
    let opened = [(nom(1), vec![Choice::Reject])].into_iter().collect();
    w.run(
        &admin(),
        ProgrammeCommand::CloseRound {
            category_code: "C".into(),
            opened,
        },
    );
    assert_eq!(w.state.round_generation("C"), 2);
    let e = w
        .clone_state()
        .try_run(&admin(), rerun("again"))
        .unwrap_err();
    assert!(matches!(e, DomainError::Conflict { .. }), "{e}");
}
