//! Attempts counted per key in a fixed window: the failed-sign-in limit (per client address
//! and per account) and the objection limit (per client address).
//!
//! Pure logic: the caller passes the time in, and the caller holds the lock. A front end
//! keeps one `Limiter` per limit behind a mutex; later, several server processes may share
//! the counts through the store.
//!
//! An attempt **reserves** a slot before its work is done (the password verified, the
//! objection filed), in the same critical section that checks the count, so concurrent
//! attempts cannot all pass a check made before any of them was counted: 40 parallel wrong
//! passwords for an account with a cap of 5 get at most 5 checks. An attempt that should not
//! count (a successful sign-in, an objection that was refused and stored nothing) gives its
//! slot back with [`Limiter::release`]. A slot never released — the work failed, the request
//! was dropped half-way — stays counted: the safe default.

use std::collections::HashMap;
use std::time::{Duration, Instant};

/// One key's window: when its first counted attempt came, and how many are counted.
#[derive(Debug, Clone, Copy)]
struct Window {
    started: Instant,
    count: u32,
}

/// The attempt was refused: the key is at its cap for the rest of its window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limited {
    /// Time until the window of the (latest-ending) exhausted key ends.
    pub retry_after: Duration,
}

impl Limited {
    /// Whole seconds to wait, at least 1 (for `Retry-After`).
    pub fn retry_after_secs(&self) -> u64 {
        let secs = self.retry_after.as_secs();
        if self.retry_after.subsec_nanos() > 0 {
            secs + 1
        } else {
            secs.max(1)
        }
    }
}

/// A reserved slot on one or more keys; give it back with [`Limiter::release`] if the attempt
/// should not count. Dropping it keeps it counted.
#[derive(Debug)]
#[must_use = "a slot is counted unless released"]
pub struct Slot {
    /// Each key with the start of the window the slot was taken in (a release after that
    /// window ended must not take from the next one).
    keys: Vec<(String, Instant)>,
}

/// Attempt counts per key, each in its own fixed window.
#[derive(Debug)]
pub struct Limiter {
    window: Duration,
    counts: HashMap<String, Window>,
    last_sweep: Option<Instant>,
}

impl Limiter {
    /// A limiter whose windows last `window`.
    pub fn new(window: Duration) -> Self {
        Self {
            window,
            counts: HashMap::new(),
            last_sweep: None,
        }
    }

    /// Reserves one slot on every `(key, max)` at `now`, or none: refused if any key already
    /// has `max` attempts counted in its window.
    pub fn reserve(&mut self, keys: &[(&str, u32)], now: Instant) -> Result<Slot, Limited> {
        self.sweep(now);
        let window = self.window;
        let mut wait = None::<Duration>;
        for (key, max) in keys {
            if let Some(w) = self.live(key, now)
                && w.count >= *max
            {
                let left = window.saturating_sub(now.saturating_duration_since(w.started));
                wait = Some(wait.map_or(left, |d| d.max(left)));
            } else if *max == 0 {
                wait = Some(wait.map_or(window, |d| d.max(window)));
            }
        }
        if let Some(retry_after) = wait {
            return Err(Limited { retry_after });
        }
        let mut slot = Slot {
            keys: Vec::with_capacity(keys.len()),
        };
        for (key, _) in keys {
            let w = self.counts.entry((*key).to_owned()).or_insert(Window {
                started: now,
                count: 0,
            });
            if now.saturating_duration_since(w.started) >= window {
                *w = Window {
                    started: now,
                    count: 0,
                };
            }
            w.count = w.count.saturating_add(1);
            slot.keys.push(((*key).to_owned(), w.started));
        }
        Ok(slot)
    }

    /// Gives a slot back: the attempt does not count.
    pub fn release(&mut self, slot: Slot) {
        for (key, started) in slot.keys {
            if let Some(w) = self.counts.get_mut(&key)
                && w.started == started
            {
                w.count = w.count.saturating_sub(1);
            }
        }
    }

    /// The attempts counted for `key` in its current window (0 if none).
    pub fn count(&self, key: &str, now: Instant) -> u32 {
        self.live(key, now).map_or(0, |w| w.count)
    }

    fn live(&self, key: &str, now: Instant) -> Option<&Window> {
        self.counts
            .get(key)
            .filter(|w| now.saturating_duration_since(w.started) < self.window)
    }

    /// Forgets ended windows, at most a few times per window: a sweep walks every key, and
    /// doing it on every attempt would make a flood of new addresses quadratic.
    fn sweep(&mut self, now: Instant) {
        let every = self.window / 8;
        if self
            .last_sweep
            .is_some_and(|t| now.saturating_duration_since(t) < every)
        {
            return;
        }
        self.last_sweep = Some(now);
        let window = self.window;
        self.counts
            .retain(|_, w| (w.count > 0) && now.saturating_duration_since(w.started) < window);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: Duration = Duration::from_secs(60);

    #[test]
    fn refuses_at_the_cap_until_the_window_ends() {
        let mut l = Limiter::new(MIN);
        let t = Instant::now();
        for _ in 0..3 {
            let _counted = l.reserve(&[("k", 3)], t).unwrap();
        }
        let refused = l.reserve(&[("k", 3)], t + Duration::from_secs(10));
        assert_eq!(refused.unwrap_err().retry_after_secs(), 50);
        assert!(l.reserve(&[("other", 3)], t).is_ok());
        assert!(l.reserve(&[("k", 3)], t + Duration::from_secs(61)).is_ok());
    }

    /// Issue 10 item 7: the slot is taken when the attempt starts, so attempts in flight
    /// count before any of them finishes.
    #[test]
    fn attempts_in_flight_count_before_they_finish() {
        let mut l = Limiter::new(MIN);
        let t = Instant::now();
        let slots: Vec<_> = (0..40)
            .map(|_| l.reserve(&[("account:a", 5), ("addr:1", 20)], t))
            .collect();
        assert_eq!(slots.iter().filter(|s| s.is_ok()).count(), 5);
        assert_eq!(l.count("account:a", t), 5);
        assert_eq!(
            l.count("addr:1", t),
            5,
            "a refused attempt takes no slot anywhere"
        );
    }

    #[test]
    fn a_released_slot_does_not_count() {
        let mut l = Limiter::new(MIN);
        let t = Instant::now();
        for _ in 0..10 {
            let slot = l.reserve(&[("k", 2)], t).unwrap();
            l.release(slot);
        }
        assert_eq!(l.count("k", t), 0);
        let _kept = l.reserve(&[("k", 2)], t).unwrap();
        assert_eq!(l.count("k", t), 1);
    }

    #[test]
    fn any_key_at_its_cap_refuses_and_the_longest_wait_is_given() {
        let mut l = Limiter::new(MIN);
        let t = Instant::now();
        let _a = l.reserve(&[("a", 1)], t).unwrap();
        let _b = l.reserve(&[("b", 1)], t + Duration::from_secs(30)).unwrap();
        let e = l
            .reserve(&[("a", 1), ("b", 1)], t + Duration::from_secs(40))
            .unwrap_err();
        assert_eq!(e.retry_after_secs(), 50);
        assert_eq!(l.count("a", t + Duration::from_secs(40)), 1);
    }

    #[test]
    fn a_release_after_the_window_leaves_the_next_window_alone() {
        let mut l = Limiter::new(MIN);
        let t = Instant::now();
        let old = l.reserve(&[("k", 5)], t).unwrap();
        let later = t + Duration::from_secs(61);
        let _new = l.reserve(&[("k", 5)], later).unwrap();
        l.release(old);
        assert_eq!(l.count("k", later), 1);
    }

    #[test]
    fn a_cap_of_zero_refuses_everything() {
        let mut l = Limiter::new(MIN);
        let e = l.reserve(&[("k", 0)], Instant::now()).unwrap_err();
        assert_eq!(e.retry_after_secs(), 60);
    }

    #[test]
    fn ended_windows_are_forgotten() {
        let mut l = Limiter::new(MIN);
        let t = Instant::now();
        for i in 0..100 {
            let _s = l.reserve(&[(&format!("addr:{i}"), 5)], t).unwrap();
        }
        let _s = l
            .reserve(&[("late", 5)], t + Duration::from_secs(61))
            .unwrap();
        assert_eq!(l.counts.len(), 1);
    }

    #[test]
    fn retry_after_rounds_up_to_whole_seconds() {
        let l = |ms| Limited {
            retry_after: Duration::from_millis(ms),
        };
        assert_eq!(l(0).retry_after_secs(), 1);
        assert_eq!(l(1500).retry_after_secs(), 2);
        assert_eq!(l(2000).retry_after_secs(), 2);
    }
}
