//! Events of the user aggregate (stream `user-<uuid>`).

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::codec::event_enum;
use crate::people::{Personal, UserContact};
use crate::values::{Locale, Role};

/// A user account was registered. Its e-mail was reserved in the directory first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRegistered {
    /// The user id.
    pub user_id: Uuid,
    /// The user's pseudonymous person id: the key `contact` is sealed under.
    pub person_id: Uuid,
    /// E-mail and name, sealed under the user's person key.
    pub contact: Personal<UserContact>,
    /// What the user may do; changed later only by `UserAmended` from an admin.
    pub role: Role,
    /// The user's agency; for a member, the affiliation conflicts are checked against.
    #[serde(default)]
    pub agency_id: Option<Uuid>,
    /// Preferred language.
    #[serde(default)]
    pub locale: Locale,
}

/// User details changed; absent fields are unchanged.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserAmended {
    /// New contact, whole (a new e-mail was reserved in the directory first), sealed under
    /// the user's person key.
    #[serde(default)]
    pub contact: Option<Personal<UserContact>>,
    /// The user's person id, present with `contact` (it names the sealing key).
    #[serde(default)]
    pub person_id: Option<Uuid>,
    /// New role.
    #[serde(default)]
    pub role: Option<Role>,
    /// New agency: `Some(None)` removes it.
    #[serde(default)]
    pub agency_id: Option<Option<Uuid>>,
    /// New language.
    #[serde(default)]
    pub locale: Option<Locale>,
}

/// The account was deactivated: it can no longer sign in or act.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserDeactivated {
    /// The admin's reason, if given; at most 10,000 characters.
    #[serde(default)]
    pub reason: Option<String>,
}

/// The account was reactivated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserReactivated {}

/// A new password hash was set (the app hashes; the log never sees a password).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserPasswordSet {
    /// A PHC-format hash.
    pub password_hash: String,
}

event_enum! {
    /// Everything that happens to a user account.
    pub enum UserEvent {
        /// See [`UserRegistered`].
        UserRegistered = 2,
        /// See [`UserAmended`].
        UserAmended = 2,
        /// See [`UserDeactivated`].
        UserDeactivated = 1,
        /// See [`UserReactivated`].
        UserReactivated = 1,
        /// See [`UserPasswordSet`].
        UserPasswordSet = 1,
    }
}
