//! Events of the directory aggregate (stream `directory`): reservations of unique keys.
//!
//! Uniqueness across streams needs one stream that sees every claim. The app reserves the key
//! here first, then writes the user or agency stream; a retry with the same id finds its own
//! reservation and goes on, so a crash between the two appends leaves nothing stuck.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::codec::event_enum;

/// A user e-mail was reserved for a user. `email_key` is the SHA-256 (hex) of the normalised
/// address, so the log keeps no plaintext address outside the user's contact.
/// A user reserving a new address releases their old one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserEmailReserved {
    /// Who now holds the address; their previous address, if any, is free again.
    pub user_id: Uuid,
    /// SHA-256 hex of the trimmed, lower-cased address.
    pub email_key: String,
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
    }
}
