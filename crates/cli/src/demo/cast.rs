//! The demo's cast and story as data: `cast.toml`, compiled in and read with serde. This file
//! only gives the data its types; `story.rs` plays it.

use std::collections::BTreeMap;

use accolade_events::dates::iso_date;
use accolade_events::{AgencyKind, Category, Choice, Nominee, Objector, RevocationGround, Role};
use serde::Deserialize;
use time::Date;

use super::{DemoError, Login};

/// The cast, as shipped.
const CAST: &str = include_str!("cast.toml");

/// Everything the demo seeds, in the order it seeds it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Cast {
    pub(super) admin: Admin,
    #[serde(rename = "agency")]
    pub(super) agencies: Vec<Agency>,
    #[serde(rename = "user")]
    pub(super) users: Vec<User>,
    pub(super) programme: Programme,
    #[serde(rename = "category")]
    pub(super) categories: Vec<Category>,
    pub(super) panel: Panel,
    pub(super) nominating: Nominating,
    #[serde(rename = "review")]
    pub(super) reviews: Vec<Review>,
    pub(super) objector: Objector,
    #[serde(rename = "objection")]
    pub(super) objections: Vec<Objection>,
    pub(super) decision: Decision,
    #[serde(rename = "revocation")]
    pub(super) revocations: Vec<Revocation>,
    pub(super) next_programme: Programme,
}

/// The secretariat's admin, registered first.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Admin {
    pub(super) login: String,
    pub(super) email: String,
    pub(super) password: String,
    pub(super) full_name: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Agency {
    pub(super) name: String,
    pub(super) code: String,
    pub(super) kind: AgencyKind,
    pub(super) province: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct User {
    pub(super) email: String,
    pub(super) full_name: String,
    pub(super) role: Role,
    /// The agency's code.
    pub(super) agency: Option<String>,
    /// The label `accolade demo` prints beside a user whose password it gives.
    pub(super) login: Option<String>,
    pub(super) password: Option<String>,
}

/// A programme with its nominations.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Programme {
    pub(super) title: String,
    pub(super) year: i32,
    pub(super) description: Option<String>,
    pub(super) notice_working_days: u32,
    pub(super) holidays: Vec<IsoDate>,
    /// Codes of the cast's categories it offers; all of them when absent.
    pub(super) categories: Option<Vec<String>>,
    #[serde(default, rename = "nomination")]
    pub(super) nominations: Vec<Nomination>,
}

/// A date written `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, Deserialize)]
pub(super) struct IsoDate(#[serde(with = "iso_date")] pub(super) Date);

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Panel {
    pub(super) name: String,
    pub(super) categories: Vec<String>,
    pub(super) chair: String,
    /// E-mails, in the order of every review's ballots.
    pub(super) members: Vec<String>,
    pub(super) scorers: Vec<String>,
    pub(super) score_comment: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Nominating {
    pub(super) achievements_after_citation: String,
    pub(super) eligible_reason: String,
}

/// A nomination and what becomes of it before review.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Nomination {
    pub(super) key: String,
    /// The nominating agency's code: its clerk drafts, its head submits.
    pub(super) agency: String,
    pub(super) category: String,
    pub(super) citation: String,
    pub(super) nominee: Nominee,
    #[serde(default = "yes")]
    pub(super) submit: bool,
    /// Withdrawn by the head after submission, with this reason.
    pub(super) withdrawn: Option<String>,
    /// Screened out, with this reason.
    pub(super) ineligible: Option<String>,
    /// Returned to the agency at screening, with this reason.
    pub(super) returned: Option<String>,
}

fn yes() -> bool {
    true
}

/// The council's work on one nomination.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Review {
    pub(super) nomination: String,
    /// Every scorer's sheet (criterion key to score).
    pub(super) scores: BTreeMap<String, u32>,
    /// One per panel member, in the panel's order.
    pub(super) ballots: Vec<Vote>,
    /// Absent members whose written vote the secretariat enters.
    #[serde(default)]
    pub(super) in_writing: Vec<String>,
}

/// A member's ballot, or none.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(super) enum Vote {
    Approve,
    Reject,
    Abstain,
    /// No ballot: the member works at the nominating agency.
    Recused,
}

impl Vote {
    pub(super) fn choice(self) -> Option<Choice> {
        match self {
            Vote::Approve => Some(Choice::Approve),
            Vote::Reject => Some(Choice::Reject),
            Vote::Abstain => Some(Choice::Abstain),
            Vote::Recused => None,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Objection {
    pub(super) nomination: String,
    pub(super) text: String,
    pub(super) upheld: bool,
    pub(super) reason: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Decision {
    /// The authority's e-mail.
    pub(super) by: String,
    pub(super) number: String,
    #[serde(with = "iso_date")]
    pub(super) decided_on: Date,
    pub(super) signer: String,
    pub(super) declined: Vec<Declined>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Declined {
    pub(super) nomination: String,
    pub(super) reason: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Revocation {
    pub(super) nomination: String,
    /// The authority's e-mail.
    pub(super) by: String,
    pub(super) ground: RevocationGround,
    pub(super) number: String,
    #[serde(with = "iso_date")]
    pub(super) decided_on: Date,
    pub(super) note: Option<String>,
}

impl Cast {
    /// The shipped cast.
    pub(super) fn load() -> Result<Cast, DemoError> {
        Ok(toml::from_str(CAST)?)
    }

    /// The admin, then every user given a password, in the cast's order.
    pub(super) fn logins(&self) -> Vec<Login> {
        let admin = Login {
            label: self.admin.login.clone(),
            email: self.admin.email.clone(),
            password: self.admin.password.clone(),
        };
        let users = self.users.iter().filter_map(|u| {
            Some(Login {
                label: u.login.clone()?,
                email: u.email.clone(),
                password: u.password.clone()?,
            })
        });
        std::iter::once(admin).chain(users).collect()
    }

    /// The cast's category `code`.
    pub(super) fn category(&self, code: &str) -> Result<&Category, DemoError> {
        self.categories
            .iter()
            .find(|c| c.code == code)
            .ok_or_else(|| DemoError::Unknown(format!("category {code}")))
    }
}
