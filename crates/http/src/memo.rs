//! Values a front end derives from the read models and keeps while what they show is
//! unchanged: the honour list's filter choices, rendered once per version of the list and
//! language instead of on every page.
//!
//! One slot per name, holding the version it was made at; a request at another version makes
//! the value again and replaces it. So the memo holds one value per name, however many
//! versions pass, and a stale value is never answered: the caller passes the version it reads
//! beside the value's source.

use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

type Slot = (u64, Arc<dyn Any + Send + Sync>);

/// The memo (shared by every handler through [`crate::AppState`]).
#[derive(Default)]
pub struct Memo {
    slots: Mutex<HashMap<&'static str, Slot>>,
}

impl std::fmt::Debug for Memo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Memo").finish_non_exhaustive()
    }
}

impl Memo {
    /// The value of slot `name` made at `version`, made by `make` if the slot holds none at
    /// that version. `make` runs outside the lock: two requests that miss at once
    /// both make it, and the later one stays.
    pub fn get<T: Any + Send + Sync>(
        &self,
        name: &'static str,
        version: u64,
        make: impl FnOnce() -> T,
    ) -> Arc<T> {
        let held = self
            .slots
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(name)
            .filter(|(v, _)| *v == version)
            .map(|(_, value)| value.clone());
        if let Some(t) = held.and_then(|value| value.downcast::<T>().ok()) {
            return t;
        }
        let made = Arc::new(make());
        self.slots
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(name, (version, made.clone()));
        made
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    #[test]
    fn made_once_per_version_and_name() {
        let memo = Memo::default();
        let made = Cell::new(0);
        let make = |n: u32| {
            made.set(made.get() + 1);
            n
        };
        assert_eq!(*memo.get("x", 1, || make(10)), 10);
        assert_eq!(*memo.get("x", 1, || make(11)), 10, "same version: kept");
        assert_eq!(made.get(), 1);
        assert_eq!(*memo.get("y", 1, || make(12)), 12, "another name");
        assert_eq!(
            *memo.get("x", 2, || make(13)),
            13,
            "a new version: made again"
        );
        assert_eq!(*memo.get("x", 1, || make(14)), 14, "an older one too");
        assert_eq!(made.get(), 4);
        assert_eq!(*memo.get("y", 1, || make(15)), 12, "the other name kept");
    }
}
