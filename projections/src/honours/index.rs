//! The honour list's ordered indexes, kept as events fold and saved in the snapshot (they hold
//! ids and order keys only, no personal data).
//!
//! Every award is in its programme's index from its conferral. The public indexes (the whole
//! list, per year, agency, category, and by decision date for the feed) hold the awards of
//! published programmes only: a programme's awards enter them when it moves to `published`
//! (one pass over that programme's awards, once), and an award conferred later enters at once.
//! So a page never walks past awards that are not public yet.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::order::{HonourKey, Ordered};

/// What the indexes need of an award.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Indexed<'a> {
    pub id: Uuid,
    pub key: HonourKey,
    pub programme: Uuid,
    pub agency: Uuid,
    pub category: &'a str,
}

/// The ordered indexes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct Indexes {
    /// Programmes whose awards are in the public indexes.
    pub published: BTreeSet<Uuid>,
    /// Every published award.
    pub all: Ordered,
    /// Every award (published or not) per programme.
    pub by_programme: BTreeMap<Uuid, Ordered>,
    pub by_year: BTreeMap<i32, Ordered>,
    pub by_agency: BTreeMap<Uuid, Ordered>,
    pub by_category: BTreeMap<String, Ordered>,
    /// Published awards by (decision day, position): newest last; the feed walks it backwards.
    #[serde(with = "crate::pairs")]
    pub by_decision: BTreeMap<(i32, u64), Uuid>,
}

impl Indexes {
    /// Indexes a conferral; in the public indexes too when its programme is published.
    pub fn add(&mut self, a: Indexed<'_>) {
        self.by_programme
            .entry(a.programme)
            .or_default()
            .0
            .insert(a.key, a.id);
        if self.published.contains(&a.programme) {
            self.show(a);
        }
    }

    fn show(&mut self, a: Indexed<'_>) {
        self.all.0.insert(a.key, a.id);
        self.by_year
            .entry(a.key.year)
            .or_default()
            .0
            .insert(a.key, a.id);
        self.by_agency
            .entry(a.agency)
            .or_default()
            .0
            .insert(a.key, a.id);
        self.by_category
            .entry(a.category.to_owned())
            .or_default()
            .0
            .insert(a.key, a.id);
        self.by_decision.insert((a.key.day, a.key.position), a.id);
    }

    fn hide(&mut self, a: Indexed<'_>) {
        fn take<K: Ord>(m: &mut BTreeMap<K, Ordered>, k: &K, key: &HonourKey) {
            if let Some(o) = m.get_mut(k) {
                o.0.remove(key);
                if o.0.is_empty() {
                    m.remove(k);
                }
            }
        }
        self.all.0.remove(&a.key);
        take(&mut self.by_year, &a.key.year, &a.key);
        take(&mut self.by_agency, &a.agency, &a.key);
        take(&mut self.by_category, &a.category.to_owned(), &a.key);
        self.by_decision.remove(&(a.key.day, a.key.position));
    }

    /// A programme's phase moved: its awards enter the public indexes when it is published now
    /// and was not, and leave them in the (unexpected) other direction. `awards` describes
    /// them by id.
    pub fn phase_moved<'a>(
        &mut self,
        programme: Uuid,
        published: bool,
        awards: impl Fn(Uuid) -> Option<Indexed<'a>>,
    ) {
        if published == self.published.contains(&programme) {
            return;
        }
        let ids: Vec<Uuid> = self
            .by_programme
            .get(&programme)
            .map(|o| o.0.values().copied().collect())
            .unwrap_or_default();
        if published {
            self.published.insert(programme);
        } else {
            self.published.remove(&programme);
        }
        for a in ids.into_iter().filter_map(awards) {
            if published {
                self.show(a);
            } else {
                self.hide(a);
            }
        }
    }
}
