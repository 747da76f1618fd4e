//! Property tests: order independence, monotonicity, replay.

use accolade_domain::rules::threshold::{Tally, evaluate};
use accolade_domain::*;
use accolade_events::*;
use proptest::prelude::*;

use crate::support::*;

fn rule_strategy() -> impl Strategy<Value = VotingRule> {
    (
        1u32..=10,
        1u32..=10,
        any::<bool>(),
        any::<bool>(),
        proptest::option::of((0u32..=3, 1u32..=3)),
    )
        .prop_filter("threshold in (0,1], not >100%", |(n, d, s, _, _)| {
            n <= d && !(*s && n == d)
        })
        .prop_filter("quorum <= 1", |(_, _, _, _, q)| {
            q.is_none_or(|(a, b)| a <= b)
        })
        .prop_map(|(num, den, strict, all, q)| VotingRule {
            threshold: Threshold { num, den, strict },
            denominator: if all {
                Denominator::AllMembers
            } else {
                Denominator::VotesCast
            },
            quorum: q.map(|(num, den)| Ratio { num, den }),
            secret: true,
            absentee_written: false,
        })
}

fn choice() -> impl Strategy<Value = Choice> {
    prop_oneof![
        Just(Choice::Approve),
        Just(Choice::Reject),
        Just(Choice::Abstain)
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// The outcome does not depend on the order of ballots.
    #[test]
    fn order_does_not_matter(rule in rule_strategy(), eligible in 0u32..15,
                             (ballots, shuffled) in proptest::collection::vec(choice(), 0..15)
                                 .prop_flat_map(|v| (Just(v.clone()), Just(v).prop_shuffle()))) {
        let a = evaluate(&rule, eligible, Tally::count(&ballots));
        let b = evaluate(&rule, eligible, Tally::count(&shuffled));
        prop_assert_eq!(a, b);
    }

    /// One more approval never turns a pass into a fail: neither a new ballot nor a changed one.
    #[test]
    fn one_more_approval_never_hurts(rule in rule_strategy(), ballots in proptest::collection::vec(choice(), 0..12),
                                     spare in 0u32..3, change in any::<proptest::sample::Index>()) {
        let t = Tally::count(&ballots);
        let eligible = t.cast() + spare;
        let before = evaluate(&rule, eligible, t);
        if spare > 0 {
            let mut more = t;
            more.approve += 1;
            prop_assert!(!before.passed || evaluate(&rule, eligible, more).passed);
        }
        if !ballots.is_empty() {
            let mut changed = ballots.clone();
            let i = change.index(changed.len());
            changed[i] = Choice::Approve;
            prop_assert!(!before.passed || evaluate(&rule, eligible, Tally::count(&changed)).passed);
        }
    }

    /// Through the aggregate: casting open ballots in any order gives the same outcomes.
    #[test]
    fn aggregate_outcome_independent_of_casting_order(
        (ballots, order) in proptest::collection::vec(choice(), 1..=5)
            .prop_flat_map(|v| { let n = v.len(); (Just(v), Just((0..n).collect::<Vec<_>>()).prop_shuffle()) })
    ) {
        let run = |order: &[usize]| {
            let mut w = World::in_voting(open_rule(1, 2, true, Denominator::VotesCast), 1, 5, 1);
            for &i in order {
                w.vote(i as u128 + 1, nom(1), ballots[i]).unwrap();
            }
            w.run(&member(1), ProgrammeCommand::CloseRound { category_code: "C".into(), opened: Default::default() });
            w.outcomes()
        };
        let natural: Vec<usize> = (0..ballots.len()).collect();
        prop_assert_eq!(run(&natural), run(&order));
    }

    /// Replaying the log into a fresh state gives the live state, whatever commands ran.
    #[test]
    fn replay_equals_live(ops in proptest::collection::vec((0u8..24, 0u8..4, 0u8..4), 0..200)) {
        let mut w = World::programme(vec![category("C", ninety_percent(), 1, Some(2))], 4, |i| (i == 4).then_some(A2), Some(3));
        w.move_to(Phase::Nominating);
        for i in 1..=4 {
            w.draft(if i % 2 == 1 { A1 } else { A2 }, nom(i), "C", "Nguyễn Văn A", i % 2);
        }
        for (op, a, b) in ops {
            let (cmd, actor) = random_command(&w, op, a, b);
            let _ = w.try_run(&actor, cmd);
        }
        prop_assert_eq!(Programme::replay(&w.log), w.state.clone());
        let decoded: Vec<ProgrammeEvent> = w.log.iter()
            .map(|e| ProgrammeEvent::from_stored(e.event_type(), e.schema_version(), e.to_payload().unwrap()).unwrap())
            .collect();
        prop_assert_eq!(Programme::replay(&decoded), w.state);
    }
}

/// A command from a small menu covering every area, with actors that may or may not be
/// allowed: refusals are part of the exercise. Phase moves are rare (1 in 24) so that
/// each phase sees work before the next.
fn random_command(w: &World, op: u8, a: u8, b: u8) -> (ProgrammeCommand, Actor) {
    use ProgrammeCommand as C;
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
        0 | 1 | 16 => (
            C::DraftNomination {
                nomination_id: n,
                category_code: "C".into(),
                content: content("Nguyễn Văn A", u128::from(b % 2)),
            },
            clerk(agency),
        ),
        2 | 17 => (
            C::SubmitNomination {
                nomination_id: n,
                history: vec![],
            },
            head(agency),
        ),
        3 => (
            C::AmendNomination {
                nomination_id: n,
                content: content("Nguyen Van A", u128::from(b)),
                expected_version: None,
            },
            clerk(agency),
        ),
        4 | 18 => (
            C::ScreenNomination {
                nomination_id: n,
                eligible: b != 0,
                reason: "r".into(),
            },
            admin(),
        ),
        5 => (
            C::ReturnNomination {
                nomination_id: n,
                reason: "fix".into(),
            },
            admin(),
        ),
        6 => (
            C::MovePhase {
                to: w.state.phase.next().unwrap_or(Phase::Closed),
            },
            admin(),
        ),
        7 | 8 | 23 => (
            C::AssignReviewers {
                panel_id: PANEL,
                seed: u64::from(b),
            },
            admin(),
        ),
        9 | 22 => {
            let scores = [
                ("impact".to_owned(), u32::from(b) * 3),
                ("reach".to_owned(), u32::from(a)),
            ]
            .into();
            (
                C::RecordScores {
                    nomination_id: n,
                    scores,
                    comment: None,
                },
                member(mi),
            )
        }
        10 => (
            C::DeclareConflict {
                nomination_id: n,
                member_id: None,
                reason: "r".into(),
            },
            member(mi),
        ),
        11 | 19 | 20 => (
            C::CastBallot {
                nomination_id: n,
                choice,
            },
            member(mi),
        ),
        12 | 21 => {
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
        // Withdrawal is final; kept rare so most runs reach the vote.
        13 if b == 0 => (
            C::WithdrawNomination {
                nomination_id: n,
                reason: "r".into(),
            },
            head(agency),
        ),
        14 => (
            C::ClearConflict {
                nomination_id: n,
                member_id: m(4),
                reason: "ok".into(),
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

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Issue 10 item 16: no rubric and no sheets, however extreme (even beyond the setup
    /// bounds, as an old log might hold), make the score arithmetic overflow or panic; a
    /// sheet's total never exceeds the rubric's maximum, and means still compare.
    #[test]
    fn score_arithmetic_never_overflows(
        rubric in proptest::collection::vec((any::<u32>(), any::<u32>()), 1..60),
        fill in any::<u32>(),
        sheets in 1usize..5,
    ) {
        use accolade_domain::rules::scoring::{ScoreSummary, max_total, weighted_total};
        let criteria: Vec<Criterion> = rubric
            .iter()
            .enumerate()
            .map(|(i, (weight, max))| Criterion {
                key: format!("k{i}"),
                label: String::new(),
                weight: *weight,
                max: *max,
            })
            .collect();
        let scores = criteria
            .iter()
            .map(|c| (c.key.clone(), fill.min(c.max)))
            .collect();
        let total = weighted_total(&criteria, &scores);
        prop_assert!(total <= max_total(&criteria));
        let summary = ScoreSummary::of(std::iter::repeat_n(total, sheets));
        prop_assert!(summary.sum >= total);
        let _ = summary.cmp_mean(&ScoreSummary::of([u64::MAX, u64::MAX]));
    }
}
