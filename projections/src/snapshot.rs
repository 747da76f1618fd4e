//! Snapshots: every read model as of a position, on disk, so a restart folds only the tail.
//!
//! The file (`projections.snapshot`) is one header line of JSON — format name, format version,
//! the position covered — then the models as JSON. It is written atomically: to a temporary
//! file in the same directory, fsync, rename over the old one, fsync the directory, so a crash
//! leaves either the old snapshot or the new one, never half of one.
//!
//! A snapshot is an optimisation, never a source of truth: one that is missing, unreadable,
//! of another format version, or ahead of the log (the store was restored from an older
//! backup) is ignored with a warning, and the log is replayed from the start. Bump
//! [`FORMAT_VERSION`] whenever a model's shape or meaning changes.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::projections::Projections;

/// The version of the snapshot format; a snapshot of any other version is ignored.
pub const FORMAT_VERSION: u32 = 1;

/// The file name inside the snapshot directory.
pub const FILE_NAME: &str = "projections.snapshot";

const FORMAT: &str = "accolade-projections-snapshot";

#[derive(Debug, Serialize, Deserialize)]
struct Header {
    format: String,
    version: u32,
    position: u64,
}

/// The snapshot file's path in `dir`.
pub fn path_in(dir: &Path) -> PathBuf {
    dir.join(FILE_NAME)
}

/// Writes `p` to `dir` atomically and durably. Returns the bytes written.
pub fn write(dir: &Path, p: &Projections) -> io::Result<u64> {
    fs::create_dir_all(dir)?;
    let tmp = dir.join(format!("{FILE_NAME}.tmp"));
    let file = File::create(&tmp)?;
    let mut out = BufWriter::with_capacity(1 << 20, file);
    let header = Header {
        format: FORMAT.to_owned(),
        version: FORMAT_VERSION,
        position: p.position(),
    };
    serde_json::to_writer(&mut out, &header)?;
    out.write_all(b"\n")?;
    serde_json::to_writer(&mut out, p)?;
    out.flush()?;
    let file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
    file.sync_all()?;
    let len = file.metadata()?.len();
    drop(file);
    fs::rename(&tmp, path_in(dir))?;
    // The rename is durable only once the directory entry is.
    File::open(dir)?.sync_all()?;
    Ok(len)
}

/// Why a snapshot was not used.
#[derive(Debug, thiserror::Error)]
pub enum Unusable {
    /// There is none.
    #[error("no snapshot")]
    Missing,
    /// It could not be read or parsed.
    #[error("snapshot unreadable: {0}")]
    Unreadable(String),
    /// It was written by another format version.
    #[error("snapshot format version {0}, this build reads {FORMAT_VERSION}")]
    Version(u32),
}

/// Reads the snapshot in `dir`.
pub fn read(dir: &Path) -> Result<Projections, Unusable> {
    let bytes = match fs::read(path_in(dir)) {
        Ok(b) => b,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(Unusable::Missing),
        Err(e) => return Err(Unusable::Unreadable(e.to_string())),
    };
    let split = bytes
        .iter()
        .position(|b| *b == b'\n')
        .ok_or_else(|| Unusable::Unreadable("no header line".into()))?;
    let (head, body) = bytes.split_at(split);
    let header: Header =
        serde_json::from_slice(head).map_err(|e| Unusable::Unreadable(format!("header: {e}")))?;
    if header.format != FORMAT {
        return Err(Unusable::Unreadable(format!(
            "not a snapshot: {}",
            header.format
        )));
    }
    if header.version != FORMAT_VERSION {
        return Err(Unusable::Version(header.version));
    }
    let mut p: Projections = serde_json::from_slice(body.get(1..).unwrap_or_default())
        .map_err(|e| Unusable::Unreadable(format!("body: {e}")))?;
    if p.position() != header.position {
        return Err(Unusable::Unreadable(
            "header and body disagree on the position".into(),
        ));
    }
    p.after_load();
    Ok(p)
}
