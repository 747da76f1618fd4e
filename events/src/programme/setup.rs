//! Programme setup events: the programme, its categories, panels and phases.

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::category::Category;
use crate::values::{PanelMember, Phase};

/// The date each phase ends (inclusive). A phase with a date moves on by itself once the date
/// has passed (and its work is done).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schedule {
    /// Last day of nominating.
    #[serde(default, with = "crate::dates::iso_date::option")]
    pub nominating: Option<Date>,
    /// Last day of screening.
    #[serde(default, with = "crate::dates::iso_date::option")]
    pub screening: Option<Date>,
    /// Last day of reviewing.
    #[serde(default, with = "crate::dates::iso_date::option")]
    pub reviewing: Option<Date>,
    /// Last day of voting.
    #[serde(default, with = "crate::dates::iso_date::option")]
    pub voting: Option<Date>,
    /// Last day of public notice (the notice period's working days still apply).
    #[serde(default, with = "crate::dates::iso_date::option")]
    pub public_notice: Option<Date>,
}

impl Schedule {
    /// The scheduled last day of `phase`, if it has one.
    pub fn end_of(&self, phase: Phase) -> Option<Date> {
        match phase {
            Phase::Nominating => self.nominating,
            Phase::Screening => self.screening,
            Phase::Reviewing => self.reviewing,
            Phase::Voting => self.voting,
            Phase::PublicNotice => self.public_notice,
            _ => None,
        }
    }
}

/// A programme (one edition of an award) was created, in `setup`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgrammeCreated {
    /// The programme id (its stream is `programme-<id>`).
    pub programme_id: Uuid,
    /// Title, e.g. "S&T Communication Awards 2026".
    pub title: String,
    /// The year of the edition.
    pub year: i32,
    /// Free text for the programme page; at most 10,000 characters.
    #[serde(default)]
    pub description: Option<String>,
    /// Working days of public notice.
    pub notice_working_days: u32,
    /// The date each phase ends.
    #[serde(default)]
    pub schedule: Schedule,
    /// Dates skipped when counting working days.
    #[serde(default, with = "crate::dates::iso_date_vec")]
    pub holidays: Vec<Date>,
}

/// Programme settings changed; absent fields are unchanged.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgrammeAmended {
    /// New title.
    #[serde(default)]
    pub title: Option<String>,
    /// New description.
    #[serde(default)]
    pub description: Option<String>,
    /// New notice period.
    #[serde(default)]
    pub notice_working_days: Option<u32>,
    /// New schedule (whole).
    #[serde(default)]
    pub schedule: Option<Schedule>,
    /// New holiday calendar (whole).
    #[serde(default, with = "crate::dates::iso_date_vec::option")]
    pub holidays: Option<Vec<Date>>,
}

/// A category was added (during setup).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryAdded {
    /// The category, whole.
    pub category: Category,
}

/// A category was replaced by a new version (during setup).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryAmended {
    /// The category, whole; its code names the one replaced.
    pub category: Category,
}

/// A review panel (council) was formed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PanelFormed {
    /// The panel id.
    pub panel_id: Uuid,
    /// Shown to its members and the secretariat; at most 200 characters.
    pub name: String,
    /// Categories it reviews; a category has at most one panel.
    pub category_codes: Vec<String>,
    /// Members with their affiliations at formation.
    pub members: Vec<PanelMember>,
    /// The chair, one of the members.
    pub chair_id: Uuid,
    /// `None`: every member reviews every nomination; `Some(n)`: n per nomination.
    #[serde(default)]
    pub reviewers_per_nomination: Option<u32>,
}

/// A panel was replaced by a new version (before reviewing).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PanelAmended {
    /// The panel id.
    pub panel_id: Uuid,
    /// The name after the amendment (the whole definition is restated).
    pub name: String,
    /// Categories it reviews.
    pub category_codes: Vec<String>,
    /// Members with their affiliations now.
    pub members: Vec<PanelMember>,
    /// One of `members`: closes the panel's rounds and sees its categories' progress and tally.
    pub chair_id: Uuid,
    /// Reviewers per nomination.
    #[serde(default)]
    pub reviewers_per_nomination: Option<u32>,
}

/// The programme moved one phase forward.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhaseMoved {
    /// Where it was.
    pub from: Phase,
    /// Where it is now.
    pub to: Phase,
    /// `true` when moved by the schedule rather than by an admin.
    pub automatic: bool,
    /// The decision's time (the domain's `now`, written in UTC), not the record's `recorded_at`.
    #[serde(with = "crate::dates::rfc3339")]
    pub at: OffsetDateTime,
}
