//! Failed sign-ins, counted per client address and per account in a fixed window.
//!
//! Only failures count: a successful sign-in is never limited and never adds to a count. Once
//! a key has `max` failures in its window, every attempt on that key is refused with the time
//! left in the window (429 with `Retry-After`) before the password is even checked, so a
//! guesser learns nothing more until the window ends.

use std::collections::HashMap;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy)]
struct Window {
    started: Instant,
    failures: u32,
}

/// Failure counts per key ("addr:…", "account:…").
#[derive(Debug)]
pub struct Limiter {
    window: Duration,
    counts: HashMap<String, Window>,
}

impl Limiter {
    /// A limiter with the given window.
    pub fn new(window: Duration) -> Self {
        Self {
            window,
            counts: HashMap::new(),
        }
    }

    /// `Err(seconds)` if `key` has reached `max` failures in its current window.
    pub fn check(&mut self, key: &str, max: u32, now: Instant) -> Result<(), u64> {
        self.expire(now);
        match self.counts.get(key) {
            Some(w) if w.failures >= max => {
                let left = self.window.saturating_sub(now.duration_since(w.started));
                Err(left.as_secs().max(1))
            }
            _ => Ok(()),
        }
    }

    /// Counts a failure for `key`.
    pub fn fail(&mut self, key: &str, now: Instant) {
        let w = self.counts.entry(key.to_owned()).or_insert(Window {
            started: now,
            failures: 0,
        });
        w.failures += 1;
    }

    fn expire(&mut self, now: Instant) {
        let window = self.window;
        self.counts
            .retain(|_, w| now.duration_since(w.started) < window);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_after_max_failures_until_the_window_ends() {
        let mut l = Limiter::new(Duration::from_secs(60));
        let t = Instant::now();
        for _ in 0..3 {
            assert!(l.check("k", 3, t).is_ok());
            l.fail("k", t);
        }
        assert_eq!(l.check("k", 3, t + Duration::from_secs(10)), Err(50));
        assert!(l.check("other", 3, t).is_ok());
        assert!(l.check("k", 3, t + Duration::from_secs(61)).is_ok());
    }
}
