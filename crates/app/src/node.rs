//! [`Node`]: the app as one server process runs it — the command core ([`App`]), this
//! process's read models (the projection runner) and the sign-in state ([`Auth`]).
//!
//! Front ends (the JSON API, the pages, the CLI) hold a `Node`, never the pieces: a write goes
//! through [`Node::execute`], which answers only once this node's read models include it
//! (read-your-writes), and a read goes through [`Node::read`], which never touches the log.
//! Several processes on one log (the PostgreSQL deployment) each run their own `Node`; a
//! reader on one waits with [`Node::wait_for`] for the position a write on another returned.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use accolade_projections::{Projections, Runner, RunnerConfig, RunnerError};
use accolade_store::{EventStore, SledStore};
use uuid::Uuid;

use crate::accounts::credentials::CredentialStore;
use crate::accounts::{AccountsConfig, Auth};
use crate::{Actor, App, AppError, Command, Executed, Options};

/// How long a write waits for this node's read models to include it.
const READ_YOUR_WRITES: Duration = Duration::from_secs(10);

/// How a [`Node`] is opened over a data directory.
#[derive(Debug, Clone)]
pub struct NodeConfig {
    /// Keep projection snapshots in `data_dir/projections` (off: every start replays the log).
    pub snapshots: bool,
    /// How long opening waits for the read models before serving anyway.
    pub catch_up: Duration,
    /// The sign-in rules.
    pub accounts: AccountsConfig,
    /// Where person keys are kept and how they are protected.
    pub personal: PersonalConfig,
}

/// How personal data is protected: the key store's master key, and the erasure policy.
#[derive(Clone, Default)]
pub struct PersonalConfig {
    /// The master key person keys are wrapped under, as text (64 hex digits or base64 of 32
    /// bytes), from the environment or the config file. Keep it apart from the data directory.
    pub master_key: Option<String>,
    /// Or a file holding it (32 raw bytes, or the text), outside the data directory.
    pub master_key_file: Option<std::path::PathBuf>,
    /// What an erasure leaves of a conferred award's holder.
    pub erasure_policy: crate::actions::persons::ErasurePolicy,
}

impl std::fmt::Debug for PersonalConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PersonalConfig")
            .field("master_key", &self.master_key.as_ref().map(|_| "(set)"))
            .field("master_key_file", &self.master_key_file)
            .field("erasure_policy", &self.erasure_policy)
            .finish()
    }
}

impl PersonalConfig {
    /// The master key, if one is configured (the text wins over the file).
    pub fn master_key(&self) -> Result<Option<accolade_keys::MasterKey>, accolade_keys::KeyError> {
        match (&self.master_key, &self.master_key_file) {
            (Some(text), _) => accolade_keys::MasterKey::parse(text).map(Some),
            (None, Some(path)) => accolade_keys::MasterKey::from_file(path).map(Some),
            (None, None) => Ok(None),
        }
    }
}

/// Why a node could not open or close cleanly.
#[derive(Debug, thiserror::Error)]
pub enum NodeError {
    /// The store, the ballot box or a first command failed.
    #[error(transparent)]
    App(#[from] AppError),
    /// The projection runner failed.
    #[error(transparent)]
    Runner(#[from] RunnerError),
    /// Reading or writing the credentials file or the data directory.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// The key store is missing, damaged, or the master key is wrong: refusing to start
    /// rather than show every person as erased.
    #[error(transparent)]
    Keys(#[from] accolade_keys::KeyError),
    /// The key store lacks keys of people the log names who were never erased.
    #[error(
        "the key store {dir} has no key for {missing} people named in the log who were never \
         erased (for example person {example}): it is older than the log (restored from an old \
         copy?) or damaged. Restore its newest copy (docs/keys.md); serving now would show them \
         as erased"
    )]
    KeysBehind {
        /// The key store's directory.
        dir: String,
        /// How many people have no key.
        missing: usize,
        /// One of them.
        example: Uuid,
    },
    /// The store is of another shape than this build's.
    #[error(transparent)]
    Shape(#[from] crate::migrate::ShapeError),
}

/// The app with its read models and sign-in state. Cheap to clone.
#[derive(Debug)]
pub struct Node<S: EventStore> {
    app: App<S>,
    runner: Arc<Runner>,
    auth: Arc<Auth>,
}

impl<S: EventStore> Clone for Node<S> {
    fn clone(&self) -> Self {
        Self {
            app: self.app.clone(),
            runner: self.runner.clone(),
            auth: self.auth.clone(),
        }
    }
}

impl Node<SledStore> {
    /// Opens `data_dir` (creating it if missing): the sled store and ballot box
    /// ([`App::open_sled`]), with every closed round's key destroyed before anything is
    /// served; the read models, from their snapshot if any, waited for (bounded) until they
    /// have caught up; the credentials file.
    pub async fn open(data_dir: &Path, config: &NodeConfig) -> Result<Self, NodeError> {
        std::fs::create_dir_all(data_dir)?;
        let app = App::open_sled(data_dir, &config.personal).await?;
        app.sweep_closed_rounds().await?;
        let runner = if config.snapshots {
            RunnerConfig::with_snapshots(data_dir.join("projections"))
        } else {
            RunnerConfig::in_memory()
        };
        let auth = Auth::open(CredentialStore::in_dir(data_dir), &config.accounts)?;
        let node = Self::start(app, runner, auth, config.catch_up).await?;
        // An erasure recorded but not yet applied to the keys (a crash between the two) is
        // applied before anything is served; then every person the log names must have a key.
        node.follow_erasures().await?;
        let missing = node.people_without_keys();
        if let Some(first) = missing.first() {
            return Err(NodeError::KeysBehind {
                dir: data_dir.join("keys").display().to_string(),
                missing: missing.len(),
                example: *first,
            });
        }
        Ok(node)
    }

    /// Writes a final snapshot of the read models and closes the store. Every other clone of
    /// this node (and of its runner: the notifier's) must be gone first, or the snapshot is
    /// skipped (it only saves replay time).
    pub async fn close(self) -> Result<(), NodeError> {
        let Node { app, runner, .. } = self;
        match Arc::try_unwrap(runner) {
            Ok(r) => r.shutdown().await?,
            Err(_) => tracing::warn!("projection runner still shared; no final snapshot"),
        }
        app.store().close();
        app.people().keys().close().await;
        Ok(())
    }
}

impl<S: EventStore> Node<S> {
    /// Starts the read models of `app` and waits (at most `catch_up`) until they include
    /// every durable event; a node that is not caught up still starts (`caught_up` says so).
    pub async fn start(
        app: App<S>,
        runner: RunnerConfig,
        auth: Auth,
        catch_up: Duration,
    ) -> Result<Self, NodeError> {
        let runner = Arc::new(Runner::start(app.store().clone(), runner).await?);
        if let Err(e) = runner.catch_up(app.store(), catch_up).await {
            tracing::warn!(error = %e, "serving before the read models caught up");
        }
        Ok(Self {
            app,
            runner,
            auth: Arc::new(auth),
        })
    }

    /// The command core (schedules, the demo's seeding and the CLI's offline commands use it).
    pub fn app(&self) -> &App<S> {
        &self.app
    }

    /// The sign-in state: passwords, tokens, invitations, the sign-in limiter.
    pub fn auth(&self) -> &Arc<Auth> {
        &self.auth
    }

    /// The projection runner, for what follows the read models itself (the notifier).
    pub fn runner(&self) -> &Arc<Runner> {
        &self.runner
    }

    /// What opens people's sealed fields for a view (the people register, with its cache).
    pub fn unseal(&self) -> &dyn accolade_events::Unseal {
        self.app.people().as_ref()
    }

    /// Runs a query against this node's read models.
    pub fn read<R>(&self, f: impl FnOnce(&Projections) -> R) -> R {
        self.runner.read(f)
    }

    /// Executes a command, then waits until this node's read models include it, so the
    /// answer and every later read on this node see the write.
    pub async fn execute(
        &self,
        actor: &Actor,
        command: Command,
        options: Options,
    ) -> Result<Executed, AppError> {
        let started = Instant::now();
        let done = self
            .app
            .execute_with(actor.clone(), command, options)
            .await?;
        metrics::histogram!("accolade_command_seconds").record(started.elapsed().as_secs_f64());
        if let Some(last) = done.last_position() {
            self.wait_for(last).await?;
        }
        Ok(done)
    }

    /// Waits (bounded) until this node's read models include the event at `position`.
    pub async fn wait_for(&self, position: u64) -> Result<(), AppError> {
        self.runner
            .wait_for(position, READ_YOUR_WRITES)
            .await
            .map_err(|e| AppError::ReadModelsBehind(e.to_string()))
    }

    /// The id of a thing a request creates. With an idempotency key it is derived from the
    /// actor, the key and `part`, so a retried request builds the same command (and the app
    /// returns the first result); without one it is a fresh id.
    pub fn new_id(&self, actor: &Actor, key: Option<&str>, part: &str) -> Uuid {
        match key {
            Some(k) => derived_id(actor, k, part),
            None => self.app.new_id(),
        }
    }

    /// Whether the read models have caught up with the durable log.
    pub fn caught_up(&self) -> bool {
        self.lag() == 0
    }

    /// Events durable but not yet in the read models.
    pub fn lag(&self) -> u64 {
        let head = *self.app.store().durable_head().borrow();
        head.saturating_sub(self.runner.position())
    }
}

/// The id a keyed request derives (the same bytes since the first release, so a request
/// retried across an upgrade still finds its first result).
fn derived_id(actor: &Actor, key: &str, part: &str) -> Uuid {
    let who = match actor {
        Actor::User { user_id, .. } => user_id.to_string(),
        Actor::Public => "public".to_owned(),
        Actor::System => "system".to_owned(),
    };
    accolade_events::ids::hash_uuid(format!("accolade-http-id\0{who}\0{key}\0{part}").as_bytes())
}
