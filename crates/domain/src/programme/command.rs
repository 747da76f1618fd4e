//! The commands of the programme aggregate.
//!
//! Who may send each, and when, is decided in the file of its area; the summary here is for
//! the app layer. Ids of things a command creates come in the command (the app generates them,
//! so it can answer `201 {id}` and retry idempotently).

use std::collections::BTreeMap;

use accolade_events::{
    AwardRecord, Category, Choice, Evidence, Nominee, NomineeLookups, Objector, PanelMember, Phase,
    ProgrammeAmended, PublicHolder, RevocationGround, Schedule,
};
use time::Date;
use uuid::Uuid;

/// Create a programme (admin).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateProgramme {
    /// The new id.
    pub programme_id: Uuid,
    /// Shown on the programme's pages and in mails; required, at most 200 characters.
    pub title: String,
    /// Year of the edition.
    pub year: i32,
    /// Free text for the programme page; at most 10,000 characters.
    pub description: Option<String>,
    /// Working days of public notice (API default 10).
    pub notice_working_days: u32,
    /// The date each phase ends.
    pub schedule: Schedule,
    /// Public holidays: skipped, like weekends, when the notice's working days are counted.
    pub holidays: Vec<Date>,
}

/// A panel's full definition (form or amend).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PanelSpec {
    /// The panel id (new when forming).
    pub panel_id: Uuid,
    /// Shown to its members and the secretariat; required, at most 200 characters.
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
    /// Who is nominated: name, kind, contacts (the e-mail and birth year are seen only by the
    /// secretariat and the nominating agency, docs/visibility.md). Checked here in the clear;
    /// the event holds it as [`Personal::Open`] until the app seals it.
    pub nominee: Nominee,
    /// The nominee's keyed hashes ([`crate::rules::names::LookupInputs`], hashed by the app).
    pub lookups: NomineeLookups,
    /// Whether `person_id` links a person already known, rather than a new one.
    pub linked: bool,
    /// Published on the honour list once conferred; required, at most 5,000 characters.
    pub citation: String,
    /// The case for the award, read by the panel; required, at most 50,000 characters.
    pub achievements: String,
    /// Supporting documents, each a title and an absolute `http(s)` link.
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
    /// What is objected to; required, at most 10,000 characters.
    pub text: String,
}

/// A nomination the authority declines to confer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decline {
    /// One of the recommended nominations of this decision.
    pub nomination_id: Uuid,
    /// Recorded with the decline (`NominationDeclined`); required, at most 10,000 characters.
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
        /// The code of a category of this programme.
        category_code: String,
        /// What the clerk or head wrote, checked against `limits`.
        content: NominationContent,
    },
    /// Amend a draft (`nominating`) or a returned nomination (`screening`) (clerk or head of
    /// its agency).
    AmendNomination {
        /// The draft or returned nomination to amend.
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
        /// The draft (or returned) nomination to submit.
        nomination_id: Uuid,
        /// The nominee's awards.
        history: Vec<AwardRecord>,
    },
    /// Withdraw (head of its agency, any state before the decision).
    WithdrawNomination {
        /// The nomination to withdraw.
        nomination_id: Uuid,
        /// Recorded and shown in its history to everyone who may see it; required.
        reason: String,
    },
    /// Screen a submitted nomination (admin, `screening`).
    ScreenNomination {
        /// A submitted nomination.
        nomination_id: Uuid,
        /// Eligible or not.
        eligible: bool,
        /// Recorded, and mailed to the agency when ineligible; required, at most 10,000 characters.
        reason: String,
    },
    /// Return a submitted nomination for correction (admin, `screening`).
    ReturnNomination {
        /// A submitted nomination.
        nomination_id: Uuid,
        /// What to correct.
        reason: String,
    },
    /// Assign reviewers to a panel's unassigned eligible nominations (admin, `reviewing`).
    AssignReviewers {
        /// Whose categories' eligible nominations get reviewers.
        panel_id: Uuid,
        /// A random seed from the app; recorded.
        seed: u64,
    },
    /// Declare a conflict: a member for themselves, or the secretariat for a member
    /// (`reviewing` or `voting`).
    DeclareConflict {
        /// The nomination the conflict is on (the member must be assigned to it, or to its
        /// panel before reviewers are drawn).
        nomination_id: Uuid,
        /// The member; required when the secretariat declares, ignored for a member.
        member_id: Option<Uuid>,
        /// Seen by the secretariat and the member concerned, never by the chair for another
        /// member; required.
        reason: String,
    },
    /// Clear an automatic conflict (admin, `reviewing` or `voting`).
    ClearConflict {
        /// The nomination whose automatic conflict is cleared.
        nomination_id: Uuid,
        /// The panel member whose conflict was raised automatically.
        member_id: Uuid,
        /// The recorded reason.
        reason: String,
    },
    /// Record (or revise) the actor's score sheet (member, `reviewing`).
    RecordScores {
        /// A nomination the actor is assigned to and not recused from.
        nomination_id: Uuid,
        /// Score per criterion key.
        scores: BTreeMap<String, u32>,
        /// The member's remarks, seen by the secretariat and the member; at most 10,000 characters.
        comment: Option<String>,
    },
    /// Cast the actor's ballot (member, `voting`). Under a secret rule the choice is not
    /// recorded: the app seals it, and a member who already took part is refused whatever
    /// the choice (see docs/secret-ballot.md). Under an open rule the same choice again is
    /// harmless and a different one refused.
    CastBallot {
        /// A nomination the actor is assigned to and not recused from.
        nomination_id: Uuid,
        /// Approve, reject or abstain; sealed outside the log under a secret rule.
        choice: Choice,
    },
    /// Enter an absent member's written vote (admin, `voting`, if the category allows).
    EnterAbsenteeBallot {
        /// A nomination the absent member is assigned to.
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
        /// Whose open votes are counted.
        category_code: String,
        /// Opened secret choices per nomination.
        opened: BTreeMap<Uuid, Vec<Choice>>,
    },
    /// Re-run a category's open round (admin, `voting`) when its sealed ballots are lost:
    /// voids the participations of every nomination awaiting a vote and starts a new round
    /// generation (a fresh key), so members vote again.
    RerunRound {
        /// Whose open round is voided.
        category_code: String,
        /// Why (recorded in the audit trail).
        reason: String,
    },
    /// Move a reserve up into a freed place (admin, `public_notice`); starts its own notice.
    PromoteReserve {
        /// A reserve of the programme, promoted into a freed place.
        nomination_id: Uuid,
        /// Recorded in the audit trail and the nomination's history; required.
        reason: String,
    },
    /// Object to a recommended nomination (anyone, `public_notice`).
    FileObjection(FileObjection),
    /// Uphold or dismiss an objection (admin, `public_notice`).
    ResolveObjection {
        /// An open objection.
        objection_id: Uuid,
        /// Upheld or dismissed.
        upheld: bool,
        /// Recorded and mailed to the objector; required, at most 10,000 characters.
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
        /// Who signed the decision, as printed on it; required, at most 200 characters.
        signer: String,
        /// Declined nominations.
        declined: Vec<Decline>,
        /// The public record of each recommended nomination's nominee (name, position, work
        /// unit), opened by the app: the state holds nominees sealed, and the award must carry
        /// what the decision makes public. One missing means the nominee was erased.
        holders: std::collections::BTreeMap<Uuid, PublicHolder>,
    },
    /// Revoke an award (authority, after the decision).
    RevokeAward {
        /// A conferred award, not yet revoked.
        award_id: Uuid,
        /// The statutory ground.
        ground: RevocationGround,
        /// The revoking decision.
        decision_no: String,
        /// Its date.
        decided_on: Date,
        /// Optional remarks recorded with the revocation; at most 10,000 characters.
        note: Option<String>,
    },
}
