//! Value types shared by events, the domain and the projections.
//!
//! Serde names are snake_case exactly as in the HTTP API (API.md), so a projection can hand a
//! value straight to a JSON response.

use std::fmt;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Writes the snake_case name of a unit enum, the same text serde uses.
macro_rules! names {
    ($ty:ident { $($variant:ident => $name:literal),* $(,)? }) => {
        impl $ty {
            /// The snake_case name, as in JSON.
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $name,)* }
            }
        }
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

/// The phases of a programme, in order. A programme moves forward one step at a time.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Categories, panels and rules are being set up.
    #[default]
    Setup,
    /// Agencies draft and submit nominations.
    Nominating,
    /// The secretariat screens submitted nominations.
    Screening,
    /// Panel members are assigned, declare conflicts and score.
    Reviewing,
    /// Panel members vote; rounds are closed per category.
    Voting,
    /// The recommended list is public and objections are accepted.
    PublicNotice,
    /// The authority decides.
    Deciding,
    /// The honour list is public.
    Published,
    /// Nothing more happens except revocations.
    Closed,
}

names!(Phase {
    Setup => "setup", Nominating => "nominating", Screening => "screening",
    Reviewing => "reviewing", Voting => "voting", PublicNotice => "public_notice",
    Deciding => "deciding", Published => "published", Closed => "closed",
});

impl Phase {
    /// Every phase in cycle order.
    pub const ALL: [Phase; 9] = [
        Phase::Setup,
        Phase::Nominating,
        Phase::Screening,
        Phase::Reviewing,
        Phase::Voting,
        Phase::PublicNotice,
        Phase::Deciding,
        Phase::Published,
        Phase::Closed,
    ];

    /// The phase after this one; `None` after `closed`.
    pub fn next(self) -> Option<Phase> {
        let i = Self::ALL.iter().position(|p| *p == self)?;
        Self::ALL.get(i + 1).copied()
    }
}

/// The role of a user account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The council's secretariat.
    Admin,
    /// An agency clerk: drafts and amends the agency's nominations.
    Clerk,
    /// An agency head: a clerk who may also submit and withdraw.
    Head,
    /// A panel member (a chair is a member named as chair of a panel).
    Member,
    /// The conferring authority.
    Authority,
}

names!(Role { Admin => "admin", Clerk => "clerk", Head => "head", Member => "member", Authority => "authority" });

/// Whether a category honours people or organisations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NomineeKind {
    /// A natural person; the category must honour individuals.
    Individual,
    /// A team, unit or organisation.
    Collective,
}

names!(NomineeKind { Individual => "individual", Collective => "collective" });

/// What kind of body an agency is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgencyKind {
    /// A ministry or ministry-level body.
    Ministry,
    /// A province or centrally-run city.
    Province,
    /// A press agency.
    Press,
    /// A university or institute.
    University,
    /// A company or other business.
    Enterprise,
    /// Anything else.
    Other,
}

names!(AgencyKind { Ministry => "ministry", Province => "province", Press => "press", University => "university", Enterprise => "enterprise", Other => "other" });

/// A user's preferred language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Locale {
    /// Vietnamese, the default.
    #[default]
    Vi,
    /// English, if the user chose it for their pages and mails.
    En,
}

names!(Locale { Vi => "vi", En => "en" });

/// A ballot choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Choice {
    /// For the nomination; counts towards the threshold and `votes_cast`.
    Approve,
    /// Against the nomination; counts in `votes_cast`.
    Reject,
    /// Neither; counts for the quorum, not for `votes_cast`.
    Abstain,
}

names!(Choice { Approve => "approve", Reject => "reject", Abstain => "abstain" });

/// The statutory grounds on which an award is revoked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum RevocationGround {
    /// The achievements claimed were fraudulent.
    FraudulentClaim,
    /// The dossier was false or forged.
    FalseDossier,
    /// The review was unlawful.
    UnlawfulReview,
    /// A violation was found later.
    LaterViolation,
}

names!(RevocationGround { FraudulentClaim => "fraudulent_claim", FalseDossier => "false_dossier", UnlawfulReview => "unlawful_review", LaterViolation => "later_violation" });

/// Where a nomination stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum NominationStatus {
    /// Being written by the agency; no one outside it sees it.
    #[default]
    Draft,
    /// Endorsed by the agency head, awaiting screening.
    Submitted,
    /// Passed screening; goes to review and vote.
    Eligible,
    /// Failed screening.
    Ineligible,
    /// Sent back to the agency for correction during screening.
    Returned,
    /// Passed the vote within the quota.
    Recommended,
    /// Passed the vote beyond the quota.
    Reserve,
    /// Did not pass the vote.
    NotRecommended,
    /// An objection against it was upheld; it left the list.
    ObjectionUpheld,
    /// Conferred by the authority's decision.
    Awarded,
    /// Recommended, but the authority declined to confer it.
    Declined,
    /// Withdrawn by its agency before the decision.
    Withdrawn,
    /// Awarded, then revoked.
    Revoked,
}

names!(NominationStatus {
    Draft => "draft", Submitted => "submitted", Eligible => "eligible", Ineligible => "ineligible",
    Returned => "returned", Recommended => "recommended", Reserve => "reserve",
    NotRecommended => "not_recommended", ObjectionUpheld => "objection_upheld",
    Awarded => "awarded", Declined => "declined", Withdrawn => "withdrawn", Revoked => "revoked",
});

/// The result of a vote for one nomination.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Passed, within the category's `max_awards`.
    Recommended,
    /// Passed, beyond the quota.
    Reserve,
    /// Did not pass.
    NotRecommended,
}

names!(Outcome { Recommended => "recommended", Reserve => "reserve", NotRecommended => "not_recommended" });

impl From<Outcome> for NominationStatus {
    fn from(o: Outcome) -> Self {
        match o {
            Outcome::Recommended => NominationStatus::Recommended,
            Outcome::Reserve => NominationStatus::Reserve,
            Outcome::NotRecommended => NominationStatus::NotRecommended,
        }
    }
}

/// Why two nominations were flagged as naming the same nominee.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DuplicateBasis {
    /// The same pseudonymous person id.
    PersonId,
    /// The same folded name and the same birth year.
    NameAndBirthYear,
    /// The same national id number (CCCD).
    NationalId,
    /// The same folded name and the same folded organisation.
    NameAndOrganisation,
}

names!(DuplicateBasis { PersonId => "person_id", NameAndBirthYear => "name_and_birth_year", NationalId => "national_id", NameAndOrganisation => "name_and_organisation" });

/// A member of a panel, with the affiliation conflicts are checked against.
///
/// The affiliation is copied from the user directory when the panel is formed or amended, so
/// that the programme aggregate can raise conflicts without reaching outside itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PanelMember {
    /// The member's user id.
    pub user_id: Uuid,
    /// The agency the member belongs to, if any.
    #[serde(default)]
    pub agency_id: Option<Uuid>,
}

/// One past or conferred award, as the eligibility prerequisites see it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct AwardRecord {
    /// Who held it.
    pub person_id: Uuid,
    /// The title held.
    pub award_title: String,
    /// The year it was conferred for.
    pub year: i32,
}

/// Which mail a one-time token goes in (tokens themselves never enter the log).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// An invitation: its link sets the first password.
    Invitation,
    /// A password reset: its link sets a new password.
    PasswordReset,
}

impl TokenKind {
    /// Its name in logs and derived ids: `invitation` or `password-reset`.
    pub fn as_str(self) -> &'static str {
        match self {
            TokenKind::Invitation => "invitation",
            TokenKind::PasswordReset => "password-reset",
        }
    }
}
