//! Table tests of the rule arithmetic.

use accolade_domain::rules::threshold::{Tally, evaluate, quorum_required, required};
use accolade_events::{Denominator as D, Ratio, Threshold, VotingRule};

fn rule(num: u32, den: u32, strict: bool, d: D, quorum: Option<(u32, u32)>) -> VotingRule {
    VotingRule {
        threshold: Threshold { num, den, strict },
        denominator: d,
        quorum: quorum.map(|(num, den)| Ratio { num, den }),
        secret: true,
        absentee_written: false,
    }
}

#[test]
fn required_approvals() {
    // (num, den, strict, denominator value, required)
    let table: &[(u32, u32, bool, u32, u32)] = &[
        // 50%: at least half, and more than half.
        (1, 2, false, 10, 5),
        (1, 2, false, 9, 5),
        (1, 2, true, 10, 6),
        (1, 2, true, 9, 5),
        (1, 2, true, 1, 1),
        // 2/3, exact in integers.
        (2, 3, false, 9, 6),
        (2, 3, false, 10, 7),
        (2, 3, true, 9, 7),
        (2, 3, false, 3, 2),
        // 70%.
        (7, 10, false, 10, 7),
        (7, 10, false, 9, 7),
        (7, 10, true, 10, 8),
        // 80%.
        (4, 5, false, 10, 8),
        (4, 5, false, 9, 8),
        (4, 5, true, 10, 9),
        // 90%.
        (9, 10, false, 10, 9),
        (9, 10, false, 9, 9),
        (9, 10, false, 11, 10),
        (9, 10, true, 10, 10),
        // Unanimity and a zero denominator.
        (1, 1, false, 7, 7),
        (1, 2, false, 0, 0),
        (1, 2, true, 0, 1),
    ];
    for &(num, den, strict, d, want) in table {
        assert_eq!(
            required(Threshold { num, den, strict }, d),
            want,
            "{num}/{den} strict={strict} of {d}"
        );
    }
}

#[test]
fn quorum_table() {
    assert_eq!(quorum_required(None, 10), 0);
    assert_eq!(quorum_required(Some(Ratio { num: 2, den: 3 }), 9), 6);
    assert_eq!(quorum_required(Some(Ratio { num: 2, den: 3 }), 10), 7);
    assert_eq!(quorum_required(Some(Ratio { num: 1, den: 2 }), 9), 5);
    assert_eq!(quorum_required(Some(Ratio { num: 1, den: 1 }), 9), 9);
}

#[test]
fn outcomes_table() {
    // (rule, eligible, approve, reject, abstain, required, quorum met, passed)
    let q23 = Some((2, 3));
    #[allow(clippy::type_complexity)] // a table reads best as plain tuples
    let table: Vec<(VotingRule, u32, u32, u32, u32, u32, bool, bool)> = vec![
        // 9/10 of all members, 9 eligible: 9 needed.
        (
            rule(9, 10, false, D::AllMembers, q23),
            9,
            9,
            0,
            0,
            9,
            true,
            true,
        ),
        (
            rule(9, 10, false, D::AllMembers, q23),
            9,
            8,
            1,
            0,
            9,
            true,
            false,
        ),
        (
            rule(9, 10, false, D::AllMembers, q23),
            10,
            9,
            0,
            1,
            9,
            true,
            true,
        ),
        // More than half of 10 needs 6.
        (
            rule(1, 2, true, D::AllMembers, None),
            10,
            6,
            4,
            0,
            6,
            true,
            true,
        ),
        (
            rule(1, 2, true, D::AllMembers, None),
            10,
            5,
            0,
            0,
            6,
            true,
            false,
        ),
        // At least half of 10: 5.
        (
            rule(1, 2, false, D::AllMembers, None),
            10,
            5,
            5,
            0,
            5,
            true,
            true,
        ),
        // Votes cast: abstentions leave the denominator. 4 approve, 3 reject, 3 abstain:
        // more than half of 7 = 4.
        (
            rule(1, 2, true, D::VotesCast, None),
            10,
            4,
            3,
            3,
            4,
            true,
            true,
        ),
        (
            rule(1, 2, true, D::AllMembers, None),
            10,
            4,
            3,
            3,
            6,
            true,
            false,
        ),
        // 2/3 of votes cast: 6 approve, 3 reject -> 6 of 9.
        (
            rule(2, 3, false, D::VotesCast, q23),
            12,
            6,
            3,
            0,
            6,
            true,
            true,
        ),
        (
            rule(2, 3, false, D::VotesCast, None),
            12,
            5,
            3,
            0,
            6,
            true,
            false,
        ),
        // 70% / 80% of votes cast.
        (
            rule(7, 10, false, D::VotesCast, None),
            10,
            7,
            3,
            0,
            7,
            true,
            true,
        ),
        (
            rule(4, 5, false, D::VotesCast, None),
            10,
            7,
            3,
            0,
            8,
            true,
            false,
        ),
        (
            rule(4, 5, false, D::AllMembers, None),
            10,
            8,
            0,
            0,
            8,
            true,
            true,
        ),
        // Quorum not met: 2/3 of 9 is 6 ballots; 5 unanimous approvals of votes cast fail.
        (
            rule(1, 2, true, D::VotesCast, q23),
            9,
            5,
            0,
            0,
            3,
            false,
            false,
        ),
        // Quorum met by abstentions (they count for the quorum).
        (
            rule(1, 2, true, D::VotesCast, q23),
            9,
            3,
            0,
            3,
            2,
            true,
            true,
        ),
        // Nobody approves: never passes, even when 0 are required.
        (
            rule(1, 2, false, D::VotesCast, None),
            5,
            0,
            0,
            5,
            0,
            true,
            false,
        ),
        // No eligible member: never passes.
        (
            rule(1, 2, false, D::AllMembers, None),
            0,
            0,
            0,
            0,
            0,
            true,
            false,
        ),
    ];
    for (r, eligible, approve, reject, abstain, want_req, want_q, want_pass) in table {
        let got = evaluate(
            &r,
            eligible,
            Tally {
                approve,
                reject,
                abstain,
            },
        );
        assert_eq!(
            (got.required, got.quorum_met, got.passed),
            (want_req, want_q, want_pass),
            "{:?} eligible={eligible} {approve}/{reject}/{abstain}",
            r.threshold
        );
    }
}
