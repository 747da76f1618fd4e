//! The agency leaderboard: each standing award earns its agency the leaderboard points of its
//! category (the category's award level, as configured), per year and all time.
//!
//! Counted per (programme, agency) as awards are conferred and revoked. The boards people see
//! (all time, and per year) count published programmes only, so the board never shows awards
//! before the list is public; they are kept sorted as events fold: a conferral or revocation in
//! a published programme moves one agency in two boards, a programme's move to `published`
//! adds its per-agency totals once. A query walks a board in order: no summing, no sorting.
//! A revoked award no longer counts: the board ranks standing honours. The points an award
//! earned are remembered with it, so a revocation takes back exactly what the conferral gave.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

use accolade_events::{AwardConferred, AwardRevoked, Phase};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::catalog::Catalog;

/// Points per programme and agency, and the published boards.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Leaderboard {
    #[serde(with = "crate::pairs")]
    totals: BTreeMap<(Uuid, Uuid), Score>,
    /// Award -> (programme, agency, points), so revocation reverses its conferral exactly.
    earned: BTreeMap<Uuid, (Uuid, Uuid, u32)>,
    /// Programmes counted on the boards (published), with their year.
    published: BTreeMap<Uuid, i32>,
    /// All time.
    all: Board,
    /// Per year.
    years: BTreeMap<i32, Board>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Score {
    awards: u32,
    points: u64,
}

impl Score {
    fn add(&mut self, s: Score) {
        self.awards += s.awards;
        self.points += s.points;
    }

    fn take(&mut self, s: Score) {
        self.awards = self.awards.saturating_sub(s.awards);
        self.points = self.points.saturating_sub(s.points);
    }
}

/// A place on a board: most points first, then most awards, then agency id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct Place {
    score: Score,
    agency: Uuid,
}

impl Ord for Place {
    fn cmp(&self, o: &Self) -> Ordering {
        o.score
            .points
            .cmp(&self.score.points)
            .then(o.score.awards.cmp(&self.score.awards))
            .then(self.agency.cmp(&o.agency))
    }
}

impl PartialOrd for Place {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

/// One board, sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Board {
    scores: BTreeMap<Uuid, Score>,
    ranked: BTreeSet<Place>,
}

impl Board {
    fn change(&mut self, agency: Uuid, f: impl FnOnce(&mut Score)) {
        let s = self.scores.entry(agency).or_default();
        self.ranked.remove(&Place { score: *s, agency });
        f(s);
        if s.awards > 0 {
            self.ranked.insert(Place { score: *s, agency });
        } else {
            self.scores.remove(&agency);
        }
    }
}

/// A leaderboard row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LeaderboardItem {
    /// 1-based place; agencies with equal points share it.
    pub rank: u32,
    /// The nominating agency whose awards earned the points.
    pub agency_id: Uuid,
    /// The agency's name.
    pub agency_name: String,
    /// How many of the agency's awards stand (revoked ones do not count).
    pub awards: u32,
    /// The leaderboard points of those awards, summed.
    pub points: u64,
}

impl Leaderboard {
    /// Moves `s` of `agency` in programme `programme` on the boards (when published).
    fn on_boards(&mut self, programme: Uuid, agency: Uuid, s: Score, add: bool) {
        let Some(year) = self.published.get(&programme).copied() else {
            return;
        };
        let apply = |x: &mut Score| if add { x.add(s) } else { x.take(s) };
        self.all.change(agency, apply);
        self.years.entry(year).or_default().change(agency, apply);
        if self.years.get(&year).is_some_and(|b| b.scores.is_empty()) {
            self.years.remove(&year);
        }
    }

    /// Counts a conferral (after the catalog applied it).
    pub fn conferred(&mut self, e: &AwardConferred, catalog: &Catalog) {
        let Some(n) = catalog.nominations.get(&e.nomination_id) else {
            return;
        };
        let points = catalog.category_of(n).map_or(0, |c| c.leaderboard_points);
        self.earned
            .insert(e.award_id, (n.programme_id, n.agency_id, points));
        let one = Score {
            awards: 1,
            points: u64::from(points),
        };
        self.totals
            .entry((n.programme_id, n.agency_id))
            .or_default()
            .add(one);
        self.on_boards(n.programme_id, n.agency_id, one, true);
    }

    /// Takes back a revoked award's points.
    pub fn revoked(&mut self, e: &AwardRevoked) {
        let Some((programme, agency, points)) = self.earned.remove(&e.award_id) else {
            return;
        };
        let one = Score {
            awards: 1,
            points: u64::from(points),
        };
        if let Some(s) = self.totals.get_mut(&(programme, agency)) {
            s.take(one);
        }
        self.on_boards(programme, agency, one, false);
    }

    /// A programme's phase moved (after the catalog applied it): at `published` its totals
    /// join the boards (and leave them in the unexpected other direction).
    pub fn phase_moved(&mut self, programme: Uuid, catalog: &Catalog) {
        let Some(p) = catalog.programmes.get(&programme) else {
            return;
        };
        let now = p.phase >= Phase::Published;
        if now == self.published.contains_key(&programme) {
            return;
        }
        let rows: Vec<(Uuid, Score)> = self
            .totals
            .range((programme, Uuid::nil())..=(programme, Uuid::max()))
            .map(|((_, agency), s)| (*agency, *s))
            .collect();
        if now {
            self.published.insert(programme, p.year);
        }
        for (agency, s) in rows {
            self.on_boards(programme, agency, s, now);
        }
        if !now {
            self.published.remove(&programme);
        }
    }

    /// The board for `year` (all time when `None`), best first, published programmes only.
    pub fn board(&self, year: Option<i32>, catalog: &Catalog) -> Vec<LeaderboardItem> {
        let board = match year {
            None => Some(&self.all),
            Some(y) => self.years.get(&y),
        };
        let mut out = Vec::new();
        let mut rank = 0;
        let mut last = None;
        for (i, place) in board.iter().flat_map(|b| b.ranked.iter()).enumerate() {
            let s = place.score;
            if last != Some(s.points) {
                rank = u32::try_from(i + 1).unwrap_or(u32::MAX);
                last = Some(s.points);
            }
            out.push(LeaderboardItem {
                rank,
                agency_id: place.agency,
                agency_name: catalog.agency_name(place.agency),
                awards: s.awards,
                points: s.points,
            });
        }
        out
    }
}
