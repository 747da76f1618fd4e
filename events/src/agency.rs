//! Events of the agency aggregate (stream `agency-<uuid>`).

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::codec::event_enum;
use crate::values::AgencyKind;

/// An agency was registered. Its code was reserved in the directory first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgencyRegistered {
    /// The agency id.
    pub agency_id: Uuid,
    /// The agency's name as shown in lists and mails; required, at most 200 characters.
    pub name: String,
    /// Short code, unique, upper-case; permanent.
    pub code: String,
    /// Kind of body.
    pub kind: AgencyKind,
    /// Province, if any.
    #[serde(default)]
    pub province: Option<String>,
    /// Parent agency, if any.
    #[serde(default)]
    pub parent_id: Option<Uuid>,
    /// Contact e-mail (an office address, not a person's).
    #[serde(default)]
    pub email: Option<String>,
}

/// Agency details changed; absent fields are unchanged. The code never changes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgencyAmended {
    /// New name.
    #[serde(default)]
    pub name: Option<String>,
    /// New kind.
    #[serde(default)]
    pub kind: Option<AgencyKind>,
    /// New province.
    #[serde(default)]
    pub province: Option<String>,
    /// New parent.
    #[serde(default)]
    pub parent_id: Option<Uuid>,
    /// New contact e-mail.
    #[serde(default)]
    pub email: Option<String>,
}

event_enum! {
    /// Everything that happens to an agency.
    pub enum AgencyEvent {
        /// See [`AgencyRegistered`].
        AgencyRegistered = 1,
        /// See [`AgencyAmended`].
        AgencyAmended = 1,
    }
}
