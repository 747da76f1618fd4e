//! Swapping the new store in, in an order that survives a crash at any point.
//!
//! Before the commit point the data directory holds the old store as it was, plus scratch
//! directories (`events.migrating/`, `keys.migrating/`) that the next run removes. The commit
//! point is `MIGRATING` written and synced: it names the directory the old store moves to.
//! After it, `App::open_sled` refuses the directory, and `accolade migrate` finishes the swap
//! (every step below checks what is already done, so it can run any number of times):
//!
//! 1. `events/` -> `events.shape<N>-<timestamp>/` (the old store, kept)
//! 2. `events.migrating/` -> `events/`
//! 3. `keys.migrating/` -> `keys/`
//! 4. `projections/` removed (snapshots of the old shape, holding personal data in the clear)
//! 5. the kept store made read-only, with a README.txt
//! 6. `SHAPE` written (new shape)
//! 7. `MIGRATING` removed

use std::path::{Path, PathBuf};

use super::{CURRENT_SHAPE, MIGRATING_FILE, MigrateError, write_shape};

/// The scratch directories a migration writes into.
pub(super) struct Scratch {
    pub events: PathBuf,
    pub keys: PathBuf,
}

impl Scratch {
    pub fn new(data_dir: &Path) -> Self {
        Self {
            events: data_dir.join("events.migrating"),
            keys: data_dir.join("keys.migrating"),
        }
    }

    /// Removes what an earlier run left before its commit point: incomplete by definition.
    pub fn clear(&self) -> Result<(), MigrateError> {
        for dir in [&self.events, &self.keys] {
            if dir.exists() {
                std::fs::remove_dir_all(dir)
                    .map_err(MigrateError::io("removing the leftover", dir))?;
            }
        }
        Ok(())
    }
}

/// Writes the commit point, then finishes. Returns where the old store is kept.
pub(super) fn commit(
    data_dir: &Path,
    from: u32,
    scratch: &Scratch,
) -> Result<PathBuf, MigrateError> {
    sync_tree(&scratch.events)?;
    sync_tree(&scratch.keys)?;
    let stamp = time::OffsetDateTime::now_utc()
        .format(&time::macros::format_description!(
            "[year][month][day]T[hour][minute][second]Z"
        ))
        .unwrap_or_else(|_| "old".to_owned());
    let kept = format!("events.shape{from}-{stamp}");
    let marker = data_dir.join(MIGRATING_FILE);
    let tmp = data_dir.join("MIGRATING.tmp");
    std::fs::write(&tmp, format!("{kept}\n")).map_err(MigrateError::io("writing", &tmp))?;
    sync_file(&tmp)?;
    std::fs::rename(&tmp, &marker).map_err(MigrateError::io("renaming", &tmp))?;
    sync_file(data_dir)?;
    finish(data_dir).map(|kept| kept.unwrap_or_default())
}

/// Finishes a committed migration (steps 1-7 of the module docs, each skipped when done).
pub(super) fn finish(data_dir: &Path) -> Result<Option<PathBuf>, MigrateError> {
    let marker = data_dir.join(MIGRATING_FILE);
    let name = std::fs::read_to_string(&marker).map_err(MigrateError::io("reading", &marker))?;
    let name = name.trim();
    if name.is_empty() || name.contains('/') || name.contains("..") {
        return Err(MigrateError::Check(format!(
            "{} names no directory: {name:?}",
            marker.display()
        )));
    }
    let kept = data_dir.join(name);
    let events = data_dir.join("events");
    let scratch = Scratch::new(data_dir);
    if scratch.events.exists() {
        if !kept.exists() {
            rename(&events, &kept)?;
        } else if events.exists() {
            // Only an open that ignored the marker can have made it: it holds nothing of ours.
            return Err(MigrateError::Check(format!(
                "{} exists beside both the kept and the new store; remove it (it was made by \
                 something that opened the directory during the migration) and run again",
                events.display()
            )));
        }
        rename(&scratch.events, &events)?;
    }
    if !events.join("db").exists() {
        // Nothing to finish with: never write the new shape over a missing store (an open
        // would then start an empty one).
        return Err(MigrateError::Check(format!(
            "neither {} nor the new store beside it exists: restore the directory from \
             {} (the old store) and run again",
            events.display(),
            kept.display()
        )));
    }
    if scratch.keys.exists() {
        rename(&scratch.keys, &data_dir.join("keys"))?;
    }
    let projections = data_dir.join("projections");
    if projections.exists() {
        std::fs::remove_dir_all(&projections)
            .map_err(MigrateError::io("removing", &projections))?;
    }
    if kept.exists() {
        keep_read_only(&kept)?;
    }
    write_shape(data_dir, CURRENT_SHAPE).map_err(MigrateError::io("writing SHAPE in", data_dir))?;
    std::fs::remove_file(&marker).map_err(MigrateError::io("removing", &marker))?;
    sync_file(data_dir)?;
    Ok(Some(kept))
}

fn rename(from: &Path, to: &Path) -> Result<(), MigrateError> {
    std::fs::rename(from, to).map_err(MigrateError::io("renaming", from))?;
    if let Some(parent) = to.parent() {
        sync_file(parent)?;
    }
    Ok(())
}

fn sync_file(path: &Path) -> Result<(), MigrateError> {
    std::fs::File::open(path)
        .and_then(|f| f.sync_all())
        .map_err(MigrateError::io("syncing", path))
}

/// Syncs every file and directory under `dir` (sled and the key store synced their own
/// writes; this is cheap insurance before the commit point).
fn sync_tree(dir: &Path) -> Result<(), MigrateError> {
    for entry in std::fs::read_dir(dir).map_err(MigrateError::io("reading", dir))? {
        let path = entry.map_err(MigrateError::io("reading", dir))?.path();
        if path.is_dir() {
            sync_tree(&path)?;
        } else {
            sync_file(&path)?;
        }
    }
    sync_file(dir)
}

/// The README left in the kept store.
fn readme(kept: &Path) -> String {
    format!(
        "This is the event store as it was BEFORE `accolade migrate` (pre-migration store).\n\
         \n\
         It holds personal data IN PLAIN TEXT (nominees, objectors, user contacts, award\n\
         holders): erasures made after the migration do not reach it. Keep it only until you\n\
         have checked the new store (accolade verify / rebuild / serve on the data directory),\n\
         then delete it, and any backup of it:\n\
         \n\
         \x20   chmod -R u+w {dir} && rm -rf {dir}\n\
         \n\
         It is read-only so that nothing writes to it by mistake. docs/migrations.md\n",
        dir = kept.display()
    )
}

/// Writes the README, then makes every file 0444 and every directory 0555 (deepest first).
fn keep_read_only(kept: &Path) -> Result<(), MigrateError> {
    let readme_path = kept.join("README.txt");
    if !readme_path.exists() {
        std::fs::write(&readme_path, readme(kept))
            .map_err(MigrateError::io("writing", &readme_path))?;
    }
    read_only(kept)
}

fn read_only(dir: &Path) -> Result<(), MigrateError> {
    for entry in std::fs::read_dir(dir).map_err(MigrateError::io("reading", dir))? {
        let path = entry.map_err(MigrateError::io("reading", dir))?.path();
        if path.is_dir() {
            read_only(&path)?;
        } else {
            set_mode(&path, 0o444)?;
        }
    }
    set_mode(dir, 0o555)
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) -> Result<(), MigrateError> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
        .map_err(MigrateError::io("making read-only", path))
}

#[cfg(not(unix))]
fn set_mode(path: &Path, _mode: u32) -> Result<(), MigrateError> {
    let mut p = std::fs::metadata(path)
        .map_err(MigrateError::io("making read-only", path))?
        .permissions();
    p.set_readonly(true);
    std::fs::set_permissions(path, p).map_err(MigrateError::io("making read-only", path))
}
