//! The objections filed during public notice, per programme: for each, the nomination it is
//! against, who filed it, what they wrote, when, and how the secretariat resolved it.
//!
//! Why a model of its own: the secretariat's objections page used to read every programme's
//! stream (and each objected nomination's history) on every view; folded once here, a view is
//! a lookup. The resolution's reason is kept beside the objection, so the page needs no
//! history either.
//!
//! Personal data: the objector's name, phone, address and e-mail are kept as the filing held
//! them — sealed under the objector's key — with their pseudonymous person id, because the
//! secretariat must be able to answer a written objection and reads answer from the read
//! models only. [`ObjectionEntry::open_objector`] opens them for the secretariat's view; once
//! the objector is erased it answers `None` and the view shows them as erased. Nothing here
//! (or in a snapshot) is readable without the key. No public query returns an objector: the
//! read rule (only the secretariat sees one) is applied by the app's objections action, the one
//! caller of [`crate::Projections::objections`].

use std::collections::BTreeMap;

use accolade_events::{Objector, Personal, ProgrammeEvent as E, Unseal};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::catalog::Catalog;
use crate::envelope::Envelope;

/// Where an objection stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ObjectionStatus {
    /// Not resolved yet.
    Open,
    /// Upheld: the nomination left the notice list.
    Upheld,
    /// Dismissed: the nomination stays on the list.
    Dismissed,
}

impl ObjectionStatus {
    /// The status as the API and the pages name it.
    pub fn as_str(self) -> &'static str {
        match self {
            ObjectionStatus::Open => "open",
            ObjectionStatus::Upheld => "upheld",
            ObjectionStatus::Dismissed => "dismissed",
        }
    }
}

/// The secretariat's answer to an objection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resolution {
    /// `true`: the nomination left the notice list.
    pub upheld: bool,
    /// The reason the secretariat recorded (one reason for a whole batch dismissal).
    pub reason: String,
}

/// One objection, whole (with who filed it: see the module's note on personal data).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObjectionEntry {
    /// The objection's own id (the resolution form posts to it).
    pub id: Uuid,
    /// The programme whose notice list it was filed against.
    pub programme_id: Uuid,
    /// The nomination objected to.
    pub nomination_id: Uuid,
    /// The objector's pseudonymous person id (what an erasure names).
    pub objector_person_id: Uuid,
    /// The objector's name, phone, address and e-mail, for the secretariat alone: sealed
    /// under the objector's key; open with [`ObjectionEntry::open_objector`].
    #[serde(with = "crate::people::personal")]
    pub objector: Personal<Objector>,
    /// What the objector wrote.
    pub text: String,
    /// When the objection was received.
    #[serde(with = "accolade_events::dates::rfc3339")]
    pub filed_at: OffsetDateTime,
    /// The secretariat's answer, once given.
    pub resolution: Option<Resolution>,
}

impl ObjectionEntry {
    /// The objector's fields, opened through `unseal`; `None` once the objector was erased
    /// (per `catalog`, or their key is gone).
    pub fn open_objector(&self, catalog: &Catalog, unseal: &dyn Unseal) -> Option<Objector> {
        catalog.open(self.objector_person_id, &self.objector, unseal)
    }

    /// Open, upheld or dismissed.
    pub fn status(&self) -> ObjectionStatus {
        match &self.resolution {
            None => ObjectionStatus::Open,
            Some(r) if r.upheld => ObjectionStatus::Upheld,
            Some(_) => ObjectionStatus::Dismissed,
        }
    }
}

/// Every objection, by programme, then by objection id (the order the lists show).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Objections {
    by_programme: BTreeMap<Uuid, BTreeMap<Uuid, ObjectionEntry>>,
}

impl Objections {
    /// Folds a programme event (only objections concern this model).
    pub(crate) fn apply(&mut self, env: &Envelope<'_>, ev: &E) {
        let Some(programme_id) = env.aggregate_id else {
            return;
        };
        match ev {
            E::ObjectionFiled(e) => {
                self.by_programme.entry(programme_id).or_default().insert(
                    e.objection_id,
                    ObjectionEntry {
                        id: e.objection_id,
                        programme_id,
                        nomination_id: e.nomination_id,
                        objector_person_id: e.objector_person_id,
                        objector: e.objector.clone(),
                        text: e.text.clone(),
                        filed_at: e.filed_at,
                        resolution: None,
                    },
                );
            }
            E::ObjectionResolved(e) => {
                if let Some(o) = self
                    .by_programme
                    .get_mut(&programme_id)
                    .and_then(|m| m.get_mut(&e.objection_id))
                {
                    o.resolution = Some(Resolution {
                        upheld: e.upheld,
                        reason: e.reason.clone(),
                    });
                }
            }
            _ => {}
        }
    }

    /// The objections of one programme, by id.
    pub fn of_programme(&self, programme_id: Uuid) -> impl Iterator<Item = &ObjectionEntry> {
        self.by_programme
            .get(&programme_id)
            .into_iter()
            .flat_map(|m| m.values())
    }

    /// Every objection, by programme id, then by objection id.
    pub fn all(&self) -> impl Iterator<Item = &ObjectionEntry> {
        self.by_programme.values().flat_map(|m| m.values())
    }

    /// One objection, wherever it was filed.
    pub fn get(&self, objection_id: Uuid) -> Option<&ObjectionEntry> {
        self.by_programme
            .values()
            .find_map(|m| m.get(&objection_id))
    }

    /// How many objections were filed, in every programme.
    pub fn len(&self) -> usize {
        self.by_programme.values().map(BTreeMap::len).sum()
    }

    /// Whether none was ever filed.
    pub fn is_empty(&self) -> bool {
        self.by_programme.is_empty()
    }
}
