//! Time and fresh ids come from outside the app, so tests control them.
//!
//! The domain reads no clock and makes no ids; the app passes `now` in every [`Context`] and
//! front ends ask the app for new entity ids and seeds. Both sources are traits given to the
//! app at construction: the system clock and random UUID v7 in production, a [`ManualClock`]
//! and [`SequentialIds`] in tests.
//!
//! Event ids are deliberately *not* taken from the [`IdSource`]: a deterministic test source
//! restarted after a reopen would hand out ids already in the log, which the store rightly
//! refuses as reused. Event ids are fresh UUID v7, or derived from an idempotency key.
//!
//! [`Context`]: accolade_domain::Context

use std::fmt::Debug;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use time::{Duration, OffsetDateTime, UtcOffset};
use uuid::Uuid;

/// Vietnam's offset (+07:00, no daylight saving): the domain takes "today" from `now.date()`,
/// so `now` must be in the programme's local offset.
pub const VIETNAM: UtcOffset = match UtcOffset::from_hms(7, 0, 0) {
    Ok(o) => o,
    Err(_) => UtcOffset::UTC,
};

/// Where the app reads the time.
pub trait Clock: Send + Sync + Debug + 'static {
    /// The current instant (any offset; the app converts it to its local offset).
    fn now(&self) -> OffsetDateTime;
}

/// The machine's clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }
}

/// A clock that moves only when told: tests set the day a phase ends or a notice runs out.
#[derive(Debug)]
pub struct ManualClock {
    now: Mutex<OffsetDateTime>,
}

impl ManualClock {
    /// A clock stopped at `now`.
    pub fn new(now: OffsetDateTime) -> Self {
        Self {
            now: Mutex::new(now),
        }
    }

    /// Sets the time.
    pub fn set(&self, now: OffsetDateTime) {
        *self.now.lock().unwrap_or_else(|p| p.into_inner()) = now;
    }

    /// Moves the time forward (or back, with a negative duration).
    pub fn advance(&self, by: Duration) {
        let mut now = self.now.lock().unwrap_or_else(|p| p.into_inner());
        *now += by;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> OffsetDateTime {
        *self.now.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Where the app gets ids for new entities (programmes, nominations, users...) and seeds for
/// recorded random draws.
pub trait IdSource: Send + Sync + Debug + 'static {
    /// A fresh id.
    fn new_id(&self) -> Uuid;
    /// A fresh seed for a recorded draw (reviewer assignment).
    fn new_seed(&self) -> u64;
}

/// Random UUID v7 ids (time-ordered, so new entities sort after old ones) and random seeds.
#[derive(Debug, Clone, Copy, Default)]
pub struct RandomIds;

impl IdSource for RandomIds {
    fn new_id(&self) -> Uuid {
        Uuid::now_v7()
    }

    fn new_seed(&self) -> u64 {
        // The low 64 bits of a v4 UUID are random apart from the variant bits: enough for a
        // reviewer draw, and it avoids a second random-number dependency.
        let v = Uuid::new_v4().as_u128();
        u64::try_from(v & u128::from(u64::MAX)).unwrap_or_default()
    }
}

/// Deterministic ids for tests: `prefix` in the high bits, a counter in the low ones.
#[derive(Debug)]
pub struct SequentialIds {
    prefix: u64,
    next: AtomicU64,
}

impl SequentialIds {
    /// A source whose ids start with `prefix`.
    pub fn new(prefix: u64) -> Self {
        Self {
            prefix,
            next: AtomicU64::new(1),
        }
    }
}

impl IdSource for SequentialIds {
    fn new_id(&self) -> Uuid {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        Uuid::from_u128((u128::from(self.prefix) << 64) | u128::from(n))
    }

    fn new_seed(&self) -> u64 {
        self.next.fetch_add(1, Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manual_clock_moves_only_when_told() {
        let c = ManualClock::new(OffsetDateTime::UNIX_EPOCH);
        assert_eq!(c.now(), OffsetDateTime::UNIX_EPOCH);
        c.advance(Duration::days(1));
        assert_eq!(c.now(), OffsetDateTime::UNIX_EPOCH + Duration::days(1));
    }

    #[test]
    fn sequential_ids_are_distinct_and_prefixed() {
        let ids = SequentialIds::new(7);
        let (a, b) = (ids.new_id(), ids.new_id());
        assert_ne!(a, b);
        assert_eq!(a.as_u128() >> 64, 7);
        assert_eq!(VIETNAM.whole_hours(), 7);
    }
}
