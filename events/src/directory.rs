//! Events of the directory aggregate (stream `directory`): reservations of unique keys.
//!
//! Uniqueness across streams needs one stream that sees every claim. The app reserves the key
//! here first, then writes the user or agency stream; a retry with the same id finds its own
//! reservation and goes on, so a crash between the two appends leaves nothing stuck.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::codec::event_enum;

/// A user e-mail was reserved for a user. `email_key` is a [`crate::Lookup`] of the normalised
/// address (HMAC under the server's lookup secret), so the log keeps no address in the clear.
/// A user reserving a new address releases their old one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserEmailReserved {
    /// Who now holds the address; their previous address, if any, is free again.
    pub user_id: Uuid,
    /// The keyed hash (hex) of the trimmed, lower-cased address.
    pub email_key: String,
}

/// A person was erased: their key was destroyed, so every sealed field of theirs is noise.
/// Holds no personal data: the person id is a pseudonym, the reason is the secretariat's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonErased {
    /// The person erased.
    pub person_id: Uuid,
    /// Why (the request or ruling it follows); at most 10,000 characters.
    pub reason: String,
    /// Whether the person's public record (name, position and work unit of conferred awards)
    /// was erased too, or kept as a public act (the erasure policy in force).
    pub public_record_erased: bool,
    /// The nomination the erasure was asked through, when it was.
    #[serde(default)]
    pub nomination_id: Option<Uuid>,
    /// The user account of the person, when they had one: its e-mail is released (the
    /// account is deactivated; its address may serve a new account).
    #[serde(default)]
    pub user_id: Option<Uuid>,
}

/// An agency code was reserved for an agency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgencyCodeReserved {
    /// Who holds the code, for good: agency codes are never released.
    pub agency_id: Uuid,
    /// The code, trimmed and upper-cased.
    pub code: String,
}

event_enum! {
    /// Everything that happens to the directory of unique keys.
    pub enum DirectoryEvent {
        /// See [`UserEmailReserved`].
        UserEmailReserved = 1,
        /// See [`AgencyCodeReserved`].
        AgencyCodeReserved = 1,
        /// See [`PersonErased`].
        PersonErased = 1,
    }
}
