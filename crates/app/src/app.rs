//! [`App`]: construction, loading a stream's state, and what a command's plan is.
//!
//! Every command goes `load -> (gather inputs) -> decide -> (seal) -> append(expected
//! version) -> cache`, with the others waiting on its stream: `combine` decides them in turn
//! on one evolving state and appends them as one batch (group commit), deciding the group
//! again on a version conflict. The retry is for other processes writing the same store
//! (PostgreSQL deployments) and is bounded; `decide` is pure, so deciding again on the
//! reloaded state is always safe.

use std::fmt::Debug;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use accolade_domain::{Actor, DomainError};
use accolade_store::{EventStore, SledStore};
use time::{OffsetDateTime, UtcOffset};
use uuid::Uuid;

use crate::clock::{Clock, IdSource, RandomIds, SystemClock, VIETNAM};
use crate::command::Executed;
use crate::error::AppError;
use crate::history::AwardIndex;
use crate::idempotency::Keyed;
use crate::people::{Keys, MemoryKeys, People};
use crate::stored::{Cached, Caches, Stored};
use crate::vault::{FileVault, Vault};

/// Events read per page when loading a stream.
const PAGE: usize = 512;

/// The application: the one entry point of every front end. Cheap to clone (one `Arc`).
#[derive(Debug)]
pub struct App<S: EventStore> {
    pub(crate) inner: Arc<Inner<S>>,
}

impl<S: EventStore> Clone for App<S> {
    fn clone(&self) -> Self {
        Self {
            inner: self.inner.clone(),
        }
    }
}

#[derive(Debug)]
pub(crate) struct Inner<S> {
    pub(crate) store: S,
    pub(crate) vault: Arc<dyn Vault>,
    pub(crate) people: Arc<People>,
    erasure_policy: crate::actions::persons::ErasurePolicy,
    clock: Arc<dyn Clock>,
    ids: Arc<dyn IdSource>,
    offset: UtcOffset,
    pub(crate) max_attempts: u32,
    pub(crate) caches: Caches,
    pub(crate) queues: crate::combine::Queues,
    pub(crate) awards: tokio::sync::Mutex<AwardIndex>,
    pub(crate) retries: AtomicU64,
    /// How far the sweep of closed rounds' keys has got (`App::sweep_closed_rounds`).
    pub(crate) sweep: tokio::sync::Mutex<crate::ballot::Sweep>,
}

/// Builds an [`App`].
#[derive(Debug)]
pub struct AppBuilder<S> {
    store: S,
    vault: Arc<dyn Vault>,
    keys: Option<Arc<dyn Keys>>,
    erasure_policy: crate::actions::persons::ErasurePolicy,
    clock: Arc<dyn Clock>,
    ids: Arc<dyn IdSource>,
    offset: UtcOffset,
    max_attempts: u32,
}

impl<S: EventStore> AppBuilder<S> {
    /// The person keys (default: [`MemoryKeys`], lost when the app stops — for tests; a
    /// server uses the key store, as [`App::open_sled`] does).
    pub fn keys(mut self, keys: Arc<dyn Keys>) -> Self {
        self.keys = Some(keys);
        self
    }

    /// What an erasure leaves of a conferred award's holder (default: the public record).
    pub fn erasure_policy(mut self, policy: crate::actions::persons::ErasurePolicy) -> Self {
        self.erasure_policy = policy;
        self
    }

    /// The clock (default: the system clock).
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// The source of new entity ids and seeds (default: random UUID v7).
    pub fn ids(mut self, ids: Arc<dyn IdSource>) -> Self {
        self.ids = ids;
        self
    }

    /// The local offset `now` is given in (default +07:00).
    pub fn offset(mut self, offset: UtcOffset) -> Self {
        self.offset = offset;
        self
    }

    /// Attempts per command before giving up on version conflicts (default 5, at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Builds the app from the store, vault and settings given; the caches start empty and
    /// fill as streams are first loaded.
    pub fn build(self) -> App<S> {
        App {
            inner: Arc::new(Inner {
                store: self.store,
                vault: self.vault,
                people: Arc::new(People::new(
                    self.keys.unwrap_or_else(|| Arc::new(MemoryKeys::new())),
                )),
                erasure_policy: self.erasure_policy,
                clock: self.clock,
                ids: self.ids,
                offset: self.offset,
                max_attempts: self.max_attempts,
                caches: Caches::default(),
                queues: Default::default(),
                awards: tokio::sync::Mutex::new(AwardIndex::default()),
                retries: AtomicU64::new(0),
                sweep: Default::default(),
            }),
        }
    }
}

impl App<SledStore> {
    /// The production setup: the sled event store in `data_dir/events`, the sealed ballot
    /// box in `data_dir/ballots` with its round keys in `data_dir/ballot-keys` (keep that one
    /// out of backups), the person keys in `data_dir/keys` (wrapped under the master key when
    /// one is configured), system clock, random ids. Call [`App::sweep_closed_rounds`] before
    /// serving, so no closed round's key survives a crash.
    ///
    /// A log that holds events and no key store is refused: starting would show every person
    /// as erased. So is a store of an older shape ([`crate::migrate`]).
    pub async fn open_sled(
        data_dir: impl AsRef<std::path::Path>,
        personal: &crate::node::PersonalConfig,
    ) -> Result<Self, crate::node::NodeError> {
        let dir = data_dir.as_ref();
        crate::migrate::check_not_interrupted(dir)?;
        let store = SledStore::open(dir.join("events")).map_err(AppError::from)?;
        crate::migrate::check_shape(dir, &store).await?;
        let vault = FileVault::open(dir.join("ballots"), dir.join("ballot-keys"))
            .map_err(AppError::from)?;
        let empty = *store.durable_head().borrow() == 0;
        let create = if empty {
            accolade_keys::Create::IfMissing
        } else {
            accolade_keys::Create::MustExist
        };
        let keys = accolade_keys::KeyStore::open(&dir.join("keys"), personal.master_key()?, create)
            .await?;
        if !keys.wrapped() {
            tracing::warn!(
                "person keys are not wrapped under a master key: keep {} out of the log's backups \
                 (docs/personal-data.md)",
                dir.join("keys").display()
            );
        }
        Ok(App::builder(store, Arc::new(vault))
            .keys(Arc::new(keys))
            .erasure_policy(personal.erasure_policy)
            .build())
    }
}

/// How one command is prepared and finished around `decide` (see `plans`).
pub(crate) trait Plan<A: Stored>: Send
where
    A::Command: Clone + Debug + Send + Sync,
    A::Event: Clone + Debug + Send + Sync,
{
    /// The command to decide on `state`, with the inputs the app gathers filled in.
    fn command(&mut self, state: &A) -> impl Future<Output = Result<A::Command, AppError>> + Send;

    /// Runs after `decide` returned events, before they are appended.
    fn before_append(
        &mut self,
        _state: &A,
        _events: &[A::Event],
    ) -> impl Future<Output = Result<(), AppError>> + Send {
        async { Ok(()) }
    }

    /// Runs after the events are durable.
    fn after_append(&mut self, _events: &[A::Event]) -> impl Future<Output = ()> + Send {
        async {}
    }

    /// Whether the command must be decided and appended in a group of its own, not combined
    /// with others waiting on its stream (`combine`).
    fn alone(&self) -> bool {
        false
    }
}

/// A command decided as given.
pub(crate) struct AsGiven<C>(pub(crate) C);

impl<A: Stored> Plan<A> for AsGiven<A::Command>
where
    A::Command: Clone + Debug + Send + Sync,
    A::Event: Clone + Debug + Send + Sync,
{
    async fn command(&mut self, _state: &A) -> Result<A::Command, AppError> {
        Ok(self.0.clone())
    }
}

/// Who runs a command, with which key and correlation, as which part of a larger command.
pub(crate) struct Run<'a> {
    pub(crate) actor: &'a Actor,
    pub(crate) keyed: Option<&'a Keyed>,
    pub(crate) correlation_id: Option<Uuid>,
    pub(crate) part: &'static str,
    /// The stream version the caller's command was made against (`Options`).
    pub(crate) expected_version: Option<u64>,
}

impl<S: EventStore> App<S> {
    /// Starts building an app on `store`, keeping sealed ballots in `vault`.
    pub fn builder(store: S, vault: Arc<dyn Vault>) -> AppBuilder<S> {
        AppBuilder {
            store,
            vault,
            keys: None,
            erasure_policy: Default::default(),
            clock: Arc::new(SystemClock),
            ids: Arc::new(RandomIds),
            offset: VIETNAM,
            max_attempts: 5,
        }
    }

    /// The event store (for projections, exports, verification).
    pub fn store(&self) -> &S {
        &self.inner.store
    }

    /// The sealed ballot box.
    pub fn vault(&self) -> &Arc<dyn Vault> {
        &self.inner.vault
    }

    /// What an erasure leaves of a conferred award's holder.
    pub fn erasure_policy(&self) -> crate::actions::persons::ErasurePolicy {
        self.inner.erasure_policy
    }

    /// The people register: sealing, opening, lookups, erasure of keys.
    pub fn people(&self) -> &Arc<People> {
        &self.inner.people
    }

    /// The current time in the app's local offset, as commands are decided with.
    pub fn now(&self) -> OffsetDateTime {
        self.inner.clock.now().to_offset(self.inner.offset)
    }

    /// A fresh id for a new entity (programme, nomination, user...).
    pub fn new_id(&self) -> Uuid {
        self.inner.ids.new_id()
    }

    /// A fresh seed for a recorded draw (`AssignReviewers`).
    pub fn new_seed(&self) -> u64 {
        self.inner.ids.new_seed()
    }

    /// How many times a command was decided again after a version conflict, since start.
    pub fn conflicts_retried(&self) -> u64 {
        self.inner.retries.load(Ordering::Relaxed)
    }

    /// The current state of a stream: the cached state plus the events after it.
    pub(crate) async fn load<A: Stored>(&self, stream: &str) -> Result<Cached<A>, AppError>
    where
        A::Command: Clone + Debug + Send + Sync,
        A::Event: Clone + Debug + Send + Sync,
    {
        let cache = A::cache(&self.inner.caches);
        let mut cached = cache.snapshot(stream);
        let start = cached.version;
        let mut ids = Vec::new();
        loop {
            let from = cached.version.map_or(0, |v| v + 1);
            let page = self.inner.store.read_stream(stream, from, PAGE).await?;
            let full = page.len() == PAGE;
            for rec in &page {
                cached.state.evolve(&A::decode(rec)?);
                cached.version = Some(rec.stream_version);
                ids.push((rec.event_id, rec.stream_version));
            }
            if !full {
                break;
            }
        }
        if cached.version != start {
            cache.advance(stream, cached.clone(), ids);
        }
        Ok(cached)
    }

    /// The first result of a keyed command, if it was executed before on `stream`.
    pub(crate) async fn replay_keyed<A: Stored>(
        &self,
        stream: &str,
        keyed: &Keyed,
        part: &str,
    ) -> Result<Option<Executed>, AppError>
    where
        A::Command: Clone + Debug + Send + Sync,
        A::Event: Clone + Debug + Send + Sync,
    {
        let cache = A::cache(&self.inner.caches);
        let Some(first) = cache.find(stream, keyed.event_id(part, 0)) else {
            return Ok(None);
        };
        let records = self.inner.store.read_stream(stream, first, PAGE).await?;
        let mine: Vec<_> = records
            .iter()
            .enumerate()
            .take_while(|(i, r)| r.event_id == keyed.event_id(part, *i))
            .map(|(_, r)| r)
            .collect();
        if mine.is_empty()
            || mine
                .iter()
                .any(|r| r.metadata.causation_id != Some(keyed.command_id()))
        {
            return Err(AppError::IdempotencyKeyReused {
                key: keyed.key().to_owned(),
            });
        }
        let mut events = Vec::with_capacity(mine.len());
        for r in &mine {
            events.push(A::any(A::decode(r)?));
        }
        let (first, last) = (mine[0], mine[mine.len() - 1]);
        Ok(Some(Executed {
            stream_id: stream.to_owned(),
            version: Some(last.stream_version),
            positions: Some((first.position, last.position)),
            event_ids: mine.iter().map(|r| r.event_id).collect(),
            events,
            command_id: keyed.command_id(),
            replayed: true,
        }))
    }
}

/// Refuses a command made against another version of the stream than the current one.
/// Called on the state the command is decided on, in its group (counting the events of the
/// commands before it), just before the append made against that version: two commands made
/// against the same version cannot both pass (an `If-Match` checked earlier could).
pub(crate) fn check_version(expected: Option<u64>, current: Option<u64>) -> Result<(), AppError> {
    match (expected, current) {
        (Some(e), Some(c)) if e != c => Err(DomainError::VersionMismatch {
            expected: e,
            current: c,
        }
        .into()),
        (Some(e), None) => Err(AppError::not_found("stream", format!("version {e}"))),
        _ => Ok(()),
    }
}

/// A short random pause before deciding again, so two processes that conflicted do not
/// collide again in lockstep: up to 2^attempt milliseconds.
pub(crate) fn backoff(attempt: u32) -> Duration {
    // Full spread under a ceiling of 2^attempt ms (2 ms, 4 ms, … 256 ms), at least 1 ms so a
    // retry always yields. The draw is a v4 uuid's random bits: no second random source.
    const CONFLICTS: accolade_events::backoff::Backoff = accolade_events::backoff::Backoff::full(
        Duration::from_millis(2),
        Duration::from_millis(256),
    );
    let bits = u16::try_from(Uuid::new_v4().as_u128() & 0xFFFF).unwrap_or(0);
    let jitter = f64::from(bits) / f64::from(u16::MAX);
    CONFLICTS
        .delay(attempt, jitter)
        .max(Duration::from_millis(1))
}
