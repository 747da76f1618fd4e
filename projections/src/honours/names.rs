//! The opened public cards, the name-search and the province index, in memory only.
//!
//! Each award's card is what a page shows of its holder (the public record opened: name,
//! position, work unit; the nominee's province) beside what the list's filters test
//! (programme, agency, category, order key), so a page opens nothing and a walk tests one
//! hash lookup per candidate, never the sealed values. Names can change only while a
//! nomination is a draft or returned (the domain refuses an amendment after that), so a card,
//! once opened, stands until its person is erased.
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
use std::sync::{OnceLock, PoisonError, RwLock};

use accolade_events::PublicHolder;
use uuid::Uuid;

use super::json::ItemJson;
use super::order::HonourKey;
use crate::search::{NameQuery, fold, tokens};

/// What opening an award gives the index.
#[derive(Debug, Clone)]
pub(crate) struct Opened {
    pub key: HonourKey,
    pub programme: Uuid,
    pub agency: Uuid,
    pub category: String,
    pub person: Uuid,
    /// What the list item shows of the award itself.
    pub shown: Shown,
    /// The public record; `None` when erased.
    pub holder: Option<PublicHolder>,
    /// The nominee's province; `None` when erased or not given.
    pub province: Option<String>,
}

/// What a list item shows of the award itself (public acts, fixed at the conferral but for
/// the revocation, which `Honours::revoked` updates on the card).
#[derive(Debug, Clone)]
pub(crate) struct Shown {
    pub nomination: Uuid,
    pub award_title: String,
    pub decision_no: String,
    pub decided_on: time::Date,
    pub revoked: bool,
}

/// An award's card: what its list item shows, and what the filters test.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub key: HonourKey,
    pub programme: Uuid,
    pub agency: Uuid,
    pub category: String,
    pub shown: Shown,
    /// The public record; `None` when erased.
    pub holder: Option<PublicHolder>,
    /// The folded name's tokens (none when erased).
    pub tokens: Vec<String>,
    /// The province as spelt, and folded.
    pub province: Option<(String, String)>,
    /// The list item's JSON, serialised on the card's first read (`json`); a revocation
    /// drops it, and an erasure replaces the whole card.
    pub json: OnceLock<Option<ItemJson>>,
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
    /// Two tokens of one name (`pair_key`) -> awards: a query of two or more words walks the
    /// awards whose names have two of its words, not every award with its rarest word.
    pairs: HashMap<String, BTreeMap<HonourKey, Uuid>>,
    /// Folded province -> awards.
    pub provinces: BTreeMap<String, BTreeMap<HonourKey, Uuid>>,
    /// Province as spelt -> programme -> awards (the filter's choices).
    spellings: BTreeMap<String, BTreeMap<Uuid, usize>>,
}

/// One query token's postings: the lists of every index token it prefixes.
pub(crate) struct Postings<'a> {
    /// The index tokens.
    pub tokens: Vec<&'a str>,
    /// Their lists.
    pub lists: Vec<&'a BTreeMap<HonourKey, Uuid>>,
    /// Their total size (an upper bound of the awards they hold).
    pub size: usize,
}

impl Entry {
    /// The card of an opened award, and whose it is.
    pub fn of(o: Opened) -> (Uuid, Entry) {
        let e = Entry {
            key: o.key,
            programme: o.programme,
            agency: o.agency,
            category: o.category,
            shown: o.shown,
            tokens: o
                .holder
                .as_ref()
                .map(|h| tokens(&h.full_name))
                .unwrap_or_default(),
            holder: o.holder,
            province: o.province.map(|p| {
                let f = fold(&p);
                (p, f)
            }),
            json: OnceLock::new(),
        };
        (o.person, e)
    }

    /// Whether the name matches `q` (an erased name matches nothing).
    pub fn name_matches(&self, q: &NameQuery) -> bool {
        !self.tokens.is_empty() && q.matches(&self.tokens)
    }

    /// Whether the nominee is of the folded province `want`.
    pub fn province_is(&self, want: &str) -> bool {
        self.province
            .as_ref()
            .is_some_and(|(_, folded)| folded == want)
    }
}

impl Inner {
    /// An award's card.
    pub fn entry(&self, award: &Uuid) -> Option<&Entry> {
        self.entries.get(award)
    }

    /// Each query token's postings, the rarest first.
    pub fn postings(&self, q: &NameQuery) -> Vec<Postings<'_>> {
        let mut out: Vec<Postings<'_>> = q
            .tokens()
            .iter()
            .map(|t| {
                let (tokens, lists): (Vec<_>, Vec<_>) = self
                    .tokens
                    .range(t.clone()..)
                    .take_while(|(k, _)| k.starts_with(t.as_str()))
                    .map(|(k, v)| (k.as_str(), v))
                    .unzip();
                let size = lists.iter().map(|l| l.len()).sum();
                Postings {
                    tokens,
                    lists,
                    size,
                }
            })
            .collect();
        out.sort_by_key(|p| p.size);
        out
    }

    /// The awards whose names have two distinct tokens, one of `a`'s index tokens and one of
    /// `b`'s; `None` when that would take more than `most` lookups (short prefixes).
    pub fn pairs(&self, a: &Postings<'_>, b: &Postings<'_>, most: usize) -> Option<Postings<'_>> {
        if a.tokens.len().saturating_mul(b.tokens.len()) > most {
            return None;
        }
        let mut lists = Vec::new();
        for x in &a.tokens {
            for y in &b.tokens {
                if let Some(l) = self.pairs.get(&pair_key(x, y)) {
                    lists.push(l);
                }
            }
        }
        let size = lists.iter().map(|l| l.len()).sum();
        Some(Postings {
            tokens: Vec::new(),
            lists,
            size,
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
        let (person, e) = Entry::of(o);
        for t in &e.tokens {
            self.tokens
                .entry(t.clone())
                .or_default()
                .insert(e.key, award);
        }
        for k in pair_keys(&e.tokens) {
            self.pairs.entry(k).or_default().insert(e.key, award);
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
        let mine = self.by_person.entry(person).or_default();
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
        for k in pair_keys(&e.tokens) {
            if let Some(l) = self.pairs.get_mut(&k) {
                l.remove(&e.key);
                if l.is_empty() {
                    self.pairs.remove(&k);
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

/// The key of two tokens, whichever order they come in.
fn pair_key(a: &str, b: &str) -> String {
    let (x, y) = if a <= b { (a, b) } else { (b, a) };
    format!("{x} {y}")
}

/// Every pair of a name's tokens at distinct places, each key once.
fn pair_keys(tokens: &[String]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (i, a) in tokens.iter().enumerate() {
        for b in tokens.iter().skip(i + 1) {
            out.insert(pair_key(a, b));
        }
    }
    out
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
    /// An award was revoked: its card (if opened yet) says so.
    pub fn mark_revoked(&mut self, award: &Uuid) {
        let inner = self.0.get_mut().unwrap_or_else(PoisonError::into_inner);
        if let Some(e) = inner.entries.get_mut(award) {
            e.shown.revoked = true;
            e.json = OnceLock::new();
        }
    }

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
