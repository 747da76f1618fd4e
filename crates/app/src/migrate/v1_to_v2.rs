//! Shape 1 -> 2: seal personal data (issue 12).
//!
//! Every record is copied in global order with its event id, stream, stream version, type,
//! metadata and original `recorded_at`; the new store writes a fresh hash chain. Payloads:
//!
//! - the types of `accolade_events::personal_fields` are upcast to their current version, and
//!   each plain personal field is sealed (`People::seal`, under the ORIGINAL event id and type:
//!   the box's associated data). Nominations and imported awards get their keyed `lookups`;
//!   `AwardConferred` v1 gets the public record of its holder (from the nomination's latest
//!   nominee, sealed under the public-record key); `UserAmended` gets the `person_id` its
//!   contact is sealed under (the user's, from `UserRegistered` on the same stream).
//! - `UserEmailReserved.email_key` was an unkeyed SHA-256 of the address: rewritten as the
//!   keyed lookup (`People::email_key`) of the address found in the users' contacts.
//! - every person id (`person_id`, `objector_person_id`, at any depth) is remapped through a
//!   keyed derivation: imported holders' ids were an unkeyed hash of name and birth year, which
//!   anyone could recompute from a guess, even after an erasure. Remapping every id the same
//!   way keeps every reference consistent.
//! - every other record is copied byte for byte, at its version.

use std::collections::{HashMap, HashSet};

use accolade_domain::rules::names::normalise_email;
use accolade_events::upcast::upcast;
use accolade_events::{Nominee, NomineeLookups, all_types, personal_fields};
use accolade_store::{EventStore, ExpectedVersion, NewEvent, RecordedEvent, SledStore};
use serde_json::Value;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::{MigrateError, MigrateReport, Progress};
use crate::people::People;

/// Records read per page of the old log.
const PAGE: usize = 2048;
/// Most events in one append (consecutive records of one stream go together).
const BATCH: usize = 256;
/// Payload bytes in one append, well under the store's limit.
const BATCH_BYTES: usize = 512 * 1024;

/// What the first pass learns: e-mail addresses by their old unkeyed key, users' person ids
/// by stream.
#[derive(Default)]
struct Directory {
    emails: HashMap<String, String>,
    user_person: HashMap<String, Uuid>,
}

/// The walk's state.
struct Walk<'a> {
    people: &'a People,
    dir: Directory,
    /// Plain latest nominee of each nomination, for `AwardConferred` v1.
    nominees: HashMap<Uuid, Nominee>,
    remapped: HashSet<Uuid>,
    versions: HashMap<&'static str, u32>,
}

pub(super) async fn run<T: EventStore>(
    source: &SledStore,
    target: &T,
    people: &People,
    report: &mut MigrateReport,
    progress: Progress<'_>,
) -> Result<(), MigrateError> {
    let total = *source.durable_head().borrow();
    let mut walk = Walk {
        people,
        dir: Directory::default(),
        nominees: HashMap::new(),
        remapped: HashSet::new(),
        versions: all_types().collect(),
    };
    let mut from = 0;
    loop {
        let page = source.read_all(from, PAGE).await?;
        let Some(last) = page.last() else { break };
        from = last.position + 1;
        for rec in &page {
            walk.learn(rec)?;
        }
    }
    let mut batch: Vec<(RecordedEvent, NewEvent)> = Vec::new();
    let mut bytes = 0;
    let mut from = 0;
    loop {
        let page = source.read_all(from, PAGE).await?;
        let Some(last) = page.last() else { break };
        from = last.position + 1;
        for rec in page {
            let same_stream = batch
                .first()
                .is_some_and(|(b, _)| b.stream_id == rec.stream_id);
            if !batch.is_empty() && (!same_stream || batch.len() >= BATCH || bytes >= BATCH_BYTES) {
                write(target, people, &mut batch, report).await?;
                bytes = 0;
            }
            let new = walk.convert(&rec, report)?;
            bytes += new.payload.len();
            batch.push((rec, new));
        }
        progress(from, total);
    }
    if !batch.is_empty() {
        write(target, people, &mut batch, report).await?;
    }
    report.person_ids = walk.remapped.len();
    Ok(())
}

/// Seals the batch's personal fields (keys made durable first) and appends it where the old
/// records were: same stream, same versions, same positions.
async fn write<T: EventStore>(
    target: &T,
    people: &People,
    batch: &mut Vec<(RecordedEvent, NewEvent)>,
    report: &mut MigrateReport,
) -> Result<(), MigrateError> {
    let mut payloads = Vec::with_capacity(batch.len());
    let mut keys = Vec::new();
    for (rec, new) in batch.iter() {
        if personal_fields(&new.event_type).is_empty() {
            payloads.push(None);
            continue;
        }
        let v: Value = serde_json::from_slice(&new.payload).map_err(|e| bad(rec, e.to_string()))?;
        People::keys_needed(&new.event_type, &v, &mut keys);
        payloads.push(Some(v));
    }
    keys.sort_unstable();
    keys.dedup();
    people
        .ensure(&keys)
        .await
        .map_err(|e| MigrateError::Keys(e.to_string()))?;
    for ((rec, new), payload) in batch.iter_mut().zip(payloads) {
        let Some(mut v) = payload else { continue };
        let before = count_open(&new.event_type, &v);
        people
            .seal(new.event_id, &new.event_type, &mut v)
            .map_err(|e| bad(rec, e.to_string()))?;
        report.sealed += before;
        new.payload = v.to_string().into_bytes();
    }
    let Some((first, _)) = batch.first() else {
        return Ok(());
    };
    let (stream, first_position) = (first.stream_id.clone(), first.position);
    let expected = match first.stream_version {
        0 => ExpectedVersion::NoStream,
        v => ExpectedVersion::Exact(v - 1),
    };
    let events = batch.drain(..).map(|(_, new)| new).collect();
    let outcome = target.append(&stream, expected, events).await?;
    if outcome.first_position != first_position {
        return Err(MigrateError::Check(format!(
            "record {first_position} landed at {}",
            outcome.first_position
        )));
    }
    Ok(())
}

fn count_open(event_type: &str, v: &Value) -> u64 {
    personal_fields(event_type)
        .iter()
        .filter(|f| v.get(f.field).is_some_and(|x| !x.is_null()))
        .count() as u64
}

impl Walk<'_> {
    /// First pass: the users' addresses (by their old key) and person ids.
    fn learn(&mut self, rec: &RecordedEvent) -> Result<(), MigrateError> {
        if !matches!(rec.event_type.as_str(), "UserRegistered" | "UserAmended") {
            return Ok(());
        }
        let v = parse(rec)?;
        if let Some(email) = v.pointer("/contact/email").and_then(Value::as_str) {
            let normal = normalise_email(email);
            let old_key = hex::encode(Sha256::digest(normal.as_bytes()));
            self.dir.emails.insert(old_key, normal);
        }
        if rec.event_type == "UserRegistered"
            && let Some(person) = v.get("person_id").and_then(Value::as_str)
            && let Ok(person) = Uuid::parse_str(person)
        {
            self.dir.user_person.insert(rec.stream_id.clone(), person);
        }
        Ok(())
    }

    /// The record as the new store gets it (personal fields still open: `write` seals them).
    fn convert(
        &mut self,
        rec: &RecordedEvent,
        report: &mut MigrateReport,
    ) -> Result<NewEvent, MigrateError> {
        let t = rec.event_type.as_str();
        let current = self.versions.get(t).copied().unwrap_or(rec.schema_version);
        let raw = rec.payload.get();
        let (version, payload) = if t == "AwardConferred" && rec.schema_version == 1 {
            let mut v = parse(rec)?;
            self.remap(&mut v);
            let nomination = uuid_at(&v, "nomination_id");
            let holder = nomination
                .and_then(|n| self.nominees.get(&n))
                .ok_or_else(|| bad(rec, "no nominee recorded for its nomination".into()))?;
            set(
                &mut v,
                "holder",
                serde_json::to_value(holder.public_record()),
            );
            (current, v.to_string())
        } else if !personal_fields(t).is_empty() {
            let v = upcast(t, rec.schema_version, current, parse(rec)?)
                .map_err(|e| bad(rec, e.to_string()))?;
            (current, self.personal(rec, v)?.to_string())
        } else if t == "UserEmailReserved" {
            let mut v = parse(rec)?;
            self.remap(&mut v);
            if let Some(old) = v.get("email_key").and_then(Value::as_str) {
                let new = match self.dir.emails.get(old) {
                    Some(address) => {
                        report.email_keys += 1;
                        self.people.email_key(address)
                    }
                    None => {
                        report.email_keys_unmatched += 1;
                        self.people.lookup("email-unmatched", old).0
                    }
                };
                set(&mut v, "email_key", Ok(Value::String(new)));
            }
            (rec.schema_version, v.to_string())
        } else if raw.contains("person_id\"") {
            let mut v = parse(rec)?;
            self.remap(&mut v);
            (rec.schema_version, v.to_string())
        } else {
            (rec.schema_version, raw.to_owned())
        };
        Ok(NewEvent {
            event_id: rec.event_id,
            event_type: rec.event_type.clone(),
            schema_version: version,
            payload: payload.into_bytes(),
            metadata: rec.metadata.clone(),
            recorded_at: Some(rec.recorded_at),
        })
    }

    /// A payload of a type with personal fields, upcast: ids remapped, lookups and the
    /// sealing person added.
    fn personal(&mut self, rec: &RecordedEvent, mut v: Value) -> Result<Value, MigrateError> {
        self.remap(&mut v);
        let t = rec.event_type.as_str();
        match t {
            "NominationDrafted" | "NominationAmended" | "PastAwardImported" => {
                let field = if t == "PastAwardImported" {
                    "holder"
                } else {
                    "nominee"
                };
                let nominee: Nominee = v
                    .get(field)
                    .cloned()
                    .map(serde_json::from_value)
                    .transpose()
                    .map_err(|e| bad(rec, format!("{field}: {e}")))?
                    .ok_or_else(|| bad(rec, format!("no {field}")))?;
                let lookups: NomineeLookups = self.people.nominee_lookups(&nominee);
                set(&mut v, "lookups", serde_json::to_value(lookups));
                if field == "nominee"
                    && let Some(n) = uuid_at(&v, "nomination_id")
                {
                    self.nominees.insert(n, nominee);
                }
            }
            // A v1 amendment of the contact did not name the person: the user's.
            "UserAmended"
                if v.get("contact").is_some_and(|c| !c.is_null())
                    && v.get("person_id").is_none_or(Value::is_null) =>
            {
                let person = self
                    .dir
                    .user_person
                    .get(&rec.stream_id)
                    .copied()
                    .ok_or_else(|| bad(rec, "no UserRegistered on its stream".into()))?;
                let person = self.derive(person);
                set(&mut v, "person_id", Ok(Value::String(person.to_string())));
            }
            _ => {}
        }
        Ok(v)
    }

    /// Replaces every person id in `v`, at any depth, by its keyed derivation.
    fn remap(&mut self, v: &mut Value) {
        match v {
            Value::Object(map) => {
                for (k, x) in map.iter_mut() {
                    let id = matches!(k.as_str(), "person_id" | "objector_person_id")
                        .then(|| x.as_str().and_then(|s| Uuid::parse_str(s).ok()))
                        .flatten();
                    match id {
                        Some(id) => *x = Value::String(self.derive(id).to_string()),
                        None => self.remap(x),
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|x| self.remap(x)),
            _ => {}
        }
    }

    /// A person's new id: an HMAC of the old one under the lookup secret, as a UUID (v8).
    fn derive(&mut self, old: Uuid) -> Uuid {
        self.remapped.insert(old);
        person_id(self.people, old)
    }
}

/// The keyed derivation of a person id (shape 2 from shape 1).
pub(super) fn person_id(people: &People, old: Uuid) -> Uuid {
    let mac = people.lookup("person-id", &old.to_string()).0;
    let mut bytes = [0u8; 16];
    // A lookup is 64 hex digits: the first 32 decode.
    let _ = hex::decode_to_slice(mac.get(..32).unwrap_or_default(), &mut bytes);
    uuid::Builder::from_custom_bytes(bytes).into_uuid()
}

fn parse(rec: &RecordedEvent) -> Result<Value, MigrateError> {
    serde_json::from_str(rec.payload.get()).map_err(|e| bad(rec, e.to_string()))
}

fn bad(rec: &RecordedEvent, message: String) -> MigrateError {
    MigrateError::Record {
        position: rec.position,
        event_type: rec.event_type.clone(),
        message,
    }
}

fn uuid_at(v: &Value, field: &str) -> Option<Uuid> {
    v.get(field)
        .and_then(Value::as_str)
        .and_then(|s| Uuid::parse_str(s).ok())
}

fn set(v: &mut Value, field: &str, value: Result<Value, serde_json::Error>) {
    if let (Some(map), Ok(value)) = (v.as_object_mut(), value) {
        map.insert(field.to_owned(), value);
    }
}
