//! A category's configuration: rubric, voting rule, quotas, prerequisites, legal basis.
//!
//! Every number a decree may change lives here as data, never in code; each category carries
//! the legal reference of its rules and the date they apply from.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::values::NomineeKind;

/// One criterion of a scoring rubric.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Criterion {
    /// Stable key, used in score sheets.
    pub key: String,
    /// Human label.
    pub label: String,
    /// Relative weight in the weighted total (whole number, at least 1).
    pub weight: u32,
    /// Highest score for this criterion; scores run `0..=max`.
    pub max: u32,
}

/// A fraction `num/den` in whole numbers, so 2/3 is exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ratio {
    /// Numerator, `0..=den` (0: no quorum needed).
    pub num: u32,
    /// Denominator (at least 1).
    pub den: u32,
}

/// The share of the denominator that must approve.
///
/// `{9, 10, false}` is "at least 90%"; `{1, 2, true}` is "more than half".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Threshold {
    /// Numerator, `1..=den`: a threshold of 0 or above 100% is refused.
    pub num: u32,
    /// Denominator (at least 1).
    pub den: u32,
    /// `true`: strictly more than `num/den`; `false`: at least `num/den`.
    #[serde(default)]
    pub strict: bool,
}

/// What the threshold is a share of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Denominator {
    /// Eligible members: assigned panel members not recused.
    AllMembers,
    /// Approve + reject ballots; abstentions excluded.
    VotesCast,
}

fn yes() -> bool {
    true
}

/// How a category's nominations are voted on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VotingRule {
    /// The share that must approve.
    pub threshold: Threshold,
    /// What the share is of.
    pub denominator: Denominator,
    /// Share of eligible members who must cast any ballot (abstain and absentee included).
    #[serde(default)]
    pub quorum: Option<Ratio>,
    /// Secret ballot (the default): the log never links a member to a choice.
    #[serde(default = "yes")]
    pub secret: bool,
    /// Whether absent members may give a written vote entered by the secretariat.
    #[serde(default)]
    pub absentee_written: bool,
}

/// An eligibility prerequisite checked against the award history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prerequisite {
    /// The title the nominee must have held.
    pub award_title: String,
    /// In this many consecutive years (at least 1), all before the programme's year.
    pub consecutive_years: u32,
}

/// A category of a programme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    /// Stable code, unique in the programme.
    pub code: String,
    /// Title shown to people.
    pub title: String,
    /// Individuals or collectives.
    pub nominee_kind: NomineeKind,
    /// The award conferred.
    pub award_title: String,
    /// The award's level (e.g. "ministry", "national").
    pub award_level: String,
    /// Points on the agency leaderboard per award of this category.
    #[serde(default)]
    pub leaderboard_points: u32,
    /// The scoring rubric.
    pub criteria: Vec<Criterion>,
    /// The voting rule.
    pub voting: VotingRule,
    /// Awards in the category: the first `max_awards` that pass are recommended.
    pub max_awards: u32,
    /// Nominations per agency in the category; further submissions are refused.
    #[serde(default)]
    pub max_per_agency: Option<u32>,
    /// Eligibility prerequisite, if any.
    #[serde(default)]
    pub prerequisite: Option<Prerequisite>,
    /// The legal reference of these rules (decree, article).
    #[serde(default)]
    pub legal_ref: Option<String>,
    /// The date these rules apply from.
    #[serde(default, with = "crate::dates::iso_date::option")]
    pub effective_from: Option<Date>,
}
