//! Past awards from before Accolade, imported so that prerequisites ("two consecutive years
//! of ...") can be checked against them.

use accolade_domain::{HistoryCommand, derive_id};
use accolade_events::{Nominee, NomineeKind, PastAwardImported, Personal};
use accolade_store::EventStore;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::Setup;
use crate::actions::{Ask, Done};
use crate::authz::may;
use crate::people::People;
use crate::{AppError, Command};

/// One past award (a JSON line, or a CSV row with these column names).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PastAward {
    /// The holder's person id. Rows of one holder share it (any UUID the importer chooses,
    /// or the id of a person already known); a row without one is a person of its own. People
    /// are never merged by name: folded names collide.
    #[serde(default)]
    pub person_id: Option<Uuid>,
    /// The holder's full name.
    pub full_name: String,
    /// individual (default) | collective
    #[serde(default)]
    pub kind: Option<NomineeKind>,
    /// The holder's position then, if known.
    #[serde(default)]
    pub position: Option<String>,
    /// The holder's work unit.
    pub organisation: String,
    /// The holder's province, if known.
    #[serde(default)]
    pub province: Option<String>,
    /// The holder's birth year, if known (tells namesakes apart).
    #[serde(default)]
    pub birth_year: Option<i32>,
    /// The holder's national id number (CCCD), if known: private, used only to offer the
    /// holder as a candidate when a clerk types the same number.
    #[serde(default)]
    pub national_id: Option<String>,
    /// The title held.
    pub award_title: String,
    /// The year it was conferred.
    pub year: i32,
    /// The agency that nominated the holder, if known.
    #[serde(default)]
    pub agency_id: Option<Uuid>,
    /// The decision that conferred it, if known.
    #[serde(default)]
    pub decision_no: Option<String>,
}

/// A row to import: the award, and the row's text as sent (its record id is derived from
/// it, so the same row sent again is recognised and skipped).
#[derive(Debug, Clone)]
pub struct PastAwardRow {
    /// The row as one JSON object's text.
    pub text: String,
    /// What it says.
    pub award: PastAward,
}

/// What an import did.
#[derive(Debug, Clone)]
pub struct Imported {
    /// Rows sent.
    pub rows: usize,
    /// The history stream's answer (`executed.events`: the rows not imported before).
    pub done: Done,
}

/// The id an imported row derives from its keyed hash (the same for every import into this
/// data directory, whose lookup secret does not change, so a row imported again is
/// recognised).
fn uuid_of(text: &str) -> Uuid {
    accolade_events::ids::hash_uuid(text.as_bytes())
}

impl<S: EventStore> Setup<'_, S> {
    /// Imports past awards (the secretariat), all or nothing. A row imported before (same
    /// text) is skipped, so a file can be sent again. `rows` reads the rows only once the
    /// caller may import (a stranger learns nothing about the body's faults).
    pub async fn import_past_awards<E: From<AppError>>(
        &self,
        ask: &Ask,
        rows: impl FnOnce() -> Result<Vec<PastAwardRow>, E>,
    ) -> Result<Imported, E> {
        let actor = ask.caller.require(may::SECRETARIAT)?;
        let rows = rows()?;
        if rows.is_empty() {
            return Err(AppError::invalid("body", "no rows").into());
        }
        let n = rows.len();
        let people = self.node.app().people();
        let records = rows
            .into_iter()
            .map(|r| record(&r.text, r.award, people))
            .collect();
        let command = Command::History(HistoryCommand::Import(records));
        let done = self.node.act(ask, &actor, Uuid::nil(), command).await?;
        Ok(Imported { rows: n, done })
    }
}

fn record(text: &str, a: PastAward, people: &People) -> PastAwardImported {
    // Keyed: an unkeyed hash of the row would let anyone holding the log confirm a guessed
    // row (name, birth year, award) even after the holder is erased.
    let record_id = derive_id(
        "past-award",
        uuid_of(&people.lookup("past-award-row", text).0),
    );
    // Derived from the row, not from the name: the same row imported again is the same
    // person, and nothing about the id can be computed from a guessed name.
    let person_id = a
        .person_id
        .unwrap_or_else(|| derive_id("past-award-holder", record_id));
    let holder = Nominee {
        kind: a.kind.unwrap_or(NomineeKind::Individual),
        full_name: a.full_name,
        position: a.position,
        organisation: a.organisation,
        province: a.province,
        email: None,
        birth_year: a.birth_year,
        national_id: a.national_id,
    };
    PastAwardImported {
        record_id,
        person_id,
        lookups: people.nominee_lookups(&holder),
        holder: Personal::Open(holder),
        award_title: a.award_title,
        year: a.year,
        agency_id: a.agency_id,
        decision_no: a.decision_no,
        source: "api import".into(),
    }
}
