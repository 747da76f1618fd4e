//! Panel progress: who has scored and who has voted on what (chair and secretariat).
//!
//! For a secret ballot the log records only participation, so only participation is kept
//! here: the choice field is filled for open ballots alone, where the panel sees choices
//! anyway. A `VoteRerun` clears a nomination's participations, as in the domain; so does a
//! `RoundRerun` for every nomination of its round, and the re-run is listed with its reason.

use std::collections::BTreeMap;

use accolade_events::{Choice, ProgrammeEvent as E};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::catalog::Catalog;
use crate::queues::{Viewer, sees_panel_work};

/// Scores and participations per nomination.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    nominations: BTreeMap<Uuid, NominationWork>,
    /// Round re-runs, in log order.
    #[serde(default)]
    reruns: Vec<RoundRerunView>,
}

/// A round re-run (its sealed ballots were lost), as the chair and secretariat see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoundRerunView {
    /// The code of the category whose round was re-run.
    pub category_code: String,
    /// The admin's reason, as recorded in `RoundRerun`.
    pub reason: String,
    /// The nominations whose participations were voided.
    pub nomination_ids: Vec<Uuid>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
struct NominationWork {
    /// Members with a score sheet, sorted.
    scored: Vec<Uuid>,
    /// Members who took part in the current vote; the choice only under an open rule.
    voted: BTreeMap<Uuid, Option<Choice>>,
}

/// One reviewer's work on one nomination.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewerWork {
    /// An eligible reviewer (a panel member assigned to the nomination, not recused).
    pub member_id: Uuid,
    /// The reviewer has a score sheet for the nomination.
    pub scored: bool,
    /// The reviewer took part in the current vote on it.
    pub voted: bool,
    /// How the reviewer voted, for open ballots only; always `null` under a secret rule.
    pub choice: Option<Choice>,
}

/// Progress on one nomination.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NominationProgress {
    /// A nomination of a category the viewer may see.
    pub nomination_id: Uuid,
    /// The code of the nomination's category.
    pub category_code: String,
    /// The nomination's eligible reviewers (assigned, not recused) and their work on it.
    pub reviewers: Vec<ReviewerWork>,
}

/// Totals per member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberProgress {
    /// A panel member; the counts cover the nominations in this report.
    pub member_id: Uuid,
    /// Nominations the member is an eligible reviewer of.
    pub assigned: u32,
    /// Of those, the ones the member has a score sheet for.
    pub scored: u32,
    /// Of those, the ones the member took part in the current vote on.
    pub voted: u32,
}

/// A programme's progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProgressReport {
    /// Totals per panel member.
    pub members: Vec<MemberProgress>,
    /// Per assigned nomination, who has scored and voted.
    pub nominations: Vec<NominationProgress>,
    /// Rounds re-run because their sealed ballots were lost, oldest first.
    pub reruns: Vec<RoundRerunView>,
}

impl Progress {
    /// Applies a programme event.
    pub fn apply(&mut self, ev: &E) {
        match ev {
            E::ScoresRecorded(e) => {
                let w = self.nominations.entry(e.nomination_id).or_default();
                if let Err(i) = w.scored.binary_search(&e.member_id) {
                    w.scored.insert(i, e.member_id);
                }
            }
            E::ScoresRemoved(e) => {
                if let Some(w) = self.nominations.get_mut(&e.nomination_id)
                    && let Ok(i) = w.scored.binary_search(&e.member_id)
                {
                    w.scored.remove(i);
                }
            }
            E::BallotParticipationRecorded(e) => {
                self.voted(e.nomination_id, e.member_id, None);
            }
            E::OpenBallotCast(e) => self.voted(e.nomination_id, e.member_id, Some(e.choice)),
            E::AbsenteeBallotEntered(e) => self.voted(e.nomination_id, e.member_id, e.choice),
            E::VoteRerun(e) => {
                if let Some(w) = self.nominations.get_mut(&e.nomination_id) {
                    w.voted.clear();
                }
            }
            E::RoundRerun(e) => {
                for id in &e.nomination_ids {
                    if let Some(w) = self.nominations.get_mut(id) {
                        w.voted.clear();
                    }
                }
                self.reruns.push(RoundRerunView {
                    category_code: e.category_code.clone(),
                    reason: e.reason.clone(),
                    nomination_ids: e.nomination_ids.clone(),
                });
            }
            _ => {}
        }
    }

    fn voted(&mut self, nomination: Uuid, member: Uuid, choice: Option<Choice>) {
        self.nominations
            .entry(nomination)
            .or_default()
            .voted
            .insert(member, choice);
    }

    /// The progress of a programme as `viewer` may see it: a chair only their panels'
    /// categories, never a nomination they are recused from (`sees_panel_work`).
    pub fn report(&self, catalog: &Catalog, programme_id: Uuid, viewer: Viewer) -> ProgressReport {
        let empty = NominationWork::default();
        let mut members: BTreeMap<Uuid, MemberProgress> = BTreeMap::new();
        let mut nominations = Vec::new();
        for (id, n) in &catalog.nominations {
            if n.programme_id != programme_id
                || n.reviewers.is_empty()
                || !sees_panel_work(catalog, viewer, n)
            {
                continue;
            }
            let w = self.nominations.get(id).unwrap_or(&empty);
            let mut reviewers = Vec::new();
            for m in n.reviewers.iter().filter(|m| !n.is_recused(**m)) {
                let scored = w.scored.binary_search(m).is_ok();
                let vote = w.voted.get(m);
                let mp = members.entry(*m).or_insert(MemberProgress {
                    member_id: *m,
                    assigned: 0,
                    scored: 0,
                    voted: 0,
                });
                mp.assigned += 1;
                mp.scored += u32::from(scored);
                mp.voted += u32::from(vote.is_some());
                reviewers.push(ReviewerWork {
                    member_id: *m,
                    scored,
                    voted: vote.is_some(),
                    choice: vote.copied().flatten(),
                });
            }
            nominations.push(NominationProgress {
                nomination_id: *id,
                category_code: n.category_code.clone(),
                reviewers,
            });
        }
        // A re-run belongs to the programme of its nominations, shown to whoever sees them.
        let reruns = self
            .reruns
            .iter()
            .filter(|r| {
                r.nomination_ids.iter().any(|id| {
                    catalog.nominations.get(id).is_some_and(|n| {
                        n.programme_id == programme_id && sees_panel_work(catalog, viewer, n)
                    })
                })
            })
            .cloned()
            .collect();
        ProgressReport {
            members: members.into_values().collect(),
            nominations,
            reruns,
        }
    }
}
