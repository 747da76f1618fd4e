//! The programme's indexes: what a per-nomination command would otherwise find by scanning
//! every nomination. Kept by `evolve` (never by `decide`), in persistent maps so the state
//! stays cheap to clone, and derived from the nominations alone: folding the same events
//! always gives the same indexes, which the tests check against a scan.
//!
//! - In play per (agency, category): the submission quota counts it.
//! - Nominations per nominee lookup (person id, national id, name with birth year, name with
//!   organisation): the duplicate check looks its nominee's keys up instead of comparing with
//!   every nomination.

use std::sync::Arc;

use accolade_events::{NominationStatus as S, NomineeLookups};
use imbl::{HashMap, OrdSet};
use uuid::Uuid;

use super::Nomination;

/// Statuses that no longer count against an agency's quota, nor as a nominee already
/// nominated: never submitted, withdrawn, or found ineligible.
pub(crate) fn out_of_play(s: S) -> bool {
    matches!(s, S::Draft | S::Withdrawn | S::Ineligible)
}

/// One key a duplicate could share with a nomination. Lookups are shared strings: a node
/// of the persistent map is copied when changed, and its keys with it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum NomineeKey {
    Person(Uuid),
    NationalId(Arc<str>),
    NameBirth(Arc<str>),
    NameOrg(Arc<str>),
}

fn keys(person_id: Uuid, l: &NomineeLookups) -> impl Iterator<Item = NomineeKey> {
    let hashed = [
        l.national_id
            .as_ref()
            .map(|k| NomineeKey::NationalId(k.0.as_str().into())),
        l.name_birth
            .as_ref()
            .map(|k| NomineeKey::NameBirth(k.0.as_str().into())),
        l.name_org
            .as_ref()
            .map(|k| NomineeKey::NameOrg(k.0.as_str().into())),
    ];
    std::iter::once(NomineeKey::Person(person_id)).chain(hashed.into_iter().flatten())
}

/// What the indexes know of one nomination: enough to take it out again.
#[derive(Debug, Clone)]
pub(super) struct Entry {
    agency_id: Uuid,
    category_code: String,
    in_play: bool,
    person_id: Uuid,
    lookups: NomineeLookups,
}

impl Entry {
    pub(super) fn of(n: &Nomination) -> Self {
        Self {
            agency_id: n.agency_id,
            category_code: n.category_code.clone(),
            in_play: !out_of_play(n.status),
            person_id: n.person_id,
            lookups: n.lookups.clone(),
        }
    }
}

/// The indexes (see the module documentation).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Indexes {
    in_play: HashMap<(Uuid, String), u32>,
    by_key: HashMap<NomineeKey, OrdSet<Uuid>>,
}

impl Indexes {
    /// How many nominations of `agency` are in play in `category_code`.
    pub fn in_play(&self, agency: Uuid, category_code: &str) -> u32 {
        self.in_play
            .get(&(agency, category_code.to_owned()))
            .copied()
            .unwrap_or(0)
    }

    /// The nominations (of any status, any agency) sharing at least one lookup key with this
    /// nominee, in id order. A superset of its duplicates: the caller applies the rule.
    pub fn sharing_keys(&self, person_id: Uuid, lookups: &NomineeLookups) -> OrdSet<Uuid> {
        let mut out = OrdSet::new();
        for k in keys(person_id, lookups) {
            if let Some(ids) = self.by_key.get(&k) {
                out = out.union(ids.clone());
            }
        }
        out
    }

    /// Moves nomination `id` from what it was (`None`: new) to what it is.
    pub(super) fn update(&mut self, id: Uuid, before: Option<&Entry>, after: &Entry) {
        if let Some(b) = before {
            if b.in_play != after.in_play {
                if b.in_play {
                    self.count(b, -1);
                } else {
                    self.count(after, 1);
                }
            }
            if b.person_id == after.person_id && b.lookups == after.lookups {
                return;
            }
            for k in keys(b.person_id, &b.lookups) {
                if let Some(ids) = self.by_key.get_mut(&k) {
                    ids.remove(&id);
                    if ids.is_empty() {
                        self.by_key.remove(&k);
                    }
                }
            }
        } else if after.in_play {
            self.count(after, 1);
        }
        for k in keys(after.person_id, &after.lookups) {
            self.by_key.entry(k).or_default().insert(id);
        }
    }

    fn count(&mut self, e: &Entry, delta: i32) {
        let key = (e.agency_id, e.category_code.clone());
        let n = self.in_play.get(&key).copied().unwrap_or(0);
        let next = n.saturating_add_signed(delta);
        if next == 0 {
            self.in_play.remove(&key);
        } else {
            self.in_play.insert(key, next);
        }
    }
}
