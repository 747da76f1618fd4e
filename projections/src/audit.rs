//! The audit trail of any entity: who did what, when, with before and after where the events
//! allow (status changes; amended fields of nominations, agencies, users and programmes; phase
//! moves).
//!
//! One entry per event, so this is the biggest model. Why entries are kept in memory rather
//! than re-read from the log per query: `audit()` answers from the read lock like every other
//! query (the API handler pages through it synchronously), and before/after values need the
//! state *before* each event, which re-reading single records cannot give without refolding
//! the entity's history. So the entries stay, but compact, with no heap allocation per entry:
//!
//! - an entry is 24 bytes: time (µs), stream, actor, subject (interned `u32`s), event type
//!   (interned `u16`) and the status change (two one-byte enums);
//! - positions are not stored: entries are in log order and nearly every record makes one, so
//!   a position is the entry's index plus the offset of the last gap (`gaps`, one pair per run
//!   of consecutive positions — a skipped record starts a new run);
//! - field changes (amendments, phase moves: a few per thousand events) live in a side list
//!   keyed by entry index;
//! - the per-stream, per-subject and per-actor indexes (`u32` entry numbers) are derived,
//!   rebuilt on load with exact capacities.
//!
//! About 36 bytes per event with the indexes (it was 60 with 48-byte entries holding their
//! position and a boxed change list).
//!
//! Personal data: an amended nominee's before and after are kept sealed, as the events held
//! them ([`NomineeChange`]), and compared when the trail is read, through the caller's Unseal:
//! the trail shows the public fields that changed (name, position, work unit, province), never
//! contacts or birth year; once the nominee is erased the change shows as `nominee:
//! [erased]`. Anonymous records (opened secret ballots, public objections) stay anonymous.

mod changes;

use accolade_events::{NominationStatus as S, Unseal};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

pub use self::changes::{Changes, FieldChange, NomineeChange, field_changes};
use crate::catalog::Catalog;
use crate::envelope::{Actor, Envelope};
use crate::interner::Interner;

/// An entry: `(at_micros, stream, actor, subject, type, status_change)`; 24 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct Entry(i64, u32, u32, u32, u16, Option<(S, S)>);

impl Entry {
    fn stream(&self) -> u32 {
        self.1
    }
    fn actor(&self) -> u32 {
        self.2
    }
    fn subject(&self) -> u32 {
        self.3
    }
}

const _: () = assert!(std::mem::size_of::<Entry>() == 24);

const NO_SUBJECT: u32 = u32::MAX;

/// Every event, indexed by stream, subject (nomination) and actor.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AuditTrail {
    entries: Vec<Entry>,
    /// `(first entry index, its position)` per run of consecutive positions.
    gaps: Vec<(u32, u64)>,
    /// Field changes by entry index, in index order (sparse).
    changes: Vec<(u32, Vec<FieldChange>)>,
    /// Amended nominees by entry index, in index order (sparse).
    nominees: Vec<(u32, NomineeChange)>,
    streams: Interner<String>,
    types: Interner<String>,
    actors: Interner<Actor>,
    subjects: Interner<Uuid>,
    #[serde(skip)]
    by_stream: Vec<Vec<u32>>,
    #[serde(skip)]
    by_subject: Vec<Vec<u32>>,
    #[serde(skip)]
    by_actor: Vec<Vec<u32>>,
}

/// What to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// Only this stream (e.g. `agency-<uuid>`).
    pub stream: Option<String>,
    /// Only events about this nomination.
    pub nomination_id: Option<Uuid>,
    /// Only events by this user.
    pub actor: Option<Uuid>,
    /// Only after this position.
    pub after: Option<u64>,
    /// At most this many (0: no limit).
    pub limit: usize,
}

/// An audit item: one event of the log, who caused it and what it changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditItem {
    /// The event's position in the log (a page's `next_cursor` continues after it).
    pub position: u64,
    /// When the store recorded the event (RFC 3339, UTC).
    #[serde(with = "accolade_events::dates::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub recorded_at: OffsetDateTime,
    /// Who acted: a user, the system, or no one (opened ballots, public objections).
    pub actor: Actor,
    /// The stream appended to (`programme-<id>`, `user-<id>`, `directory`...).
    pub stream_id: String,
    /// The event's stable type name (`NominationSubmitted`...).
    pub event_type: String,
    /// The nomination concerned, if any.
    pub nomination_id: Option<Uuid>,
    /// The nomination's status before the event, when the event changed it.
    pub status_before: Option<S>,
    /// The nomination's status after the event, when the event changed it.
    pub status_after: Option<S>,
    /// The fields the event changed, each with its value before and after.
    pub changes: Vec<FieldChange>,
}

fn push(idx: &mut Vec<Vec<u32>>, key: u32, entry: u32) {
    if key == NO_SUBJECT {
        return;
    }
    let k = key as usize;
    if idx.len() <= k {
        idx.resize_with(k + 1, Vec::new);
    }
    if let Some(v) = idx.get_mut(k) {
        v.push(entry);
    }
}

/// Builds an index with exact capacities (after a load, nothing is over-allocated).
fn index_of(entries: &[Entry], key: impl Fn(&Entry) -> u32) -> Vec<Vec<u32>> {
    let mut counts: Vec<usize> = Vec::new();
    for e in entries {
        let k = key(e);
        if k != NO_SUBJECT {
            if counts.len() <= k as usize {
                counts.resize(k as usize + 1, 0);
            }
            if let Some(c) = counts.get_mut(k as usize) {
                *c += 1;
            }
        }
    }
    let mut idx: Vec<Vec<u32>> = counts.into_iter().map(Vec::with_capacity).collect();
    for (i, e) in entries.iter().enumerate() {
        push(&mut idx, key(e), u32::try_from(i).unwrap_or(u32::MAX));
    }
    idx
}

fn pick(idx: &[Vec<u32>], k: u32) -> &[u32] {
    idx.get(k as usize).map_or(&[][..], Vec::as_slice)
}

/// Interns `v`, trying the most recent value first (consecutive records mostly share their
/// stream and actor, and comparing is cheaper than hashing).
fn intern_recent<T, Q>(interner: &mut Interner<T>, recent: Option<u32>, v: &Q) -> u32
where
    T: Eq + std::hash::Hash + Clone + std::borrow::Borrow<Q>,
    Q: Eq + std::hash::Hash + ?Sized + ToOwned<Owned = T>,
{
    match recent {
        Some(i) if interner.get(i).is_some_and(|x| x.borrow() == v) => i,
        _ => interner.intern(v),
    }
}

impl AuditTrail {
    /// Records one event. `status` is the nomination's (before, after) when it changed.
    pub fn record(
        &mut self,
        env: &Envelope<'_>,
        event_type: &str,
        nomination: Option<Uuid>,
        status: Option<(S, S)>,
        changes: Changes,
    ) {
        let i = u32::try_from(self.entries.len()).unwrap_or(u32::MAX);
        let next = (self.entries.len().checked_sub(1))
            .and_then(|last| self.position_of(last))
            .map(|p| p + 1);
        if next != Some(env.position) {
            self.gaps.push((i, env.position));
        }
        let last = self.entries.last().copied();
        let stream = intern_recent(&mut self.streams, last.map(|e| e.stream()), env.stream_id);
        let actor = intern_recent(&mut self.actors, last.map(|e| e.actor()), &env.actor);
        let ty = self.types.intern(event_type);
        let ty = u16::try_from(ty).unwrap_or(u16::MAX);
        let subject = nomination.map_or(NO_SUBJECT, |n| self.subjects.intern(&n));
        let at = i64::try_from(env.recorded_at.unix_timestamp_nanos() / 1000).unwrap_or(0);
        if !changes.fields.is_empty() {
            self.changes.push((i, changes.fields));
        }
        if let Some(n) = changes.nominee {
            self.nominees.push((i, n));
        }
        self.entries
            .push(Entry(at, stream, actor, subject, ty, status));
        push(&mut self.by_stream, stream, i);
        push(&mut self.by_subject, subject, i);
        push(&mut self.by_actor, actor, i);
    }

    /// The position of entry `i` (`None` past the end).
    fn position_of(&self, i: usize) -> Option<u64> {
        if i >= self.entries.len() {
            return None;
        }
        let i = u32::try_from(i).ok()?;
        // Nearly always the last run; a search otherwise.
        let run = match self.gaps.last() {
            Some((first, _)) if *first <= i => self.gaps.len(),
            _ => self.gaps.partition_point(|(first, _)| *first <= i),
        };
        let (first, at) = self.gaps.get(run.checked_sub(1)?)?;
        Some(at + u64::from(i - first))
    }

    /// Rebuilds the derived indexes (after loading a snapshot).
    pub fn reindex(&mut self) {
        self.by_stream = index_of(&self.entries, Entry::stream);
        self.by_subject = index_of(&self.entries, Entry::subject);
        self.by_actor = index_of(&self.entries, Entry::actor);
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    fn item(&self, i: u32, e: &Entry, catalog: &Catalog, unseal: &dyn Unseal) -> AuditItem {
        // The nominee's fields first, as an amendment lists them, then the plain ones.
        let mut changes = self
            .nominees
            .binary_search_by_key(&i, |(k, _)| *k)
            .ok()
            .and_then(|k| self.nominees.get(k))
            .map(|(_, n)| n.fields(catalog, unseal))
            .unwrap_or_default();
        if let Some((_, c)) = self
            .changes
            .binary_search_by_key(&i, |(k, _)| *k)
            .ok()
            .and_then(|k| self.changes.get(k))
        {
            changes.extend(c.iter().cloned());
        }
        AuditItem {
            position: self.position_of(i as usize).unwrap_or(u64::MAX),
            recorded_at: OffsetDateTime::from_unix_timestamp_nanos(i128::from(e.0) * 1000)
                .unwrap_or(OffsetDateTime::UNIX_EPOCH),
            actor: self.actors.get(e.2).cloned().unwrap_or(Actor::Anonymous),
            stream_id: self.streams.get(e.1).cloned().unwrap_or_default(),
            event_type: self.types.get(u32::from(e.4)).cloned().unwrap_or_default(),
            nomination_id: self.subjects.get(e.3).copied(),
            status_before: e.5.map(|s| s.0),
            status_after: e.5.map(|s| s.1),
            changes,
        }
    }

    /// Entries matching `f`, in log order. The narrowest index given is walked (from the
    /// first entry after `f.after`); the other filters are checked per entry. Amended
    /// nominees are opened through `unseal` (and `catalog`'s erasures).
    pub fn query(&self, f: &AuditFilter, catalog: &Catalog, unseal: &dyn Unseal) -> Vec<AuditItem> {
        let stream = f.stream.as_deref().map(|s| self.streams.find(s));
        let subject = f.nomination_id.map(|n| self.subjects.find(&n));
        let actor = f.actor.map(|a| self.actors.find(&Actor::User(a)));
        // A filter on something never seen matches nothing.
        if matches!(stream, Some(None))
            || matches!(subject, Some(None))
            || matches!(actor, Some(None))
        {
            return Vec::new();
        }
        let (stream, subject, actor) = (stream.flatten(), subject.flatten(), actor.flatten());
        // The first entry after `f.after`: positions grow with the index.
        let first = match f.after {
            None => 0,
            Some(p) => {
                let (mut lo, mut hi) = (0usize, self.entries.len());
                while lo < hi {
                    let mid = lo + (hi - lo) / 2;
                    if self.position_of(mid).is_some_and(|x| x <= p) {
                        lo = mid + 1;
                    } else {
                        hi = mid;
                    }
                }
                u32::try_from(lo).unwrap_or(u32::MAX)
            }
        };
        let index = match (subject, stream, actor) {
            (Some(k), _, _) => Some(pick(&self.by_subject, k)),
            (_, Some(k), _) => Some(pick(&self.by_stream, k)),
            (_, _, Some(k)) => Some(pick(&self.by_actor, k)),
            _ => None,
        };
        let walk: Box<dyn Iterator<Item = u32> + '_> = match index {
            Some(idx) => {
                let from = idx.partition_point(|i| *i < first);
                Box::new(idx.get(from..).unwrap_or_default().iter().copied())
            }
            None => Box::new(first..u32::try_from(self.entries.len()).unwrap_or(u32::MAX)),
        };
        let limit = if f.limit == 0 { usize::MAX } else { f.limit };
        let keep = |e: &Entry| {
            stream.is_none_or(|s| e.stream() == s)
                && subject.is_none_or(|s| e.subject() == s)
                && actor.is_none_or(|a| e.actor() == a)
        };
        walk.filter_map(|i| self.entries.get(i as usize).map(|e| (i, e)))
            .filter(|(_, e)| keep(e))
            .take(limit)
            .map(|(i, e)| self.item(i, e, catalog, unseal))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(position: u64, stream: &str) -> Envelope<'_> {
        Envelope {
            position,
            stream_id: stream,
            event_id: Uuid::from_u128(u128::from(position)),
            recorded_at: OffsetDateTime::UNIX_EPOCH + time::Duration::microseconds(position as i64),
            actor: Actor::User(Uuid::from_u128(9)),
            hash: accolade_store::Hash::GENESIS,
            aggregate_id: None,
        }
    }

    #[test]
    fn positions_survive_gaps_and_after_pages_through_them() {
        let (c, keys) = (Catalog::default(), accolade_events::NoKeys);
        let mut t = AuditTrail::default();
        // 0..3, a skipped record at 3, then 4..6, then a jump to 10.
        for p in [0, 1, 2, 4, 5, 10] {
            t.record(&env(p, "s-a"), "X", None, None, Changes::default());
        }
        let all: Vec<u64> = t
            .query(&AuditFilter::default(), &c, &keys)
            .iter()
            .map(|i| i.position)
            .collect();
        assert_eq!(all, [0, 1, 2, 4, 5, 10]);
        let after = |a| {
            t.query(
                &AuditFilter {
                    stream: Some("s-a".into()),
                    after: Some(a),
                    limit: 2,
                    ..Default::default()
                },
                &c,
                &keys,
            )
            .iter()
            .map(|i| i.position)
            .collect::<Vec<_>>()
        };
        assert_eq!(after(2), [4, 5]);
        assert_eq!(after(3), [4, 5]);
        assert_eq!(after(5), [10]);
        assert!(after(10).is_empty());
        let first = &t.query(&AuditFilter::default(), &c, &keys)[3];
        assert_eq!(first.recorded_at.unix_timestamp_nanos(), 4_000);
        // The derived indexes rebuilt on load answer the same.
        let mut loaded = t.clone();
        loaded.reindex();
        assert_eq!(
            loaded.query(&AuditFilter::default(), &c, &keys),
            t.query(&AuditFilter::default(), &c, &keys)
        );
    }
}
