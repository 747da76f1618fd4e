//! The award history a nomination's prerequisite is checked against.
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

use accolade_events::{AwardRecord, HistoryEvent, ProgrammeEvent};
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
        }
    }

    fn apply(&mut self, rec: &RecordedEvent) -> Result<(), AppError> {
        let wanted = matches!(
            rec.event_type.as_str(),
            "ProgrammeCreated" | "AwardConferred" | "AwardRevoked" | "PastAwardImported"
        );
        if !wanted {
            return Ok(());
        }
        let json = serde_json::from_str(rec.payload.get()).map_err(|e| decode_error(rec, e))?;
        if rec.event_type == "PastAwardImported" {
            let HistoryEvent::PastAwardImported(p) =
                HistoryEvent::from_stored(&rec.event_type, rec.schema_version, json)
                    .map_err(|e| decode_error(rec, e))?;
            self.imported.push(AwardRecord {
                person_id: p.person_id,
                award_title: p.award_title,
                year: p.year,
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
                let year = self
                    .years
                    .get(&rec.stream_id)
                    .copied()
                    .unwrap_or_else(|| a.decided_on.year());
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
                self.conferred.remove(&r.award_id);
            }
            _ => {}
        }
        Ok(())
    }

    /// Every programme read so far.
    pub(crate) fn programmes(&self) -> &[Uuid] {
        &self.programmes
    }

    /// The awards `person` holds, imported and conferred.
    pub(crate) fn of(&self, person: Uuid) -> Vec<AwardRecord> {
        self.imported
            .iter()
            .chain(self.conferred.values())
            .filter(|r| r.person_id == person)
            .cloned()
            .collect()
    }
}
