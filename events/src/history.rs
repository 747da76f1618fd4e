//! Events of the award-history aggregate (stream `history`): awards from before Accolade.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::codec::event_enum;
use crate::people::{Nominee, NomineeLookups, Personal};

/// A past award was imported so that prerequisites can be checked against it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PastAwardImported {
    /// The import record's id.
    pub record_id: Uuid,
    /// The holder's pseudonymous person id.
    pub person_id: Uuid,
    /// The holder's identifying fields, sealed under the person's key.
    pub holder: Personal<Nominee>,
    /// Keyed hashes of the holder, for candidate matching.
    #[serde(default)]
    pub lookups: NomineeLookups,
    /// The title held.
    pub award_title: String,
    /// The year it was conferred for.
    pub year: i32,
    /// The nominating agency, if known.
    #[serde(default)]
    pub agency_id: Option<Uuid>,
    /// The conferring decision, if known.
    #[serde(default)]
    pub decision_no: Option<String>,
    /// Where the record came from (file name, register).
    pub source: String,
}

event_enum! {
    /// Everything that happens to the imported award history.
    pub enum HistoryEvent {
        /// See [`PastAwardImported`].
        PastAwardImported = 2,
    }
}
