//! Any event of the vocabulary, for readers of the whole log (projections, exports).

use crate::{
    AgencyEvent, DirectoryEvent, EventError, HistoryEvent, NotificationEvent, ProgrammeEvent,
    UserEvent,
};

/// An event of any aggregate. Type names are unique across the vocabulary, so the stored type
/// name alone says which enum decodes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnyEvent {
    /// A programme's event.
    Programme(ProgrammeEvent),
    /// An agency's event.
    Agency(AgencyEvent),
    /// A user's event.
    User(UserEvent),
    /// The directory's event.
    Directory(DirectoryEvent),
    /// The award history's event.
    History(HistoryEvent),
    /// The notifier's event.
    Notification(NotificationEvent),
}

/// Dispatches one method over the variants.
macro_rules! each {
    ($self:ident, $e:ident => $body:expr) => {
        match $self {
            AnyEvent::Programme($e) => $body,
            AnyEvent::Agency($e) => $body,
            AnyEvent::User($e) => $body,
            AnyEvent::Directory($e) => $body,
            AnyEvent::History($e) => $body,
            AnyEvent::Notification($e) => $body,
        }
    };
}

impl AnyEvent {
    /// Decodes a stored event of any type (upcasting old versions).
    pub fn from_stored(
        event_type: &str,
        schema_version: u32,
        payload: serde_json::Value,
    ) -> Result<Self, EventError> {
        if ProgrammeEvent::knows(event_type) {
            ProgrammeEvent::from_stored(event_type, schema_version, payload).map(Self::Programme)
        } else if AgencyEvent::knows(event_type) {
            AgencyEvent::from_stored(event_type, schema_version, payload).map(Self::Agency)
        } else if UserEvent::knows(event_type) {
            UserEvent::from_stored(event_type, schema_version, payload).map(Self::User)
        } else if DirectoryEvent::knows(event_type) {
            DirectoryEvent::from_stored(event_type, schema_version, payload).map(Self::Directory)
        } else if HistoryEvent::knows(event_type) {
            HistoryEvent::from_stored(event_type, schema_version, payload).map(Self::History)
        } else if NotificationEvent::knows(event_type) {
            NotificationEvent::from_stored(event_type, schema_version, payload)
                .map(Self::Notification)
        } else {
            Err(EventError::UnknownType {
                event_type: event_type.to_owned(),
            })
        }
    }

    /// The stable type name.
    pub fn event_type(&self) -> &'static str {
        each!(self, e => e.event_type())
    }

    /// The current schema version of the type.
    pub fn schema_version(&self) -> u32 {
        each!(self, e => e.schema_version())
    }

    /// The payload JSON.
    pub fn to_payload(&self) -> Result<serde_json::Value, EventError> {
        each!(self, e => e.to_payload())
    }
}

/// Every (type, current version) of the vocabulary.
pub fn all_types() -> impl Iterator<Item = (&'static str, u32)> {
    ProgrammeEvent::TYPES
        .iter()
        .chain(AgencyEvent::TYPES)
        .chain(UserEvent::TYPES)
        .chain(DirectoryEvent::TYPES)
        .chain(HistoryEvent::TYPES)
        .chain(NotificationEvent::TYPES)
        .copied()
}
