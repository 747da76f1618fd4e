//! Counting working days: weekends (Saturday, Sunday) and the programme's holidays skipped.
//!
//! A notice period of `n` working days published on day `s` covers the first `n` working days
//! after `s` (the day of publication is not counted, as in legal time limits). The end is
//! computed once, when the period is published (`NoticePeriodStarted.ends_on`); whether it has
//! run is then judged against that published day (`NoticePeriod::has_run`), never recomputed
//! with holidays amended later.

use std::collections::BTreeSet;

use time::{Date, Weekday};

/// Whether `d` is a working day.
pub fn is_working_day(d: Date, holidays: &BTreeSet<Date>) -> bool {
    !matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday) && !holidays.contains(&d)
}

/// The last day of a period of `n` working days starting after `start`; `start` when `n = 0`.
/// Saturates at the end of the calendar rather than failing.
pub fn period_end(start: Date, n: u32, holidays: &BTreeSet<Date>) -> Date {
    let mut d = start;
    let mut left = n;
    while left > 0 {
        match d.next_day() {
            Some(next) => d = next,
            None => return d,
        }
        if is_working_day(d, holidays) {
            left -= 1;
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn skips_weekends_and_holidays() {
        // Friday 2026-04-24; 30 April and 1 May are holidays in Vietnam.
        let holidays: BTreeSet<Date> = [date!(2026 - 04 - 30), date!(2026 - 05 - 01)].into();
        let start = date!(2026 - 04 - 24);
        // Mon 27, Tue 28, Wed 29, (Thu 30, Fri 1 off, weekend), Mon 4 May.
        assert_eq!(period_end(start, 4, &holidays), date!(2026 - 05 - 04));
        assert_eq!(period_end(start, 0, &holidays), start);
    }
}
