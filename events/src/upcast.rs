//! Upcasters: rewrite stored JSON of an old schema version into the next version's shape.
//!
//! Upcasting happens on JSON at the store boundary, before deserialisation, so the domain and
//! the projections only ever see current shapes and old payload structs need not be kept as
//! Rust types. The table is keyed by (type, version); reading a v1 record whose type is now at
//! v3 applies the v1 and the v2 upcasters in turn. Stored bytes are never rewritten: the hash
//! chain covers them, and every earlier version must stay readable.

use serde_json::{Map, Value};

use crate::EventError;

/// Rewrites one type's payload from `from_version` to `from_version + 1`.
#[derive(Debug, Clone, Copy)]
pub struct Upcaster {
    /// The event type it applies to.
    pub event_type: &'static str,
    /// The version it reads; it produces `from_version + 1`.
    pub from_version: u32,
    /// The rewrite. Errors are messages; [`upcast`] adds the type and version.
    pub apply: fn(Value) -> Result<Value, String>,
}

/// Every upcaster of the vocabulary.
pub static UPCASTERS: &[Upcaster] = &[
    Upcaster {
        event_type: "NominationDrafted",
        from_version: 1,
        apply: nominee_name_to_full_name,
    },
    Upcaster {
        event_type: "NominationAmended",
        from_version: 1,
        apply: nominee_name_to_full_name,
    },
    Upcaster {
        event_type: "NominationDrafted",
        from_version: 2,
        apply: personal_in_the_clear,
    },
    Upcaster {
        event_type: "NominationAmended",
        from_version: 2,
        apply: personal_in_the_clear,
    },
    Upcaster {
        event_type: "ObjectionFiled",
        from_version: 1,
        apply: personal_in_the_clear,
    },
    Upcaster {
        event_type: "UserRegistered",
        from_version: 1,
        apply: personal_in_the_clear,
    },
    Upcaster {
        event_type: "UserAmended",
        from_version: 1,
        apply: personal_in_the_clear,
    },
    Upcaster {
        event_type: "PastAwardImported",
        from_version: 1,
        apply: personal_in_the_clear,
    },
    Upcaster {
        event_type: "AwardConferred",
        from_version: 1,
        apply: no_public_record,
    },
];

/// Brings `payload` of `event_type` at `version` up to `current`, one step at a time.
pub fn upcast(
    event_type: &str,
    version: u32,
    current: u32,
    payload: Value,
) -> Result<Value, EventError> {
    let unknown = || EventError::UnknownVersion {
        event_type: event_type.to_owned(),
        version,
        current,
    };
    if version == 0 || version > current {
        return Err(unknown());
    }
    let mut payload = payload;
    let mut at = version;
    while at < current {
        let step = UPCASTERS
            .iter()
            .find(|u| u.event_type == event_type && u.from_version == at)
            .ok_or_else(unknown)?;
        payload = (step.apply)(payload).map_err(|message| EventError::Upcast {
            event_type: event_type.to_owned(),
            version: at,
            message,
        })?;
        at += 1;
    }
    Ok(payload)
}

/// Before personal data was sealed (the store shape `accolade migrate` converts from): the
/// personal field is a plain struct, which reads as [`crate::Personal::Open`]. Only the
/// migration reads such records; a store holding them is refused at open until migrated, which
/// seals them into a new store.
fn personal_in_the_clear(payload: Value) -> Result<Value, String> {
    Ok(payload)
}

/// `AwardConferred` v1 had no public record of its holder; only the migration can make one
/// (it has the nominee's fields and the keys), so reading v1 directly is refused.
fn no_public_record(_payload: Value) -> Result<Value, String> {
    Err("written before personal data was sealed: run `accolade migrate`".to_owned())
}

fn object_mut<'a>(v: &'a mut Value, what: &str) -> Result<&'a mut Map<String, Value>, String> {
    v.as_object_mut()
        .ok_or_else(|| format!("`{what}` is not an object"))
}

/// v1 -> v2 of `NominationDrafted` / `NominationAmended`: the nominee's `name` became
/// `full_name` (to match the API and to leave no doubt it is the whole name), and an optional
/// `province` was added for honour-list filters; old records have none.
fn nominee_name_to_full_name(mut payload: Value) -> Result<Value, String> {
    let root = object_mut(&mut payload, "payload")?;
    let nominee = root
        .get_mut("nominee")
        .ok_or_else(|| "no `nominee`".to_owned())?;
    let nominee = object_mut(nominee, "nominee")?;
    let name = nominee
        .remove("name")
        .ok_or_else(|| "no `nominee.name`".to_owned())?;
    nominee.insert("full_name".to_owned(), name);
    nominee.entry("province").or_insert(Value::Null);
    Ok(payload)
}
