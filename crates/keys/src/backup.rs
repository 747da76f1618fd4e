//! Backups of the key store: whole journals named by their time, pruned by age.
//!
//! A backup is a complete journal (`keys-<YYYYMMDDTHHMMSSZ>.journal`), written the same way the
//! store rewrites its own: restoring is copying it to `<data-dir>/keys/journal`. Its retention is
//! short on purpose: a backup still holds the keys of people erased after it was taken, so an
//! erasure is complete only once every backup older than it has been pruned.

use std::fs;
use std::path::{Path, PathBuf};

use time::format_description::BorrowedFormatItem;
use time::macros::format_description;
use time::{OffsetDateTime, PrimitiveDateTime, UtcOffset};

use crate::error::{IoContext, KeyError};
use crate::files;

const PREFIX: &str = "keys-";
const SUFFIX: &str = ".journal";
const STAMP: &[BorrowedFormatItem<'_>] =
    format_description!("[year][month][day]T[hour][minute][second]Z");

/// The file a backup taken at `now` goes to.
pub(crate) fn path(dest_dir: &Path, now: OffsetDateTime) -> Result<PathBuf, KeyError> {
    let stamp = now
        .to_offset(UtcOffset::UTC)
        .format(STAMP)
        .map_err(|e| KeyError::io(dest_dir, std::io::Error::other(e)))?;
    Ok(dest_dir.join(format!("{PREFIX}{stamp}{SUFFIX}")))
}

/// When the backup in the file `name` was taken; `None` for any other file.
fn taken_at(name: &str) -> Option<OffsetDateTime> {
    let stamp = name.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
    Some(PrimitiveDateTime::parse(stamp, STAMP).ok()?.assume_utc())
}

/// Makes `dest_dir` ready: created owner-only if missing (an existing directory is the
/// operator's and keeps its mode), and cleared of halves of backups a crash interrupted.
pub(crate) fn prepare(dest_dir: &Path) -> Result<(), KeyError> {
    if !dest_dir.exists() {
        files::create_private_dir(dest_dir)?;
    }
    files::remove_leftovers(dest_dir, PREFIX)
}

/// Deletes the backups in `dest_dir` taken more than `retention` before `now`, never `keep`
/// (the one just written). Returns how many were deleted.
pub(crate) fn prune(
    dest_dir: &Path,
    keep: &Path,
    now: OffsetDateTime,
    retention: std::time::Duration,
) -> Result<usize, KeyError> {
    let Some(cutoff) = time::Duration::try_from(retention)
        .ok()
        .and_then(|r| now.checked_sub(r))
    else {
        // A retention longer than the calendar reaches keeps everything.
        return Ok(0);
    };
    let mut deleted = 0;
    for entry in fs::read_dir(dest_dir).at(dest_dir)? {
        let path = entry.at(dest_dir)?.path();
        let Some(when) = path.file_name().and_then(|n| n.to_str()).and_then(taken_at) else {
            continue;
        };
        if when < cutoff && path != keep {
            fs::remove_file(&path).at(&path)?;
            deleted += 1;
        }
    }
    if deleted > 0 {
        files::sync_dir(dest_dir)?;
    }
    Ok(deleted)
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    #[test]
    fn names_carry_the_utc_time_and_read_back() {
        let at = datetime!(2026-11-26 17:05:09 +07:00);
        let p = path(Path::new("/b"), at).unwrap();
        assert_eq!(p, Path::new("/b/keys-20261126T100509Z.journal"));
        assert_eq!(taken_at("keys-20261126T100509Z.journal"), Some(at));
        for other in [
            "journal",
            "keys-x.journal",
            "keys-20261126T100509Z.journal.tmp",
        ] {
            assert_eq!(taken_at(other), None, "{other}");
        }
    }
}
