//! The agency leaderboard: each standing award earns its agency the leaderboard points of its
//! category (the category's award level, as configured), per year and all time.
//!
//! Counted per (programme, agency) as awards are conferred and revoked; the query adds up the
//! published programmes only, so the board never shows awards before the list is public. A
//! revoked award no longer counts: the board ranks standing honours. The points an award
//! earned are remembered with it, so a revocation takes back exactly what the conferral gave.

use std::collections::BTreeMap;

use accolade_events::{AwardConferred, AwardRevoked, Phase};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::catalog::Catalog;

/// Points per programme and agency.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Leaderboard {
    #[serde(with = "crate::pairs")]
    totals: BTreeMap<(Uuid, Uuid), Score>,
    /// Award -> (programme, agency, points), so revocation reverses its conferral exactly.
    earned: BTreeMap<Uuid, (Uuid, Uuid, u32)>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Score {
    awards: u32,
    points: u64,
}

/// A leaderboard row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeaderboardItem {
    /// 1-based place; agencies with equal points share it.
    pub rank: u32,
    /// The nominating agency whose awards earned the points.
    pub agency_id: Uuid,
    /// Its name.
    pub agency_name: String,
    /// Standing awards.
    pub awards: u32,
    /// Their points.
    pub points: u64,
}

impl Leaderboard {
    /// Counts a conferral (after the catalog applied it).
    pub fn conferred(&mut self, e: &AwardConferred, catalog: &Catalog) {
        let Some(n) = catalog.nominations.get(&e.nomination_id) else {
            return;
        };
        let points = catalog.category_of(n).map_or(0, |c| c.leaderboard_points);
        self.earned
            .insert(e.award_id, (n.programme_id, n.agency_id, points));
        let s = self
            .totals
            .entry((n.programme_id, n.agency_id))
            .or_default();
        s.awards += 1;
        s.points += u64::from(points);
    }

    /// Takes back a revoked award's points.
    pub fn revoked(&mut self, e: &AwardRevoked) {
        let Some((programme, agency, points)) = self.earned.remove(&e.award_id) else {
            return;
        };
        if let Some(s) = self.totals.get_mut(&(programme, agency)) {
            s.awards = s.awards.saturating_sub(1);
            s.points = s.points.saturating_sub(u64::from(points));
        }
    }

    /// The board for `year` (all time when `None`), best first, published programmes only.
    pub fn board(&self, year: Option<i32>, catalog: &Catalog) -> Vec<LeaderboardItem> {
        let mut sum: BTreeMap<Uuid, Score> = BTreeMap::new();
        for ((programme, agency), s) in &self.totals {
            let counts = catalog
                .programmes
                .get(programme)
                .is_some_and(|p| p.phase >= Phase::Published && year.is_none_or(|y| y == p.year));
            if counts && s.awards > 0 {
                let t = sum.entry(*agency).or_default();
                t.awards += s.awards;
                t.points += s.points;
            }
        }
        let mut rows: Vec<(Uuid, Score)> = sum.into_iter().collect();
        rows.sort_by(|a, b| {
            b.1.points
                .cmp(&a.1.points)
                .then(b.1.awards.cmp(&a.1.awards))
                .then(a.0.cmp(&b.0))
        });
        let mut out = Vec::with_capacity(rows.len());
        let mut rank = 0;
        let mut last = None;
        for (i, (agency_id, s)) in rows.into_iter().enumerate() {
            if last != Some(s.points) {
                rank = u32::try_from(i + 1).unwrap_or(u32::MAX);
                last = Some(s.points);
            }
            out.push(LeaderboardItem {
                rank,
                agency_id,
                agency_name: catalog
                    .agencies
                    .get(&agency_id)
                    .map(|a| a.name.clone())
                    .unwrap_or_default(),
                awards: s.awards,
                points: s.points,
            });
        }
        out
    }
}
