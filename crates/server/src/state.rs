//! What every handler shares: the app (writes), the projection runner (reads), sign-in state,
//! the configuration and the metrics handle.

use std::sync::Arc;
use std::time::{Duration, Instant};

use accolade_app::{Actor, App, Command, Executed, Options};
use accolade_projections::{Projections, Runner};
use accolade_store::{EventStore, SledStore};
use metrics_exporter_prometheus::PrometheusHandle;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::auth::{Auth, InvitationSink};
use crate::config::Config;
use crate::error::{ApiError, ApiResult};
use crate::extract::IdempotencyKey;

/// How long a write waits for this server's read models to include it.
const READ_YOUR_WRITES: Duration = Duration::from_secs(10);

/// Shared by every handler; cheap to clone.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The application layer: every write goes through it.
    pub app: App<SledStore>,
    /// The read models: every list and page reads them.
    pub runner: Arc<Runner>,
    /// Passwords, tokens, invitations, the sign-in limiter.
    pub auth: Arc<Auth>,
    /// The configuration.
    pub config: Arc<Config>,
    /// Renders `/metrics`.
    pub metrics: PrometheusHandle,
    /// Where invitation tokens go.
    pub invitations: Arc<dyn InvitationSink>,
    /// Limits on anonymous writes per client address (objections).
    pub limits: Arc<crate::limits::PublicLimits>,
}

impl AppState {
    /// Runs a query against the read models.
    pub fn read<R>(&self, f: impl FnOnce(&Projections) -> R) -> R {
        self.runner.read(f)
    }

    /// Executes a command, then waits until this server's read models include it, so the
    /// answer and every later read see the write (API.md: read-your-writes).
    pub async fn execute(
        &self,
        actor: &Actor,
        command: Command,
        key: &IdempotencyKey,
        correlation_id: Option<Uuid>,
    ) -> ApiResult<Executed> {
        self.execute_expecting(actor, command, key, correlation_id, None)
            .await
    }

    /// [`AppState::execute`] for a command made against `expected_version` of its stream
    /// (an `If-Match`): the app checks it under the stream's lock, where the append is
    /// decided, and refuses a stale one (412).
    pub async fn execute_expecting(
        &self,
        actor: &Actor,
        command: Command,
        key: &IdempotencyKey,
        correlation_id: Option<Uuid>,
        expected_version: Option<u64>,
    ) -> ApiResult<Executed> {
        let started = Instant::now();
        let options = Options {
            idempotency_key: key.0.clone(),
            correlation_id,
            expected_version,
        };
        let done = self
            .app
            .execute_with(actor.clone(), command, options)
            .await?;
        metrics::histogram!("accolade_command_seconds").record(started.elapsed().as_secs_f64());
        if let Some(last) = done.last_position() {
            self.runner
                .wait_for(last, READ_YOUR_WRITES)
                .await
                .map_err(|e| ApiError::unavailable(format!("read models lag behind: {e}")))?;
        }
        Ok(done)
    }

    /// The id of a thing a request creates. With an `Idempotency-Key` it is derived from the
    /// caller and the key, so a retried request builds the same command (and the app returns
    /// the first result); without one it is a fresh UUID v7.
    pub fn new_id(&self, actor: &Actor, key: &IdempotencyKey, part: &str) -> Uuid {
        match &key.0 {
            Some(k) => derived_id(actor, k, part),
            None => self.app.new_id(),
        }
    }

    /// Whether the read models have caught up with the durable log.
    pub fn caught_up(&self) -> bool {
        self.runner.position() >= *self.app.store().durable_head().borrow()
    }

    /// Events durable but not yet in the read models.
    pub fn lag(&self) -> u64 {
        let head = *self.app.store().durable_head().borrow();
        head.saturating_sub(self.runner.position())
    }
}

fn derived_id(actor: &Actor, key: &str, part: &str) -> Uuid {
    let who = match actor {
        Actor::User { user_id, .. } => user_id.to_string(),
        Actor::Public => "public".to_owned(),
        Actor::System => "system".to_owned(),
    };
    let digest = Sha256::new()
        .chain_update(b"accolade-http-id\0")
        .chain_update(who.as_bytes())
        .chain_update([0])
        .chain_update(key.as_bytes())
        .chain_update([0])
        .chain_update(part.as_bytes())
        .finalize();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_custom_bytes(bytes).into_uuid()
}
