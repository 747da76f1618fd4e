//! What every handler shares: the node (the app, its read models and sign-in state), the
//! configuration, the metrics handle, where token mails go and the public write limits.

use std::sync::Arc;

use accolade_app::accounts::{Auth, InvitationSink};
use accolade_app::read::Projections;
use accolade_app::{Actor, App, Command, Executed, Node, Options};
use accolade_store::SledStore;
use metrics_exporter_prometheus::PrometheusHandle;
use uuid::Uuid;

use crate::config::Config;
use crate::error::ApiResult;
use crate::extract::IdempotencyKey;

/// Shared by every handler; a clone is one reference count, whatever the state holds (every
/// request clones it, on two or more runtime workers at once).
#[derive(Debug, Clone)]
pub struct AppState(Arc<Shared>);

/// What an [`AppState`] refers to.
#[derive(Debug)]
pub struct Shared {
    /// The app with its read models: every write and every read goes through it.
    pub node: Node<SledStore>,
    /// The command core (a handle into `node`).
    pub app: App<SledStore>,
    /// Passwords, tokens, invitations, the sign-in limiter (a handle into `node`).
    pub auth: Arc<Auth>,
    /// As loaded at start (file, then `ACCOLADE_*` variables, then flags); fixed while the
    /// server runs.
    pub config: Arc<Config>,
    /// Renders `/metrics`.
    pub metrics: PrometheusHandle,
    /// Where invitation tokens go.
    pub invitations: Arc<dyn InvitationSink>,
    /// Limits on anonymous writes per client address (objections).
    pub limits: Arc<crate::limits::PublicLimits>,
    /// Parts of pages kept while what they show is unchanged.
    pub memo: Arc<crate::memo::Memo>,
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl AppState {
    /// The state over `node`.
    pub fn new(
        node: Node<SledStore>,
        config: Config,
        metrics: PrometheusHandle,
        invitations: Arc<dyn InvitationSink>,
    ) -> Self {
        Self(Arc::new(Shared {
            app: node.app().clone(),
            auth: node.auth().clone(),
            limits: Arc::new(crate::limits::PublicLimits::new(&config)),
            memo: Arc::default(),
            node,
            config: Arc::new(config),
            metrics,
            invitations,
        }))
    }

    /// Runs a query against the read models.
    pub fn read<R>(&self, f: impl FnOnce(&Projections) -> R) -> R {
        self.node.read(f)
    }

    /// Executes a command; answers once this node's read models include it
    /// ([`Node::execute`]).
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
        let options = Options {
            idempotency_key: key.0.clone(),
            correlation_id,
            expected_version,
        };
        Ok(self.node.execute(actor, command, options).await?)
    }

    /// The id of a thing a request creates ([`Node::new_id`]).
    pub fn new_id(&self, actor: &Actor, key: &IdempotencyKey, part: &str) -> Uuid {
        self.node.new_id(actor, key.0.as_deref(), part)
    }

    /// Whether the read models have caught up with the durable log.
    pub fn caught_up(&self) -> bool {
        self.node.caught_up()
    }

    /// Events durable but not yet in the read models.
    pub fn lag(&self) -> u64 {
        self.node.lag()
    }
}
