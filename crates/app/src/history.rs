//! The award history a nomination's prerequisite is checked against, and the people known
//! from it and from nominations, whom a clerk may link a new nominee to.
//!
//! The domain takes the nominee's awards in `SubmitNomination`; the app gathers them here
//! rather than trusting the caller: past awards imported into the `history` stream plus awards
//! conferred in any programme, minus revoked ones (a revoked title was not lawfully held).
//!
//! A small index kept in memory and caught up from the whole log on each use, reading from
//! where it stopped and decoding only the event types it needs (it also lists the programmes,
//! for the schedule). It is the one
//! cross-stream read the app does; the projections crate will offer the same as a read model,
//! and this can then read from it instead.

use std::collections::{BTreeMap, HashMap};

use accolade_events::{
    AwardRecord, HistoryEvent, Lookup, Nominee, NomineeLookups, Personal, ProgrammeEvent,
};
use accolade_store::{EventStore, RecordedEvent};
use uuid::Uuid;

use crate::error::AppError;

const PAGE: usize = 1024;

/// Award records by person, as far as the log has been read.
#[derive(Debug, Default)]
pub(crate) struct AwardIndex {
    next_position: u64,
    /// Programme stream -> its year (awards are "for" the programme's year).
    years: HashMap<String, i32>,
    /// Conferred in Accolade and not revoked, by award id.
    conferred: BTreeMap<Uuid, AwardRecord>,
    /// Imported from before Accolade.
    imported: Vec<AwardRecord>,
    /// Every programme, in order of creation (for the schedule).
    programmes: Vec<Uuid>,
    /// People known, by lookup (`known`'s indexes).
    by_lookup: HashMap<Lookup, Vec<usize>>,
    /// People known: imported award holders and nominees, each with where they are known from.
    known: Vec<Known>,
    /// Nomination -> its entry in `known` (amendments replace the entry's content).
    nomination_entry: HashMap<Uuid, usize>,
    /// Person -> the entries of `known` that were ever theirs (a stale one, whose person
    /// was amended away, is checked again on use), so a lookup by person scans no list.
    by_person: HashMap<Uuid, Vec<usize>>,
    /// Person -> their imported awards (indexes into `imported`) and conferred award ids.
    awards_of: HashMap<Uuid, (Vec<usize>, std::collections::BTreeSet<Uuid>)>,
}

/// A person known to Accolade, as a candidate for linking a new nominee to.
#[derive(Debug, Clone)]
pub(crate) struct Known {
    /// The person.
    pub(crate) person_id: Uuid,
    /// Their fields, sealed.
    pub(crate) nominee: Personal<Nominee>,
    /// Where they are known from.
    pub(crate) source: KnownFrom,
    lookups: NomineeLookups,
}

/// Where a known person comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KnownFrom {
    /// An imported past award.
    PastAward,
    /// A nomination of this agency.
    Nomination {
        /// The nominating agency.
        agency_id: Uuid,
        /// The nomination.
        nomination_id: Uuid,
        /// Whether an award was conferred on it (and stands).
        awarded: bool,
    },
}

fn decode_error(rec: &RecordedEvent, e: impl ToString) -> AppError {
    AppError::Decode {
        position: rec.position,
        message: e.to_string(),
    }
}

impl AwardIndex {
    /// Reads the log from where it stopped.
    pub(crate) async fn catch_up<S: EventStore>(&mut self, store: &S) -> Result<(), AppError> {
        loop {
            let page = store.read_all(self.next_position, PAGE).await?;
            for rec in &page {
                self.apply(rec)?;
                self.next_position = rec.position + 1;
            }
            if page.len() < PAGE {
                return Ok(());
            }
            // A long catch-up (the whole log, at national size) reads synchronously: let the
            // worker's other tasks run between pages.
            tokio::task::yield_now().await;
        }
    }

    fn apply(&mut self, rec: &RecordedEvent) -> Result<(), AppError> {
        let wanted = matches!(
            rec.event_type.as_str(),
            "ProgrammeCreated"
                | "AwardConferred"
                | "AwardRevoked"
                | "PastAwardImported"
                | "NominationDrafted"
                | "NominationAmended"
        );
        if !wanted {
            return Ok(());
        }
        let json = serde_json::from_str(rec.payload.get()).map_err(|e| decode_error(rec, e))?;
        if rec.event_type == "PastAwardImported" {
            let HistoryEvent::PastAwardImported(p) =
                HistoryEvent::from_stored(&rec.event_type, rec.schema_version, json)
                    .map_err(|e| decode_error(rec, e))?;
            let entry = self.awards_of.entry(p.person_id).or_default();
            entry.0.push(self.imported.len());
            self.imported.push(AwardRecord {
                person_id: p.person_id,
                award_title: p.award_title,
                year: p.year,
            });
            self.know(Known {
                person_id: p.person_id,
                nominee: p.holder,
                source: KnownFrom::PastAward,
                lookups: p.lookups,
            });
            return Ok(());
        }
        match ProgrammeEvent::from_stored(&rec.event_type, rec.schema_version, json)
            .map_err(|e| decode_error(rec, e))?
        {
            ProgrammeEvent::ProgrammeCreated(p) => {
                self.years.insert(rec.stream_id.clone(), p.year);
                self.programmes.push(p.programme_id);
            }
            ProgrammeEvent::AwardConferred(a) => {
                self.mark_awarded(a.nomination_id, true);
                let year = self
                    .years
                    .get(&rec.stream_id)
                    .copied()
                    .unwrap_or_else(|| a.decided_on.year());
                let entry = self.awards_of.entry(a.person_id).or_default();
                entry.1.insert(a.award_id);
                self.conferred.insert(
                    a.award_id,
                    AwardRecord {
                        person_id: a.person_id,
                        award_title: a.award_title,
                        year,
                    },
                );
            }
            ProgrammeEvent::AwardRevoked(r) => {
                if let Some(gone) = self.conferred.remove(&r.award_id)
                    && let Some(entry) = self.awards_of.get_mut(&gone.person_id)
                {
                    entry.1.remove(&r.award_id);
                }
                self.mark_awarded(r.nomination_id, false);
            }
            ProgrammeEvent::NominationDrafted(d) => {
                let at = self.know(Known {
                    person_id: d.person_id,
                    nominee: d.nominee,
                    source: KnownFrom::Nomination {
                        agency_id: d.agency_id,
                        nomination_id: d.nomination_id,
                        awarded: false,
                    },
                    lookups: d.lookups,
                });
                self.nomination_entry.insert(d.nomination_id, at);
            }
            ProgrammeEvent::NominationAmended(d) => {
                if let Some(&at) = self.nomination_entry.get(&d.nomination_id) {
                    // The old lookups stay indexed: a stale hit is checked again on use.
                    self.known[at].person_id = d.person_id;
                    let theirs = self.by_person.entry(d.person_id).or_default();
                    if !theirs.contains(&at) {
                        theirs.push(at);
                    }
                    self.known[at].nominee = d.nominee;
                    self.known[at].lookups = d.lookups.clone();
                    self.index(at, &d.lookups);
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn know(&mut self, k: Known) -> usize {
        let at = self.known.len();
        let lookups = k.lookups.clone();
        self.by_person.entry(k.person_id).or_default().push(at);
        self.known.push(k);
        self.index(at, &lookups);
        at
    }

    fn index(&mut self, at: usize, l: &NomineeLookups) {
        for lookup in [&l.name_birth, &l.name_org, &l.national_id]
            .into_iter()
            .flatten()
        {
            let slot = self.by_lookup.entry(lookup.clone()).or_default();
            if !slot.contains(&at) {
                slot.push(at);
            }
        }
    }

    fn mark_awarded(&mut self, nomination_id: Uuid, awarded: bool) {
        if let Some(&at) = self.nomination_entry.get(&nomination_id)
            && let KnownFrom::Nomination { awarded: a, .. } = &mut self.known[at].source
        {
            *a = awarded;
        }
    }

    /// People whose current lookups share one with `l`: each entry once, best matches
    /// (national id, then name with birth year, then name with organisation) first.
    pub(crate) fn matching(&self, l: &NomineeLookups) -> Vec<&Known> {
        let mut out: Vec<(u8, usize)> = Vec::new();
        let tiers = [(0u8, &l.national_id), (1, &l.name_birth), (2, &l.name_org)];
        for (tier, lookup) in tiers {
            let Some(lookup) = lookup else { continue };
            for &at in self.by_lookup.get(lookup).map(Vec::as_slice).unwrap_or(&[]) {
                let k = &self.known[at];
                let current = [
                    &k.lookups.national_id,
                    &k.lookups.name_birth,
                    &k.lookups.name_org,
                ];
                if current.iter().any(|c| c.as_ref() == Some(lookup))
                    && !out.iter().any(|(_, seen)| *seen == at)
                {
                    out.push((tier, at));
                }
            }
        }
        out.sort();
        out.into_iter().map(|(_, at)| &self.known[at]).collect()
    }

    /// Whether `person` is known from award history (imported, or a conferred award) or from a
    /// nomination of `agency`: the people a clerk of that agency may link a nominee to.
    pub(crate) fn linkable(&self, person: Uuid, agency: Uuid) -> bool {
        self.entries_of(person).any(|k| k.visible_to(agency))
    }

    /// Whether `person` is a nominee or an award holder known here.
    pub(crate) fn knows(&self, person: Uuid) -> bool {
        self.entries_of(person).next().is_some()
    }

    /// The entries of `known` that are `person`'s now.
    fn entries_of(&self, person: Uuid) -> impl Iterator<Item = &Known> {
        self.by_person
            .get(&person)
            .into_iter()
            .flatten()
            .filter_map(|&at| self.known.get(at))
            .filter(move |k| k.person_id == person)
    }

    /// Every programme read so far.
    pub(crate) fn programmes(&self) -> &[Uuid] {
        &self.programmes
    }

    /// The awards `person` holds, imported and conferred.
    pub(crate) fn of(&self, person: Uuid) -> Vec<AwardRecord> {
        let Some((imported, conferred)) = self.awards_of.get(&person) else {
            return vec![];
        };
        imported
            .iter()
            .filter_map(|&i| self.imported.get(i))
            .chain(conferred.iter().filter_map(|id| self.conferred.get(id)))
            .cloned()
            .collect()
    }
}

impl Known {
    /// Whether a clerk of `agency` may be offered this person: award history is a public
    /// record; another agency's nominations are not (their drafts least of all).
    pub(crate) fn visible_to(&self, agency: Uuid) -> bool {
        match self.source {
            KnownFrom::PastAward => true,
            KnownFrom::Nomination {
                agency_id, awarded, ..
            } => awarded || agency_id == agency,
        }
    }
}
