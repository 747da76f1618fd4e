//! A stand-in for the app's key store, so the tests fold sealed events as production does.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

use accolade_events::*;
use uuid::Uuid;

/// A stand-in for the app's key store: sealing keeps the value's JSON here under a fresh
/// nonce and writes only the nonce and a placeholder into the box, so nothing readable
/// reaches the log or a model; opening answers `None` once the box's key is destroyed.
#[derive(Debug, Default)]
pub struct Vault {
    boxes: Mutex<HashMap<String, (Uuid, serde_json::Value)>>,
    destroyed: Mutex<HashSet<Uuid>>,
}

impl Vault {
    /// Seals `p` under `key` (an open value; a sealed one is left as it is).
    pub fn seal<T: serde::Serialize>(&self, key: Uuid, p: &mut Personal<T>) {
        let Personal::Open(t) = p else { return };
        let mut boxes = self.boxes.lock().unwrap();
        let nonce = format!("nonce-{}", boxes.len());
        boxes.insert(nonce.clone(), (key, serde_json::to_value(&*t).unwrap()));
        *p = Personal::Sealed(Sealed {
            key,
            at: String::new(),
            nonce,
            ct: "c2VhbGVk".into(),
        });
    }

    /// Destroys a key: every box under it reads as erased.
    pub fn destroy(&self, key: Uuid) {
        self.destroyed.lock().unwrap().insert(key);
    }

    /// The sealed programme event, as the app would append it.
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

impl Unseal for Vault {
    fn unseal(&self, s: &Sealed) -> Option<serde_json::Value> {
        if self.destroyed.lock().unwrap().contains(&s.key) {
            return None;
        }
        let boxes = self.boxes.lock().unwrap();
        let (key, value) = boxes.get(&s.nonce)?;
        (*key == s.key).then(|| value.clone())
    }
}
