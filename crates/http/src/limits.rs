//! Limits on anonymous writes per client address: objections.
//!
//! Anyone may object to a nomination on the public-notice list, without signing in, so the
//! only handle on a flood is the client's address ([`ClientAddr`]: the same address the
//! sign-in limit uses). The count is per address and never per nomination: a cap per
//! nomination would let one attacker use up a nomination's budget and silence the genuine
//! objectors. The counting itself is the app's [`Limiter`]; this holds the instance.
//!
//! Why the limit sits here, at the HTTP edge, and not in the app's objections action: the
//! client's address is an HTTP fact (the peer, or `X-Forwarded-For` behind a trusted proxy),
//! the cap is the HTTP server's configuration, and a caller without an address (the CLI, a
//! test driving the app) has nothing to count. The API's handler and the public objection
//! page both wrap the same action, `node.objections().file(..)`, in [`PublicLimits::objection`].

use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use accolade_app::AppError;
use accolade_app::actions::Done;
use accolade_app::limiter::Limiter;
use axum::http::StatusCode;

use crate::client::ClientAddr;
use crate::config::Config;
use crate::error::{ApiError, ApiResult};

/// The limits of one server process.
#[derive(Debug)]
pub struct PublicLimits {
    objections: Mutex<Limiter>,
    objections_per_address: u32,
}

impl PublicLimits {
    /// The limits `config` sets.
    pub fn new(config: &Config) -> Self {
        Self {
            objections: Mutex::new(Limiter::new(Duration::from_secs(
                config.objection_window_secs.max(1),
            ))),
            objections_per_address: config.objections_per_address,
        }
    }

    fn objections(&self) -> MutexGuard<'_, Limiter> {
        self.objections
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Files an objection from `client` through `file`, counted against the client's
    /// address: at the cap, 429 with `Retry-After` and `file` is not run (nothing stored).
    /// The slot is reserved before filing, so parallel requests cannot all pass; an
    /// objection that was refused, or an idempotent replay of one already counted, gives its
    /// slot back.
    pub async fn objection(
        &self,
        client: &ClientAddr,
        file: impl Future<Output = Result<Done, AppError>>,
    ) -> ApiResult<Done> {
        let key = format!("addr:{}", client.0);
        let slot = self
            .objections()
            .reserve(&[(&key, self.objections_per_address)], Instant::now())
            .map_err(|l| {
                let mut e = ApiError::new(
                    StatusCode::TOO_MANY_REQUESTS,
                    "too many objections from this address; try again later",
                );
                e.retry_after = Some(l.retry_after_secs());
                e
            })?;
        let done = file.await;
        let counts = matches!(&done, Ok(d) if !d.executed.replayed);
        if !counts {
            self.objections().release(slot);
        }
        Ok(done?)
    }
}
