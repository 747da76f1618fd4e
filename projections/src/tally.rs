//! Vote tallies: the counted result of each nomination's vote, as `OutcomeDecided` recorded
//! it with every number of the rule, so the tally needs no recount and agrees with the domain
//! by construction. A `VoteRerun` withdraws the nomination's outcome until it is counted again.
//!
//! For secret ballots the opened batch is counted too, and `checked` says whether the
//! recorded outcome matches the opened choices — the check anyone with the log can make.

use std::collections::BTreeMap;

use accolade_domain::rules::threshold::Tally as Count;
use accolade_events::{NominationStatus, OutcomeDecided, ProgrammeEvent as E};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::catalog::Catalog;
use crate::queues::{Viewer, sees_panel_work};

/// Outcomes and opened secret choices per nomination.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tallies {
    outcomes: BTreeMap<Uuid, OutcomeDecided>,
    opened: BTreeMap<Uuid, Count>,
}

/// A tally item; field names as API.md, plus the quorum and the secret-ballot check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TallyItem {
    /// A nomination whose vote was counted (its round closed, not re-run since).
    pub nomination_id: Uuid,
    /// The code of the nomination's category.
    pub category_code: String,
    /// Ballots that approved the nomination.
    pub approve: u32,
    /// Ballots that rejected it.
    pub reject: u32,
    /// Ballots that abstained.
    pub abstain: u32,
    /// Members eligible to vote on it (assigned to it, not recused).
    pub eligible_voters: u32,
    /// Approvals the voting rule required for it to pass.
    pub required: u32,
    /// Whether the voting rule was met (before the category's quota is applied).
    pub passed: bool,
    /// The nomination's status now (after the quota: recommended, reserve...).
    pub status: NominationStatus,
    /// 1-based place among the category's passed nominations; `null` when it did not pass.
    pub rank: Option<u32>,
    /// Ballots the quorum required.
    pub quorum_required: u32,
    /// Whether the quorum was met.
    pub quorum_met: bool,
    /// Secret ballots: whether the opened choices match the counts (`null` for open votes).
    pub checked: Option<bool>,
}

impl Tallies {
    /// Applies a programme event.
    pub fn apply(&mut self, ev: &E) {
        match ev {
            E::OutcomeDecided(e) => {
                self.outcomes.insert(e.nomination_id, e.clone());
            }
            E::SecretBallotsOpened(e) => {
                for b in &e.batches {
                    self.opened
                        .insert(b.nomination_id, Count::count(b.choices.iter()));
                }
            }
            E::VoteRerun(e) => {
                self.outcomes.remove(&e.nomination_id);
                self.opened.remove(&e.nomination_id);
            }
            _ => {}
        }
    }

    /// The counted nominations of a programme (optionally one category), by category and
    /// rank, as `viewer` may see them: a chair only their panels' categories, never one they
    /// are recused from (`sees_panel_work`).
    pub fn tally(
        &self,
        catalog: &Catalog,
        programme_id: Uuid,
        category_code: Option<&str>,
        viewer: Viewer,
    ) -> Vec<TallyItem> {
        let mut out: Vec<TallyItem> = self
            .outcomes
            .iter()
            .filter_map(|(id, o)| {
                let n = catalog.nominations.get(id)?;
                let visible = sees_panel_work(catalog, viewer, n);
                let wanted = n.programme_id == programme_id
                    && category_code.is_none_or(|c| c == o.category_code);
                (visible && wanted).then(|| TallyItem {
                    nomination_id: *id,
                    category_code: o.category_code.clone(),
                    approve: o.approvals,
                    reject: o.rejections,
                    abstain: o.abstentions,
                    eligible_voters: o.eligible,
                    required: o.required,
                    passed: o.passed,
                    status: n.status,
                    rank: o.rank,
                    quorum_required: o.quorum_required,
                    quorum_met: o.quorum_met,
                    checked: self.opened.get(id).map(|c| {
                        (c.approve, c.reject, c.abstain)
                            == (o.approvals, o.rejections, o.abstentions)
                    }),
                })
            })
            .collect();
        out.sort_by(|a, b| {
            (
                &a.category_code,
                a.rank.unwrap_or(u32::MAX),
                a.nomination_id,
            )
                .cmp(&(
                    &b.category_code,
                    b.rank.unwrap_or(u32::MAX),
                    b.nomination_id,
                ))
        });
        out
    }
}
