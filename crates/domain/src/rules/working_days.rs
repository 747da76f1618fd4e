//! Counting working days: weekends (Saturday, Sunday) and the programme's holidays skipped.
//!
//! A notice period of `n` working days published on day `s` covers the first `n` working days
//! after `s` (the day of publication is not counted, as in legal time limits). It has run once
//! its last day is over, i.e. on any later day. With `n = 0` it has run at once, so a
//! programme configured with no notice can leave public notice the day it entered it.

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

/// Whether a period of `n` working days starting after `start` has run by `today`.
pub fn period_has_run(start: Date, n: u32, today: Date, holidays: &BTreeSet<Date>) -> bool {
    n == 0 || today > period_end(start, n, holidays)
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
        assert!(!period_has_run(start, 4, date!(2026 - 05 - 04), &holidays));
        assert!(period_has_run(start, 4, date!(2026 - 05 - 05), &holidays));
        assert!(period_has_run(start, 0, start, &holidays));
        assert_eq!(period_end(start, 0, &holidays), start);
    }
}
