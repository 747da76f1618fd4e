//! The stable codes of the domain's refusals: which rule a field broke ([`Rule`]), which kind
//! of clash with the current state ([`Clash`]), and [`CODES`], every code any
//! [`DomainError`](crate::DomainError) can answer with.
//!
//! A code is a contract with the front ends (their vi/en messages are keyed by it, and API
//! clients may branch on it): once released it is never renamed or reused for another rule.
//! A new rule gets a new code, added to [`CODES`] and to both message files.

use accolade_events::{NomineeKind, Phase};

/// Every code [`DomainError::code`](crate::DomainError::code) can return, each once.
pub const CODES: &[&str] = &[
    // Forbidden
    "wrong_role",
    "other_agency",
    "no_agency",
    "recused",
    "not_assigned",
    "not_chair",
    "not_self",
    // The other families
    "not_found",
    "wrong_phase",
    "wrong_status",
    "phase_not_done",
    "quota_exceeded",
    "prerequisite_not_met",
    "version_mismatch",
    // Rule (Invalid)
    "required",
    "too_long",
    "out_of_range",
    "too_few",
    "too_many",
    "duplicate",
    "not_an_email",
    "not_a_national_id",
    "bad_url",
    "needs_agency",
    "own_parent",
    "dates_out_of_order",
    "threshold_range",
    "threshold_unreachable",
    "quorum_range",
    "chair_not_in_panel",
    "not_a_member",
    "member_not_assigned",
    "wrong_nominee_kind",
    "not_next_phase",
    "programme_closed",
    "absentee_not_accepted",
    "stray_opening",
    "opened_count_mismatch",
    "nothing_sealed",
    "before_decision",
    "unknown_criterion",
    // Clash (Conflict)
    "already_exists",
    "already_recorded",
    "email_taken",
    "code_taken",
    "code_permanent",
    "already_decided",
    "already_resolved",
    "ballot_differs",
    "already_voted",
    "no_open_vote",
    "nothing_to_assign",
    "declared_conflict",
    "category_has_panel",
    "person_erased",
];

/// The rule a field broke, with the bounds a message quotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// Blank or missing.
    Required,
    /// Longer than `max` characters.
    TooLong {
        /// The most characters allowed.
        max: usize,
    },
    /// A number outside `min..=max`.
    OutOfRange {
        /// The least allowed.
        min: i64,
        /// The most allowed.
        max: i64,
    },
    /// Fewer than `min` items.
    TooFew {
        /// The fewest items allowed.
        min: usize,
    },
    /// More than `max` items.
    TooMany {
        /// The most items allowed.
        max: usize,
    },
    /// An item listed twice (a criterion key, a member, an id).
    Duplicate,
    /// Not an e-mail address.
    NotAnEmail,
    /// Not a national id number: 12 digits (CCCD) or 9 (the older CMND), spaces allowed.
    NotANationalId,
    /// Not an absolute `http://` or `https://` URL.
    BadUrl,
    /// Clerks and heads belong to an agency, and none was given.
    NeedsAgency,
    /// An agency named as its own parent.
    OwnParent,
    /// The schedule's phase end dates go backwards.
    DatesOutOfOrder,
    /// A threshold that is not a fraction in (0, 1].
    ThresholdRange,
    /// A strict threshold of 100%: more than all can never pass.
    ThresholdUnreachable,
    /// A quorum that is not a fraction in [0, 1] with a denominator of at most `max_den`.
    QuorumRange {
        /// The largest denominator allowed.
        max_den: u32,
    },
    /// The panel's chair is not one of its members.
    ChairNotInPanel,
    /// The member named is not on the nomination's panel.
    NotAMember,
    /// The member named is not assigned to the nomination.
    MemberNotAssigned,
    /// The nominee is of the other kind than the category takes.
    WrongNomineeKind {
        /// The kind the category takes.
        expected: NomineeKind,
    },
    /// Phases move forward one step at a time; this is not the next one.
    NotNextPhase {
        /// The next phase.
        next: Phase,
    },
    /// The programme is closed: there is no next phase.
    ProgrammeClosed,
    /// The category does not accept absentee members' written votes.
    AbsenteeNotAccepted,
    /// Choices opened for a nomination that has no open vote.
    StrayOpening,
    /// The opened choices do not match the number of recorded participations.
    OpenedCountMismatch {
        /// Choices opened.
        opened: usize,
        /// Participations recorded.
        participations: usize,
    },
    /// Choices opened under an open ballot, which has no sealed choices.
    NothingSealed,
    /// A revocation dated before the decision it revokes.
    BeforeDecision,
    /// A score for a criterion the category does not have.
    UnknownCriterion,
}

impl Rule {
    /// The stable machine code (one of [`CODES`]).
    pub fn code(&self) -> &'static str {
        match self {
            Rule::Required => "required",
            Rule::TooLong { .. } => "too_long",
            Rule::OutOfRange { .. } => "out_of_range",
            Rule::TooFew { .. } => "too_few",
            Rule::TooMany { .. } => "too_many",
            Rule::Duplicate => "duplicate",
            Rule::NotAnEmail => "not_an_email",
            Rule::NotANationalId => "not_a_national_id",
            Rule::BadUrl => "bad_url",
            Rule::NeedsAgency => "needs_agency",
            Rule::OwnParent => "own_parent",
            Rule::DatesOutOfOrder => "dates_out_of_order",
            Rule::ThresholdRange => "threshold_range",
            Rule::ThresholdUnreachable => "threshold_unreachable",
            Rule::QuorumRange { .. } => "quorum_range",
            Rule::ChairNotInPanel => "chair_not_in_panel",
            Rule::NotAMember => "not_a_member",
            Rule::MemberNotAssigned => "member_not_assigned",
            Rule::WrongNomineeKind { .. } => "wrong_nominee_kind",
            Rule::NotNextPhase { .. } => "not_next_phase",
            Rule::ProgrammeClosed => "programme_closed",
            Rule::AbsenteeNotAccepted => "absentee_not_accepted",
            Rule::StrayOpening => "stray_opening",
            Rule::OpenedCountMismatch { .. } => "opened_count_mismatch",
            Rule::NothingSealed => "nothing_sealed",
            Rule::BeforeDecision => "before_decision",
            Rule::UnknownCriterion => "unknown_criterion",
        }
    }

    /// The values a message quotes, by placeholder name (`{max}`).
    pub fn params(&self) -> Vec<(&'static str, String)> {
        match *self {
            Rule::TooLong { max } | Rule::TooMany { max } => vec![("max", max.to_string())],
            Rule::TooFew { min } => vec![("min", min.to_string())],
            Rule::OutOfRange { min, max } => {
                vec![("min", min.to_string()), ("max", max.to_string())]
            }
            Rule::QuorumRange { max_den } => vec![("max", max_den.to_string())],
            Rule::WrongNomineeKind { expected } => vec![("kind", expected.to_string())],
            Rule::NotNextPhase { next } => vec![("next", next.to_string())],
            Rule::OpenedCountMismatch {
                opened,
                participations,
            } => vec![
                ("opened", opened.to_string()),
                ("participations", participations.to_string()),
            ],
            _ => vec![],
        }
    }
}

/// How a command clashes with the current state (a [`DomainError::Conflict`](crate::DomainError::Conflict)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clash {
    /// The thing to create exists already (a programme, category, panel, nomination, ...).
    AlreadyExists,
    /// A past award already recorded for this person.
    AlreadyRecorded,
    /// The e-mail address belongs to another user.
    EmailTaken,
    /// The agency code belongs to another agency.
    CodeTaken,
    /// The agency has a code already, and codes are permanent.
    CodePermanent,
    /// The decision has been made.
    AlreadyDecided,
    /// The objection is resolved already.
    AlreadyResolved,
    /// A different ballot was cast on this nomination already.
    BallotDiffers,
    /// The member took part in this secret vote already.
    AlreadyVoted,
    /// No vote is open in the category.
    NoOpenVote,
    /// No eligible nomination of the panel is waiting for reviewers.
    NothingToAssign,
    /// A conflict of interest the member declared, which only they can withdraw.
    DeclaredConflict,
    /// The category has another panel already.
    CategoryHasPanel,
    /// The person's data was erased: nothing more can be recorded about them.
    PersonErased,
}

impl Clash {
    /// The stable machine code (one of [`CODES`]).
    pub fn code(&self) -> &'static str {
        match self {
            Clash::AlreadyExists => "already_exists",
            Clash::AlreadyRecorded => "already_recorded",
            Clash::EmailTaken => "email_taken",
            Clash::CodeTaken => "code_taken",
            Clash::CodePermanent => "code_permanent",
            Clash::AlreadyDecided => "already_decided",
            Clash::AlreadyResolved => "already_resolved",
            Clash::BallotDiffers => "ballot_differs",
            Clash::AlreadyVoted => "already_voted",
            Clash::NoOpenVote => "no_open_vote",
            Clash::NothingToAssign => "nothing_to_assign",
            Clash::DeclaredConflict => "declared_conflict",
            Clash::CategoryHasPanel => "category_has_panel",
            Clash::PersonErased => "person_erased",
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use accolade_events::NominationStatus;
    use uuid::Uuid;

    use super::*;
    use crate::{DomainError, Forbidden};

    /// One error of every kind. The matches below are exhaustive on purpose: a new variant
    /// does not compile until it is listed here, so it cannot miss [`CODES`].
    fn one_of_each() -> Vec<DomainError> {
        let rules = [
            Rule::Required,
            Rule::TooLong { max: 200 },
            Rule::OutOfRange { min: 1, max: 9 },
            Rule::TooFew { min: 1 },
            Rule::TooMany { max: 50 },
            Rule::Duplicate,
            Rule::NotAnEmail,
            Rule::NotANationalId,
            Rule::BadUrl,
            Rule::NeedsAgency,
            Rule::OwnParent,
            Rule::DatesOutOfOrder,
            Rule::ThresholdRange,
            Rule::ThresholdUnreachable,
            Rule::QuorumRange { max_den: 1000 },
            Rule::ChairNotInPanel,
            Rule::NotAMember,
            Rule::MemberNotAssigned,
            Rule::WrongNomineeKind {
                expected: NomineeKind::Individual,
            },
            Rule::NotNextPhase {
                next: Phase::Nominating,
            },
            Rule::ProgrammeClosed,
            Rule::AbsenteeNotAccepted,
            Rule::StrayOpening,
            Rule::OpenedCountMismatch {
                opened: 1,
                participations: 2,
            },
            Rule::NothingSealed,
            Rule::BeforeDecision,
            Rule::UnknownCriterion,
        ];
        for r in &rules {
            match r {
                Rule::Required
                | Rule::TooLong { .. }
                | Rule::OutOfRange { .. }
                | Rule::TooFew { .. }
                | Rule::TooMany { .. }
                | Rule::Duplicate
                | Rule::NotAnEmail
                | Rule::NotANationalId
                | Rule::BadUrl
                | Rule::NeedsAgency
                | Rule::OwnParent
                | Rule::DatesOutOfOrder
                | Rule::ThresholdRange
                | Rule::ThresholdUnreachable
                | Rule::QuorumRange { .. }
                | Rule::ChairNotInPanel
                | Rule::NotAMember
                | Rule::MemberNotAssigned
                | Rule::WrongNomineeKind { .. }
                | Rule::NotNextPhase { .. }
                | Rule::ProgrammeClosed
                | Rule::AbsenteeNotAccepted
                | Rule::StrayOpening
                | Rule::OpenedCountMismatch { .. }
                | Rule::NothingSealed
                | Rule::BeforeDecision
                | Rule::UnknownCriterion => {}
            }
        }
        let clashes = [
            Clash::AlreadyExists,
            Clash::AlreadyRecorded,
            Clash::EmailTaken,
            Clash::CodeTaken,
            Clash::CodePermanent,
            Clash::AlreadyDecided,
            Clash::AlreadyResolved,
            Clash::BallotDiffers,
            Clash::AlreadyVoted,
            Clash::NoOpenVote,
            Clash::NothingToAssign,
            Clash::DeclaredConflict,
            Clash::CategoryHasPanel,
            Clash::PersonErased,
        ];
        for c in &clashes {
            match c {
                Clash::AlreadyExists
                | Clash::AlreadyRecorded
                | Clash::EmailTaken
                | Clash::CodeTaken
                | Clash::CodePermanent
                | Clash::AlreadyDecided
                | Clash::AlreadyResolved
                | Clash::BallotDiffers
                | Clash::AlreadyVoted
                | Clash::NoOpenVote
                | Clash::NothingToAssign
                | Clash::DeclaredConflict
                | Clash::CategoryHasPanel
                | Clash::PersonErased => {}
            }
        }
        let forbidden = [
            Forbidden::WrongRole {
                required: "admin".into(),
                actual: "public".into(),
            },
            Forbidden::OtherAgency,
            Forbidden::NoAgency,
            Forbidden::Recused,
            Forbidden::NotAssigned,
            Forbidden::NotChair,
            Forbidden::NotSelf,
        ];
        let mut all: Vec<DomainError> = forbidden.into_iter().map(DomainError::from).collect();
        all.extend([
            DomainError::not_found("panel", Uuid::nil()),
            DomainError::wrong_phase(Phase::Voting, &[Phase::Setup]),
            DomainError::WrongStatus {
                nomination_id: Uuid::nil(),
                status: NominationStatus::Draft,
                action: "vote",
                needs: "eligible".into(),
            },
            DomainError::PhaseNotDone {
                phase: Phase::Voting,
                reason: "votes are open".into(),
            },
            DomainError::QuotaExceeded("full".into()),
            DomainError::PrerequisiteNotMet("never held it".into()),
            DomainError::VersionMismatch {
                expected: 1,
                current: 2,
            },
        ]);
        for e in &all {
            match e {
                DomainError::Forbidden(_)
                | DomainError::NotFound { .. }
                | DomainError::WrongPhase { .. }
                | DomainError::WrongStatus { .. }
                | DomainError::PhaseNotDone { .. }
                | DomainError::Conflict { .. }
                | DomainError::Invalid { .. }
                | DomainError::QuotaExceeded(_)
                | DomainError::PrerequisiteNotMet(_)
                | DomainError::VersionMismatch { .. } => {}
            }
        }
        all.extend(rules.map(|r| DomainError::invalid("f", r, "bad")));
        all.extend(clashes.map(|c| DomainError::conflict(c, "clash")));
        all
    }

    #[test]
    fn codes_are_unique() {
        let set: BTreeSet<_> = CODES.iter().collect();
        assert_eq!(set.len(), CODES.len(), "a code is listed twice");
    }

    #[test]
    fn every_error_has_a_listed_code_and_every_listed_code_an_error() {
        let used: BTreeSet<&str> = one_of_each().iter().map(DomainError::code).collect();
        let listed: BTreeSet<&str> = CODES.iter().copied().collect();
        assert_eq!(used, listed);
    }

    #[test]
    fn codes_are_snake_case_words() {
        for c in CODES {
            assert!(
                !c.is_empty() && c.chars().all(|ch| ch.is_ascii_lowercase() || ch == '_'),
                "{c}"
            );
        }
    }

    #[test]
    fn field_and_params_come_with_the_rule() {
        let e = DomainError::invalid(
            "criteria[0].weight",
            Rule::OutOfRange { min: 1, max: 1000 },
            "between 1 and 1000",
        );
        assert_eq!(e.code(), "out_of_range");
        assert_eq!(e.field(), Some("criteria[0].weight"));
        assert_eq!(
            e.params(),
            vec![("min", "1".to_owned()), ("max", "1000".to_owned())]
        );
        // Display is the English text it always was.
        assert_eq!(
            e.to_string(),
            "invalid criteria[0].weight: between 1 and 1000"
        );
        let c =
            DomainError::conflict_on("code", Clash::AlreadyExists, "category IND already exists");
        assert_eq!((c.code(), c.field()), ("already_exists", Some("code")));
        assert_eq!(c.to_string(), "conflict: category IND already exists");
        let w = DomainError::wrong_phase(Phase::Voting, &[Phase::Setup, Phase::Nominating]);
        assert_eq!(w.field(), None);
        assert_eq!(
            w.params(),
            vec![
                ("current", "voting".to_owned()),
                ("allowed", "setup, nominating".to_owned())
            ]
        );
    }
}
