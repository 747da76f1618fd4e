//! Events of the programme aggregate (stream `programme-<uuid>`): the whole award cycle of one
//! edition, from setup to revocation.

mod nomination;
mod notice;
mod review;
mod setup;
mod vote;

pub use nomination::*;
pub use notice::*;
pub use review::*;
pub use setup::*;
pub use vote::*;

use crate::codec::event_enum;

event_enum! {
    /// Everything that happens to a programme. Type names are the variant names.
    pub enum ProgrammeEvent {
        /// See [`ProgrammeCreated`].
        ProgrammeCreated = 1,
        /// See [`ProgrammeAmended`].
        ProgrammeAmended = 1,
        /// See [`CategoryAdded`].
        CategoryAdded = 1,
        /// See [`CategoryAmended`].
        CategoryAmended = 1,
        /// See [`PanelFormed`].
        PanelFormed = 1,
        /// See [`PanelAmended`].
        PanelAmended = 1,
        /// See [`PhaseMoved`].
        PhaseMoved = 1,
        /// See [`NominationDrafted`] (v2; v1 is upcast).
        NominationDrafted = 3,
        /// See [`NominationAmended`] (v2; v1 is upcast).
        NominationAmended = 3,
        /// See [`NominationSubmitted`].
        NominationSubmitted = 1,
        /// See [`NominationWithdrawn`].
        NominationWithdrawn = 1,
        /// See [`NominationScreened`].
        NominationScreened = 1,
        /// See [`NominationReturned`].
        NominationReturned = 1,
        /// See [`DuplicateNomineeFlagged`].
        DuplicateNomineeFlagged = 1,
        /// See [`ReviewersAssigned`].
        ReviewersAssigned = 1,
        /// See [`ConflictDeclared`].
        ConflictDeclared = 1,
        /// See [`ConflictAutoRaised`].
        ConflictAutoRaised = 1,
        /// See [`ConflictCleared`].
        ConflictCleared = 1,
        /// See [`MemberRecused`].
        MemberRecused = 1,
        /// See [`ScoresRecorded`].
        ScoresRecorded = 1,
        /// See [`ScoresRemoved`].
        ScoresRemoved = 1,
        /// See [`BallotParticipationRecorded`].
        BallotParticipationRecorded = 1,
        /// See [`OpenBallotCast`].
        OpenBallotCast = 1,
        /// See [`AbsenteeBallotEntered`].
        AbsenteeBallotEntered = 1,
        /// See [`RoundClosed`].
        RoundClosed = 1,
        /// See [`SecretBallotsOpened`]; store it with no actor.
        SecretBallotsOpened = 1,
        /// See [`VoteRerun`].
        VoteRerun = 1,
        /// See [`RoundRerun`].
        RoundRerun = 1,
        /// See [`NoEligibleVoterFlagged`].
        NoEligibleVoterFlagged = 1,
        /// See [`OutcomeDecided`].
        OutcomeDecided = 1,
        /// See [`ReservePromoted`].
        ReservePromoted = 1,
        /// See [`NoticePeriodStarted`].
        NoticePeriodStarted = 1,
        /// See [`ObjectionFiled`]; store it with no actor when filed by the public.
        ObjectionFiled = 2,
        /// See [`ObjectionResolved`].
        ObjectionResolved = 1,
        /// See [`DecisionMade`].
        DecisionMade = 1,
        /// See [`NominationDeclined`].
        NominationDeclined = 1,
        /// See [`AwardConferred`].
        AwardConferred = 2,
        /// See [`AwardRevoked`].
        AwardRevoked = 1,
    }
}

impl ProgrammeEvent {
    /// Whether this event must be stored without an actor whoever caused it: the opened
    /// choices of a secret ballot are anonymous by construction.
    pub fn is_anonymous(&self) -> bool {
        matches!(self, ProgrammeEvent::SecretBallotsOpened(_))
    }

    /// The nomination this event concerns, if it concerns one (for per-nomination views).
    pub fn nomination_id(&self) -> Option<uuid::Uuid> {
        use ProgrammeEvent as E;
        Some(match self {
            E::NominationDrafted(e) => e.nomination_id,
            E::NominationAmended(e) => e.nomination_id,
            E::NominationSubmitted(e) => e.nomination_id,
            E::NominationWithdrawn(e) => e.nomination_id,
            E::NominationScreened(e) => e.nomination_id,
            E::NominationReturned(e) => e.nomination_id,
            E::DuplicateNomineeFlagged(e) => e.nomination_id,
            E::ConflictDeclared(e) => e.nomination_id,
            E::ConflictAutoRaised(e) => e.nomination_id,
            E::ConflictCleared(e) => e.nomination_id,
            E::MemberRecused(e) => e.nomination_id,
            E::ScoresRecorded(e) => e.nomination_id,
            E::ScoresRemoved(e) => e.nomination_id,
            E::BallotParticipationRecorded(e) => e.nomination_id,
            E::OpenBallotCast(e) => e.nomination_id,
            E::AbsenteeBallotEntered(e) => e.nomination_id,
            E::VoteRerun(e) => e.nomination_id,
            E::NoEligibleVoterFlagged(e) => e.nomination_id,
            E::OutcomeDecided(e) => e.nomination_id,
            E::ReservePromoted(e) => e.nomination_id,
            E::NoticePeriodStarted(e) => e.nomination_id?,
            E::ObjectionFiled(e) => e.nomination_id,
            E::ObjectionResolved(e) => e.nomination_id,
            E::NominationDeclined(e) => e.nomination_id,
            E::AwardConferred(e) => e.nomination_id,
            E::AwardRevoked(e) => e.nomination_id,
            _ => return None,
        })
    }
}
