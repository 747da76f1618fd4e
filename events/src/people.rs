//! Identifying data about people, each kind in one struct.
//!
//! Every event keeps a person's identifying fields together in one field and refers to the
//! person elsewhere only by a pseudonymous `person_id`, so that the app can later encrypt
//! these structs whole under a per-person key and erase a person by destroying the key
//! (crypto-shredding). That is not built yet: today they are stored in plain text.

use serde::{Deserialize, Serialize};

use crate::values::NomineeKind;

/// A nominee as written in a nomination (current shape: schema v2 of `NominationDrafted`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Nominee {
    /// Individual or collective; must match the category.
    pub kind: NomineeKind,
    /// The person's (or collective's) full name.
    pub full_name: String,
    /// Position held, if any.
    #[serde(default)]
    pub position: Option<String>,
    /// Work unit or organisation.
    pub organisation: String,
    /// The nominee's province (for honour-list filters).
    #[serde(default)]
    pub province: Option<String>,
    /// Contact e-mail, private.
    #[serde(default)]
    pub email: Option<String>,
    /// Birth year, private; used for duplicate checks.
    #[serde(default)]
    pub birth_year: Option<i32>,
}

/// Evidence attached to a nomination.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// What it is.
    pub title: String,
    /// Where it is.
    pub url: String,
}

/// Who objected; kept private, never published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Objector {
    /// Full name (required by law for a written objection).
    pub full_name: String,
    /// A phone number to reach the objector; required, free text up to 200 characters.
    pub phone: String,
    /// Postal address.
    pub address: String,
    /// Optional e-mail, to hear the outcome.
    #[serde(default)]
    pub email: Option<String>,
}

/// A user's identifying contact data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserContact {
    /// Sign-in and notification address.
    pub email: String,
    /// Full name.
    pub full_name: String,
}
