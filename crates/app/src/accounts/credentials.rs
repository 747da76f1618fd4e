//! Password hashes, pending invitations and password resets, and TOTP secrets, in a small
//! file beside the log — never in it.
//!
//! Why not a `UserPasswordSet` event: the log is kept forever, exported whole and copied into
//! every backup, so each hash ever set would stay there, offline-crackable, long after the
//! password changed; and a hash cannot be crypto-shredded with the person. This file holds
//! only the current hash per user, the SHA-256 of each open invitation and reset token (and
//! whether its mail went out yet: an unsent one is re-issued at startup, so no invitation is
//! lost), and each user's TOTP secret with the SHA-256 of their unused recovery codes. The
//! TOTP secret is stored as is (hex), not encrypted: this file's protection is its mode
//! and its place outside the log and its exports. It is
//! rewritten whole and atomically (temporary file, fsync, rename, fsync of the directory),
//! mode 0600, so a crash leaves the old or the new version, never a torn one.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// An invitation that has not been used yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitation {
    /// Who is invited.
    pub user_id: Uuid,
    /// Unix seconds after which it no longer works.
    pub expires_at: i64,
    /// Whether its mail went out. An unsent token is replaced by a fresh one at startup and
    /// mailed (the token itself is kept nowhere but in the mail).
    #[serde(default)]
    pub sent: bool,
}

/// A user's second factor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totp {
    /// The shared secret (20 bytes), hex.
    pub secret: String,
    /// False until a first valid code confirmed the enrolment; only then is it asked for.
    pub confirmed: bool,
    /// SHA-256 (hex) of each unused recovery code.
    pub recovery: Vec<String>,
    /// The last time step whose code was used: a code is accepted only for a later step, so
    /// a code seen once cannot be replayed within its window.
    pub last_step: i64,
}

/// The file's content.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CredentialFile {
    /// PHC strings (Argon2id) by user id.
    #[serde(default)]
    pub passwords: BTreeMap<Uuid, String>,
    /// Invitations by the hex SHA-256 of their token.
    #[serde(default)]
    pub invitations: BTreeMap<String, Invitation>,
    /// Password resets by the hex SHA-256 of their token (same shape as an invitation).
    #[serde(default)]
    pub resets: BTreeMap<String, Invitation>,
    /// Second factors by user id.
    #[serde(default)]
    pub totp: BTreeMap<Uuid, Totp>,
}

/// Where the file lives, and how it is read and replaced.
#[derive(Debug, Clone)]
pub struct CredentialStore {
    path: Option<PathBuf>,
}

impl CredentialStore {
    /// The file `credentials.json` in `dir` (created on the first write).
    pub fn in_dir(dir: &Path) -> Self {
        Self {
            path: Some(dir.join("credentials.json")),
        }
    }

    /// Kept in memory only (tests).
    pub fn in_memory() -> Self {
        Self { path: None }
    }

    /// Reads the file; a missing file is empty.
    pub fn load(&self) -> std::io::Result<CredentialFile> {
        let Some(path) = &self.path else {
            return Ok(CredentialFile::default());
        };
        match std::fs::read(path) {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(CredentialFile::default()),
            Err(e) => Err(e),
        }
    }

    /// Replaces the file atomically.
    pub fn save(&self, file: &CredentialFile) -> std::io::Result<()> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        let dir = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        let tmp = path.with_extension("json.tmp");
        let bytes = serde_json::to_vec_pretty(file).map_err(std::io::Error::other)?;
        {
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create(true).truncate(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                options.mode(0o600);
            }
            let mut f = options.open(&tmp)?;
            f.write_all(&bytes)?;
            f.sync_all()?;
        }
        std::fs::rename(&tmp, path)?;
        std::fs::File::open(dir)?.sync_all()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_atomically() {
        let dir = tempfile::tempdir().unwrap();
        let store = CredentialStore::in_dir(dir.path());
        assert_eq!(store.load().unwrap(), CredentialFile::default());
        let mut f = CredentialFile::default();
        f.passwords.insert(Uuid::nil(), "$argon2id$x".into());
        store.save(&f).unwrap();
        assert_eq!(store.load().unwrap(), f);
        assert!(!dir.path().join("credentials.json.tmp").exists());
    }
}
