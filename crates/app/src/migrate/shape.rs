//! The stored shape of a data directory, and the check that refuses an older one.

use std::path::Path;

use accolade_store::EventStore;

use crate::AppError;

/// The shape this build writes and reads.
pub const CURRENT_SHAPE: u32 = 2;

/// The file that records a data directory's shape.
pub const SHAPE_FILE: &str = "SHAPE";

/// The shape recorded in `data_dir`, or `None` when nothing is recorded.
pub fn recorded_shape(data_dir: &Path) -> Result<Option<u32>, AppError> {
    match std::fs::read_to_string(data_dir.join(SHAPE_FILE)) {
        Ok(text) => text
            .trim()
            .strip_prefix("accolade-store-shape ")
            .and_then(|n| n.parse().ok())
            .map(Some)
            .ok_or_else(|| AppError::invalid("SHAPE", format!("unreadable: {:?}", text.trim()))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(AppError::invalid("SHAPE", e.to_string())),
    }
}

/// Records `shape` in `data_dir` (written whole, then renamed into place, fsynced).
pub fn write_shape(data_dir: &Path, shape: u32) -> std::io::Result<()> {
    let tmp = data_dir.join("SHAPE.tmp");
    std::fs::write(&tmp, format!("accolade-store-shape {shape}\n"))?;
    std::fs::File::open(&tmp)?.sync_all()?;
    std::fs::rename(&tmp, data_dir.join(SHAPE_FILE))?;
    std::fs::File::open(data_dir)?.sync_all()
}

/// The file that says a migration has passed its commit point and must be finished (by running
/// `accolade migrate` again) before anything opens the directory. See [`super::commit`].
pub const MIGRATING_FILE: &str = "MIGRATING";

/// Refuses a data directory whose migration was interrupted after its commit point: run
/// before the store is opened, since opening `events/` would create an empty one while the
/// new store is still beside it under another name.
pub fn check_not_interrupted(data_dir: &Path) -> Result<(), ShapeError> {
    if data_dir.join(MIGRATING_FILE).exists() {
        return Err(ShapeError::Interrupted {
            dir: data_dir.display().to_string(),
        });
    }
    Ok(())
}

/// Refuses a store of another shape than this build's; records the shape of a new store.
pub async fn check_shape<S: EventStore>(data_dir: &Path, store: &S) -> Result<(), ShapeError> {
    let empty = *store.durable_head().borrow() == 0;
    let shape = match recorded_shape(data_dir).map_err(|e| ShapeError::Unreadable(e.to_string()))? {
        Some(s) => s,
        None if empty => {
            write_shape(data_dir, CURRENT_SHAPE)
                .map_err(|e| ShapeError::Unreadable(e.to_string()))?;
            return Ok(());
        }
        None => 1,
    };
    match shape {
        CURRENT_SHAPE => Ok(()),
        s if s < CURRENT_SHAPE => Err(ShapeError::Older {
            dir: data_dir.display().to_string(),
            shape: s,
        }),
        s => Err(ShapeError::Newer {
            dir: data_dir.display().to_string(),
            shape: s,
        }),
    }
}

/// Why a data directory's shape is refused.
#[derive(Debug, thiserror::Error)]
pub enum ShapeError {
    /// Written by an older Accolade.
    #[error(
        "the store in {dir} is of shape {shape} (personal data not sealed); this Accolade reads \
         shape {CURRENT_SHAPE}. Stop the server and run `accolade migrate --data-dir {dir}`: it \
         writes a store of shape {CURRENT_SHAPE} and keeps the old one, read-only, until you \
         delete it (docs/migrations.md)"
    )]
    Older {
        /// The data directory.
        dir: String,
        /// Its shape.
        shape: u32,
    },
    /// Written by a newer Accolade.
    #[error(
        "the store in {dir} is of shape {shape}, newer than this Accolade reads ({CURRENT_SHAPE}): \
         upgrade Accolade"
    )]
    Newer {
        /// The data directory.
        dir: String,
        /// Its shape.
        shape: u32,
    },
    /// A migration stopped after its commit point.
    #[error(
        "a migration of {dir} was interrupted after the new store was complete; run \
         `accolade migrate --data-dir {dir}` again to finish it (docs/migrations.md)"
    )]
    Interrupted {
        /// The data directory.
        dir: String,
    },
    /// `SHAPE` cannot be read or written.
    #[error("the store's shape file: {0}")]
    Unreadable(String),
}
