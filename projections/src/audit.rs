//! The audit trail of any entity: who did what, when, with before and after where the events
//! allow (status changes; amended fields of nominations, agencies, users and programmes; phase
//! moves).
//!
//! One entry per event, so this is the biggest model: entries are kept compact (48 bytes;
//! stream ids, type names, actors and subjects interned) and stored as arrays in snapshots.
//! The per-stream, per-subject and per-actor indexes are derived and rebuilt on load.
//!
//! Private nominee fields (contacts, birth year) are not kept anywhere in the projections, so
//! they never appear as before/after values: an amendment shows only the public fields and the
//! citation. Anonymous records (opened secret ballots, public objections) stay anonymous.

use accolade_events::{
    AgencyEvent, AnyEvent, NominationStatus as S, ProgrammeEvent as E, UserEvent,
};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::catalog::Catalog;
use crate::envelope::{Actor, Envelope};
use crate::interner::Interner;

/// One changed field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    /// The field.
    pub field: String,
    /// Its value before (`None`: unset or unknown).
    pub before: Option<String>,
    /// Its value after.
    pub after: Option<String>,
}

/// An entry, stored as an array in snapshots: `[position, at_micros, stream, type, actor,
/// subject, status_change, changes]`.
// `Box<Vec<_>>`: an absent change list (nearly every entry) costs one word, not three.
#[allow(clippy::box_collection)]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Entry(
    u64,
    i64,
    u32,
    u32,
    u32,
    u32,
    Option<(S, S)>,
    Option<Box<Vec<FieldChange>>>,
);

const NO_SUBJECT: u32 = u32::MAX;

/// Every event, indexed by stream, subject (nomination) and actor.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AuditTrail {
    entries: Vec<Entry>,
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

/// An audit item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditItem {
    /// Position in the log.
    pub position: u64,
    /// When.
    #[serde(with = "time::serde::rfc3339")]
    pub recorded_at: OffsetDateTime,
    /// Who.
    pub actor: Actor,
    /// The stream.
    pub stream_id: String,
    /// What.
    pub event_type: String,
    /// The nomination concerned, if any.
    pub nomination_id: Option<Uuid>,
    /// Status before, when the event changed it.
    pub status_before: Option<S>,
    /// Status after.
    pub status_after: Option<S>,
    /// Changed fields.
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

fn pick(idx: &[Vec<u32>], k: u32) -> &[u32] {
    idx.get(k as usize).map_or(&[][..], Vec::as_slice)
}

fn change(field: &str, before: Option<String>, after: Option<String>) -> Option<FieldChange> {
    (before != after).then(|| FieldChange {
        field: field.to_owned(),
        before,
        after,
    })
}

/// The field changes an event makes, read against the catalog *before* it is applied.
pub fn field_changes(ev: &AnyEvent, env: &Envelope<'_>, catalog: &Catalog) -> Vec<FieldChange> {
    let id = env.aggregate_id;
    let mut out = Vec::new();
    match ev {
        AnyEvent::Programme(E::NominationAmended(e)) => {
            if let Some(n) = catalog.nominations.get(&e.nomination_id) {
                let (b, a) = (&n.nominee, &e.nominee);
                out.extend(change(
                    "full_name",
                    Some(b.full_name.clone()),
                    Some(a.full_name.clone()),
                ));
                out.extend(change("position", b.position.clone(), a.position.clone()));
                out.extend(change(
                    "organisation",
                    Some(b.organisation.clone()),
                    Some(a.organisation.clone()),
                ));
                out.extend(change("province", b.province.clone(), a.province.clone()));
                out.extend(change(
                    "citation",
                    Some(n.citation.clone()),
                    Some(e.citation.clone()),
                ));
                out.extend(change(
                    "person_id",
                    Some(n.person_id.to_string()),
                    Some(e.person_id.to_string()),
                ));
            }
        }
        AnyEvent::Programme(E::PhaseMoved(e)) => {
            out.extend(change(
                "phase",
                Some(e.from.to_string()),
                Some(e.to.to_string()),
            ));
        }
        AnyEvent::Programme(E::ProgrammeAmended(e)) => {
            if let (Some(p), Some(t)) = (id.and_then(|i| catalog.programmes.get(&i)), &e.title) {
                out.extend(change("title", Some(p.title.clone()), Some(t.clone())));
            }
        }
        AnyEvent::Agency(AgencyEvent::AgencyAmended(e)) => {
            if let Some(a) = id.and_then(|i| catalog.agencies.get(&i)) {
                if let Some(v) = &e.name {
                    out.extend(change("name", Some(a.name.clone()), Some(v.clone())));
                }
                if let Some(v) = e.kind {
                    out.extend(change(
                        "kind",
                        Some(a.kind.to_string()),
                        Some(v.to_string()),
                    ));
                }
                if e.province.is_some() {
                    out.extend(change("province", a.province.clone(), e.province.clone()));
                }
                if e.email.is_some() {
                    out.extend(change("email", a.email.clone(), e.email.clone()));
                }
            }
        }
        AnyEvent::User(UserEvent::UserAmended(e)) => {
            if let Some(u) = id.and_then(|i| catalog.users.get(&i)) {
                if let Some(v) = e.role {
                    out.extend(change(
                        "role",
                        Some(u.role.to_string()),
                        Some(v.to_string()),
                    ));
                }
                if let Some(v) = e.agency_id {
                    let s = |x: Option<Uuid>| x.map(|x| x.to_string());
                    out.extend(change("agency_id", s(u.agency_id), s(v)));
                }
                if let Some(v) = e.locale {
                    out.extend(change(
                        "locale",
                        Some(u.locale.to_string()),
                        Some(v.to_string()),
                    ));
                }
                if e.contact.is_some() {
                    // The contact is personal data: record that it changed, not its values.
                    out.push(FieldChange {
                        field: "contact".into(),
                        before: None,
                        after: None,
                    });
                }
            }
        }
        _ => {}
    }
    out
}

impl AuditTrail {
    /// Records one event. `status` is the nomination's (before, after) when it changed.
    pub fn record(
        &mut self,
        env: &Envelope<'_>,
        event_type: &str,
        nomination: Option<Uuid>,
        status: Option<(S, S)>,
        changes: Vec<FieldChange>,
    ) {
        let i = u32::try_from(self.entries.len()).unwrap_or(u32::MAX);
        let stream = self.streams.intern(env.stream_id);
        let ty = self.types.intern(event_type);
        let actor = self.actors.intern(&env.actor);
        let subject = nomination.map_or(NO_SUBJECT, |n| self.subjects.intern(&n));
        let at = i64::try_from(env.recorded_at.unix_timestamp_nanos() / 1000).unwrap_or(0);
        let changes = (!changes.is_empty()).then(|| Box::new(changes));
        self.entries.push(Entry(
            env.position,
            at,
            stream,
            ty,
            actor,
            subject,
            status,
            changes,
        ));
        push(&mut self.by_stream, stream, i);
        push(&mut self.by_subject, subject, i);
        push(&mut self.by_actor, actor, i);
    }

    /// Rebuilds the derived indexes (after loading a snapshot).
    pub fn reindex(&mut self) {
        let (mut s, mut n, mut a) = (Vec::new(), Vec::new(), Vec::new());
        for (i, e) in self.entries.iter().enumerate() {
            let i = u32::try_from(i).unwrap_or(u32::MAX);
            push(&mut s, e.2, i);
            push(&mut n, e.5, i);
            push(&mut a, e.4, i);
        }
        (self.by_stream, self.by_subject, self.by_actor) = (s, n, a);
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    fn item(&self, e: &Entry) -> AuditItem {
        AuditItem {
            position: e.0,
            recorded_at: OffsetDateTime::from_unix_timestamp_nanos(i128::from(e.1) * 1000)
                .unwrap_or(OffsetDateTime::UNIX_EPOCH),
            actor: self.actors.get(e.4).cloned().unwrap_or(Actor::Anonymous),
            stream_id: self.streams.get(e.2).cloned().unwrap_or_default(),
            event_type: self.types.get(e.3).cloned().unwrap_or_default(),
            nomination_id: self.subjects.get(e.5).copied(),
            status_before: e.6.map(|s| s.0),
            status_after: e.6.map(|s| s.1),
            changes: e.7.as_deref().cloned().unwrap_or_default(),
        }
    }

    /// Entries matching `f`, in log order. The narrowest index given is walked; the other
    /// filters are checked per entry.
    pub fn query(&self, f: &AuditFilter) -> Vec<AuditItem> {
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
        let candidates: Box<dyn Iterator<Item = &Entry>> = match (subject, stream, actor) {
            (Some(k), _, _) => Box::new(
                pick(&self.by_subject, k)
                    .iter()
                    .filter_map(|i| self.entries.get(*i as usize)),
            ),
            (_, Some(k), _) => Box::new(
                pick(&self.by_stream, k)
                    .iter()
                    .filter_map(|i| self.entries.get(*i as usize)),
            ),
            (_, _, Some(k)) => Box::new(
                pick(&self.by_actor, k)
                    .iter()
                    .filter_map(|i| self.entries.get(*i as usize)),
            ),
            _ => Box::new(self.entries.iter()),
        };
        let limit = if f.limit == 0 { usize::MAX } else { f.limit };
        candidates
            .filter(|e| stream.is_none_or(|s| e.2 == s))
            .filter(|e| subject.is_none_or(|s| e.5 == s))
            .filter(|e| actor.is_none_or(|a| e.4 == a))
            .filter(|e| f.after.is_none_or(|p| e.0 > p))
            .take(limit)
            .map(|e| self.item(e))
            .collect()
    }
}
