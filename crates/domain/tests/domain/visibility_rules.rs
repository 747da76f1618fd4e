//! The read rule and the conflict rule of issue 10 item 5: the authority's dossiers, and
//! conflicts on nominations a member was not drawn for.

use accolade_domain::*;
use accolade_events::*;
use uuid::Uuid;

use crate::support::*;

fn abstain_rule() -> VotingRule {
    open_rule(1, 2, true, Denominator::AllMembers)
}

/// issue 10 item 5a: the authority sees the dossiers that reached it — recommended ones and
/// a promoted reserve, from public notice on — not a reserve, a not-recommended, a withdrawn
/// one, nor anything before public notice.
#[test]
fn the_authority_sees_only_the_dossiers_that_reached_it() {
    // One award; three nominations: 1 and 2 pass (2 is the reserve), 3 fails.
    let mut w = World::in_voting(abstain_rule(), 1, 3, 3);
    for i in 1..=3 {
        for n in [1, 2] {
            w.vote(i, nom(n), Choice::Approve).unwrap();
        }
        w.vote(i, nom(3), Choice::Reject).unwrap();
    }
    w.close_round();
    assert_eq!(w.status(nom(1)), NominationStatus::Recommended);
    assert_eq!(w.status(nom(2)), NominationStatus::Reserve);
    assert_eq!(w.status(nom(3)), NominationStatus::NotRecommended);
    let sees = |w: &World| -> Vec<Uuid> {
        (1..=3)
            .map(nom)
            .filter(|n| w.state.visible_to(&authority(), *n))
            .collect()
    };
    assert!(sees(&w).is_empty(), "nothing before public notice");
    w.move_to(Phase::PublicNotice);
    assert_eq!(sees(&w), [nom(1)]);
    assert_eq!(w.state.audience(&authority(), nom(2)), Audience::Nobody);
    // The recommended one is withdrawn, the reserve promoted: the authority follows.
    w.run(
        &head(A1),
        ProgrammeCommand::WithdrawNomination {
            nomination_id: nom(1),
            reason: "the nominee asked".into(),
        },
    );
    w.run(
        &admin(),
        ProgrammeCommand::PromoteReserve {
            nomination_id: nom(2),
            reason: "nom 1 withdrawn".into(),
        },
    );
    assert_eq!(sees(&w), [nom(2)]);
    assert_eq!(w.state.audience(&authority(), nom(2)), Audience::Authority);
}

/// issue 10 item 5c: with N reviewers per nomination, a panel member not drawn for a
/// nomination cannot declare a conflict on it (answered like other unassigned access), so
/// cannot reset its counted vote; the secretariat cannot either.
#[test]
fn an_unassigned_member_cannot_declare_a_conflict() {
    let mut w = World::programme(
        vec![category("C", abstain_rule(), 1, None)],
        4,
        |_| None,
        Some(2),
    );
    w.move_to(Phase::Nominating);
    w.draft(A1, nom(1), "C", "An", 1);
    w.submit(A1, nom(1)).unwrap();
    w.move_to(Phase::Screening);
    w.screen(nom(1), true);
    w.move_to(Phase::Reviewing);
    w.run(
        &admin(),
        ProgrammeCommand::AssignReviewers {
            panel_id: PANEL,
            seed: 3,
        },
    );
    let reviewers = w.state.nominations[&nom(1)].reviewers.clone();
    let outsider = (1..=4)
        .map(m)
        .find(|x| !reviewers.contains(x))
        .expect("4 members, 2 drawn");
    let i = outsider.as_u128() - 0x1000;
    w.move_to(Phase::Voting);
    for r in &reviewers {
        w.vote(r.as_u128() - 0x1000, nom(1), Choice::Approve)
            .unwrap();
    }
    w.close_round();
    let declare = |member_id: Option<Uuid>| ProgrammeCommand::DeclareConflict {
        nomination_id: nom(1),
        member_id,
        reason: "I know them".into(),
    };
    let before = w.log.len();
    let e = w.try_run(&member(i), declare(None)).unwrap_err();
    assert_eq!(e, DomainError::Forbidden(Forbidden::NotAssigned));
    let e = w.try_run(&admin(), declare(Some(outsider))).unwrap_err();
    assert!(matches!(e, DomainError::Invalid { .. }), "{e:?}");
    assert_eq!(w.log.len(), before, "nothing appended");
    assert!(
        w.state.nominations[&nom(1)].outcome.is_some(),
        "the count stands"
    );
    // An assigned member still can, and the vote is re-run.
    let assigned = reviewers.iter().next().copied().unwrap();
    let ev = w.run(&member(assigned.as_u128() - 0x1000), declare(None));
    assert!(ev.iter().any(|e| matches!(e, ProgrammeEvent::VoteRerun(_))));
}
