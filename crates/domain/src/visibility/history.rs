//! What each audience sees of each event in a nomination's history: the one table the app's
//! `nomination_history` applies, so the API and the pages get the history already filtered.
//!
//! Exhaustive by construction: [`view`] matches every `ProgrammeEvent` variant with no
//! wildcard arm, so a new event type does not compile until someone decides who sees it.
//!
//! The rules it keeps (docs/visibility.md has the whole table):
//! - the nominee's e-mail and birth year only to the secretariat and the nominating agency;
//! - the nominating agency and the authority never see the review: no scores or comments,
//!   no conflicts (nor who is recused), no ballots (open or secret, during the round or
//!   after), no vote counts, no duplicate flags — they see the outcome and the status;
//! - a member sees their own sheets, conflicts and ballots and nobody else's; the panel's
//!   chair sees who scored, voted and was recused, and open-ballot choices (as the progress
//!   page shows them), but never another member's scores, comments or conflict reasons;
//! - no one sees an objector in history (the secretariat reads the objection's text; the
//!   objector's identity stays with the objection itself).

use accolade_events::{Nominee, NomineeLookups, OutcomeDecided, Personal, ProgrammeEvent};
use uuid::Uuid;

use super::Audience;

/// An event as an audience may see it.
#[derive(Debug, Clone, PartialEq)]
pub struct Shown {
    /// The event, with every removed field emptied (`None`, empty text, nil id, zero).
    pub event: ProgrammeEvent,
    /// The removed fields as paths into the event's JSON payload (`nominee.email`), for a
    /// front end to leave out rather than print empty.
    pub removed: &'static [&'static str],
    /// Whether the event's actor may be shown.
    pub actor: bool,
}

fn whole(event: &ProgrammeEvent) -> Option<Shown> {
    Some(Shown {
        event: event.clone(),
        removed: &[],
        actor: true,
    })
}

fn without(event: impl Into<ProgrammeEvent>, removed: &'static [&'static str]) -> Option<Shown> {
    Some(Shown {
        event: event.into(),
        removed,
        actor: true,
    })
}

/// Whether `a` is the member `member` (reading their own sheet, conflict or ballot).
fn is_self(a: Audience, member: Uuid) -> bool {
    matches!(a, Audience::Reviewer(m) | Audience::Chair(m) if m == member)
}

/// Whether `a` chairs the nomination's panel.
fn is_chair(a: Audience) -> bool {
    matches!(a, Audience::Chair(_))
}

/// A member's own event whole; the chair sees others' (less `hidden` when given); the
/// secretariat everything; no one else anything.
fn review(
    a: Audience,
    event: &ProgrammeEvent,
    member: Uuid,
    for_chair: impl FnOnce() -> Option<Shown>,
) -> Option<Shown> {
    if a == Audience::Secretariat || is_self(a, member) {
        whole(event)
    } else if is_chair(a) {
        for_chair()
    } else {
        None
    }
}

const CONTACT: &[&str] = &[
    "nominee.email",
    "nominee.birth_year",
    "nominee.national_id",
    "person_id",
    "lookups",
];
const COUNTS: &[&str] = &[
    "approvals",
    "rejections",
    "abstentions",
    "eligible",
    "denominator",
    "required",
    "quorum_required",
    "quorum_met",
];

/// A drafted or amended dossier: whole to those who see the nominee's contact, without it
/// to the others.
fn dossier<T: Clone + Into<ProgrammeEvent>>(
    a: Audience,
    event: &ProgrammeEvent,
    e: &T,
    person: impl FnOnce(&mut T) -> (&mut Personal<Nominee>, &mut Uuid, &mut NomineeLookups),
) -> Option<Shown> {
    if a.sees_contact() {
        return whole(event);
    }
    let mut e = e.clone();
    let (nominee, person_id, lookups) = person(&mut e);
    // The app opens sealed nominees before asking; one still sealed is erased, and shows so.
    if let Personal::Open(n) = nominee {
        *n = a.nominee(n);
    }
    // The person id and the keyed lookups link a nominee across nominations and programmes:
    // the agency's and the secretariat's business, not the panel's or the authority's.
    *person_id = Uuid::nil();
    *lookups = NomineeLookups::default();
    without(e, CONTACT)
}

fn outcome_only(o: &OutcomeDecided) -> OutcomeDecided {
    OutcomeDecided {
        approvals: 0,
        rejections: 0,
        abstentions: 0,
        eligible: 0,
        denominator: 0,
        required: 0,
        quorum_required: 0,
        quorum_met: false,
        ..o.clone()
    }
}

/// What `a` sees of `event` in a nomination's history (`None`: not shown at all). The caller
/// has checked that the event concerns the nomination and that `a` may see the nomination
/// (`Programme::audience`); events about no single nomination are never shown here.
pub fn view(a: Audience, event: &ProgrammeEvent) -> Option<Shown> {
    use Audience as A;
    use ProgrammeEvent as E;
    if a == A::Nobody {
        return None;
    }
    let secretariat = a == A::Secretariat;
    match event {
        // About the programme, not one nomination (the programme's own pages show them).
        E::ProgrammeCreated(_)
        | E::ProgrammeAmended(_)
        | E::CategoryAdded(_)
        | E::CategoryAmended(_)
        | E::PanelFormed(_)
        | E::PanelAmended(_)
        | E::PhaseMoved(_)
        | E::ReviewersAssigned(_)
        | E::RoundClosed(_)
        | E::RoundRerun(_)
        | E::SecretBallotsOpened(_)
        | E::DecisionMade(_) => None,

        // The dossier: its contact and birth year only to the secretariat and the agency.
        E::NominationDrafted(e) => dossier(a, event, e, |e| {
            (&mut e.nominee, &mut e.person_id, &mut e.lookups)
        }),
        E::NominationAmended(e) => dossier(a, event, e, |e| {
            (&mut e.nominee, &mut e.person_id, &mut e.lookups)
        }),

        // Its course, which everyone who may see it follows.
        E::NominationSubmitted(_)
        | E::NominationWithdrawn(_)
        | E::NominationScreened(_)
        | E::NominationReturned(_)
        | E::ReservePromoted(_)
        | E::ObjectionResolved(_)
        | E::NominationDeclined(_)
        | E::AwardConferred(_)
        | E::AwardRevoked(_) => whole(event),
        E::NoticePeriodStarted(e) => e.nomination_id.and_then(|_| whole(event)),

        // A flag for the secretariat only.
        E::DuplicateNomineeFlagged(_) | E::NoEligibleVoterFlagged(_) if secretariat => whole(event),
        E::DuplicateNomineeFlagged(_) => None,
        // The chair is told too: their round could not count it.
        E::NoEligibleVoterFlagged(_) if is_chair(a) => whole(event),
        E::NoEligibleVoterFlagged(_) => None,

        // Conflicts: the member concerned and the secretariat; the chair sees who is recused,
        // not why.
        E::ConflictDeclared(e) => review(a, event, e.member_id, || {
            let mut e = e.clone();
            e.reason = String::new();
            without(e, &["reason"])
        }),
        E::ConflictCleared(e) => review(a, event, e.member_id, || {
            let mut e = e.clone();
            e.reason = String::new();
            without(e, &["reason"])
        }),
        E::ConflictAutoRaised(e) => review(a, event, e.member_id, || whole(event)),
        E::MemberRecused(e) => review(a, event, e.member_id, || whole(event)),

        // Scores: a member's own; the chair sees that a member scored, not what.
        E::ScoresRecorded(e) => review(a, event, e.member_id, || {
            let mut e = e.clone();
            e.scores.clear();
            e.comment = None;
            without(e, &["scores", "comment"])
        }),
        E::ScoresRemoved(e) => review(a, event, e.member_id, || whole(event)),

        // Ballots: a member's own; the chair sees who voted, and the choice of an open
        // ballot (as the progress page does). A secret choice is never in the log.
        E::BallotParticipationRecorded(e) => review(a, event, e.member_id, || whole(event)),
        E::OpenBallotCast(e) => review(a, event, e.member_id, || whole(event)),
        E::AbsenteeBallotEntered(e) => review(a, event, e.member_id, || whole(event)),

        // The vote is to be run again: the panel must know; outside it, it would tell of a
        // conflict.
        E::VoteRerun(_) => match a {
            A::Secretariat | A::Reviewer(_) | A::Chair(_) => whole(event),
            A::Agency | A::Authority | A::Nobody => None,
        },

        // The counted vote: the numbers to the secretariat and the chair (as the tally); the
        // outcome and rank to everyone else who may see the nomination.
        E::OutcomeDecided(e) => match a {
            A::Secretariat | A::Chair(_) => whole(event),
            A::Agency | A::Reviewer(_) | A::Authority => without(outcome_only(e), COUNTS),
            A::Nobody => None,
        },

        // An objection: its text to the secretariat; the objector to no one here.
        E::ObjectionFiled(e) => secretariat.then(|| {
            let mut e = e.clone();
            e.objector_person_id = Uuid::nil();
            e.objector = Personal::Open(accolade_events::Objector {
                full_name: String::new(),
                phone: String::new(),
                address: String::new(),
                email: None,
            });
            Shown {
                event: e.into(),
                removed: &["objector", "objector_person_id"],
                actor: false,
            }
        }),
    }
}
