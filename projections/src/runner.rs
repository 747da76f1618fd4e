//! The runner: keeps one [`Projections`] caught up with a store, snapshots it, and lets the
//! app wait until a write is visible.
//!
//! # How the app plugs it in
//!
//! ```text
//! let runner = Runner::start(store.clone(), RunnerConfig::with_snapshots(data_dir)).await?;
//! // a write:
//! let outcome = store.append(stream, expected, events).await?;
//! runner.wait_for(outcome.last_position, Duration::from_secs(5)).await?;   // read-your-writes
//! // a read:
//! let items = runner.read(|p| p.honours(&filter));
//! // on shutdown:
//! runner.shutdown().await?;   // stops the task and writes a final snapshot
//! ```
//!
//! One task follows the store's subscription (catch-up, then live; only durable events),
//! applies events in batches under a write lock and then publishes the new position on a
//! watch channel. Queries take the read lock for the length of one closure; no lock is ever
//! held across an `.await`. `wait_for` waits on the watch, so a write returns only once this
//! process's read models include it, and a process following a shared log waits (bounded)
//! until it has passed the position another process wrote.
//!
//! Every `snapshot_every` events (and on shutdown) the runner writes a snapshot from a blocking
//! thread; while it is written the runner does not apply, readers are not held up.

use std::path::PathBuf;
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::Duration;

use accolade_store::{EventStore, RecordedEvent, StoreError};
use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;

use crate::projections::Projections;
use crate::snapshot;

/// How the runner works.
#[derive(Debug, Clone)]
pub struct RunnerConfig {
    /// Where snapshots live; `None` keeps none (every start replays the log).
    pub snapshot_dir: Option<PathBuf>,
    /// Write a snapshot after this many new events (0: only on shutdown).
    pub snapshot_every: u64,
    /// Most events applied under one write lock: big enough to amortise the lock while
    /// catching up, small enough that readers are never held up for long.
    pub batch: usize,
}

impl RunnerConfig {
    /// No snapshots.
    pub fn in_memory() -> Self {
        RunnerConfig {
            snapshot_dir: None,
            snapshot_every: 0,
            batch: 1024,
        }
    }

    /// Snapshots in `dir`, every 100,000 events and on shutdown.
    pub fn with_snapshots(dir: impl Into<PathBuf>) -> Self {
        RunnerConfig {
            snapshot_dir: Some(dir.into()),
            snapshot_every: 100_000,
            batch: 1024,
        }
    }
}

/// What can go wrong running projections.
#[derive(Debug, thiserror::Error)]
pub enum RunnerError {
    /// `wait_for` ran out of time; the read models are at `reached`.
    #[error("projections did not reach position {wanted} in time (at {reached})")]
    Timeout {
        /// The position waited for.
        wanted: u64,
        /// The next position the read models will apply.
        reached: u64,
    },
    /// The runner stopped (store closed or failed); see the log for why.
    #[error("the projection runner has stopped: {0}")]
    Stopped(String),
    /// Reading the store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Writing a snapshot failed.
    #[error("writing the snapshot failed: {0}")]
    Snapshot(#[from] std::io::Error),
}

type Shared = Arc<RwLock<Projections>>;

fn read_lock(s: &Shared) -> RwLockReadGuard<'_, Projections> {
    // A panic while folding cannot leave a half-applied event visible to anyone but the
    // failed fold itself; serving reads from it beats failing every request.
    s.read().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn write_lock(s: &Shared) -> RwLockWriteGuard<'_, Projections> {
    s.write().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Keeps [`Projections`] caught up with a store.
#[derive(Debug)]
pub struct Runner {
    state: Shared,
    position: watch::Receiver<u64>,
    stop: watch::Sender<bool>,
    task: JoinHandle<Result<(), RunnerError>>,
    config: RunnerConfig,
    /// Where the initial state came from, for logs and the readiness check.
    pub started_from_snapshot: Option<u64>,
}

/// Loads the snapshot in `config` if usable for `store`; otherwise empty read models.
async fn initial_state<S: EventStore>(
    store: &S,
    config: &RunnerConfig,
) -> (Projections, Option<u64>) {
    let Some(dir) = config.snapshot_dir.clone() else {
        return (Projections::new(), None);
    };
    let old = dir.clone();
    let loaded = tokio::task::spawn_blocking(move || snapshot::read(&dir)).await;
    let head = *store.durable_head().borrow();
    match loaded {
        Ok(Ok(p)) if p.position() <= head => {
            let at = p.position();
            tracing::info!(position = at, "projections restored from snapshot");
            (p, Some(at))
        }
        Ok(Ok(p)) => {
            tracing::warn!(
                snapshot = p.position(),
                head,
                "snapshot is ahead of the log; replaying"
            );
            (Projections::new(), None)
        }
        Ok(Err(snapshot::Unusable::Missing)) => (Projections::new(), None),
        Ok(Err(snapshot::Unusable::Version(v))) if v < snapshot::FORMAT_VERSION => {
            // An older format may hold what this build must not keep (before version 7,
            // people's names and contacts in the clear): removed now rather than left on disk
            // until the next snapshot replaces it.
            tracing::warn!(
                version = v,
                "snapshot of an older format removed; replaying the log"
            );
            if let Err(e) = tokio::task::spawn_blocking(move || snapshot::discard(&old)).await {
                tracing::warn!(error = %e, "old snapshot not removed");
            }
            (Projections::new(), None)
        }
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "snapshot ignored; replaying the log");
            (Projections::new(), None)
        }
        Err(e) => {
            tracing::warn!(error = %e, "snapshot load failed; replaying the log");
            (Projections::new(), None)
        }
    }
}

async fn write_snapshot(state: &Shared, dir: PathBuf) -> Result<(), RunnerError> {
    let state = Arc::clone(state);
    tokio::task::spawn_blocking(move || snapshot::write(&dir, &read_lock(&state)).map(|_| ()))
        .await
        .map_err(|e| RunnerError::Stopped(e.to_string()))??;
    Ok(())
}

impl Runner {
    /// Starts from the snapshot (if usable) and follows the store from there. Returns at once;
    /// use [`Runner::wait_for`] with the store's head to wait until caught up.
    pub async fn start<S: EventStore>(
        store: S,
        config: RunnerConfig,
    ) -> Result<Runner, RunnerError> {
        let (initial, from_snapshot) = initial_state(&store, &config).await;
        let from = initial.position();
        let state: Shared = Arc::new(RwLock::new(initial));
        let (pos_tx, pos_rx) = watch::channel(from);
        let (stop_tx, stop_rx) = watch::channel(false);
        let task = tokio::spawn(follow(
            store,
            Arc::clone(&state),
            pos_tx,
            stop_rx,
            config.clone(),
        ));
        Ok(Runner {
            state,
            position: pos_rx,
            stop: stop_tx,
            task,
            config,
            started_from_snapshot: from_snapshot,
        })
    }

    /// Runs a query against the read models.
    pub fn read<R>(&self, f: impl FnOnce(&Projections) -> R) -> R {
        f(&read_lock(&self.state))
    }

    /// The next position to apply: every event before it is visible to queries.
    pub fn position(&self) -> u64 {
        *self.position.borrow()
    }

    /// Waits until the event at `position` is folded (e.g. `AppendOutcome::last_position`),
    /// for at most `timeout`.
    pub async fn wait_for(&self, position: u64, timeout: Duration) -> Result<(), RunnerError> {
        let mut rx = self.position.clone();
        match tokio::time::timeout(timeout, rx.wait_for(|p| *p > position)).await {
            Ok(Ok(_)) => Ok(()),
            Ok(Err(_)) => Err(RunnerError::Stopped("the runner task ended".into())),
            Err(_) => Err(RunnerError::Timeout {
                wanted: position,
                reached: self.position(),
            }),
        }
    }

    /// Waits until every event durable now is folded.
    pub async fn catch_up<S: EventStore>(
        &self,
        store: &S,
        timeout: Duration,
    ) -> Result<(), RunnerError> {
        let head = *store.durable_head().borrow();
        match head.checked_sub(1) {
            Some(last) => self.wait_for(last, timeout).await,
            None => Ok(()),
        }
    }

    /// Writes a snapshot now (a no-op without a snapshot directory).
    pub async fn snapshot_now(&self) -> Result<(), RunnerError> {
        match &self.config.snapshot_dir {
            Some(dir) => write_snapshot(&self.state, dir.clone()).await,
            None => Ok(()),
        }
    }

    /// A copy of the read models as they are now (for checks such as comparing with a rebuild).
    pub fn clone_state(&self) -> Projections {
        read_lock(&self.state).clone()
    }

    /// Stops following the store and writes a final snapshot.
    pub async fn shutdown(self) -> Result<(), RunnerError> {
        let _ = self.stop.send(true);
        let result = self
            .task
            .await
            .map_err(|e| RunnerError::Stopped(e.to_string()))?;
        if let Err(e) = result {
            tracing::warn!(error = %e, "projection runner had stopped");
        }
        if let Some(dir) = &self.config.snapshot_dir {
            write_snapshot(&self.state, dir.clone()).await?;
        }
        Ok(())
    }
}

/// The runner's task: subscription -> batches -> apply -> publish position.
async fn follow<S: EventStore>(
    store: S,
    state: Shared,
    position: watch::Sender<u64>,
    mut stop: watch::Receiver<bool>,
    config: RunnerConfig,
) -> Result<(), RunnerError> {
    let mut sub = store.subscribe(*position.borrow());
    let mut since_snapshot = 0u64;
    let mut batch: Vec<RecordedEvent> = Vec::with_capacity(config.batch);
    loop {
        let first = tokio::select! {
            _ = stop.changed() => return Ok(()),
            next = sub.next() => next,
        };
        match first {
            Ok(rec) => batch.push(rec),
            Err(e) => {
                tracing::error!(error = %e, "projection runner stopped reading the store");
                return Err(e.into());
            }
        }
        while batch.len() < config.batch.max(1) {
            match sub.try_next().await {
                Ok(Some(rec)) => batch.push(rec),
                Ok(None) => break,
                Err(e) => {
                    tracing::error!(error = %e, "projection runner stopped reading the store");
                    return Err(e.into());
                }
            }
        }
        let at = {
            let mut p = write_lock(&state);
            for rec in &batch {
                p.apply(rec);
            }
            p.position()
        };
        since_snapshot += batch.len() as u64;
        batch.clear();
        position.send_replace(at);
        if config.snapshot_every > 0
            && since_snapshot >= config.snapshot_every
            && let Some(dir) = &config.snapshot_dir
        {
            since_snapshot = 0;
            if let Err(e) = write_snapshot(&state, dir.clone()).await {
                // A failed snapshot costs only replay time at the next start.
                tracing::warn!(error = %e, "snapshot failed");
            }
        }
    }
}

/// Folds the whole log (as durable now) from scratch into new read models, calling
/// `progress(done, total)` after each page. Reading and folding overlap: one task reads
/// pages while this one folds.
pub async fn rebuild<S: EventStore>(
    store: &S,
    progress: impl FnMut(u64, u64),
) -> Result<Projections, RunnerError> {
    let head = *store.durable_head().borrow();
    rebuild_until(store, head, progress).await
}

/// Like [`rebuild`], but only up to (not including) position `end` — to compare with read
/// models that are at `end`.
pub async fn rebuild_until<S: EventStore>(
    store: &S,
    end: u64,
    mut progress: impl FnMut(u64, u64),
) -> Result<Projections, RunnerError> {
    const PAGE: usize = 4096;
    let (tx, mut rx) = mpsc::channel::<Result<Vec<RecordedEvent>, StoreError>>(4);
    // Folded pages go back to the reading task to be freed there: the allocator then reuses
    // that thread's memory for the next pages instead of growing (and freeing across threads
    // costs a lock per allocation).
    let (done_tx, mut done_rx) = mpsc::unbounded_channel::<Vec<RecordedEvent>>();
    let reader = store.clone();
    let read_task = tokio::spawn(async move {
        let mut at = 0;
        while at < end {
            while let Ok(page) = done_rx.try_recv() {
                drop(page);
            }
            let want = usize::try_from(end - at).unwrap_or(PAGE).min(PAGE);
            let page = reader.read_all(at, want).await;
            let (stop, page) = match page {
                Ok(p) if p.is_empty() => (true, Ok(p)),
                Ok(p) => {
                    at += p.len() as u64;
                    (false, Ok(p))
                }
                Err(e) => (true, Err(e)),
            };
            if tx.send(page).await.is_err() || stop {
                break;
            }
        }
    });
    let mut p = Projections::new();
    progress(0, end);
    while let Some(page) = rx.recv().await {
        let page = page?;
        for rec in &page {
            if rec.position < end {
                p.apply(rec);
            }
        }
        // If the reader has finished, the page is simply dropped here.
        let _ = done_tx.send(page);
        progress(p.position(), end);
    }
    read_task
        .await
        .map_err(|e| RunnerError::Stopped(e.to_string()))?;
    Ok(p)
}
