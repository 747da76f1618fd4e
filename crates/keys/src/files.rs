//! Durable, private files: the habits of the rest of Accolade's storage (the store's journal,
//! the ballot vault), in one place.
//!
//! Whole files are replaced by writing a temporary file beside them, `fdatasync`ing it,
//! renaming it over the old one and syncing the directory: a crash leaves the old file or the
//! new one, never a mix, and once the directory is synced the new name survives a power cut.
//! Files are created owner-only (0600) and directories 0700: they hold keys.

use std::fs::{self, File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::error::{IoContext, KeyError};

/// The journal's name inside the key store's directory.
pub(crate) const JOURNAL: &str = "journal";
/// The lock file held while a process has the store open.
pub(crate) const LOCK: &str = "lock";

/// How long `open` waits for the lock of a store another handle of this process is still
/// closing (its writer thread ends just after its last handle is dropped).
const LOCK_WAIT: Duration = Duration::from_secs(2);

/// `path` with `.tmp` added to its name: where its next version is written.
pub(crate) fn tmp_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".tmp");
    path.with_file_name(name)
}

/// Creates `dir` (and its parents) and makes it owner-only.
pub(crate) fn create_private_dir(dir: &Path) -> Result<(), KeyError> {
    fs::create_dir_all(dir).at(dir)?;
    restrict_dir(dir)
}

/// Makes an existing directory owner-only.
pub(crate) fn restrict_dir(dir: &Path) -> Result<(), KeyError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700)).at(dir)?;
    }
    Ok(())
}

/// Makes an existing file owner-only.
pub(crate) fn restrict_file(path: &Path) -> Result<(), KeyError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(path, fs::Permissions::from_mode(0o600)).at(path)?;
    }
    Ok(())
}

/// Creates (or empties) `path`, owner-only, for reading and writing.
fn create_private(path: &Path) -> Result<File, KeyError> {
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path).at(path)
}

/// Makes the directory's entries (a new or renamed file) durable.
pub(crate) fn sync_dir(dir: &Path) -> Result<(), KeyError> {
    File::open(dir).and_then(|d| d.sync_all()).at(dir)
}

/// Replaces `path` (in `dir`) by a file holding `bytes`, atomically and durably. Returns the
/// new file, open, its cursor at the end: the journal goes on appending to it.
pub(crate) fn replace(dir: &Path, path: &Path, bytes: &[u8]) -> Result<File, KeyError> {
    use std::io::Write;
    let tmp = tmp_path(path);
    let mut file = create_private(&tmp)?;
    let written = file.write_all(bytes).and_then(|()| file.sync_data());
    if let Err(e) = written {
        // Nothing was replaced; do not leave a partial copy (it may hold keys) behind.
        let _ = fs::remove_file(&tmp);
        return Err(KeyError::io(&tmp, e));
    }
    if let Err(e) = fs::rename(&tmp, path) {
        let _ = fs::remove_file(&tmp);
        return Err(KeyError::io(path, e));
    }
    sync_dir(dir)?;
    Ok(file)
}

/// Opens the existing journal for appending.
pub(crate) fn open_append(path: &Path) -> Result<File, KeyError> {
    OpenOptions::new().append(true).open(path).at(path)
}

/// Takes the store's lock, so that a second process cannot append to the same journal.
/// Waits a little for a handle of this very process that is still shutting down.
pub(crate) fn lock(dir: &Path) -> Result<File, KeyError> {
    let path = dir.join(LOCK);
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .at(&path)?;
    let deadline = Instant::now() + LOCK_WAIT;
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(file),
            Err(TryLockError::WouldBlock) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(TryLockError::WouldBlock) => {
                return Err(KeyError::Locked {
                    dir: dir.to_path_buf(),
                });
            }
            Err(TryLockError::Error(e)) => return Err(KeyError::io(&path, e)),
        }
    }
}

/// Removes `<name>.tmp` files in `dir`: halves of a rewrite a crash interrupted. They may hold
/// keys erased since, so they must not linger.
pub(crate) fn remove_leftovers(dir: &Path, prefix: &str) -> Result<(), KeyError> {
    let mut removed = false;
    for entry in fs::read_dir(dir).at(dir)? {
        let path = entry.at(dir)?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with(prefix) && name.ends_with(".tmp") {
            fs::remove_file(&path).at(&path)?;
            removed = true;
        }
    }
    if removed {
        sync_dir(dir)?;
    }
    Ok(())
}
