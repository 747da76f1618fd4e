//! What the folds know of a record besides its payload: where it is in the log and who caused
//! it. Built once per record and handed to every read model by reference.

use accolade_store::{Hash, RecordedEvent};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

/// Who caused an event, as the store's metadata names it. In JSON (the API):
/// `{"kind": "user", "id": "<uuid>"}`; in snapshots, a plain binary enum.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Actor {
    /// No actor: opened secret ballots, objections filed by the public.
    Anonymous,
    /// The app's own scheduled work (metadata actor `"system"`).
    System,
    /// A signed-in user, by user id (metadata actor = the id).
    User(Uuid),
    /// Anything else the metadata held (kept verbatim rather than guessed at).
    Other(String),
}

/// The API's shape (adjacently tagged, which binary decoders cannot read).
#[derive(Serialize, Deserialize)]
#[serde(
    remote = "Actor",
    rename_all = "snake_case",
    tag = "kind",
    content = "id"
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
enum ActorText {
    /// No actor: opened secret ballots, objections filed by the public.
    Anonymous,
    /// The app's own scheduled work.
    System,
    /// A signed-in user; `id` is the user's id.
    User(Uuid),
    /// Anything else the log's metadata named as the actor; `id` holds it verbatim.
    Other(String),
}

/// `Actor`'s schema is its JSON shape's, [`ActorText`].
#[cfg(feature = "openapi")]
mod schema {
    use std::borrow::Cow;

    use utoipa::openapi::RefOr;
    use utoipa::openapi::schema::Schema;
    use utoipa::{PartialSchema, ToSchema};

    use super::{Actor, ActorText};

    impl PartialSchema for Actor {
        fn schema() -> RefOr<Schema> {
            let mut schema = ActorText::schema();
            if let RefOr::T(Schema::OneOf(o)) = &mut schema {
                o.description = Some(
                    "Who caused an event: `kind`, and `id` for a user (the user's id) or \
                     another actor the log named (verbatim)."
                        .to_owned(),
                );
            }
            schema
        }
    }

    impl ToSchema for Actor {
        fn name() -> Cow<'static, str> {
            Cow::Borrowed("Actor")
        }

        fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
            ActorText::schemas(schemas);
        }
    }
}

/// The snapshot's shape.
#[derive(Serialize, Deserialize)]
#[serde(remote = "Actor")]
enum ActorBinary {
    Anonymous,
    System,
    User(Uuid),
    Other(String),
}

crate::shapes::text_or_binary!(Actor, ActorText, ActorBinary);

impl Actor {
    /// Reads the store's metadata actor.
    pub fn from_metadata(actor: Option<&str>) -> Self {
        match actor {
            None => Actor::Anonymous,
            Some("system") => Actor::System,
            Some(s) => Uuid::parse_str(s).map_or_else(|_| Actor::Other(s.to_owned()), Actor::User),
        }
    }

    /// The user id, if a user.
    pub fn user_id(&self) -> Option<Uuid> {
        match self {
            Actor::User(id) => Some(*id),
            _ => None,
        }
    }
}

/// A record's place and provenance, without its payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope<'a> {
    /// Global position.
    pub position: u64,
    /// The stream, e.g. `programme-<uuid>`.
    pub stream_id: &'a str,
    /// The event id (its verification record names it).
    pub event_id: Uuid,
    /// When the store accepted it.
    pub recorded_at: OffsetDateTime,
    /// Who caused it.
    pub actor: Actor,
    /// Its hash in the chain (the verification record names it).
    pub hash: Hash,
    /// The stream's aggregate id (`programme-<uuid>` -> the uuid), when the stream names one.
    pub aggregate_id: Option<Uuid>,
}

impl<'a> Envelope<'a> {
    /// The envelope of a stored record.
    pub fn of(rec: &'a RecordedEvent) -> Self {
        Envelope {
            position: rec.position,
            stream_id: &rec.stream_id,
            event_id: rec.event_id,
            recorded_at: rec.recorded_at,
            actor: Actor::from_metadata(rec.metadata.actor.as_deref()),
            hash: rec.hash,
            aggregate_id: stream_uuid(&rec.stream_id),
        }
    }
}

/// What the last envelope parsed: consecutive records mostly share their stream and actor, so
/// their uuids need not be parsed again (a cache; not state, never compared or saved).
#[derive(Debug, Clone, Default)]
pub(crate) struct Memo {
    stream: String,
    aggregate_id: Option<Uuid>,
    actor_text: Option<String>,
    actor: Option<Actor>,
}

impl PartialEq for Memo {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl<'a> Envelope<'a> {
    /// [`Envelope::of`], reusing what `memo` parsed for the previous record.
    pub(crate) fn of_with(rec: &'a RecordedEvent, memo: &mut Memo) -> Self {
        if memo.stream != rec.stream_id {
            memo.stream.clone_from(&rec.stream_id);
            memo.aggregate_id = stream_uuid(&rec.stream_id);
        }
        let actor = match &memo.actor {
            Some(a) if memo.actor_text == rec.metadata.actor => a.clone(),
            _ => {
                let a = Actor::from_metadata(rec.metadata.actor.as_deref());
                memo.actor_text.clone_from(&rec.metadata.actor);
                memo.actor = Some(a.clone());
                a
            }
        };
        Envelope {
            position: rec.position,
            stream_id: &rec.stream_id,
            event_id: rec.event_id,
            recorded_at: rec.recorded_at,
            actor,
            hash: rec.hash,
            aggregate_id: memo.aggregate_id,
        }
    }
}

/// The uuid at the end of a stream id such as `programme-<uuid>`.
pub fn stream_uuid(stream_id: &str) -> Option<Uuid> {
    let tail = stream_id.get(stream_id.len().checked_sub(36)?..)?;
    Uuid::parse_str(tail).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stream_ids_name_their_aggregate() {
        let id = Uuid::from_u128(7);
        assert_eq!(stream_uuid(&format!("programme-{id}")), Some(id));
        assert_eq!(stream_uuid("directory"), None);
        assert_eq!(Actor::from_metadata(Some("system")), Actor::System);
        assert_eq!(Actor::from_metadata(None), Actor::Anonymous);
        assert_eq!(Actor::from_metadata(Some(&id.to_string())), Actor::User(id));
    }

    #[test]
    fn json_shape_is_the_apis_and_binary_round_trips() {
        let id = Uuid::from_u128(7);
        let cases = [
            (
                Actor::User(id),
                serde_json::json!({"kind": "user", "id": id}),
            ),
            (Actor::System, serde_json::json!({"kind": "system"})),
            (
                Actor::Other("x".into()),
                serde_json::json!({"kind": "other", "id": "x"}),
            ),
        ];
        for (actor, json) in cases {
            assert_eq!(serde_json::to_value(&actor).unwrap(), json);
            assert_eq!(serde_json::from_value::<Actor>(json).unwrap(), actor);
            let cfg = bincode::config::standard();
            let bytes = bincode::serde::encode_to_vec(&actor, cfg).unwrap();
            let (back, _): (Actor, usize) = bincode::serde::decode_from_slice(&bytes, cfg).unwrap();
            assert_eq!(back, actor);
        }
        let r = crate::MailRecipient::Agency(id);
        assert_eq!(
            serde_json::to_value(r).unwrap(),
            serde_json::json!({"kind": "agency", "id": id})
        );
    }
}
