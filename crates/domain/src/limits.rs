//! Every cap on what a command may carry, in one place: the length of each kind of free text
//! and the bounds on a category's numbers. `decide` refuses anything beyond them with a field
//! error (422 naming the field), so nothing oversized is ever appended to the log, which keeps
//! everything for ever. The HTTP layer and the pages do not check these again; docs/api.md
//! quotes them.
//!
//! Lengths count characters (Unicode scalar values), not bytes, so a Vietnamese name has the
//! same room as an ASCII one.

use crate::error::{DomainError, Rule};

/// Names and titles: people, organisations, positions, programmes, categories, awards,
/// panels, agencies, evidence, objectors' name, phone and address, decision numbers, signers.
pub const NAME: usize = 200;
/// Reasons, comments, descriptions, notes and objection texts.
pub const TEXT: usize = 10_000;
/// A nomination's citation.
pub const CITATION: usize = 5_000;
/// A nomination's achievements.
pub const ACHIEVEMENTS: usize = 50_000;
/// An evidence link (common browsers' practical limit).
pub const URL: usize = 2_000;
/// An e-mail address (RFC 5321's path limit); enforced by the e-mail check itself.
pub const EMAIL: usize = 254;

/// A criterion's weight and its maximum score are each in `1..=CRITERION`, and a rubric has
/// at most [`CRITERIA`] criteria, so a sheet's weighted total is at most 50,000,000 and no sum
/// of any number of sheets can overflow `u64`.
pub const CRITERION: u32 = 1_000;
/// Criteria per category.
pub const CRITERIA: usize = 50;
/// `max_awards` and `max_per_agency`.
pub const AWARDS: u32 = 1_000;
/// Leaderboard points per award.
pub const POINTS: u32 = 1_000;
/// The numerator and denominator of a threshold or quorum.
pub const RATIO: u32 = 1_000;
/// A prerequisite's consecutive years.
pub const YEARS: u32 = 100;
/// Working days of public notice: a year of them is far beyond any decree, and the bound keeps
/// the end-date computation (a walk over the calendar) small.
pub const NOTICE_DAYS: u32 = 260;
/// Objections dismissed in one batch.
pub const BATCH: usize = 500;

/// Refuses a public-notice length beyond [`NOTICE_DAYS`].
pub fn notice_days(value: u32) -> Result<(), DomainError> {
    if value > NOTICE_DAYS {
        Err(DomainError::invalid(
            "notice_working_days",
            Rule::OutOfRange {
                min: 0,
                max: i64::from(NOTICE_DAYS),
            },
            format!("at most {NOTICE_DAYS} working days"),
        ))
    } else {
        Ok(())
    }
}

/// Refuses `value` longer than `max` characters, naming `field`.
pub fn cap(field: &str, value: &str, max: usize) -> Result<(), DomainError> {
    // Counting stops one past the cap, so a huge value costs no more than a long one.
    if value.chars().take(max + 1).count() > max {
        Err(DomainError::invalid(
            field,
            Rule::TooLong { max },
            format!("at most {max} characters"),
        ))
    } else {
        Ok(())
    }
}

/// [`cap`] on an optional value.
pub fn cap_opt(field: &str, value: Option<&String>, max: usize) -> Result<(), DomainError> {
    value.map_or(Ok(()), |v| cap(field, v, max))
}

/// Refuses a blank `value` or one longer than `max` characters.
pub fn required(field: &str, value: &str, max: usize) -> Result<(), DomainError> {
    crate::error::require_text(field, value)?;
    cap(field, value, max)
}

/// Refuses `value` outside `min..=max`, naming `field`.
pub fn within(field: &str, value: u32, min: u32, max: u32) -> Result<(), DomainError> {
    if (min..=max).contains(&value) {
        Ok(())
    } else {
        Err(DomainError::invalid(
            field,
            Rule::OutOfRange {
                min: i64::from(min),
                max: i64::from(max),
            },
            format!("between {min} and {max}"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_characters_not_bytes() {
        let vi = "Đ".repeat(NAME); // 2 bytes each
        assert!(cap("full_name", &vi, NAME).is_ok());
        let over = "a".repeat(NAME + 1);
        assert_eq!(
            cap("full_name", &over, NAME),
            Err(DomainError::invalid(
                "full_name",
                Rule::TooLong { max: NAME },
                "at most 200 characters"
            ))
        );
    }
}
