//! People: the one place personal data is sealed, opened and looked up.
//!
//! Every event keeps a person's identifying fields in one `Personal` field
//! (`accolade_events::personal_fields` lists them). Before an event is appended the app seals
//! each such field under the person's own key ([`seal`]); keys live outside the log ([`Keys`],
//! in production the key store of `accolade-keys`), and a new key is durable before the event
//! that uses it. Read models keep the sealed values; views open them through [`People`], which
//! implements [`Unseal`] with a cache of opened values. Erasing a person destroys their key:
//! every copy of their data, in the log and its backups and in snapshots, can no longer be
//! opened, and [`People::forget`] drops what the cache holds.
//!
//! Lookups (the same person nominated twice, sign-in by e-mail, candidates to link) are keyed
//! hashes, [`People::lookup`]: HMAC-SHA256 under a secret kept with the keys. They stay in the
//! log after an erasure; without the secret they cannot be reversed or tested against a guess
//! (docs/personal-data.md says what they still reveal, and to whom).

mod key_store;
mod keys;
mod seal;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use accolade_domain::rules::names::{LookupInputs, normalise_email};
use accolade_events::{
    KeyKind, Lookup, Nominee, NomineeLookups, Sealed, Unseal, personal_fields, public_record_key,
};
use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::Sha256;
use uuid::Uuid;
use zeroize::Zeroizing;

pub use keys::{KeyState, Keys, KeysError, KeysFuture, MemoryKeys};
pub use seal::OpenError;

/// Opened values kept at most (then the cache starts again: cheap to refill, and it bounds the
/// memory a long-running server gives to plaintext).
const CACHE_LIMIT: usize = 200_000;

/// The people register: keys, sealing, opening with a cache, keyed lookups.
pub struct People {
    keys: Arc<dyn Keys>,
    secret: Zeroizing<[u8; 32]>,
    /// Opened values by key id, then by the box's nonce (unique per box).
    cache: Mutex<Cache>,
}

#[derive(Default)]
struct Cache {
    by_key: HashMap<Uuid, HashMap<String, Value>>,
    len: usize,
}

impl std::fmt::Debug for People {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("People").finish_non_exhaustive()
    }
}

/// Why a payload could not be sealed.
#[derive(Debug, thiserror::Error)]
pub enum SealError {
    /// The field that names the person is missing or not a UUID.
    #[error("{event_type}.{field}: no person id to seal it under")]
    NoPerson {
        /// The event type.
        event_type: String,
        /// The personal field.
        field: &'static str,
    },
    /// The person's key is not there (never ensured, or erased).
    #[error("person {0} has no key (erased?)")]
    NoKey(Uuid),
}

impl People {
    /// A register over `keys`.
    pub fn new(keys: Arc<dyn Keys>) -> Self {
        let secret = keys.lookup_secret();
        Self {
            keys,
            secret,
            cache: Mutex::default(),
        }
    }

    /// The keys.
    pub fn keys(&self) -> &Arc<dyn Keys> {
        &self.keys
    }

    /// The keyed hash of `input` in the namespace `kind` (`email`, `name_birth`, ...).
    pub fn lookup(&self, kind: &str, input: &str) -> Lookup {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(self.secret.as_ref())
            .unwrap_or_else(|_| unreachable!());
        mac.update(kind.as_bytes());
        mac.update(&[0]);
        mac.update(input.as_bytes());
        Lookup(hex::encode(mac.finalize().into_bytes()))
    }

    /// The directory key of an e-mail address.
    pub fn email_key(&self, email: &str) -> String {
        self.lookup("email", &normalise_email(email)).0
    }

    /// The lookups of a nominee (or an imported award holder).
    pub fn nominee_lookups(&self, n: &Nominee) -> NomineeLookups {
        let inputs = LookupInputs::of(n);
        let l = |kind: &str, s: Option<String>| s.map(|s| self.lookup(kind, &s));
        NomineeLookups {
            name_birth: l("name_birth", inputs.name_birth),
            name_org: l("name_org", inputs.name_org),
            national_id: l("national_id", inputs.national_id),
            record: serde_json::to_string(n)
                .ok()
                .map(|json| self.lookup("record", &json)),
        }
    }

    /// The key ids the personal fields of a payload of `event_type` need (open values only).
    pub fn keys_needed(event_type: &str, payload: &Value, out: &mut Vec<Uuid>) {
        for f in personal_fields(event_type) {
            let Some(v) = payload.get(f.field) else {
                continue;
            };
            if v.is_null() || is_sealed(v) {
                continue;
            }
            if let Some(person) = person_of(payload, f.person) {
                out.push(key_id(f.key, person));
            }
        }
    }

    /// Makes sure the keys exist and are durable.
    pub async fn ensure(&self, ids: &[Uuid]) -> Result<(), KeysError> {
        if ids.is_empty() {
            return Ok(());
        }
        self.keys.ensure(ids).await
    }

    /// Seals every open personal field of `payload` (an event `event_id` of `event_type`) in
    /// place. The keys must have been ensured.
    pub fn seal(
        &self,
        event_id: Uuid,
        event_type: &str,
        payload: &mut Value,
    ) -> Result<(), SealError> {
        for f in personal_fields(event_type) {
            let person = person_of(payload, f.person);
            let Some(v) = payload.get_mut(f.field) else {
                continue;
            };
            if v.is_null() || is_sealed(v) {
                continue;
            }
            let person = person.ok_or_else(|| SealError::NoPerson {
                event_type: event_type.to_owned(),
                field: f.field,
            })?;
            let id = key_id(f.key, person);
            let KeyState::Live(key) = self.keys.key(id) else {
                return Err(SealError::NoKey(id));
            };
            let plain = serde_json::to_vec(v).unwrap_or_default();
            let sealed = seal::seal(
                id,
                &key,
                Sealed::place(event_id, event_type, f.field),
                &plain,
            );
            *v = serde_json::to_value(&sealed).unwrap_or(Value::Null);
        }
        Ok(())
    }

    /// Drops every opened value of these keys from the cache (after an erasure).
    pub fn forget(&self, key_ids: &[Uuid]) {
        let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        for id in key_ids {
            if let Some(m) = cache.by_key.remove(id) {
                cache.len -= m.len();
            }
        }
    }

    /// Destroys the keys of a person: their own, and their public record's when `public_too`.
    /// Returns the key ids destroyed, after the cache has dropped them.
    pub async fn erase(&self, person_id: Uuid, public_too: bool) -> Result<Vec<Uuid>, KeysError> {
        let mut ids = vec![person_id];
        if public_too {
            ids.push(public_record_key(person_id));
        }
        self.keys.erase(&ids).await?;
        self.forget(&ids);
        Ok(ids)
    }

    /// Whether the person's own key was destroyed.
    pub fn is_erased(&self, person_id: Uuid) -> bool {
        matches!(self.keys.key(person_id), KeyState::Erased)
    }
}

impl Unseal for People {
    fn unseal(&self, sealed: &Sealed) -> Option<Value> {
        {
            let cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(v) = cache
                .by_key
                .get(&sealed.key)
                .and_then(|m| m.get(&sealed.nonce))
            {
                return Some(v.clone());
            }
        }
        let KeyState::Live(key) = self.keys.key(sealed.key) else {
            return None;
        };
        let value = match seal::open(sealed, &key) {
            Ok(plain) => serde_json::from_slice::<Value>(&plain).ok()?,
            Err(e) => {
                // Never silent: an altered box is tampering with the log or the key store.
                tracing::error!(key = %sealed.key, at = %sealed.at, error = %e, "a sealed personal value does not open");
                return None;
            }
        };
        let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        if cache.len >= CACHE_LIMIT {
            *cache = Cache::default();
        }
        let slot = cache.by_key.entry(sealed.key).or_default();
        if slot.insert(sealed.nonce.clone(), value.clone()).is_none() {
            cache.len += 1;
        }
        Some(value)
    }
}

/// The key id of a field: the person's own, or their public record's.
fn key_id(kind: KeyKind, person: Uuid) -> Uuid {
    match kind {
        KeyKind::Person => person,
        KeyKind::PublicRecord => public_record_key(person),
    }
}

fn person_of(payload: &Value, field: &str) -> Option<Uuid> {
    payload
        .get(field)
        .and_then(Value::as_str)
        .and_then(|s| Uuid::parse_str(s).ok())
}

/// Whether a JSON value is a sealed box already (a retry, or a migrated payload): an object
/// with exactly a box's four fields (no person record has them).
fn is_sealed(v: &Value) -> bool {
    v.as_object().is_some_and(|o| {
        o.len() == 4
            && ["key", "at", "nonce", "ct"]
                .iter()
                .all(|k| o.contains_key(*k))
    })
}

#[cfg(test)]
mod tests;
