//! Identifying data about people, each kind in one struct, and how events hold it.
//!
//! Every event keeps a person's identifying fields together in one [`Personal`] field and
//! refers to the person elsewhere only by a pseudonymous `person_id`. The app seals that field
//! (encrypts it under the person's own key, see [`personal_fields`]) before the event is
//! stored, so the log holds ciphertext; erasing a person destroys the key (crypto-shredding)
//! and every copy of the field, in the log, snapshots and backups of the log, becomes noise.
//!
//! Lookups that must work without plaintext (the same person nominated twice, sign-in by
//! e-mail, candidates for linking) use keyed hashes ([`Lookup`]) computed by the app with a
//! server secret that is not in the log.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::values::NomineeKind;

/// A person's identifying fields as an event holds them.
///
/// Stored events always hold [`Personal::Sealed`]; [`Personal::Open`] exists only between a
/// decision and its sealing (the domain writes what the command said) and in tests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Personal<T> {
    /// Encrypted under a person's key. Listed first: an untagged enum tries variants in order,
    /// and a sealed box's exact three fields never look like a person.
    Sealed(Sealed),
    /// In the clear: only before sealing, never in the log.
    Open(T),
}

/// One sealed value: AEAD ciphertext under the key `key` (XChaCha20-Poly1305). Its associated
/// data is `at`, the place it was sealed for (the event's id and type and the field): an
/// altered place does not open. Nothing compares `at` with the record a box is found in; a box
/// moved whole to another event would open, but moving it means rewriting the log, which the
/// hash chain shows.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sealed {
    /// The key's id: a person id, or [`public_record_key`] of one.
    pub key: Uuid,
    /// `<event id>/<event type>/<field>`: the associated data.
    pub at: String,
    /// The 24-byte nonce, base64 (standard, padded).
    pub nonce: String,
    /// The ciphertext with its tag, base64 (standard, padded).
    pub ct: String,
}

/// What opens sealed values: the app's people register (keys, decryption, a cache). Object
/// safe, so pure code (projections, views) can take one without knowing keys exist.
pub trait Unseal: Send + Sync {
    /// The plaintext JSON of `sealed`, or `None` when its key was destroyed (the person was
    /// erased) or the box does not open (which the implementation reports loudly).
    fn unseal(&self, sealed: &Sealed) -> Option<serde_json::Value>;
}

impl<T: DeserializeOwned + Clone> Personal<T> {
    /// The fields in the clear, or `None` when the person was erased.
    pub fn open(&self, unseal: &dyn Unseal) -> Option<T> {
        match self {
            Personal::Open(t) => Some(t.clone()),
            Personal::Sealed(s) => unseal
                .unseal(s)
                .and_then(|v| serde_json::from_value(v).ok()),
        }
    }
}

impl Sealed {
    /// The `at` of a box sealed into `field` of the event `event_id` of type `event_type`.
    pub fn place(event_id: Uuid, event_type: &str, field: &str) -> String {
        format!("{event_id}/{event_type}/{field}")
    }
}

impl<T> Personal<T> {
    /// The key the value is (or will be) sealed under, when sealed.
    pub fn sealed(&self) -> Option<&Sealed> {
        match self {
            Personal::Sealed(s) => Some(s),
            Personal::Open(_) => None,
        }
    }
}

/// An [`Unseal`] that opens nothing: every sealed value reads as erased. For views built where
/// no keys are at hand (tests of pure code, and tools that must never see personal data).
#[derive(Debug, Clone, Copy, Default)]
pub struct NoKeys;

impl Unseal for NoKeys {
    fn unseal(&self, _sealed: &Sealed) -> Option<serde_json::Value> {
        None
    }
}

/// A keyed hash (HMAC-SHA256, hex) of a normalised personal value, made by the app with a
/// server secret kept outside the log. Equal values give equal lookups, so duplicates and
/// candidates are found without plaintext; without the secret a lookup cannot be reversed or
/// tested against a guess.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Lookup(pub String);

/// The lookups of a nominee, each present only when its inputs are.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NomineeLookups {
    /// Folded full name with birth year.
    #[serde(default)]
    pub name_birth: Option<Lookup>,
    /// Folded full name with folded organisation.
    #[serde(default)]
    pub name_org: Option<Lookup>,
    /// The national id number (CCCD), digits only.
    #[serde(default)]
    pub national_id: Option<Lookup>,
    /// The whole record (every field, canonical JSON): equal when nothing changed, so an
    /// amendment that changes nothing records nothing without comparing plaintext.
    #[serde(default)]
    pub record: Option<Lookup>,
}

/// The id of the key that seals a person's public record (name, position and work unit of
/// their conferred awards). Apart from the person's own key so that an erasure can keep a
/// public act readable while erasing everything else, or destroy both, as policy says.
pub fn public_record_key(person_id: Uuid) -> Uuid {
    crate::ids::derive_id("person/public-record", person_id)
}

/// Where an event type holds personal data: the field, and the field naming the person whose
/// key seals it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PersonalField {
    /// The top-level payload field holding a [`Personal`] value.
    pub field: &'static str,
    /// The payload field holding the person id.
    pub person: &'static str,
    /// Which of the person's keys seals it.
    pub key: KeyKind,
}

/// Which of a person's two keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    /// The person's own key: everything private.
    Person,
    /// The key of the person's public record ([`public_record_key`]).
    PublicRecord,
}

/// The personal fields of an event type (empty for most). The one list the app seals by, the
/// migration converts by, and the tests that scan for plaintext check against.
pub fn personal_fields(event_type: &str) -> &'static [PersonalField] {
    const fn person(field: &'static str, person: &'static str) -> PersonalField {
        PersonalField {
            field,
            person,
            key: KeyKind::Person,
        }
    }
    const NOMINEE: &[PersonalField] = &[person("nominee", "person_id")];
    const OBJECTOR: &[PersonalField] = &[person("objector", "objector_person_id")];
    const CONTACT: &[PersonalField] = &[person("contact", "person_id")];
    const HOLDER: &[PersonalField] = &[person("holder", "person_id")];
    const PUBLIC_HOLDER: &[PersonalField] = &[PersonalField {
        field: "holder",
        person: "person_id",
        key: KeyKind::PublicRecord,
    }];
    match event_type {
        "NominationDrafted" | "NominationAmended" => NOMINEE,
        "ObjectionFiled" => OBJECTOR,
        "UserRegistered" | "UserAmended" => CONTACT,
        "PastAwardImported" => HOLDER,
        "AwardConferred" => PUBLIC_HOLDER,
        _ => &[],
    }
}

/// The public record of an award's holder: what a conferring decision makes public.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicHolder {
    /// Full name.
    pub full_name: String,
    /// Position held, if any.
    #[serde(default)]
    pub position: Option<String>,
    /// Work unit or organisation.
    pub organisation: String,
}

/// A nominee as written in a nomination (current shape: schema v2 of `NominationDrafted`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Nominee {
    /// Individual or collective; must match the category.
    pub kind: NomineeKind,
    /// The person's (or collective's) full name.
    pub full_name: String,
    /// Position held, if any.
    #[serde(default)]
    pub position: Option<String>,
    /// Work unit or organisation.
    pub organisation: String,
    /// The nominee's province (for honour-list filters).
    #[serde(default)]
    pub province: Option<String>,
    /// Contact e-mail, private.
    #[serde(default)]
    pub email: Option<String>,
    /// Birth year, private; used for duplicate checks.
    #[serde(default)]
    pub birth_year: Option<i32>,
    /// National id number (CCCD), private; used only to find candidates for linking.
    #[serde(default)]
    pub national_id: Option<String>,
}

impl Nominee {
    /// What a conferring decision makes public of this nominee.
    pub fn public_record(&self) -> PublicHolder {
        PublicHolder {
            full_name: self.full_name.clone(),
            position: self.position.clone(),
            organisation: self.organisation.clone(),
        }
    }
}

/// Evidence attached to a nomination.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// What it is.
    pub title: String,
    /// Where it is.
    pub url: String,
}

/// Who objected; kept private, never published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Objector {
    /// Full name (required by law for a written objection).
    pub full_name: String,
    /// A phone number to reach the objector; required, free text up to 200 characters.
    pub phone: String,
    /// Postal address.
    pub address: String,
    /// Optional e-mail, to hear the outcome.
    #[serde(default)]
    pub email: Option<String>,
}

/// A user's identifying contact data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserContact {
    /// Sign-in and notification address.
    pub email: String,
    /// Full name.
    pub full_name: String,
}
