//! A stand-in for the app's key store.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

use accolade_events::{Personal, Sealed, Unseal};
use uuid::Uuid;

/// Seals as the app does, in shape: the value's JSON is kept here under a fresh nonce, and the
/// box written to the log holds nothing readable. Opens nothing under a destroyed key.
#[derive(Debug, Default)]
pub struct Vault {
    boxes: Mutex<HashMap<String, (Uuid, serde_json::Value)>>,
    destroyed: Mutex<HashSet<Uuid>>,
}

impl Vault {
    /// `t` sealed under `key`.
    pub fn seal<T: serde::Serialize>(&self, key: Uuid, t: &T) -> Personal<T> {
        let mut boxes = self.boxes.lock().unwrap();
        let nonce = format!("nonce-{}", boxes.len());
        boxes.insert(nonce.clone(), (key, serde_json::to_value(t).unwrap()));
        Personal::Sealed(Sealed {
            key,
            at: String::new(),
            nonce,
            ct: "c2VhbGVk".into(),
        })
    }

    /// Destroys a key.
    pub fn destroy(&self, key: Uuid) {
        self.destroyed.lock().unwrap().insert(key);
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
