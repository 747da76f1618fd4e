//! A stand-in for the app's key store, for tests that fold sealed events without the app
//! (this crate's and the notifier's). Behind the `test-support` feature.
//!
//! It seals in shape, not in substance: the value's JSON is kept here under a fresh nonce and
//! the box holds nothing readable, so a test can check that no model or snapshot holds
//! plaintext; it opens nothing under a destroyed key, as the app's register does after an
//! erasure.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

use accolade_events::{Personal, ProgrammeEvent, Sealed, Unseal, public_record_key};
use uuid::Uuid;

/// The stand-in key store.
#[derive(Debug, Default)]
pub struct StandInKeys {
    boxes: Mutex<HashMap<String, (Uuid, serde_json::Value)>>,
    destroyed: Mutex<HashSet<Uuid>>,
}

impl StandInKeys {
    /// `t` sealed under `key`.
    pub fn seal_value<T: serde::Serialize>(&self, key: Uuid, t: &T) -> Personal<T> {
        let mut boxes = self.boxes.lock().unwrap_or_else(|p| p.into_inner());
        let nonce = format!("nonce-{}", boxes.len());
        let json = serde_json::to_value(t).unwrap_or(serde_json::Value::Null);
        boxes.insert(nonce.clone(), (key, json));
        Personal::Sealed(Sealed {
            key,
            at: String::new(),
            nonce,
            ct: "c2VhbGVk".into(),
        })
    }

    /// Seals `p` under `key` in place (an open value; a sealed one is left as it is).
    pub fn seal<T: serde::Serialize>(&self, key: Uuid, p: &mut Personal<T>) {
        if let Personal::Open(t) = p {
            *p = self.seal_value(key, &*t);
        }
    }

    /// Destroys a key: every box under it reads as erased.
    pub fn destroy(&self, key: Uuid) {
        self.destroyed
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(key);
    }

    /// The programme event sealed as the app would append it.
    pub fn seal_programme(&self, mut e: ProgrammeEvent) -> ProgrammeEvent {
        match &mut e {
            ProgrammeEvent::NominationDrafted(e) => self.seal(e.person_id, &mut e.nominee),
            ProgrammeEvent::NominationAmended(e) => self.seal(e.person_id, &mut e.nominee),
            ProgrammeEvent::ObjectionFiled(e) => self.seal(e.objector_person_id, &mut e.objector),
            ProgrammeEvent::AwardConferred(e) => {
                self.seal(public_record_key(e.person_id), &mut e.holder);
            }
            _ => {}
        }
        e
    }
}

impl Unseal for StandInKeys {
    fn unseal(&self, s: &Sealed) -> Option<serde_json::Value> {
        let destroyed = self.destroyed.lock().unwrap_or_else(|p| p.into_inner());
        if destroyed.contains(&s.key) {
            return None;
        }
        let boxes = self.boxes.lock().unwrap_or_else(|p| p.into_inner());
        let (key, value) = boxes.get(&s.nonce)?;
        (*key == s.key).then(|| value.clone())
    }
}
