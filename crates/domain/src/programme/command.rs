//! The commands of the programme aggregate.
//!
//! Who may send each, and when, is decided in the file of its area; the summary here is for
//! the app layer. Ids of things a command creates come in the command (the app generates them,
//! so it can answer `201 {id}` and retry idempotently).

use std::collections::BTreeMap;

use accolade_events::{
    AwardRecord, Category, Choice, Evidence, Nominee, Objector, PanelMember, Phase,
    ProgrammeAmended, RevocationGround, Schedule,
};
use time::Date;
use uuid::Uuid;

/// Create a programme (admin).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateProgramme {
    /// The new id.
    pub programme_id: Uuid,
    /// Title.
    pub title: String,
    /// Year of the edition.
    pub year: i32,
    /// Description.
    pub description: Option<String>,
    /// Working days of public notice (API default 10).
    pub notice_working_days: u32,
    /// The date each phase ends.
    pub schedule: Schedule,
    /// Holidays.
    pub holidays: Vec<Date>,
}

/// A panel's full definition (form or amend).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PanelSpec {
    /// The panel id (new when forming).
    pub panel_id: Uuid,
    /// Name.
    pub name: String,
    /// Categories reviewed.
    pub category_codes: Vec<String>,
    /// Members, each with the affiliation from the user directory.
    pub members: Vec<PanelMember>,
    /// The chair, one of the members.
    pub chair_id: Uuid,
    /// `None`: all members review every nomination.
    pub reviewers_per_nomination: Option<u32>,
}

/// A nomination's content (draft or amend).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NominationContent {
    /// The nominee's pseudonymous person id (the app matches or creates it).
    pub person_id: Uuid,
    /// The nominee.
    pub nominee: Nominee,
    /// Citation.
    pub citation: String,
    /// Achievements.
    pub achievements: String,
    /// Evidence.
    pub evidence: Vec<Evidence>,
}

/// An objection (anyone, during public notice).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileObjection {
    /// The new id.
    pub objection_id: Uuid,
    /// The nomination objected to.
    pub nomination_id: Uuid,
    /// The objector's person id (the app creates one).
    pub objector_person_id: Uuid,
    /// Who objects.
    pub objector: Objector,
    /// The objection.
    pub text: String,
}

/// A nomination the authority declines to confer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decline {
    /// The nomination.
    pub nomination_id: Uuid,
    /// Why.
    pub reason: String,
}

/// Every command of the programme aggregate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProgrammeCommand {
    /// Create the programme (admin).
    Create(CreateProgramme),
    /// Change settings (admin, before `published`; the notice period before `public_notice`).
    Amend(ProgrammeAmended),
    /// Add a category (admin, `setup`).
    AddCategory(Category),
    /// Replace a category (admin, `setup`).
    AmendCategory(Category),
    /// Form a panel (admin, before `reviewing`).
    FormPanel(PanelSpec),
    /// Replace a panel (admin, before `reviewing`).
    AmendPanel(PanelSpec),
    /// Move to the next phase (admin). Moving to the current phase is a no-op.
    MovePhase {
        /// Must be the next phase.
        to: Phase,
    },
    /// Move on by the schedule: every phase whose end date is before `now`'s date and whose
    /// work is done (system or admin). Nothing to do is not an error.
    Tick,
    /// Draft a nomination for the actor's agency (clerk or head, `nominating`).
    DraftNomination {
        /// The new id.
        nomination_id: Uuid,
        /// The category.
        category_code: String,
        /// The content.
        content: NominationContent,
    },
    /// Amend a draft (`nominating`) or a returned nomination (`screening`) (clerk or head of
    /// its agency).
    AmendNomination {
        /// The nomination.
        nomination_id: Uuid,
        /// The new content, whole.
        content: NominationContent,
        /// The nomination's version the amendment was made against (an `If-Match`); refused
        /// with `VersionMismatch` if it has moved on. `None`: amend whatever is current.
        expected_version: Option<u32>,
    },
    /// Submit a draft (`nominating`) or resubmit a returned one (`screening`) (head of its
    /// agency). `history` is the nominee's award record (imported and conferred), for the
    /// category's prerequisite.
    SubmitNomination {
        /// The nomination.
        nomination_id: Uuid,
        /// The nominee's awards.
        history: Vec<AwardRecord>,
    },
    /// Withdraw (head of its agency, any state before the decision).
    WithdrawNomination {
        /// The nomination.
        nomination_id: Uuid,
        /// Why.
        reason: String,
    },
    /// Screen a submitted nomination (admin, `screening`).
    ScreenNomination {
        /// The nomination.
        nomination_id: Uuid,
        /// Eligible or not.
        eligible: bool,
        /// Why.
        reason: String,
    },
    /// Return a submitted nomination for correction (admin, `screening`).
    ReturnNomination {
        /// The nomination.
        nomination_id: Uuid,
        /// What to correct.
        reason: String,
    },
    /// Assign reviewers to a panel's unassigned eligible nominations (admin, `reviewing`).
    AssignReviewers {
        /// The panel.
        panel_id: Uuid,
        /// A random seed from the app; recorded.
        seed: u64,
    },
    /// Declare a conflict: a member for themselves, or the secretariat for a member
    /// (`reviewing` or `voting`).
    DeclareConflict {
        /// The nomination.
        nomination_id: Uuid,
        /// The member; required when the secretariat declares, ignored for a member.
        member_id: Option<Uuid>,
        /// Why.
        reason: String,
    },
    /// Clear an automatic conflict (admin, `reviewing` or `voting`).
    ClearConflict {
        /// The nomination.
        nomination_id: Uuid,
        /// The member.
        member_id: Uuid,
        /// The recorded reason.
        reason: String,
    },
    /// Record (or revise) the actor's score sheet (member, `reviewing`).
    RecordScores {
        /// The nomination.
        nomination_id: Uuid,
        /// Score per criterion key.
        scores: BTreeMap<String, u32>,
        /// Comment.
        comment: Option<String>,
    },
    /// Cast the actor's ballot (member, `voting`). Under a secret rule the choice is not
    /// recorded: the app seals it, and a member who already took part is refused whatever
    /// the choice (see docs/secret-ballot.md). Under an open rule the same choice again is
    /// harmless and a different one refused.
    CastBallot {
        /// The nomination.
        nomination_id: Uuid,
        /// The choice.
        choice: Choice,
    },
    /// Enter an absent member's written vote (admin, `voting`, if the category allows).
    EnterAbsenteeBallot {
        /// The nomination.
        nomination_id: Uuid,
        /// The absent member.
        member_id: Uuid,
        /// The written choice.
        choice: Choice,
    },
    /// Close a category's round (its panel's chair or admin, `voting`). Under a secret rule
    /// `opened` holds, per pending nomination, the opened choices already shuffled by the app;
    /// under an open rule it must be empty.
    CloseRound {
        /// The category.
        category_code: String,
        /// Opened secret choices per nomination.
        opened: BTreeMap<Uuid, Vec<Choice>>,
    },
    /// Re-run a category's open round (admin, `voting`) when its sealed ballots are lost:
    /// voids the participations of every nomination awaiting a vote and starts a new round
    /// generation (a fresh key), so members vote again.
    RerunRound {
        /// The category.
        category_code: String,
        /// Why (recorded in the audit trail).
        reason: String,
    },
    /// Move a reserve up into a freed place (admin, `public_notice`); starts its own notice.
    PromoteReserve {
        /// The nomination.
        nomination_id: Uuid,
        /// Why.
        reason: String,
    },
    /// Object to a recommended nomination (anyone, `public_notice`).
    FileObjection(FileObjection),
    /// Uphold or dismiss an objection (admin, `public_notice`).
    ResolveObjection {
        /// The objection.
        objection_id: Uuid,
        /// Upheld or dismissed.
        upheld: bool,
        /// Why.
        reason: String,
    },
    /// Dismiss a batch of objections (abuse, repeats) with one reason (admin,
    /// `public_notice`): all or nothing, one `ObjectionResolved` (not upheld) per objection.
    DismissObjections {
        /// The objections, each open and listed once; at most `limits::BATCH`.
        objection_ids: Vec<Uuid>,
        /// Why (the same for every one).
        reason: String,
    },
    /// The authority's decision: confers every recommended nomination not declined
    /// (authority, `deciding`).
    MakeDecision {
        /// Decision number.
        decision_no: String,
        /// Its date.
        decided_on: Date,
        /// Signer.
        signer: String,
        /// Declined nominations.
        declined: Vec<Decline>,
    },
    /// Revoke an award (authority, after the decision).
    RevokeAward {
        /// The award.
        award_id: Uuid,
        /// The statutory ground.
        ground: RevocationGround,
        /// The revoking decision.
        decision_no: String,
        /// Its date.
        decided_on: Date,
        /// Note.
        note: Option<String>,
    },
}
