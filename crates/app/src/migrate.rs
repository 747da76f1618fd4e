//! The stored shape of a data directory, and the check that refuses an older one.
//!
//! A data directory records the shape of what it stores in `<data-dir>/SHAPE`. Shapes:
//!
//! - **1**: before personal data was sealed (issue 12): nominees, objectors, user contacts
//!   and imported award holders in plain text, e-mail keys as unkeyed SHA-256. A data
//!   directory without `SHAPE` whose log holds events is of shape 1.
//! - **2**: personal fields sealed under per-person keys (`<data-dir>/keys`), keyed lookups.
//!
//! A store of an older shape is refused at open with a message naming `accolade migrate`,
//! which writes a new store of the current shape beside the old one.

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
         delete it (docs/personal-data.md)"
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
    /// `SHAPE` cannot be read or written.
    #[error("the store's shape file: {0}")]
    Unreadable(String),
}
