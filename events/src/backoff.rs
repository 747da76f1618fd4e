//! Exponential backoff with jitter, as one pure function: how long to wait before attempt
//! `n + 1` after attempt `n` failed.
//!
//! Two callers share it: the app, deciding a command again after a version conflict (a few
//! milliseconds, spread wide so two processes do not collide again in lockstep), and the
//! notifier, retrying a mail (seconds to an hour, recorded as `next_attempt_at`). Neither the
//! clock nor a random source is in here — this crate does no I/O — so the caller passes the
//! random draw in (`jitter`, in `0..=1`) and adds the delay to its own clock; tests pass a
//! fixed draw and know the delay exactly.
//!
//! ```
//! use std::time::Duration;
//! use accolade_events::backoff::Backoff;
//!
//! let b = Backoff::equal(Duration::from_secs(30), Duration::from_secs(3600));
//! assert_eq!(b.ceiling(3), Duration::from_secs(120)); // 30 s × 2²
//! assert_eq!(b.delay(3, 0.0), Duration::from_secs(60)); // half fixed…
//! assert_eq!(b.delay(3, 1.0), Duration::from_secs(120)); // …half drawn
//! ```

use std::time::Duration;

/// How much of a delay the random draw decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spread {
    /// Half fixed, half drawn: never much sooner than planned, never in lockstep. For retries
    /// someone waits on, where the delay is also a promise (the notifier records it).
    Equal,
    /// Anywhere from zero to the ceiling: spreads competing retries the most. For contention
    /// between processes (the app's version-conflict retries).
    Full,
}

/// An exponential backoff: the ceiling doubles per attempt from `base` up to `cap`, and the
/// delay is drawn under it as `spread` says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    /// The first attempt's ceiling.
    pub base: Duration,
    /// No ceiling, and so no delay, is longer.
    pub cap: Duration,
    /// How the delay is drawn under the ceiling.
    pub spread: Spread,
}

impl Backoff {
    /// Half fixed, half drawn ([`Spread::Equal`]).
    pub const fn equal(base: Duration, cap: Duration) -> Self {
        Backoff {
            base,
            cap,
            spread: Spread::Equal,
        }
    }

    /// From zero to the ceiling ([`Spread::Full`]).
    pub const fn full(base: Duration, cap: Duration) -> Self {
        Backoff {
            base,
            cap,
            spread: Spread::Full,
        }
    }

    /// The longest delay after attempt `attempt` (1-based; 0 counts as 1):
    /// `base × 2^(attempt-1)`, at most `cap`.
    pub fn ceiling(&self, attempt: u32) -> Duration {
        // 2^20 × any sensible base is past any sensible cap; the bound keeps the shift legal.
        let doublings = attempt.saturating_sub(1).min(20);
        self.base.saturating_mul(1u32 << doublings).min(self.cap)
    }

    /// The delay after attempt `attempt`, for a random draw `jitter` in `0..=1` (outside it,
    /// or NaN, is clamped: a bad draw must not make a retry wait forever or not at all).
    pub fn delay(&self, attempt: u32, jitter: f64) -> Duration {
        let jitter = if jitter.is_nan() {
            0.0
        } else {
            jitter.clamp(0.0, 1.0)
        };
        let ceiling = self.ceiling(attempt);
        match self.spread {
            Spread::Equal => {
                let half = ceiling / 2;
                half + (ceiling - half).mul_f64(jitter)
            }
            Spread::Full => ceiling.mul_f64(jitter),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: Duration = Duration::from_secs(1);

    #[test]
    fn the_ceiling_doubles_per_attempt_up_to_the_cap() {
        let b = Backoff::equal(30 * S, 300 * S);
        let ceilings: Vec<u64> = (1..=6).map(|a| b.ceiling(a).as_secs()).collect();
        assert_eq!(ceilings, [30, 60, 120, 240, 300, 300]);
        assert_eq!(b.ceiling(0), 30 * S, "attempt 0 counts as the first");
    }

    #[test]
    fn huge_attempts_stay_at_the_cap() {
        let b = Backoff::equal(Duration::from_secs(u64::MAX / 4), Duration::from_secs(3600));
        assert_eq!(b.ceiling(u32::MAX), 3600 * S);
        assert_eq!(b.delay(u32::MAX, 1.0), 3600 * S);
        let b = Backoff::full(Duration::from_millis(2), Duration::from_millis(256));
        assert_eq!(b.ceiling(1000), Duration::from_millis(256));
    }

    #[test]
    fn equal_spread_is_half_fixed_half_drawn() {
        let b = Backoff::equal(30 * S, 3600 * S);
        assert_eq!(b.delay(2, 0.0), 30 * S);
        assert_eq!(b.delay(2, 0.5), 45 * S);
        assert_eq!(b.delay(2, 1.0), 60 * S);
    }

    #[test]
    fn full_spread_runs_from_zero_to_the_ceiling() {
        let b = Backoff::full(Duration::from_millis(2), Duration::from_millis(256));
        assert_eq!(b.delay(3, 0.0), Duration::ZERO);
        assert_eq!(b.delay(3, 0.25), Duration::from_millis(2));
        assert_eq!(b.delay(3, 1.0), Duration::from_millis(8));
    }

    #[test]
    fn draws_outside_zero_to_one_are_clamped() {
        let b = Backoff::equal(10 * S, 100 * S);
        assert_eq!(b.delay(1, -3.0), 5 * S);
        assert_eq!(b.delay(1, 7.0), 10 * S);
        assert_eq!(b.delay(1, f64::NAN), 5 * S);
        assert_eq!(b.delay(1, f64::INFINITY), 10 * S);
    }

    #[test]
    fn delays_never_exceed_the_ceiling_nor_fall_below_its_fixed_part() {
        for spread in [Spread::Equal, Spread::Full] {
            let b = Backoff {
                base: Duration::from_millis(7),
                cap: Duration::from_millis(900),
                spread,
            };
            for attempt in 0..40 {
                for step in 0..=20 {
                    let jitter = f64::from(step) / 20.0;
                    let d = b.delay(attempt, jitter);
                    let ceiling = b.ceiling(attempt);
                    assert!(
                        d <= ceiling,
                        "{spread:?} {attempt} {jitter}: {d:?} > {ceiling:?}"
                    );
                    if spread == Spread::Equal {
                        assert!(d >= ceiling / 2, "{attempt} {jitter}: {d:?}");
                    }
                }
            }
        }
    }
}
