//! Personal data in the read models: held as the events brought it (sealed), opened only when
//! a view is built.
//!
//! Issue 12: the log holds a person's identifying fields as ciphertext under the person's own
//! key ([`accolade_events::Personal`]), and erasing the person destroys the key. A read model
//! that copied the plaintext would keep what the erasure destroyed — in memory, and worse, in
//! every snapshot written before the erasure. So the models keep the `Personal` value itself
//! (with the person id), and every view that shows a person takes an
//! [`Unseal`](accolade_events::Unseal) and opens the value when it is asked for: the app's
//! Unseal holds the keys and a cache, and answers `None` once a key is gone. A person who
//! cannot be opened is shown as erased: `erased: true` on the view item, the name and other
//! personal text fields [`ERASED`], optional ones `None`. The front ends translate the flag
//! into their own vi/en marker.
//!
//! Snapshots encode the models with bincode, which cannot read serde's untagged enums (it
//! does not describe itself), so a `Personal` field of a model is written through
//! [`personal`]: the events' own shape in JSON, a tagged enum in binary.

use accolade_events::{DirectoryEvent, Nominee, Personal, Sealed, Unseal};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::catalog::{Catalog, NominationInfo};

/// What a view shows in place of an erased person's name and other personal text fields.
/// The front ends show their own translated marker where a view item says `erased`.
pub const ERASED: &str = "[erased]";

/// The nominee's publishable fields, opened for a view: exactly what DOMAIN.md allows on a
/// public page. Built at query time ([`NominationInfo::public_nominee`]), never stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicNominee {
    /// Full name ([`ERASED`] when erased).
    pub full_name: String,
    /// The nominee's job title, if given.
    pub position: Option<String>,
    /// Work unit / organisation ([`ERASED`] when erased).
    pub organisation: String,
    /// Province (honour-list filter).
    pub province: Option<String>,
    /// The nominee was erased: the fields above say nothing about them.
    #[serde(default)]
    pub erased: bool,
}

impl From<&Nominee> for PublicNominee {
    fn from(n: &Nominee) -> Self {
        PublicNominee {
            full_name: n.full_name.clone(),
            position: n.position.clone(),
            organisation: n.organisation.clone(),
            province: n.province.clone(),
            erased: false,
        }
    }
}

impl PublicNominee {
    /// What a view shows of an erased nominee.
    pub fn erased() -> Self {
        PublicNominee {
            full_name: ERASED.to_owned(),
            position: None,
            organisation: ERASED.to_owned(),
            province: None,
            erased: true,
        }
    }
}

impl NominationInfo {
    /// The nominee's publishable fields, opened through `unseal`; [`PublicNominee::erased`]
    /// when the nominee was erased (per `catalog`) or their fields do not open.
    pub fn public_nominee(&self, catalog: &Catalog, unseal: &dyn Unseal) -> PublicNominee {
        catalog
            .open(self.person_id, &self.nominee, unseal)
            .map_or_else(PublicNominee::erased, |n| PublicNominee::from(&n))
    }

    /// The nominee's full name for a view, or [`ERASED`].
    pub fn nominee_name(&self, catalog: &Catalog, unseal: &dyn Unseal) -> String {
        catalog
            .open(self.person_id, &self.nominee, unseal)
            .map_or_else(|| ERASED.to_owned(), |n| n.full_name)
    }
}

/// Erasures, and opening people through them.
impl Catalog {
    /// Whether the person was erased (their own key destroyed).
    pub fn is_erased(&self, person_id: Uuid) -> bool {
        self.erased.contains_key(&person_id)
    }

    /// Whether the person's public record (conferred awards' name, position, work unit) was
    /// erased with them.
    pub fn is_public_record_erased(&self, person_id: Uuid) -> bool {
        self.erased.get(&person_id).copied().unwrap_or(false)
    }

    /// A person's fields sealed under their own key, opened; `None` when the person was
    /// erased (folded here, or the key is gone, which the app's Unseal knows first).
    pub fn open<T: DeserializeOwned + Clone>(
        &self,
        person_id: Uuid,
        value: &Personal<T>,
        unseal: &dyn Unseal,
    ) -> Option<T> {
        if self.is_erased(person_id) {
            return None;
        }
        value.open(unseal)
    }

    /// A person's public record, opened; `None` when it was erased with the person.
    pub fn open_public_record<T: DeserializeOwned + Clone>(
        &self,
        person_id: Uuid,
        value: &Personal<T>,
        unseal: &dyn Unseal,
    ) -> Option<T> {
        if self.is_public_record_erased(person_id) {
            return None;
        }
        value.open(unseal)
    }

    /// Applies a directory event: an erasure is remembered by person id. Nothing else is
    /// dropped: the models hold only ciphertext, which the destroyed key made noise.
    pub fn apply_directory(&mut self, ev: &DirectoryEvent) {
        if let DirectoryEvent::PersonErased(e) = ev {
            let public = self.erased.entry(e.person_id).or_insert(false);
            // An erasure that kept the public record may be followed by one that erases it;
            // never the other way back.
            *public |= e.public_record_erased;
        }
    }
}

/// `#[serde(with = "crate::people::personal")]` for a model's `Personal<T>` field: the events'
/// untagged shape in human-readable formats, a tagged enum in binary ones (snapshots).
pub(crate) mod personal {
    use super::*;
    use serde::{Deserializer, Serializer};

    /// The binary shape, borrowed for writing.
    #[derive(Serialize)]
    enum BinaryRef<'a, T> {
        Sealed(&'a Sealed),
        Open(&'a T),
    }

    /// The binary shape, owned for reading (variants in the same order).
    #[derive(Deserialize)]
    enum Binary<T> {
        Sealed(Sealed),
        Open(T),
    }

    pub fn serialize<S: Serializer, T: Serialize>(
        p: &Personal<T>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            return p.serialize(s);
        }
        match p {
            Personal::Sealed(x) => BinaryRef::<T>::Sealed(x),
            Personal::Open(t) => BinaryRef::Open(t),
        }
        .serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
        d: D,
    ) -> Result<Personal<T>, D::Error> {
        if d.is_human_readable() {
            return Personal::deserialize(d);
        }
        Ok(match Binary::deserialize(d)? {
            Binary::Sealed(x) => Personal::Sealed(x),
            Binary::Open(t) => Personal::Open(t),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use accolade_events::{NoKeys, Objector, Unseal};

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Holder {
        #[serde(with = "personal")]
        objector: Personal<Objector>,
    }

    fn objector() -> Objector {
        Objector {
            full_name: "Người Phản Ánh".into(),
            phone: "0912".into(),
            address: "Phố Huế".into(),
            email: None,
        }
    }

    fn sealed() -> Sealed {
        Sealed {
            key: uuid::Uuid::from_u128(7),
            at: Sealed::place(uuid::Uuid::nil(), "NominationDrafted", "nominee"),
            nonce: "bm9uY2U=".into(),
            ct: "Y3Q=".into(),
        }
    }

    #[test]
    fn both_shapes_round_trip_in_json_and_binary() {
        let cfg = bincode::config::standard();
        for p in [Personal::Sealed(sealed()), Personal::Open(objector())] {
            let h = Holder { objector: p };
            let json = serde_json::to_string(&h).unwrap();
            assert_eq!(serde_json::from_str::<Holder>(&json).unwrap(), h);
            let bytes = bincode::serde::encode_to_vec(&h, cfg).unwrap();
            let (back, _): (Holder, usize) =
                bincode::serde::decode_from_slice(&bytes, cfg).unwrap();
            assert_eq!(back, h);
        }
        // JSON is the events' own shape: a sealed box is its three fields.
        let json = serde_json::to_value(Holder {
            objector: Personal::Sealed(sealed()),
        })
        .unwrap();
        assert_eq!(json["objector"]["ct"], "Y3Q=");
    }

    #[test]
    fn no_keys_opens_nothing_sealed() {
        let keys: &dyn Unseal = &NoKeys;
        assert_eq!(Personal::<Objector>::Sealed(sealed()).open(keys), None);
        assert_eq!(Personal::Open(objector()).open(keys), Some(objector()));
    }
}
