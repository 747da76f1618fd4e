//! Assignment, conflicts, scores, rounds, quota ranking and promotion.

use std::collections::BTreeMap;

use accolade_domain::*;
use accolade_events::*;

use crate::support::*;

fn reviewing(
    members: u128,
    per: Option<u32>,
    n: u128,
    affiliation: impl Fn(u128) -> Option<uuid::Uuid>,
) -> World {
    let mut w = World::programme(
        vec![category("C", ninety_percent(), 1, None)],
        members,
        affiliation,
        per,
    );
    w.move_to(Phase::Nominating);
    for i in 1..=n {
        let agency = if i % 2 == 1 { A1 } else { A2 };
        w.draft(agency, nom(i), "C", &format!("Người {i}"), i);
        w.submit(agency, nom(i)).unwrap();
    }
    w.move_to(Phase::Screening);
    for i in 1..=n {
        w.screen(nom(i), true);
    }
    w.move_to(Phase::Reviewing);
    w
}

#[test]
fn n_per_nomination_is_balanced_recorded_and_skips_affiliated_members() {
    // Member 6 belongs to A1: never drawn for A1's nominations (1, 3, 5, 7).
    let mut w = reviewing(6, Some(2), 8, |i| (i == 6).then_some(A1));
    let ev = w.run(
        &admin(),
        ProgrammeCommand::AssignReviewers {
            panel_id: PANEL,
            seed: 99,
        },
    );
    let ProgrammeEvent::ReviewersAssigned(a) = ev.last().unwrap() else {
        panic!()
    };
    assert_eq!(a.seed, 99);
    let mut load: BTreeMap<uuid::Uuid, u32> = BTreeMap::new();
    for x in &a.assignments {
        assert_eq!(x.member_ids.len(), 2);
        let n = &w.state.nominations[&x.nomination_id];
        if n.agency_id == A1 {
            assert!(!x.member_ids.contains(&m(6)));
            assert!(n.recused.contains(&m(6)));
        }
        for id in &x.member_ids {
            *load.entry(*id).or_default() += 1;
        }
    }
    let (min, max) = (load.values().min().unwrap(), load.values().max().unwrap());
    assert!(max - min <= 1, "load balanced: {load:?}");
    // Every eligible nomination now has reviewers; reviewing can be left.
    assert_eq!(w.state.unfinished_work(w.now.date()), None);
    // Assigning again has nothing to do.
    let e = w
        .try_run(
            &admin(),
            ProgrammeCommand::AssignReviewers {
                panel_id: PANEL,
                seed: 1,
            },
        )
        .unwrap_err();
    assert!(matches!(e, DomainError::Conflict { .. }));
}

#[test]
fn leaving_reviewing_needs_assignments() {
    let mut w = reviewing(3, None, 1, |_| None);
    let e = w
        .try_run(&admin(), ProgrammeCommand::MovePhase { to: Phase::Voting })
        .unwrap_err();
    assert!(matches!(e, DomainError::PhaseNotDone { .. }), "{e}");
}

#[test]
fn scores_revise_and_a_late_conflict_removes_them() {
    let mut w = reviewing(3, None, 1, |_| None);
    w.run(
        &admin(),
        ProgrammeCommand::AssignReviewers {
            panel_id: PANEL,
            seed: 1,
        },
    );
    w.score(2, nom(1), 7, 7);
    w.score(2, nom(1), 8, 7);
    assert_eq!(w.state.nominations[&nom(1)].scores[&m(2)].revision, 2);
    // Same sheet again: nothing happens.
    let same = [("impact".to_owned(), 8), ("reach".to_owned(), 7)].into();
    assert_eq!(
        w.run(
            &member(2),
            ProgrammeCommand::RecordScores {
                nomination_id: nom(1),
                scores: same,
                comment: None
            }
        ),
        vec![]
    );
    // Out of range and unknown criteria are refused.
    let bad = [("impact".to_owned(), 11), ("reach".to_owned(), 7)].into();
    let e = w
        .try_run(
            &member(2),
            ProgrammeCommand::RecordScores {
                nomination_id: nom(1),
                scores: bad,
                comment: None,
            },
        )
        .unwrap_err();
    assert!(
        matches!(&e, DomainError::Invalid { field, .. } if field == "scores.impact"),
        "{e}"
    );
    // A conflict found after scoring: recused at once and the scores removed.
    let ev = w.run(
        &member(2),
        ProgrammeCommand::DeclareConflict {
            nomination_id: nom(1),
            member_id: None,
            reason: "co-author".into(),
        },
    );
    assert!(
        matches!(
            &ev[..],
            [
                ProgrammeEvent::ConflictDeclared(_),
                ProgrammeEvent::MemberRecused(_),
                ProgrammeEvent::ScoresRemoved(_)
            ]
        ),
        "{ev:?}"
    );
    assert!(w.state.nominations[&nom(1)].scores.is_empty());
}

#[test]
fn a_conflict_found_after_voting_reruns_the_vote() {
    let mut w = World::in_voting(open_rule(1, 2, true, Denominator::AllMembers), 1, 3, 1);
    for i in 1..=3 {
        w.vote(i, nom(1), Choice::Approve).unwrap();
    }
    w.run(
        &admin(),
        ProgrammeCommand::CloseRound {
            category_code: "C".into(),
            opened: BTreeMap::new(),
        },
    );
    assert_eq!(w.status(nom(1)), NominationStatus::Recommended);
    // The secretariat records a conflict of member 3, found after the count.
    let ev = w.run(
        &admin(),
        ProgrammeCommand::DeclareConflict {
            nomination_id: nom(1),
            member_id: Some(m(3)),
            reason: "found later".into(),
        },
    );
    assert!(
        ev.iter().any(|e| matches!(e, ProgrammeEvent::VoteRerun(_))),
        "{ev:?}"
    );
    assert_eq!(w.status(nom(1)), NominationStatus::Eligible);
    assert!(w.state.nominations[&nom(1)].participants.is_empty());
    // The re-run: 2 eligible now; more than half of 2 needs 2.
    w.vote(1, nom(1), Choice::Approve).unwrap();
    w.vote(2, nom(1), Choice::Reject).unwrap();
    w.run(
        &member(1),
        ProgrammeCommand::CloseRound {
            category_code: "C".into(),
            opened: BTreeMap::new(),
        },
    );
    let o = &w.outcomes()[&nom(1)];
    assert_eq!((o.eligible, o.required, o.passed), (2, 2, false));
}

#[test]
fn automatic_conflicts_can_be_cleared_declared_ones_cannot() {
    let mut w = reviewing(3, None, 1, |i| (i == 3).then_some(A1));
    w.run(
        &admin(),
        ProgrammeCommand::AssignReviewers {
            panel_id: PANEL,
            seed: 1,
        },
    );
    assert!(w.state.nominations[&nom(1)].recused.contains(&m(3)));
    let e = w
        .try_run(
            &admin(),
            ProgrammeCommand::ClearConflict {
                nomination_id: nom(1),
                member_id: m(3),
                reason: String::new(),
            },
        )
        .unwrap_err();
    assert!(
        matches!(e, DomainError::Invalid { .. }),
        "a reason is required: {e}"
    );
    w.run(
        &admin(),
        ProgrammeCommand::ClearConflict {
            nomination_id: nom(1),
            member_id: m(3),
            reason: "left A1 in 2020".into(),
        },
    );
    assert!(!w.state.nominations[&nom(1)].recused.contains(&m(3)));
    w.run(
        &member(2),
        ProgrammeCommand::DeclareConflict {
            nomination_id: nom(1),
            member_id: None,
            reason: "relative".into(),
        },
    );
    let e = w
        .try_run(
            &admin(),
            ProgrammeCommand::ClearConflict {
                nomination_id: nom(1),
                member_id: m(2),
                reason: "x".into(),
            },
        )
        .unwrap_err();
    assert!(matches!(e, DomainError::Conflict { .. }), "{e}");
}

#[test]
fn secret_round_checks_counts_and_flags_no_eligible_voter() {
    let mut w = World::in_voting(ninety_percent(), 1, 2, 2);
    w.vote(1, nom(1), Choice::Approve).unwrap();
    // Both members recused from nomination 2: no eligible voter.
    for i in [1, 2] {
        w.run(
            &member(i),
            ProgrammeCommand::DeclareConflict {
                nomination_id: nom(2),
                member_id: None,
                reason: "r".into(),
            },
        );
    }
    let wrong = BTreeMap::from([(nom(1), vec![Choice::Approve, Choice::Approve])]);
    let e = w
        .try_run(
            &member(1),
            ProgrammeCommand::CloseRound {
                category_code: "C".into(),
                opened: wrong,
            },
        )
        .unwrap_err();
    assert!(matches!(e, DomainError::Invalid { .. }), "{e}");
    let right = BTreeMap::from([(nom(1), vec![Choice::Approve])]);
    let ev = w.run(
        &member(1),
        ProgrammeCommand::CloseRound {
            category_code: "C".into(),
            opened: right,
        },
    );
    assert!(ev.iter().any(
        |e| matches!(e, ProgrammeEvent::NoEligibleVoterFlagged(f) if f.nomination_id == nom(2))
    ));
    let o = w.outcomes();
    assert!(!o[&nom(2)].passed);
    // 1 approval of 2 eligible, 9/10 needs 2.
    assert_eq!((o[&nom(1)].required, o[&nom(1)].passed), (2, false));
    // Voting can now be left: everything is counted.
    w.move_to(Phase::PublicNotice);
}

#[test]
fn absentee_votes_only_where_the_category_allows() {
    let mut rule = open_rule(1, 2, false, Denominator::VotesCast);
    rule.absentee_written = false;
    let mut w = World::in_voting(rule, 1, 3, 1);
    let e = w
        .try_run(
            &admin(),
            ProgrammeCommand::EnterAbsenteeBallot {
                nomination_id: nom(1),
                member_id: m(2),
                choice: Choice::Approve,
            },
        )
        .unwrap_err();
    assert!(matches!(e, DomainError::Invalid { .. }), "{e}");
}

/// Three pass, one award: ranked by approvals, then score, then submission time; the reserve
/// moves up only by promotion, into a freed place, with its own notice.
#[test]
fn quota_ranking_reserve_and_promotion() {
    let mut w = World::in_voting(open_rule(1, 2, false, Denominator::VotesCast), 1, 3, 3);
    // nom 1: 2 approvals; nom 2: 3 approvals; nom 3: 2 approvals, submitted after nom 1.
    for (n, approvals) in [(1, 2), (2, 3), (3, 2)] {
        for i in 1..=3 {
            let c = if i <= approvals {
                Choice::Approve
            } else {
                Choice::Reject
            };
            w.vote(i, nom(n), c).unwrap();
        }
    }
    w.run(
        &member(1),
        ProgrammeCommand::CloseRound {
            category_code: "C".into(),
            opened: BTreeMap::new(),
        },
    );
    let o = w.outcomes();
    let ranks: Vec<_> = (1..=3)
        .map(|i| (o[&nom(i)].rank, o[&nom(i)].outcome))
        .collect();
    assert_eq!(
        ranks,
        vec![
            (Some(2), Outcome::Reserve),
            (Some(1), Outcome::Recommended),
            (Some(3), Outcome::Reserve)
        ]
    );

    w.notice_days(0);
    w.move_to(Phase::PublicNotice);
    // No free place yet.
    let promote = |id| ProgrammeCommand::PromoteReserve {
        nomination_id: id,
        reason: "place freed".into(),
    };
    let e = w.try_run(&admin(), promote(nom(1))).unwrap_err();
    assert!(matches!(e, DomainError::QuotaExceeded(_)), "{e}");
    // Nomination 2 is withdrawn; nomination 1 moves up, with its own notice period.
    w.run(
        &head(A2),
        ProgrammeCommand::WithdrawNomination {
            nomination_id: nom(2),
            reason: "duplicate".into(),
        },
    );
    assert_eq!(
        w.status(nom(1)),
        NominationStatus::Reserve,
        "a reserve never moves up by itself"
    );
    let ev = w.run(&admin(), promote(nom(1)));
    assert!(
        matches!(&ev[..], [ProgrammeEvent::ReservePromoted(_), ProgrammeEvent::NoticePeriodStarted(p)] if p.nomination_id == Some(nom(1)))
    );
    assert_eq!(w.status(nom(1)), NominationStatus::Recommended);
    w.move_to(Phase::Deciding);
}

impl World {
    /// Sets the notice period (before public notice).
    pub fn notice_days(&mut self, days: u32) {
        self.run(
            &admin(),
            ProgrammeCommand::Amend(ProgrammeAmended {
                notice_working_days: Some(days),
                ..Default::default()
            }),
        );
    }
}

/// Issue 10 item 17: the public-notice gate follows the end date that was published
/// (`NoticePeriodStarted.ends_on`), the list's and a promoted reserve's alike, not one
/// recomputed with the holidays as amended afterwards — in either direction.
#[test]
fn the_notice_gate_follows_the_published_end_date() {
    let in_notice = |w: &mut World| {
        for i in 1..=3 {
            w.vote(i, nom(1), Choice::Approve).unwrap();
        }
        w.run(
            &member(1),
            ProgrammeCommand::CloseRound {
                category_code: "C".into(),
                opened: BTreeMap::new(),
            },
        );
        w.notice_days(3);
        w.move_to(Phase::PublicNotice);
        w.state.notice.unwrap()
    };
    let holidays = |w: &mut World, days: Vec<time::Date>| {
        w.run(
            &admin(),
            ProgrammeCommand::Amend(ProgrammeAmended {
                holidays: Some(days),
                ..Default::default()
            }),
        );
    };
    let leave = |w: &mut World| {
        w.try_run(
            &admin(),
            ProgrammeCommand::MovePhase {
                to: Phase::Deciding,
            },
        )
    };

    // Holidays added inside the period would push a recomputed end later: the published
    // end still holds, so the day after it the phase can be left.
    let mut w = World::in_voting(open_rule(1, 2, false, Denominator::VotesCast), 1, 3, 1);
    let published = in_notice(&mut w);
    let inside: Vec<time::Date> = (1..=3)
        .map(|d| published.started_on + time::Duration::days(d))
        .collect();
    holidays(&mut w, inside);
    assert_eq!(w.state.notice.unwrap().ends_on, published.ends_on);
    w.now = published
        .ends_on
        .next_day()
        .unwrap()
        .midnight()
        .assume_offset(w.now.offset())
        + time::Duration::hours(9);
    leave(&mut w).expect("the published period has run");

    // Holidays removed would pull a recomputed end earlier: the gate waits for the
    // published last day all the same.
    let mut w = World::in_voting(open_rule(1, 2, false, Denominator::VotesCast), 1, 3, 1);
    let start = w.now.date();
    let all_week: Vec<time::Date> = (1..=14).map(|d| start + time::Duration::days(d)).collect();
    holidays(&mut w, all_week);
    let published = in_notice(&mut w);
    assert!(published.ends_on > start + time::Duration::days(14));
    holidays(&mut w, vec![]);
    w.now = published.ends_on.midnight().assume_offset(w.now.offset()) + time::Duration::hours(9);
    let err = leave(&mut w).unwrap_err();
    assert!(
        matches!(&err, DomainError::PhaseNotDone { reason, .. } if reason.contains(&published.ends_on.to_string())),
        "{err}"
    );
    w.days(1);
    leave(&mut w).expect("the published period has run");
}
