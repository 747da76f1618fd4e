//! Interning of repeated values (stream ids, type names, actors, subjects), so a million
//! audit entries hold small indexes instead of a million copies of the same strings.

use std::collections::HashMap;
use std::hash::Hash;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Values by index, with the reverse map rebuilt on load (it is derived, not state).
#[derive(Debug, Clone)]
pub struct Interner<T: Eq + Hash + Clone> {
    values: Vec<T>,
    index: HashMap<T, u32>,
}

impl<T: Eq + Hash + Clone> Default for Interner<T> {
    fn default() -> Self {
        Interner {
            values: Vec::new(),
            index: HashMap::new(),
        }
    }
}

impl<T: Eq + Hash + Clone> PartialEq for Interner<T> {
    fn eq(&self, other: &Self) -> bool {
        self.values == other.values
    }
}

impl<T: Eq + Hash + Clone> Interner<T> {
    /// The index of `v`, adding it if new.
    pub fn intern<Q>(&mut self, v: &Q) -> u32
    where
        T: std::borrow::Borrow<Q>,
        Q: Eq + Hash + ?Sized + ToOwned<Owned = T>,
    {
        if let Some(i) = self.index.get(v) {
            return *i;
        }
        let i = u32::try_from(self.values.len()).unwrap_or(u32::MAX);
        self.values.push(v.to_owned());
        self.index.insert(v.to_owned(), i);
        i
    }

    /// The index of `v`, if interned.
    pub fn find<Q>(&self, v: &Q) -> Option<u32>
    where
        T: std::borrow::Borrow<Q>,
        Q: Eq + Hash + ?Sized,
    {
        self.index.get(v).copied()
    }

    /// The value at `i`.
    pub fn get(&self, i: u32) -> Option<&T> {
        self.values.get(i as usize)
    }
}

impl<T: Eq + Hash + Clone + Serialize> Serialize for Interner<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.values.serialize(s)
    }
}

impl<'de, T: Eq + Hash + Clone + Deserialize<'de>> Deserialize<'de> for Interner<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let values = Vec::<T>::deserialize(d)?;
        let index = values
            .iter()
            .enumerate()
            .map(|(i, v)| (v.clone(), u32::try_from(i).unwrap_or(u32::MAX)))
            .collect();
        Ok(Interner { values, index })
    }
}
