//! The name-search and province index, in memory only.
//!
//! Folded name tokens spell the name and a province is the nominee's own field: personal data
//! the read models and their snapshots must never hold in the clear (issue 12). So this index
//! lives beside the models, never inside their state: `#[serde(skip)]`, left out of equality
//! and of the digest, empty after a clone or a snapshot load. It is filled lazily through the
//! Unseal of the query that needs it: awards conferred since the last such query are opened
//! then (once each), and a folded `PersonErased` marks that person's entries stale, so the next
//! query opens them again (and finds them erased). Names and provinces come from the same
//! opened values the linear filter compared, so the answers are the same.
//!
//! Readers share the read lock; the lock is taken for writing only to catch up.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{PoisonError, RwLock};

use uuid::Uuid;

use super::order::HonourKey;
use crate::search::{NameQuery, fold, tokens};

/// What opening an award gives the index.
#[derive(Debug, Clone)]
pub(crate) struct Opened {
    pub key: HonourKey,
    pub programme: Uuid,
    pub person: Uuid,
    /// The public record's name; `None` when erased.
    pub name: Option<String>,
    /// The nominee's province; `None` when erased or not given.
    pub province: Option<String>,
}

#[derive(Debug, Clone)]
struct Entry {
    key: HonourKey,
    programme: Uuid,
    tokens: Vec<String>,
    province: Option<(String, String)>,
}

/// The index's contents (read under the lock).
#[derive(Debug, Default)]
pub(crate) struct Inner {
    /// How many of the conferred awards (in conferral order) are indexed.
    indexed: usize,
    /// People to open again.
    stale: BTreeSet<Uuid>,
    entries: HashMap<Uuid, Entry>,
    by_person: HashMap<Uuid, Vec<Uuid>>,
    /// Folded name token -> awards.
    tokens: BTreeMap<String, BTreeMap<HonourKey, Uuid>>,
    /// Folded province -> awards.
    pub provinces: BTreeMap<String, BTreeMap<HonourKey, Uuid>>,
    /// Province as spelt -> programme -> awards (the filter's choices).
    spellings: BTreeMap<String, BTreeMap<Uuid, usize>>,
}

/// Where a name query's candidates come from: the rarest query token's postings.
pub(crate) struct Candidates<'a> {
    /// The postings of every index token the query token prefixes.
    pub lists: Vec<&'a BTreeMap<HonourKey, Uuid>>,
    /// Their total size (an upper bound of the candidates).
    pub size: usize,
}

impl Inner {
    /// Whether the award's name matches `q` (an erased or unknown name matches nothing).
    pub fn name_matches(&self, award: &Uuid, q: &NameQuery) -> bool {
        self.entries
            .get(award)
            .is_some_and(|e| !e.tokens.is_empty() && q.matches(&e.tokens))
    }

    /// Whether the award's nominee is of the folded province `want`.
    pub fn province_is(&self, award: &Uuid, want: &str) -> bool {
        self.entries
            .get(award)
            .and_then(|e| e.province.as_ref())
            .is_some_and(|(_, folded)| folded == want)
    }

    /// The candidates of the query token with the fewest.
    pub fn candidates(&self, q: &NameQuery) -> Candidates<'_> {
        q.tokens()
            .iter()
            .map(|t| {
                let lists: Vec<_> = self
                    .tokens
                    .range(t.clone()..)
                    .take_while(|(k, _)| k.starts_with(t.as_str()))
                    .map(|(_, v)| v)
                    .collect();
                let size = lists.iter().map(|l| l.len()).sum();
                Candidates { lists, size }
            })
            .min_by_key(|c| c.size)
            .unwrap_or(Candidates {
                lists: Vec::new(),
                size: 0,
            })
    }

    /// Provinces as spelt on awards of programmes `shown` accepts, sorted.
    pub fn spellings(&self, shown: impl Fn(&Uuid) -> bool) -> Vec<String> {
        self.spellings
            .iter()
            .filter(|(_, by)| by.iter().any(|(p, n)| *n > 0 && shown(p)))
            .map(|(s, _)| s.clone())
            .collect()
    }

    fn insert(&mut self, award: Uuid, o: Opened) {
        let e = Entry {
            key: o.key,
            programme: o.programme,
            tokens: o.name.as_deref().map(tokens).unwrap_or_default(),
            province: o.province.map(|p| {
                let f = fold(&p);
                (p, f)
            }),
        };
        for t in &e.tokens {
            self.tokens
                .entry(t.clone())
                .or_default()
                .insert(e.key, award);
        }
        if let Some((raw, folded)) = &e.province {
            self.provinces
                .entry(folded.clone())
                .or_default()
                .insert(e.key, award);
            *self
                .spellings
                .entry(raw.clone())
                .or_default()
                .entry(e.programme)
                .or_default() += 1;
        }
        let mine = self.by_person.entry(o.person).or_default();
        if !mine.contains(&award) {
            mine.push(award);
        }
        self.entries.insert(award, e);
    }

    fn remove(&mut self, award: &Uuid) {
        let Some(e) = self.entries.remove(award) else {
            return;
        };
        for t in &e.tokens {
            if let Some(l) = self.tokens.get_mut(t) {
                l.remove(&e.key);
                if l.is_empty() {
                    self.tokens.remove(t);
                }
            }
        }
        if let Some((raw, folded)) = &e.province {
            if let Some(l) = self.provinces.get_mut(folded) {
                l.remove(&e.key);
                if l.is_empty() {
                    self.provinces.remove(folded);
                }
            }
            if let Some(by) = self.spellings.get_mut(raw) {
                if let Some(n) = by.get_mut(&e.programme) {
                    *n = n.saturating_sub(1);
                }
                by.retain(|_, n| *n > 0);
                if by.is_empty() {
                    self.spellings.remove(raw);
                }
            }
        }
    }

    fn behind(&self, conferred: usize) -> bool {
        self.indexed < conferred || !self.stale.is_empty()
    }

    fn catch_up(&mut self, conferred: &[Uuid], open: &dyn Fn(Uuid) -> Option<Opened>) {
        for person in std::mem::take(&mut self.stale) {
            for award in self.by_person.get(&person).cloned().unwrap_or_default() {
                self.remove(&award);
                if let Some(o) = open(award) {
                    self.insert(award, o);
                }
            }
        }
        for award in conferred.get(self.indexed..).unwrap_or_default() {
            if let Some(o) = open(*award) {
                self.insert(*award, o);
            }
        }
        self.indexed = self.indexed.max(conferred.len());
    }
}

/// The index behind its lock. Not part of the models' state: a clone starts empty, two
/// indexes are always equal, and serde skips it.
#[derive(Debug, Default)]
pub(crate) struct NameIndex(RwLock<Inner>);

impl Clone for NameIndex {
    fn clone(&self) -> Self {
        NameIndex::default()
    }
}

impl PartialEq for NameIndex {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl NameIndex {
    /// A `PersonErased` was folded: that person's entries are opened again by the next query.
    pub fn mark_stale(&mut self, person: Uuid) {
        let inner = self.0.get_mut().unwrap_or_else(PoisonError::into_inner);
        if inner.by_person.contains_key(&person) {
            inner.stale.insert(person);
        }
    }

    /// Runs `f` over the index caught up with `conferred` (every award, in conferral order),
    /// opening what it has not seen through `open`.
    pub fn with<R>(
        &self,
        conferred: &[Uuid],
        open: &dyn Fn(Uuid) -> Option<Opened>,
        f: impl FnOnce(&Inner) -> R,
    ) -> R {
        {
            let inner = self.0.read().unwrap_or_else(PoisonError::into_inner);
            if !inner.behind(conferred.len()) {
                return f(&inner);
            }
        }
        let mut inner = self.0.write().unwrap_or_else(PoisonError::into_inner);
        if inner.behind(conferred.len()) {
            inner.catch_up(conferred, open);
        }
        f(&inner)
    }
}
