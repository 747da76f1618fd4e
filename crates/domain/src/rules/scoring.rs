//! Weighted scores and rankings.
//!
//! A score sheet's weighted total is `Σ weight × score` in whole numbers. A nomination's raw
//! mean is the mean of its reviewers' totals; means are compared by cross-multiplication so the
//! quota tie-break on score is exact and replayable (no float ever decides an outcome). The
//! z-score normalised mean is for display only: it corrects for lenient and strict reviewers.
//!
//! Category setup bounds weights, maxima and the number of criteria (`crate::limits`), so
//! real totals are far from any limit; the sums still saturate at `u64::MAX` rather than
//! overflow, so no recorded input, however extreme, can panic a replay or wrap a ranking.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

use accolade_events::Criterion;
use uuid::Uuid;

use crate::code::Rule;

/// Weighted total of one sheet, saturating at `u64::MAX`. Missing keys count 0 (validation
/// refuses them anyway).
pub fn weighted_total(criteria: &[Criterion], scores: &BTreeMap<String, u32>) -> u64 {
    criteria.iter().fold(0u64, |sum, c| {
        let score = scores.get(&c.key).copied().unwrap_or(0);
        sum.saturating_add(u64::from(c.weight).saturating_mul(u64::from(score)))
    })
}

/// The highest possible weighted total, saturating at `u64::MAX`.
pub fn max_total(criteria: &[Criterion]) -> u64 {
    criteria.iter().fold(0u64, |sum, c| {
        sum.saturating_add(u64::from(c.weight).saturating_mul(u64::from(c.max)))
    })
}

/// Why a score sheet is refused: the criterion key, the rule and the message.
pub fn validate_sheet(
    criteria: &[Criterion],
    scores: &BTreeMap<String, u32>,
) -> Result<(), (String, Rule, String)> {
    for c in criteria {
        match scores.get(&c.key) {
            None => return Err((c.key.clone(), Rule::Required, "missing score".to_owned())),
            Some(s) if *s > c.max => {
                return Err((
                    c.key.clone(),
                    Rule::OutOfRange {
                        min: 0,
                        max: i64::from(c.max),
                    },
                    format!("score {s} is above the maximum {}", c.max),
                ));
            }
            Some(_) => {}
        }
    }
    if let Some(k) = scores
        .keys()
        .find(|k| !criteria.iter().any(|c| &c.key == *k))
    {
        return Err((
            k.clone(),
            Rule::UnknownCriterion,
            "no such criterion".to_owned(),
        ));
    }
    Ok(())
}

/// The sum and count of a nomination's reviewers' weighted totals.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ScoreSummary {
    /// Sum of the totals.
    pub sum: u64,
    /// Number of sheets.
    pub reviewers: u32,
}

impl ScoreSummary {
    /// Summarises a set of sheet totals (saturating, like the totals themselves).
    pub fn of(totals: impl IntoIterator<Item = u64>) -> Self {
        totals.into_iter().fold(Self::default(), |s, t| Self {
            sum: s.sum.saturating_add(t),
            reviewers: s.reviewers.saturating_add(1),
        })
    }

    /// The raw weighted mean (0 with no sheets), for display.
    #[allow(clippy::cast_precision_loss)] // display only; ordering uses `cmp_mean`
    pub fn mean(&self) -> f64 {
        if self.reviewers == 0 {
            0.0
        } else {
            self.sum as f64 / f64::from(self.reviewers)
        }
    }

    /// Compares means exactly: `a/n < b/m` iff `a·m < b·n`. No sheets ranks as mean 0.
    pub fn cmp_mean(&self, other: &Self) -> Ordering {
        let l = u128::from(self.sum) * u128::from(other.reviewers.max(1));
        let r = u128::from(other.sum) * u128::from(self.reviewers.max(1));
        l.cmp(&r)
    }
}

/// One reviewer's total for one nomination.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sheet {
    /// The member who scored; their totals are standardised against their own mean.
    pub reviewer: Uuid,
    /// The nomination scored.
    pub nomination: Uuid,
    /// Weighted total.
    pub total: u64,
}

/// Per-nomination mean of per-reviewer z-scores: each reviewer's totals are standardised
/// against that reviewer's own mean and standard deviation (a reviewer with one sheet or no
/// spread contributes 0). Display only.
#[allow(clippy::cast_precision_loss)]
pub fn normalised_means(sheets: &[Sheet]) -> BTreeMap<Uuid, f64> {
    let reviewers: BTreeSet<Uuid> = sheets.iter().map(|s| s.reviewer).collect();
    let mut z: BTreeMap<Uuid, Vec<f64>> = BTreeMap::new();
    for r in reviewers {
        let own: Vec<&Sheet> = sheets.iter().filter(|s| s.reviewer == r).collect();
        let n = own.len() as f64;
        let mean = own.iter().map(|s| s.total as f64).sum::<f64>() / n;
        let var = own
            .iter()
            .map(|s| (s.total as f64 - mean).powi(2))
            .sum::<f64>()
            / n;
        let sd = var.sqrt();
        for s in own {
            let v = if sd > 0.0 {
                (s.total as f64 - mean) / sd
            } else {
                0.0
            };
            z.entry(s.nomination).or_default().push(v);
        }
    }
    z.into_iter()
        .map(|(k, v)| (k, v.iter().sum::<f64>() / v.len() as f64))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn means_compare_exactly() {
        let a = ScoreSummary::of([10, 11]); // 10.5
        let b = ScoreSummary::of([21, 0, 0]); // 7
        let c = ScoreSummary::of([21, 21, 21, 21]); // 21
        assert_eq!(a.cmp_mean(&b), Ordering::Greater);
        assert_eq!(c.cmp_mean(&a), Ordering::Greater);
        assert_eq!(
            ScoreSummary::of([]).cmp_mean(&ScoreSummary::of([0])),
            Ordering::Equal
        );
    }

    #[test]
    fn z_scores_remove_reviewer_leniency() {
        let (r1, r2, n1, n2) = (
            Uuid::from_u128(1),
            Uuid::from_u128(2),
            Uuid::from_u128(10),
            Uuid::from_u128(20),
        );
        // r1 is lenient, r2 strict; both prefer n1 equally.
        let sheets = [
            Sheet {
                reviewer: r1,
                nomination: n1,
                total: 90,
            },
            Sheet {
                reviewer: r1,
                nomination: n2,
                total: 80,
            },
            Sheet {
                reviewer: r2,
                nomination: n1,
                total: 30,
            },
            Sheet {
                reviewer: r2,
                nomination: n2,
                total: 20,
            },
        ];
        let z = normalised_means(&sheets);
        assert!((z[&n1] - 1.0).abs() < 1e-9);
        assert!((z[&n2] + 1.0).abs() < 1e-9);
    }
}
