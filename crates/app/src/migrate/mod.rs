//! Versioned migrations of a data directory's stored shape (`accolade migrate`).
//!
//! A data directory records the shape of what it stores in `<data-dir>/SHAPE`. Shapes:
//!
//! - **1**: before personal data was sealed (issue 12): nominees, objectors, user contacts
//!   and imported award holders in plain text, e-mail keys as unkeyed SHA-256. A data
//!   directory without `SHAPE` whose log holds events is of shape 1.
//! - **2**: personal fields sealed under per-person keys (`<data-dir>/keys`), keyed lookups.
//!
//! A store of an older shape is refused at open with a message naming `accolade migrate`.
//! The log is append-only and hash-chained, so a migration never edits it: it writes a new
//! store beside it (`events.migrating/`), one step per shape ([`STEPS`]), checks the result
//! (chain, counts, nothing personal left in the clear), and only then swaps the directories
//! in an order that survives a crash at any point ([`commit`]). The old store is kept,
//! read-only, for the operator to delete. docs/migrations.md is the operator's guide.

mod commit;
mod shape;
mod v1_to_v2;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use accolade_events::{Sealed, personal_fields};
use accolade_keys::{Create, KeyStore};
use accolade_store::{EventStore, MemoryStore, SledStore, StoreError};

pub use shape::{
    CURRENT_SHAPE, MIGRATING_FILE, SHAPE_FILE, ShapeError, check_not_interrupted, check_shape,
    recorded_shape, write_shape,
};

use crate::people::{MemoryKeys, People};

/// One migration step: what it changes, from which shape to the next.
#[derive(Debug, Clone, Copy)]
pub struct Step {
    /// The shape it reads; it writes `from + 1`.
    pub from: u32,
    /// What it does, for the command's output.
    pub what: &'static str,
}

/// Every step, in order. A new shape adds a row here, a module `vN_to_vN+1`, and an arm in
/// `run_step` (docs/migrations.md, "Adding a shape").
pub const STEPS: &[Step] = &[Step {
    from: 1,
    what: "seal personal data under per-person keys; keyed e-mail keys, lookups and person ids",
}];

/// What `accolade migrate` is asked to do.
#[derive(Debug, Clone, Default)]
pub struct MigrateOptions {
    /// Convert and check in memory, write nothing.
    pub dry_run: bool,
}

/// What a migration did.
#[derive(Debug, Clone, Default)]
pub struct MigrateReport {
    /// The shape found (`None`: an empty directory).
    pub from: Option<u32>,
    /// The shape written.
    pub to: u32,
    /// Whether there was nothing to do (already current, or empty).
    pub nothing_to_do: bool,
    /// Whether an interrupted migration was finished (no conversion ran).
    pub finished_interrupted: bool,
    /// Events read and written (equal, or the migration fails).
    pub events: u64,
    /// Personal fields sealed.
    pub sealed: u64,
    /// Distinct person ids remapped.
    pub person_ids: usize,
    /// E-mail keys rewritten as keyed lookups.
    pub email_keys: u64,
    /// E-mail keys whose address no user's contact gave: replaced by a keyed hash of the old
    /// key, so they match no address (the user must be given their address again).
    pub email_keys_unmatched: u64,
    /// Where the old store was kept (not in a dry run).
    pub kept_old_store: Option<PathBuf>,
    /// How long the conversion and its checks took.
    pub took: Duration,
}

/// Why a migration stopped. Before the commit point nothing in the data directory changed
/// but the scratch directories `events.migrating/` and `keys.migrating/`, removed next time.
#[derive(Debug, thiserror::Error)]
pub enum MigrateError {
    /// No store in the directory.
    #[error("{0} is not an Accolade data directory (no events/ store there)")]
    NotADataDir(String),
    /// The store could not be opened or read (a running server holds the lock: `Locked`).
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The key store.
    #[error("the key store: {0}")]
    Keys(String),
    /// The shape is unreadable or newer than this build's.
    #[error(transparent)]
    Shape(#[from] ShapeError),
    /// A shape-1 store beside an existing key store: something else wrote there.
    #[error(
        "{0} already exists beside a store of shape 1 (written before keys existed): move it \
         away if it is left from another attempt, then run `accolade migrate` again"
    )]
    KeyStoreExists(String),
    /// A record the step cannot convert.
    #[error("record at position {position} ({event_type}): {message}")]
    Record {
        /// Its position in the old log.
        position: u64,
        /// Its type.
        event_type: String,
        /// What is wrong.
        message: String,
    },
    /// The new store failed a check: nothing was swapped.
    #[error("the new store failed its check, the old one is untouched: {0}")]
    Check(String),
    /// A file operation.
    #[error("{what} {path}: {source}")]
    Io {
        /// What was being done.
        what: &'static str,
        /// On what.
        path: String,
        /// The error.
        source: std::io::Error,
    },
}

impl MigrateError {
    pub(crate) fn io(what: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> Self {
        let path = path.display().to_string();
        move |source| MigrateError::Io { what, path, source }
    }
}

/// Progress: events done and the total, called now and then.
pub type Progress<'a> = &'a mut (dyn FnMut(u64, u64) + Send);

/// Brings the data directory to [`CURRENT_SHAPE`]; see the module docs. The caller has
/// stopped every server on the directory (the store's lock refuses otherwise).
pub async fn migrate(
    data_dir: &Path,
    master: Option<accolade_keys::MasterKey>,
    options: &MigrateOptions,
    progress: Progress<'_>,
) -> Result<MigrateReport, MigrateError> {
    let mut report = MigrateReport {
        to: CURRENT_SHAPE,
        ..MigrateReport::default()
    };
    if data_dir.join(MIGRATING_FILE).exists() {
        report.finished_interrupted = true;
        if !options.dry_run {
            report.kept_old_store = commit::finish(data_dir)?;
        }
        return Ok(report);
    }
    let events_dir = data_dir.join("events");
    if !events_dir.join("db").exists() {
        return Err(MigrateError::NotADataDir(data_dir.display().to_string()));
    }
    let source = SledStore::open(&events_dir)?;
    let head = *source.durable_head().borrow();
    let shape = match recorded_shape(data_dir).map_err(|e| ShapeError::Unreadable(e.to_string()))? {
        Some(s) => s,
        None if head == 0 => CURRENT_SHAPE,
        None => 1,
    };
    report.from = Some(shape);
    if shape > CURRENT_SHAPE {
        return Err(ShapeError::Newer {
            dir: data_dir.display().to_string(),
            shape,
        }
        .into());
    }
    if shape == CURRENT_SHAPE {
        report.nothing_to_do = true;
        return Ok(report);
    }
    let keys_dir = data_dir.join("keys");
    if keys_dir.exists() {
        return Err(MigrateError::KeyStoreExists(keys_dir.display().to_string()));
    }
    let started = Instant::now();
    if options.dry_run {
        // The same conversion into memory: checks everything, writes nothing.
        let target = MemoryStore::new();
        let people = People::new(std::sync::Arc::new(MemoryKeys::new()));
        run_steps(shape, &source, &target, &people, &mut report, progress).await?;
        check(&source, &target, &mut report).await?;
        report.took = started.elapsed();
        source.close();
        return Ok(report);
    }
    let scratch = commit::Scratch::new(data_dir);
    scratch.clear()?;
    let target = SledStore::open(&scratch.events)?;
    let keys = KeyStore::open(&scratch.keys, master, Create::IfMissing)
        .await
        .map_err(|e| MigrateError::Keys(e.to_string()))?;
    let people = People::new(std::sync::Arc::new(keys.clone()));
    run_steps(shape, &source, &target, &people, &mut report, progress).await?;
    check(&source, &target, &mut report).await?;
    report.took = started.elapsed();
    target.close();
    keys.close().await;
    source.close();
    drop((target, source, people, keys));
    report.kept_old_store = Some(commit::commit(data_dir, shape, &scratch)?);
    Ok(report)
}

/// Runs the steps from `shape` to the current one, `source` to `target`.
async fn run_steps<T: EventStore>(
    shape: u32,
    source: &SledStore,
    target: &T,
    people: &People,
    report: &mut MigrateReport,
    progress: Progress<'_>,
) -> Result<(), MigrateError> {
    // One step today. With a step 2 -> 3, a shape-1 store would go 1 -> 2 into a MemoryStore
    // (or a scratch sled store when large) and 2 -> 3 from there: each step reads a whole log
    // of its own shape and knows nothing of the others.
    match shape {
        1 => v1_to_v2::run(source, target, people, report, progress).await,
        s => Err(MigrateError::Check(format!(
            "no migration step from shape {s}"
        ))),
    }
}

/// The checks before anything is swapped: the new chain verifies, it holds as many events
/// as the old one, and every personal field of every record is sealed.
async fn check<T: EventStore>(
    source: &SledStore,
    target: &T,
    report: &mut MigrateReport,
) -> Result<(), MigrateError> {
    let verified = target.verify().await?;
    if !verified.ok {
        return Err(MigrateError::Check(format!(
            "the new chain does not verify at {:?}: {}",
            verified.first_bad_position,
            verified.problem.unwrap_or_default()
        )));
    }
    let old = *source.durable_head().borrow();
    if verified.events != old {
        return Err(MigrateError::Check(format!(
            "{} events written for {old} read",
            verified.events
        )));
    }
    report.events = verified.events;
    let mut from = 0;
    loop {
        let batch = target.read_all(from, 1024).await?;
        let Some(last) = batch.last() else { break };
        from = last.position + 1;
        for rec in &batch {
            let fields = personal_fields(&rec.event_type);
            if fields.is_empty() {
                continue;
            }
            let payload: serde_json::Value = serde_json::from_str(rec.payload.get())
                .map_err(|e| MigrateError::Check(e.to_string()))?;
            for f in fields {
                let open = payload
                    .get(f.field)
                    .filter(|v| !v.is_null())
                    .is_some_and(|v| serde_json::from_value::<Sealed>(v.clone()).is_err());
                if open {
                    return Err(MigrateError::Check(format!(
                        "{}.{} at {} is not sealed",
                        rec.event_type, f.field, rec.position
                    )));
                }
            }
        }
    }
    Ok(())
}
