//! Rounds kept as files in a directory, each written atomically.
//!
//! One file per round, `round-<hash>.json`, rewritten whole on every change: write a
//! temporary file, fsync it, rename it over the old one, fsync the directory. A crash leaves
//! either the old file or the new one, never a mix; a leftover temporary file (it may hold a
//! key) is removed when the vault is opened.
//!
//! Destroying a round first replaces its file with an empty one the same way, so that no
//! version of the file still holding the key is reachable by name, then removes it. What a
//! file system or SSD keeps in freed blocks is beyond a program's reach: put the vault
//! directory on an encrypted volume and keep it out of backups (it is only needed while a vote
//! is open, and a restored old copy would hold keys that should be gone).
//!
//! One process per directory, like the sled store: the lock that serialises changes is in
//! memory.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::{RoundId, SealedRound, Vault, VaultError};

/// Rounds in files under a directory.
#[derive(Debug)]
pub struct FileVault {
    dir: PathBuf,
    /// Serialises read-modify-write of round files within the process.
    lock: Mutex<()>,
}

fn create_private(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

impl FileVault {
    /// Opens (or creates) a vault in `dir`, removing temporary files a crash left behind.
    pub fn open(dir: impl AsRef<Path>) -> Result<Self, VaultError> {
        let dir = dir.as_ref().to_path_buf();
        fs::create_dir_all(&dir)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&dir, fs::Permissions::from_mode(0o700))?;
        }
        for entry in fs::read_dir(&dir)? {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == "tmp") {
                fs::remove_file(&path)?;
            }
        }
        File::open(&dir)?.sync_all()?;
        Ok(Self {
            dir,
            lock: Mutex::new(()),
        })
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    fn file(&self, round: &RoundId) -> PathBuf {
        self.dir.join(format!("{}.json", round.file_stem()))
    }

    fn load(&self, path: &Path) -> Result<Option<SealedRound>, VaultError> {
        let bytes = match fs::read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| VaultError::Corrupt {
                file: path.display().to_string(),
                message: e.to_string(),
            })
    }

    /// Replaces `path`'s content with `bytes` atomically and durably.
    fn write_atomically(&self, path: &Path, bytes: &[u8]) -> Result<(), VaultError> {
        let tmp = path.with_extension("tmp");
        let mut f = create_private(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, path)?;
        File::open(&self.dir)?.sync_all()?;
        Ok(())
    }
}

impl Vault for FileVault {
    fn update(
        &self,
        round: &RoundId,
        change: &mut dyn FnMut(&mut SealedRound) -> Result<(), VaultError>,
    ) -> Result<(), VaultError> {
        let _guard = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        let path = self.file(round);
        let mut r = match self.load(&path)? {
            Some(r) => r,
            None => SealedRound::new()?,
        };
        change(&mut r)?;
        let bytes = serde_json::to_vec(&r).map_err(|e| VaultError::Corrupt {
            file: path.display().to_string(),
            message: e.to_string(),
        })?;
        self.write_atomically(&path, &bytes)
    }

    fn read(&self, round: &RoundId) -> Result<Option<SealedRound>, VaultError> {
        let _guard = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        self.load(&self.file(round))
    }

    fn destroy(&self, round: &RoundId) -> Result<(), VaultError> {
        let _guard = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        let path = self.file(round);
        if !path.exists() {
            return Ok(());
        }
        self.write_atomically(&path, b"")?;
        fs::remove_file(&path)?;
        File::open(&self.dir)?.sync_all()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use accolade_events::Choice;
    use uuid::Uuid;

    use super::*;

    #[test]
    fn rounds_survive_reopening_and_are_gone_when_destroyed() {
        let dir = tempfile::tempdir().unwrap();
        let round = RoundId::new(Uuid::from_u128(1), "IND");
        let (m, n) = (Uuid::from_u128(2), Uuid::from_u128(3));
        {
            let v = FileVault::open(dir.path()).unwrap();
            v.update(&round, &mut |r| r.seal(m, n, Choice::Reject))
                .unwrap();
        }
        fs::write(dir.path().join("round-x.tmp"), b"stale").unwrap();
        let v = FileVault::open(dir.path()).unwrap();
        assert!(!dir.path().join("round-x.tmp").exists());
        let r = v.read(&round).unwrap().unwrap();
        assert_eq!(r.open(m, n).unwrap(), Some(Choice::Reject));
        v.destroy(&round).unwrap();
        assert!(v.read(&round).unwrap().is_none());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
        v.destroy(&round).unwrap();
    }
}
