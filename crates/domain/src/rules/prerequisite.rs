//! Eligibility prerequisites against the award history.
//!
//! "Held title X in N consecutive years": some run of N consecutive calendar years, all before
//! the programme's year, in each of which the person held X. The history is passed in by the
//! app (imported past awards plus awards conferred in Accolade), so the rule stays pure.

use std::collections::BTreeSet;

use accolade_events::AwardRecord;
use uuid::Uuid;

/// Whether `person` held `title` in `n` consecutive years before `before_year`.
pub fn held_consecutively(
    history: &[AwardRecord],
    person: Uuid,
    title: &str,
    n: u32,
    before_year: i32,
) -> bool {
    if n == 0 {
        return true;
    }
    let years: BTreeSet<i32> = history
        .iter()
        .filter(|r| r.person_id == person && r.award_title == title && r.year < before_year)
        .map(|r| r.year)
        .collect();
    let mut run = 0u32;
    let mut prev: Option<i32> = None;
    for y in years {
        run = if prev.is_some_and(|p| p + 1 == y) {
            run + 1
        } else {
            1
        };
        if run >= n {
            return true;
        }
        prev = Some(y);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(year: i32) -> AwardRecord {
        AwardRecord {
            person_id: Uuid::nil(),
            award_title: "CSTĐ".into(),
            year,
        }
    }

    #[test]
    fn needs_an_unbroken_run_before_the_year() {
        let h = [rec(2021), rec(2023), rec(2024)];
        assert!(held_consecutively(&h, Uuid::nil(), "CSTĐ", 2, 2026));
        assert!(!held_consecutively(&h, Uuid::nil(), "CSTĐ", 3, 2026));
        assert!(!held_consecutively(&h, Uuid::nil(), "CSTĐ", 2, 2024));
        assert!(!held_consecutively(&h, Uuid::max(), "CSTĐ", 1, 2026));
        assert!(held_consecutively(&[], Uuid::nil(), "x", 0, 2026));
    }
}
