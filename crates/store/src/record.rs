//! The record: what the store keeps for one event, and its exact bytes.
//!
//! A stored record is `hash (32 bytes) ++ body`, where `body` is a JSON object holding every
//! field of the record *including the previous record's hash*, and `hash = SHA-256(body)`.
//! Because each body names its predecessor's hash, the log is a hash chain: changing any byte
//! of any record breaks the chain at that record. Verification and export work on the stored
//! bytes and never re-serialise, so a change in serde's output can never make an intact log
//! look tampered with (or a tampered one look intact).

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::error::StoreError;

/// A SHA-256 digest, shown and serialised as lowercase hex.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Hash(pub [u8; 32]);

impl Hash {
    /// The `prev_hash` of the first record in a log.
    pub const GENESIS: Hash = Hash([0; 32]);

    /// SHA-256 of `bytes`.
    pub fn of(bytes: &[u8]) -> Hash {
        Hash(Sha256::digest(bytes).into())
    }

    /// Lowercase hex.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }
}

impl fmt::Debug for Hash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Hash({})", self.to_hex())
    }
}

impl fmt::Display for Hash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl Serialize for Hash {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut buf = [0u8; 64];
        // Encoding 32 bytes into a 64-byte buffer cannot fail.
        let text = hex::encode_to_slice(self.0, &mut buf)
            .ok()
            .and_then(|()| std::str::from_utf8(&buf).ok())
            .unwrap_or_default();
        s.serialize_str(text)
    }
}

impl<'de> Deserialize<'de> for Hash {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <&str>::deserialize(d)?;
        let mut out = [0u8; 32];
        hex::decode_to_slice(text, &mut out).map_err(serde::de::Error::custom)?;
        Ok(Hash(out))
    }
}

/// Who and what caused an event. The log is kept forever, so this deliberately holds no client
/// address or other request detail.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Metadata {
    /// The acting user's id, `"system"` for scheduled work, or `None` for anonymous records
    /// (opened secret ballots).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    /// Groups the events caused by one request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correlation_id: Option<Uuid>,
    /// The event or command that caused this one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub causation_id: Option<Uuid>,
}

/// An event handed to `append`.
#[derive(Debug, Clone, PartialEq)]
pub struct NewEvent {
    /// Chosen by the caller (UUID v7), so that a retried append can be recognised.
    pub event_id: Uuid,
    /// Stable name of the event type, e.g. `NominationSubmitted`.
    pub event_type: String,
    /// Version of the payload's shape, for upcasting old records.
    pub schema_version: u32,
    /// The event's JSON payload, as bytes; refused unless it is one JSON document.
    pub payload: Vec<u8>,
    /// Actor, correlation and causation.
    pub metadata: Metadata,
    /// When the event was first recorded, for a copy of an older log (`accolade migrate`
    /// writes a new store of the same events and keeps their original times). `None` (what
    /// the app always gives): the time the store accepts it.
    pub recorded_at: Option<OffsetDateTime>,
}

impl NewEvent {
    /// An event whose payload is a JSON value (always valid JSON).
    pub fn json(
        event_type: impl Into<String>,
        schema_version: u32,
        payload: &serde_json::Value,
        metadata: Metadata,
    ) -> NewEvent {
        NewEvent {
            event_id: Uuid::now_v7(),
            event_type: event_type.into(),
            schema_version,
            payload: payload.to_string().into_bytes(),
            metadata,
            recorded_at: None,
        }
    }
}

/// An event as stored, with its place in the log and its link in the hash chain.
#[derive(Debug, Clone)]
pub struct RecordedEvent {
    /// Position in the whole log: 0-based, gap-free, a total order.
    pub position: u64,
    /// The stream (aggregate instance) the event belongs to.
    pub stream_id: String,
    /// Version within the stream: 0-based, gap-free.
    pub stream_version: u64,
    /// The caller-chosen id.
    pub event_id: Uuid,
    /// When the store accepted the event (UTC).
    pub recorded_at: OffsetDateTime,
    /// Stable name of the event type.
    pub event_type: String,
    /// Version of the payload's shape.
    pub schema_version: u32,
    /// The payload, exactly as stored.
    pub payload: Box<RawValue>,
    /// Actor, correlation and causation.
    pub metadata: Metadata,
    /// Hash of the record before this one ([`Hash::GENESIS`] for the first).
    pub prev_hash: Hash,
    /// SHA-256 of this record's stored body.
    pub hash: Hash,
    /// The record's body exactly as stored, for verification and export.
    pub body: Vec<u8>,
}

/// Two records are equal when they are the same stored bytes at the same position: the body
/// holds every other field.
impl PartialEq for RecordedEvent {
    fn eq(&self, other: &Self) -> bool {
        self.position == other.position && self.hash == other.hash && self.body == other.body
    }
}

impl RecordedEvent {
    /// The record as one JSON line for export and `/api/v1/events`: the stored body verbatim
    /// under `record`, and its hash. Re-hashing `record`'s bytes reproduces `hash`.
    pub fn to_export_line(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.body.len() + 90);
        out.extend_from_slice(b"{\"record\":");
        out.extend_from_slice(&self.body);
        out.extend_from_slice(b",\"hash\":\"");
        out.extend_from_slice(self.hash.to_hex().as_bytes());
        out.extend_from_slice(b"\"}");
        out
    }
}

/// The body as written. Field order is fixed by this struct and never matters for
/// verification, which hashes the stored bytes.
#[derive(Serialize)]
struct BodyOut<'a> {
    position: u64,
    stream_id: &'a str,
    stream_version: u64,
    event_id: Uuid,
    #[serde(with = "time::serde::rfc3339")]
    recorded_at: OffsetDateTime,
    event_type: &'a str,
    schema_version: u32,
    payload: &'a RawValue,
    metadata: &'a Metadata,
    prev_hash: Hash,
}

#[derive(Deserialize)]
struct BodyIn {
    position: u64,
    stream_id: String,
    stream_version: u64,
    event_id: Uuid,
    #[serde(with = "time::serde::rfc3339")]
    recorded_at: OffsetDateTime,
    event_type: String,
    schema_version: u32,
    payload: Box<RawValue>,
    #[serde(default)]
    metadata: Metadata,
    prev_hash: Hash,
}

/// Everything the writer needs to encode one event, after the caller-side checks.
#[derive(Debug)]
pub(crate) struct PreparedEvent {
    pub event_id: Uuid,
    pub event_type: String,
    pub schema_version: u32,
    pub payload: Box<RawValue>,
    pub metadata: Metadata,
    /// Overrides the placement's time (see [`NewEvent::recorded_at`]).
    pub recorded_at: Option<OffsetDateTime>,
}

/// The fields the log assigns to an event.
pub(crate) struct Placement<'a> {
    pub position: u64,
    pub stream_id: &'a str,
    pub stream_version: u64,
    pub recorded_at: OffsetDateTime,
    pub prev_hash: Hash,
}

/// Encodes a record; returns the stored value (`hash ++ body`) and the hash.
pub(crate) fn encode(event: &PreparedEvent, at: &Placement<'_>) -> (Vec<u8>, Hash) {
    let body = BodyOut {
        position: at.position,
        stream_id: at.stream_id,
        stream_version: at.stream_version,
        event_id: event.event_id,
        recorded_at: event.recorded_at.unwrap_or(at.recorded_at),
        event_type: &event.event_type,
        schema_version: event.schema_version,
        payload: &event.payload,
        metadata: &event.metadata,
        prev_hash: at.prev_hash,
    };
    let mut stored = Vec::with_capacity(32 + 256 + event.payload.get().len());
    stored.extend_from_slice(&[0u8; 32]);
    // Serialising plain strings, numbers and already-valid raw JSON into a Vec cannot fail;
    // should it ever, the record would fail verification rather than go unnoticed.
    let _ = serde_json::to_writer(&mut stored, &body);
    let hash = Hash::of(&stored[32..]);
    stored[..32].copy_from_slice(&hash.0);
    (stored, hash)
}

/// Decodes a stored value. `position` is where it was found, for error messages.
pub(crate) fn decode(position: u64, stored: &[u8]) -> Result<RecordedEvent, StoreError> {
    let corrupt = |reason: String| StoreError::Corrupt { position, reason };
    if stored.len() < 32 {
        return Err(corrupt(format!("record is only {} bytes", stored.len())));
    }
    let (hash, body) = stored.split_at(32);
    let parsed: BodyIn = serde_json::from_slice(body).map_err(|e| corrupt(e.to_string()))?;
    let mut hash_bytes = [0u8; 32];
    hash_bytes.copy_from_slice(hash);
    Ok(RecordedEvent {
        position: parsed.position,
        stream_id: parsed.stream_id,
        stream_version: parsed.stream_version,
        event_id: parsed.event_id,
        recorded_at: parsed.recorded_at,
        event_type: parsed.event_type,
        schema_version: parsed.schema_version,
        payload: parsed.payload,
        metadata: parsed.metadata,
        prev_hash: parsed.prev_hash,
        hash: Hash(hash_bytes),
        body: body.to_vec(),
    })
}

/// True when a stored event and a new one carry the same content, i.e. the new one is a retry.
/// Payloads are compared as JSON values so that a client re-serialising the same document with
/// other whitespace or key order is still recognised.
pub(crate) fn same_content(stored: &RecordedEvent, stream_id: &str, new: &PreparedEvent) -> bool {
    if stored.stream_id != stream_id
        || stored.event_type != new.event_type
        || stored.schema_version != new.schema_version
    {
        return false;
    }
    let a: Result<serde_json::Value, _> = serde_json::from_str(stored.payload.get());
    let b: Result<serde_json::Value, _> = serde_json::from_str(new.payload.get());
    matches!((a, b), (Ok(a), Ok(b)) if a == b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prepared() -> PreparedEvent {
        PreparedEvent {
            event_id: Uuid::now_v7(),
            event_type: "Tested".into(),
            schema_version: 1,
            payload: RawValue::from_string(r#"{"a": 1}"#.into()).unwrap(),
            metadata: Metadata::default(),
            recorded_at: None,
        }
    }

    #[test]
    fn encode_then_decode_round_trips_and_hash_covers_body() {
        let ev = prepared();
        let at = Placement {
            position: 7,
            stream_id: "s-1",
            stream_version: 2,
            recorded_at: OffsetDateTime::UNIX_EPOCH,
            prev_hash: Hash::of(b"x"),
        };
        let (stored, hash) = encode(&ev, &at);
        let rec = decode(7, &stored).unwrap();
        assert_eq!(rec.hash, hash);
        assert_eq!(Hash::of(&rec.body), hash);
        assert_eq!(rec.prev_hash, Hash::of(b"x"));
        assert_eq!(
            rec.payload.get(),
            r#"{"a": 1}"#,
            "payload bytes are kept verbatim"
        );
        let line: serde_json::Value = serde_json::from_slice(&rec.to_export_line()).unwrap();
        assert_eq!(line["record"]["position"], 7);
        assert_eq!(line["hash"], hash.to_hex());
    }

    #[test]
    fn decode_refuses_garbage_with_position() {
        let err = decode(3, b"short").unwrap_err();
        assert!(matches!(err, StoreError::Corrupt { position: 3, .. }));
    }
}
