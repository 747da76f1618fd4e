//! The bridge between aggregates and the store: how each aggregate's events are encoded into
//! envelopes and decoded back (with upcasting), and where its states are cached.

use std::collections::HashMap;
use std::fmt::Debug;
use std::sync::Mutex;

use accolade_domain::{Actor, Agency, Aggregate, Directory, History, Programme, User};
use accolade_events::{
    AgencyEvent, AnyEvent, DirectoryEvent, HistoryEvent, ProgrammeEvent, UserEvent,
};
use accolade_store::{Metadata, NewEvent, RecordedEvent};
use uuid::Uuid;

use crate::combine::{Queue, Queues};
use crate::error::AppError;

/// An aggregate the app can load from and append to the store.
pub(crate) trait Stored: Aggregate + Debug
where
    Self::Command: Clone + Debug + Send + Sync,
    Self::Event: Clone + Debug + Send + Sync,
{
    /// What it is called in a not-found error.
    const WHAT: &'static str;

    /// Decodes a stored record (upcasting old versions).
    fn decode(rec: &RecordedEvent) -> Result<Self::Event, AppError> {
        Self::from_payload(&rec.event_type, rec.schema_version, parse(rec)?)
            .map_err(|e| decode_error(rec, e))
    }

    /// Decodes a payload of a type and version (upcasting old versions).
    fn from_payload(
        event_type: &str,
        schema_version: u32,
        payload: serde_json::Value,
    ) -> Result<Self::Event, accolade_events::EventError>;

    /// The event's type name, schema version and payload.
    fn encode(ev: &Self::Event) -> Result<(&'static str, u32, serde_json::Value), AppError>;

    /// Whether the event must be stored without an actor.
    fn anonymous(_ev: &Self::Event) -> bool {
        false
    }

    /// The event as any event.
    fn any(ev: Self::Event) -> AnyEvent;

    /// Whether the aggregate exists (its creating event was recorded).
    fn exists(&self) -> bool;

    /// Its cache.
    fn cache(c: &Caches) -> &StreamCache<Self>;

    /// Its queue of commands waiting to be decided (`combine`).
    fn queue(q: &Queues) -> &Queue<Self>;
}

macro_rules! stored {
    ($agg:ident, $ev:ident, $what:literal, $field:ident, |$s:ident| $exists:expr) => {
        impl Stored for $agg {
            const WHAT: &'static str = $what;

            fn from_payload(
                event_type: &str,
                schema_version: u32,
                payload: serde_json::Value,
            ) -> Result<$ev, accolade_events::EventError> {
                $ev::from_stored(event_type, schema_version, payload)
            }

            fn encode(ev: &$ev) -> Result<(&'static str, u32, serde_json::Value), AppError> {
                let payload = ev
                    .to_payload()
                    .map_err(|e| AppError::Encode(e.to_string()))?;
                Ok((ev.event_type(), ev.schema_version(), payload))
            }

            fn any(ev: $ev) -> AnyEvent {
                AnyEvent::$agg(ev)
            }

            fn exists(&self) -> bool {
                let $s = self;
                $exists
            }

            fn cache(c: &Caches) -> &StreamCache<Self> {
                &c.$field
            }

            fn queue(q: &Queues) -> &Queue<Self> {
                &q.$field
            }
        }
    };
}

impl Stored for Programme {
    const WHAT: &'static str = "programme";

    fn from_payload(
        event_type: &str,
        schema_version: u32,
        payload: serde_json::Value,
    ) -> Result<ProgrammeEvent, accolade_events::EventError> {
        ProgrammeEvent::from_stored(event_type, schema_version, payload)
    }

    fn encode(ev: &ProgrammeEvent) -> Result<(&'static str, u32, serde_json::Value), AppError> {
        let payload = ev
            .to_payload()
            .map_err(|e| AppError::Encode(e.to_string()))?;
        Ok((ev.event_type(), ev.schema_version(), payload))
    }

    fn anonymous(ev: &ProgrammeEvent) -> bool {
        ev.is_anonymous()
    }

    fn any(ev: ProgrammeEvent) -> AnyEvent {
        AnyEvent::Programme(ev)
    }

    fn exists(&self) -> bool {
        self.id.is_some()
    }

    fn cache(c: &Caches) -> &StreamCache<Self> {
        &c.programme
    }

    fn queue(q: &Queues) -> &Queue<Self> {
        &q.programme
    }
}

fn parse(rec: &RecordedEvent) -> Result<serde_json::Value, AppError> {
    serde_json::from_str(rec.payload.get()).map_err(|e| decode_error(rec, e))
}

fn decode_error(rec: &RecordedEvent, e: impl ToString) -> AppError {
    AppError::Decode {
        position: rec.position,
        message: e.to_string(),
    }
}

stored!(Agency, AgencyEvent, "agency", agency, |s| s
    .current
    .is_some());
stored!(User, UserEvent, "user", user, |s| s.current.is_some());
stored!(Directory, DirectoryEvent, "directory", directory, |_s| true);
stored!(History, HistoryEvent, "history", history, |_s| true);

/// Builds the envelope of one event whose payload (`encoded`, from [`Stored::encode`]) has
/// been sealed.
pub(crate) fn envelope<A: Stored>(
    ev: &A::Event,
    encoded: (&'static str, u32, &serde_json::Value),
    event_id: Uuid,
    actor: &Actor,
    correlation_id: Uuid,
    command_id: Uuid,
) -> Result<NewEvent, AppError>
where
    A::Command: Clone + Debug + Send + Sync,
    A::Event: Clone + Debug + Send + Sync,
{
    let (event_type, schema_version, payload) = encoded;
    let actor = if A::anonymous(ev) {
        None
    } else {
        actor_name(actor)
    };
    Ok(NewEvent {
        event_id,
        event_type: event_type.to_owned(),
        schema_version,
        payload: serde_json::to_vec(payload).map_err(|e| AppError::Encode(e.to_string()))?,
        metadata: Metadata {
            actor,
            correlation_id: Some(correlation_id),
            causation_id: Some(command_id),
        },
        recorded_at: None,
    })
}

/// How an actor is named in metadata: the user id, `system`, or nothing for the public.
pub(crate) fn actor_name(actor: &Actor) -> Option<String> {
    match actor {
        Actor::User { user_id, .. } => Some(user_id.to_string()),
        Actor::System => Some("system".to_owned()),
        Actor::Public => None,
    }
}

/// A cached state: the fold of the stream up to `version` (`None`: no events).
#[derive(Debug, Clone, Default)]
pub(crate) struct Cached<A> {
    pub(crate) state: A,
    pub(crate) version: Option<u64>,
}

/// The states of one aggregate type's streams, by stream id, and the ids of their events (to
/// find an idempotent command's first result without reading the stream).
///
/// Loading a stream clones the cached state and reads only the events after its version, so
/// a command costs one short read however long the stream; the programme's state is made of
/// persistent maps, so the clone shares its nominations rather than copying them. Every stream ever loaded stays
/// cached: a deployment has a few programmes and some hundreds of users and agencies.
#[derive(Debug)]
pub(crate) struct StreamCache<A> {
    states: Mutex<HashMap<String, Cached<A>>>,
    ids: Mutex<HashMap<String, HashMap<Uuid, u64>>>,
}

impl<A> Default for StreamCache<A> {
    fn default() -> Self {
        Self {
            states: Mutex::new(HashMap::new()),
            ids: Mutex::new(HashMap::new()),
        }
    }
}

impl<A: Clone + Default> StreamCache<A> {
    /// The cached state of `stream` (the empty state if none).
    pub(crate) fn snapshot(&self, stream: &str) -> Cached<A> {
        let states = self.states.lock().unwrap_or_else(|p| p.into_inner());
        states.get(stream).cloned().unwrap_or_default()
    }

    /// Stores a newer state of `stream` and the ids of the events that led to it. An older
    /// state than the one cached (a slower concurrent reader) is dropped.
    pub(crate) fn advance(
        &self,
        stream: &str,
        newer: Cached<A>,
        ids: impl IntoIterator<Item = (Uuid, u64)>,
    ) {
        {
            let mut all = self.ids.lock().unwrap_or_else(|p| p.into_inner());
            all.entry(stream.to_owned()).or_default().extend(ids);
        }
        let mut states = self.states.lock().unwrap_or_else(|p| p.into_inner());
        let current = states.get(stream).and_then(|c| c.version);
        if newer.version > current {
            states.insert(stream.to_owned(), newer);
        }
    }

    /// The version of the event with this id in `stream`, if it is there (as far as loaded).
    pub(crate) fn find(&self, stream: &str, event_id: Uuid) -> Option<u64> {
        let all = self.ids.lock().unwrap_or_else(|p| p.into_inner());
        all.get(stream).and_then(|m| m.get(&event_id)).copied()
    }
}

/// One cache per aggregate type.
#[derive(Debug, Default)]
pub(crate) struct Caches {
    pub(crate) programme: StreamCache<Programme>,
    pub(crate) agency: StreamCache<Agency>,
    pub(crate) user: StreamCache<User>,
    pub(crate) directory: StreamCache<Directory>,
    pub(crate) history: StreamCache<History>,
}
