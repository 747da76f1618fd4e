//! The retry schedule: after a failed attempt, when the mail is tried again, whether it is
//! given up, and whether the pass stops.
//!
//! A refusal for good (5xx) or a mail that cannot be built concerns that mail: it backs off
//! alone and is given up after `max_permanent_attempts`. (A recipient without an address, or
//! erased, is no failure at all: the mail is dropped, [`Attempted::Dropped`], and never
//! retried.) Anything else (connection, timeout, 4xx)
//! concerns the server: the mail backs off, is never given up, and the pass stops until then,
//! so an outage costs one failed attempt per backoff step, not one per queued mail. Token mails
//! follow the same rules; for them "never given up" matters most (the token exists nowhere
//! else).
//!
//! Delays are [`accolade_events::backoff`]'s equal spread: `retry_base × 2^(attempt-1)`,
//! capped at `retry_max`, half fixed and half drawn from the [`Jitter`] source — random in
//! production, fixed in tests.

use std::sync::Arc;

use accolade_events::DropReason;
use accolade_events::backoff::Backoff;
use rand::Rng;
use time::OffsetDateTime;

use crate::config::MailConfig;
use crate::error::{NotifyError, SendError};

/// Where the worker draws its jitter from: a number in `0..=1` per retry (tests fix it).
pub type Jitter = Arc<dyn Fn() -> f64 + Send + Sync>;

/// A fresh random draw per retry, so notifiers do not retry in lockstep.
pub(crate) fn random_jitter() -> Jitter {
    Arc::new(|| rand::rng().random::<f64>())
}

/// What an attempt that did not fail came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Attempted {
    /// The SMTP server accepted the mail.
    Sent,
    /// Nobody can receive it: dropped, not failed.
    Dropped(DropReason),
}

/// Why an attempt failed.
pub(crate) enum Failure {
    /// The mail could not be rendered or built.
    Compose(NotifyError),
    /// The send failed.
    Send(SendError),
}

/// What follows a failed attempt.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Verdict {
    /// What went wrong, as recorded (addresses already redacted).
    pub error: String,
    /// When to try again; `None`: given up.
    pub next: Option<OffsetDateTime>,
    /// The server is in trouble: send nothing more until `next`.
    pub server_down: bool,
}

/// The schedule, from the configuration and a jitter source.
pub(crate) struct Retry {
    backoff: Backoff,
    max_permanent_attempts: u32,
    jitter: Jitter,
}

impl Retry {
    pub(crate) fn new(config: &MailConfig, jitter: Jitter) -> Self {
        Retry {
            backoff: Backoff::equal(config.retry_base, config.retry_max),
            max_permanent_attempts: config.max_permanent_attempts,
            jitter,
        }
    }

    /// What follows attempt `attempt` (1-based) failing with `failure` at `now`.
    pub(crate) fn after(&self, failure: Failure, attempt: u32, now: OffsetDateTime) -> Verdict {
        let for_the_mail = |error: String| Verdict {
            error,
            next: (attempt < self.max_permanent_attempts).then(|| self.next(now, attempt)),
            server_down: false,
        };
        match failure {
            // A mail that cannot be built (a bad address) will not build better later; it is
            // retried as a refusal is, in case the data behind it is corrected meanwhile.
            Failure::Compose(e) => for_the_mail(e.to_string()),
            Failure::Send(e) if e.permanent => for_the_mail(e.message),
            Failure::Send(e) => Verdict {
                error: e.message,
                next: Some(self.next(now, attempt)),
                server_down: true,
            },
        }
    }

    /// When attempt `attempt` may be followed by the next.
    fn next(&self, now: OffsetDateTime, attempt: u32) -> OffsetDateTime {
        now + self.backoff.delay(attempt, (self.jitter)())
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use time::macros::datetime;

    use super::*;

    const NOW: OffsetDateTime = datetime!(2026-03-01 09:00 UTC);

    fn retry(jitter: f64) -> Retry {
        let mut config = MailConfig::new("smtp://127.0.0.1:2525", "a@example.vn", "https://x");
        config.retry_base = Duration::from_secs(10);
        config.retry_max = Duration::from_secs(60);
        config.max_permanent_attempts = 3;
        Retry::new(&config, Arc::new(move || jitter))
    }

    fn secs(n: i64) -> Option<OffsetDateTime> {
        Some(NOW + time::Duration::seconds(n))
    }

    #[test]
    fn a_server_failure_backs_off_stops_the_pass_and_is_never_given_up() {
        let r = retry(1.0);
        for (attempt, delay) in [(1, 10), (2, 20), (3, 40), (4, 60), (50, 60)] {
            let v = r.after(
                Failure::Send(SendError::transient("421 busy")),
                attempt,
                NOW,
            );
            assert_eq!(
                v,
                Verdict {
                    error: "421 busy".into(),
                    next: secs(delay),
                    server_down: true
                },
                "attempt {attempt}"
            );
        }
    }

    #[test]
    fn a_refusal_backs_off_alone_and_is_given_up_after_the_last_attempt() {
        let r = retry(0.0);
        let refuse = || Failure::Send(SendError::permanent("550 no such user"));
        let v = r.after(refuse(), 1, NOW);
        assert_eq!((v.next, v.server_down), (secs(5), false));
        assert_eq!(r.after(refuse(), 2, NOW).next, secs(10));
        let last = r.after(refuse(), 3, NOW);
        assert_eq!((last.next, last.server_down), (None, false));
        assert_eq!(last.error, "550 no such user");
    }

    #[test]
    fn a_mail_that_cannot_be_built_is_retried_like_a_refusal() {
        let r = retry(0.5);
        let bad = || Failure::Compose(NotifyError::Message("bad address".into()));
        let v = r.after(bad(), 1, NOW);
        assert_eq!(
            (v.next, v.server_down),
            (Some(NOW + Duration::from_millis(7500)), false)
        );
        assert_eq!(v.error, "message: bad address");
        assert_eq!(r.after(bad(), 3, NOW).next, None);
    }
}
