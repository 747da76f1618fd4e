//! The operator's checks of the read models, run offline (no server on the data directory):
//! [`rebuild_and_check`] folds the whole log from scratch, compares it with the read models
//! a server would start from (the snapshot plus the events after it) and keeps the rebuilt
//! state as the new snapshot. `accolade rebuild` prints what it reports.

use std::path::Path;
use std::time::{Duration, Instant};

use accolade_projections::{Runner, RunnerConfig, rebuild, snapshot};
use accolade_store::EventStore;

use crate::node::NodeError;

/// What [`rebuild_and_check`] found.
#[derive(Debug, Clone)]
pub struct RebuildReport {
    /// Events in the log.
    pub events: u64,
    /// Where the live read models started: `Some(position)` from a snapshot, `None` from
    /// the whole log.
    pub live_from_snapshot: Option<u64>,
    /// How long the live read models took to be ready.
    pub live_ready: Duration,
    /// How long the rebuild from scratch took.
    pub rebuilt_in: Duration,
    /// Events the fold skipped (unknown to this version).
    pub skipped: u64,
    /// The read models that differ between live and rebuilt (empty: all equal).
    pub differences: Vec<String>,
}

/// Rebuilds every read model of `store` from the log and checks the live ones (from the
/// snapshot in `snapshot_dir`) against it; writes the rebuilt state as the new snapshot.
/// `progress(done, total)` is called as the rebuild goes.
pub async fn rebuild_and_check<S: EventStore>(
    store: &S,
    snapshot_dir: &Path,
    progress: impl FnMut(u64, u64),
) -> Result<RebuildReport, NodeError> {
    let events = *store.durable_head().borrow();
    let started = Instant::now();
    let live = Runner::start(store.clone(), RunnerConfig::with_snapshots(snapshot_dir)).await?;
    live.catch_up(store, Duration::from_secs(3600)).await?;
    let live_ready = started.elapsed();
    let live_from_snapshot = live.started_from_snapshot;

    let started = Instant::now();
    let rebuilt = rebuild(store, progress).await?;
    let rebuilt_in = started.elapsed();

    let differences = live.read(|state| state.differences(&rebuilt));
    live.shutdown().await?;
    snapshot::write(snapshot_dir, &rebuilt)?;
    Ok(RebuildReport {
        events,
        live_from_snapshot,
        live_ready,
        rebuilt_in,
        skipped: rebuilt.stats().skipped,
        differences: differences.into_iter().map(str::to_owned).collect(),
    })
}
