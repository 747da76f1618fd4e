//! The award-history aggregate (stream `history`): awards from before Accolade.
//!
//! Prerequisites are checked against this history plus awards conferred in Accolade; the app
//! builds that list from projections and passes it into `SubmitNomination`.

use std::collections::BTreeSet;

use accolade_events::{HistoryEvent, PastAwardImported, Personal, Role};
use uuid::Uuid;

use crate::aggregate::Aggregate;
use crate::context::Context;
use crate::error::{Clash, DomainError, Rule};
use crate::limits;

/// What has been imported.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    /// Record ids imported.
    pub records: BTreeSet<Uuid>,
    /// (person, title, year) imported.
    pub awards: BTreeSet<(Uuid, String, i32)>,
}

/// Commands of the history (admin only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HistoryCommand {
    /// Import a batch, all or nothing. Records whose id was imported before are skipped, so
    /// a file can be re-imported after a failure; the same award under a new id is refused.
    Import(Vec<PastAwardImported>),
}

impl Aggregate for History {
    type Command = HistoryCommand;
    type Event = HistoryEvent;

    fn decide(
        &self,
        cmd: &HistoryCommand,
        ctx: &Context,
    ) -> Result<Vec<HistoryEvent>, DomainError> {
        ctx.actor.require(&[Role::Admin])?;
        let HistoryCommand::Import(records) = cmd;
        let mut seen_ids = BTreeSet::new();
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        for (i, r) in records.iter().enumerate() {
            if self.records.contains(&r.record_id) || !seen_ids.insert(r.record_id) {
                continue;
            }
            limits::required(
                &format!("records[{i}].award_title"),
                &r.award_title,
                limits::NAME,
            )?;
            if let Personal::Open(holder) = &r.holder {
                limits::required(
                    &format!("records[{i}].holder.full_name"),
                    &holder.full_name,
                    limits::NAME,
                )?;
                if let Some(id) = &holder.national_id
                    && !crate::rules::names::looks_like_national_id(id)
                {
                    return Err(DomainError::invalid(
                        format!("records[{i}].national_id"),
                        Rule::NotANationalId,
                        "a national id number has 12 digits (CCCD) or 9 (CMND)",
                    ));
                }
            }
            limits::required(&format!("records[{i}].source"), &r.source, limits::NAME)?;
            if !(1900..=9999).contains(&r.year) {
                return Err(DomainError::invalid(
                    format!("records[{i}].year"),
                    Rule::OutOfRange {
                        min: 1900,
                        max: 9999,
                    },
                    "out of range",
                ));
            }
            let key = (r.person_id, r.award_title.clone(), r.year);
            if self.awards.contains(&key) || !seen.insert(key) {
                return Err(DomainError::conflict_on(
                    format!("records[{i}]"),
                    Clash::AlreadyRecorded,
                    format!(
                        "records[{i}]: {} in {} is already recorded for this person",
                        r.award_title, r.year
                    ),
                ));
            }
            out.push(HistoryEvent::from(r.clone()));
        }
        Ok(out)
    }

    fn evolve(&mut self, ev: &HistoryEvent) {
        let HistoryEvent::PastAwardImported(r) = ev;
        self.records.insert(r.record_id);
        self.awards
            .insert((r.person_id, r.award_title.clone(), r.year));
    }
}
