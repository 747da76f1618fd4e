//! Score ranking per category: the raw weighted mean and the per-reviewer z-score
//! normalised mean, with the domain's arithmetic (`rules::scoring`) so the ranking shown is
//! the one the quota tie-break uses.
//!
//! Each sheet is kept as its weighted total, computed when folded (the rubric is fixed once
//! setup ends, before any score exists). A member's latest sheet replaces the earlier one;
//! `ScoresRemoved` drops it. Recused members' sheets are left out at query time too, so a
//! recusal counts even before the secretariat's removal event.

use std::collections::BTreeMap;

use accolade_domain::rules::scoring::{ScoreSummary, Sheet, normalised_means, weighted_total};
use accolade_events::{ProgrammeEvent as E, Unseal};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::catalog::Catalog;
use crate::queues::Viewer;

/// Latest sheet totals per nomination and member.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ranking {
    sheets: BTreeMap<Uuid, BTreeMap<Uuid, u64>>,
}

/// A ranking row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RankingItem {
    /// 1-based place by raw mean (exact comparison, then id).
    pub rank: u32,
    /// A nomination of the category with at least one counted score sheet.
    pub nomination_id: Uuid,
    /// The nominee's name (`[erased]` when erased).
    pub full_name: String,
    /// The nominee was erased: `full_name` says nothing about them.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub erased: bool,
    /// Score sheets counted (one per reviewer who scored it).
    pub reviewers: u32,
    /// The mean of the counted sheets' weighted totals.
    pub raw_mean: f64,
    /// The mean of the reviewers' z-scores (a reviewer with one sheet or no spread counts 0).
    pub normalised_mean: f64,
}

impl Ranking {
    /// Applies a programme event (after the catalog applied it).
    pub fn apply(&mut self, ev: &E, catalog: &Catalog) {
        match ev {
            E::ScoresRecorded(e) => {
                let Some(n) = catalog.nominations.get(&e.nomination_id) else {
                    return;
                };
                let total = catalog
                    .category_of(n)
                    .map_or(0, |c| weighted_total(&c.criteria, &e.scores));
                self.sheets
                    .entry(e.nomination_id)
                    .or_default()
                    .insert(e.member_id, total);
            }
            E::ScoresRemoved(e) => {
                if let Some(s) = self.sheets.get_mut(&e.nomination_id) {
                    s.remove(&e.member_id);
                }
            }
            _ => {}
        }
    }

    /// The scored nominations of a category, best first, as `viewer` may see them; nominees
    /// opened through `unseal`.
    pub fn ranking(
        &self,
        catalog: &Catalog,
        programme_id: Uuid,
        category_code: &str,
        viewer: Viewer,
        unseal: &dyn Unseal,
    ) -> Vec<RankingItem> {
        let mut sheets = Vec::new();
        let mut rows = Vec::new();
        for (id, n) in &catalog.nominations {
            if n.programme_id != programme_id || n.category_code != category_code {
                continue;
            }
            let Some(by_member) = self.sheets.get(id) else {
                continue;
            };
            let hidden = match viewer {
                Viewer::Admin => false,
                Viewer::Member(m) => n.is_recused(m),
                _ => true,
            };
            let counted: Vec<(Uuid, u64)> = by_member
                .iter()
                .filter(|(m, _)| !n.is_recused(**m))
                .map(|(m, t)| (*m, *t))
                .collect();
            // Everyone's sheets shape each reviewer's z-scale, even on rows a viewer cannot see.
            sheets.extend(counted.iter().map(|(m, t)| Sheet {
                reviewer: *m,
                nomination: *id,
                total: *t,
            }));
            if !hidden && !counted.is_empty() {
                let summary = ScoreSummary::of(counted.iter().map(|(_, t)| *t));
                let name = catalog
                    .open(n.person_id, &n.nominee, unseal)
                    .map(|x| x.full_name);
                rows.push((*id, name, summary));
            }
        }
        let z = normalised_means(&sheets);
        rows.sort_by(|a, b| b.2.cmp_mean(&a.2).then(a.0.cmp(&b.0)));
        rows.into_iter()
            .zip(1u32..)
            .map(|((id, name, s), rank)| RankingItem {
                rank,
                nomination_id: id,
                erased: name.is_none(),
                full_name: name.unwrap_or_else(|| crate::ERASED.to_owned()),
                reviewers: s.reviewers,
                raw_mean: s.mean(),
                normalised_mean: z.get(&id).copied().unwrap_or(0.0),
            })
            .collect()
    }
}
