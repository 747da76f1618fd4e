//! Rounds kept as files: the sealed slots in one directory, the round keys in another.
//!
//! Per round (`<stem>` = [`RoundId::file_stem`], a hash): `slots_dir/<stem>.json` holds the
//! sealed choices and `keys_dir/<stem>.key` the round key (hex). The two directories are
//! apart so that backups can take the slots and leave the keys: the keys are only needed
//! while a vote is open, and a backup holding a key links its slots to members. Every file is
//! rewritten whole: write a temporary file, fsync it, rename it over the old one, fsync the
//! directory. A crash leaves either the old file or the new one, never a mix; a leftover
//! temporary file (it may hold a key) is removed when the vault is opened.
//!
//! Destroying a round first replaces its key file with an empty one the same way, so that no
//! version of the file still holding the key is reachable by name, then removes it, then the
//! slots. A crash part-way leaves an empty or missing key file: both read as "no round"
//! (never an error), so the category stays votable. A slots file without its key (a restore
//! from a backup, which has no keys) cannot be opened: its choices count as lost, which the
//! close reports (`BallotsMissing`) and a round re-run resolves. What a file system or SSD
//! keeps in freed blocks is beyond a program's reach: put the key directory on an encrypted
//! volume.
//!
//! One process per directory, like the sled store: the lock that serialises changes is in
//! memory.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use super::{RoundId, RoundKey, SealedRound, Slots, Vault, VaultError};

/// Rounds in files: slots under one directory, keys under another.
#[derive(Debug)]
pub struct FileVault {
    slots_dir: PathBuf,
    keys_dir: PathBuf,
    /// Serialises read-modify-write of round files within the process.
    lock: Mutex<()>,
}

/// A slots file. Before keys had their own directory the key was kept here too (`key`): such
/// a file is split when the vault opens.
#[derive(Serialize, Deserialize)]
struct SlotsFile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    key: Option<String>,
    slots: Slots,
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

/// Creates `dir` (owner only) and removes temporary files a crash left in it.
fn prepare(dir: &Path) -> Result<(), VaultError> {
    fs::create_dir_all(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))?;
    }
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "tmp") {
            fs::remove_file(&path)?;
        }
    }
    File::open(dir)?.sync_all()?;
    Ok(())
}

/// A key from its file's text; `None` for anything but 64 hex digits (an emptied file left by
/// a destroy that crashed reads as no key).
fn parse_key(text: &[u8]) -> Option<RoundKey> {
    let mut key = RoundKey::new([0u8; 32]);
    hex::decode_to_slice(text, key.as_mut()).ok()?;
    Some(key)
}

impl FileVault {
    /// Opens (or creates) a vault with its slots in `slots_dir` and its round keys in
    /// `keys_dir`, removing temporary files a crash left behind and moving keys kept by an
    /// earlier version inside slot files to `keys_dir`.
    pub fn open(
        slots_dir: impl AsRef<Path>,
        keys_dir: impl AsRef<Path>,
    ) -> Result<Self, VaultError> {
        let vault = Self {
            slots_dir: slots_dir.as_ref().to_path_buf(),
            keys_dir: keys_dir.as_ref().to_path_buf(),
            lock: Mutex::new(()),
        };
        prepare(&vault.slots_dir)?;
        prepare(&vault.keys_dir)?;
        vault.split_old_files()?;
        Ok(vault)
    }

    /// The directory of the sealed slots.
    pub fn path(&self) -> &Path {
        &self.slots_dir
    }

    /// The directory of the round keys (keep it out of backups).
    pub fn keys_path(&self) -> &Path {
        &self.keys_dir
    }

    fn slots_file(&self, round: &RoundId) -> PathBuf {
        self.slots_dir.join(format!("{}.json", round.file_stem()))
    }

    fn key_file(&self, round: &RoundId) -> PathBuf {
        self.keys_dir.join(format!("{}.key", round.file_stem()))
    }

    /// Moves a key found in a slots file (the layout before keys had their own directory) to
    /// its key file: key first, then the slots without it.
    fn split_old_files(&self) -> Result<(), VaultError> {
        for entry in fs::read_dir(&self.slots_dir)? {
            let path = entry?.path();
            if path.extension().is_none_or(|e| e != "json") {
                continue;
            }
            let Ok(file) = serde_json::from_slice::<SlotsFile>(&fs::read(&path)?) else {
                continue;
            };
            let (Some(key), Some(stem)) = (file.key, path.file_stem()) else {
                continue;
            };
            let key = Zeroizing(key);
            let key_path = self.keys_dir.join(stem).with_extension("key");
            self.write_atomically(&self.keys_dir, &key_path, key.0.as_bytes())?;
            let slots = serde_json::to_vec(&SlotsFile {
                key: None,
                slots: file.slots,
            })
            .map_err(|e| corrupt(&path, &e))?;
            self.write_atomically(&self.slots_dir, &path, &slots)?;
        }
        Ok(())
    }

    fn load_key(&self, round: &RoundId) -> Result<Option<RoundKey>, VaultError> {
        match fs::read(self.key_file(round)) {
            Ok(text) => Ok(parse_key(&Zeroizing(text).0)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// The slots kept for a round: none for a missing or empty file. A damaged file (it is
    /// written atomically, so only a damaged disk makes one) counts as lost slots rather than
    /// an error that would stop every later ballot of the round: its choices are reported
    /// missing at the close (`BallotsMissing`), which a round re-run resolves.
    fn load_slots(&self, round: &RoundId) -> Result<Slots, VaultError> {
        let path = self.slots_file(round);
        let bytes = match fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Slots::new()),
            Err(e) => return Err(e.into()),
        };
        if bytes.is_empty() {
            return Ok(Slots::new());
        }
        match serde_json::from_slice::<SlotsFile>(&bytes) {
            Ok(f) => Ok(f.slots),
            Err(e) => {
                tracing::warn!(file = %path.display(), error = %e,
                    "damaged ballot slots file: its sealed choices count as lost");
                Ok(Slots::new())
            }
        }
    }

    fn load(&self, round: &RoundId) -> Result<Option<SealedRound>, VaultError> {
        let Some(key) = self.load_key(round)? else {
            return Ok(None);
        };
        Ok(Some(SealedRound::from_parts(key, self.load_slots(round)?)))
    }

    /// Replaces `path`'s content (in `dir`) with `bytes` atomically and durably.
    fn write_atomically(&self, dir: &Path, path: &Path, bytes: &[u8]) -> Result<(), VaultError> {
        let tmp = path.with_extension("tmp");
        let mut f = create_private(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, path)?;
        File::open(dir)?.sync_all()?;
        Ok(())
    }
}

/// Wraps a `String` so its bytes are wiped when dropped (a key read as text).
struct Zeroizing<T: zeroize::Zeroize>(T);

impl<T: zeroize::Zeroize> Drop for Zeroizing<T> {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

fn corrupt(path: &Path, e: &serde_json::Error) -> VaultError {
    VaultError::Corrupt {
        file: path.display().to_string(),
        message: e.to_string(),
    }
}

impl Vault for FileVault {
    fn update(
        &self,
        round: &RoundId,
        change: &mut dyn FnMut(&mut SealedRound) -> Result<(), VaultError>,
    ) -> Result<(), VaultError> {
        let _guard = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        let mut r = match self.load(round)? {
            Some(r) => r,
            None => {
                // A new round: its key is durable before any choice is sealed under it. Slots
                // left without a key are unreadable and are replaced.
                let r = SealedRound::new()?;
                let hex = Zeroizing(hex::encode(r.key_bytes()));
                self.write_atomically(&self.keys_dir, &self.key_file(round), hex.0.as_bytes())?;
                r
            }
        };
        change(&mut r)?;
        let path = self.slots_file(round);
        let bytes = serde_json::to_vec(&SlotsFile {
            key: None,
            slots: r.slots().clone(),
        })
        .map_err(|e| corrupt(&path, &e))?;
        self.write_atomically(&self.slots_dir, &path, &bytes)
    }

    fn read(&self, round: &RoundId) -> Result<Option<SealedRound>, VaultError> {
        let _guard = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        self.load(round)
    }

    fn destroy(&self, round: &RoundId) -> Result<(), VaultError> {
        let _guard = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        let key = self.key_file(round);
        if key.exists() {
            self.write_atomically(&self.keys_dir, &key, b"")?;
            fs::remove_file(&key)?;
            File::open(&self.keys_dir)?.sync_all()?;
        }
        let slots = self.slots_file(round);
        if slots.exists() {
            fs::remove_file(&slots)?;
            File::open(&self.slots_dir)?.sync_all()?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use accolade_events::Choice;
    use uuid::Uuid;

    use super::*;

    fn count(dir: &Path) -> usize {
        fs::read_dir(dir).unwrap().count()
    }

    #[test]
    fn rounds_survive_reopening_and_are_gone_when_destroyed() {
        let dir = tempfile::tempdir().unwrap();
        let (slots, keys) = (dir.path().join("ballots"), dir.path().join("ballot-keys"));
        let round = RoundId::new(Uuid::from_u128(1), "IND");
        let (m, n) = (Uuid::from_u128(2), Uuid::from_u128(3));
        {
            let v = FileVault::open(&slots, &keys).unwrap();
            v.update(&round, &mut |r| r.seal(m, n, Choice::Reject))
                .unwrap();
        }
        // The key is not beside the slots.
        assert_eq!((count(&slots), count(&keys)), (1, 1));
        let text = fs::read_to_string(slots.join(format!("{}.json", round.file_stem()))).unwrap();
        assert!(!text.contains("key"), "{text}");
        fs::write(keys.join("round-x.tmp"), b"stale").unwrap();
        let v = FileVault::open(&slots, &keys).unwrap();
        assert!(!keys.join("round-x.tmp").exists());
        let r = v.read(&round).unwrap().unwrap();
        assert_eq!(r.open(m, n).unwrap(), Some(Choice::Reject));
        v.destroy(&round).unwrap();
        assert!(v.read(&round).unwrap().is_none());
        assert_eq!((count(&slots), count(&keys)), (0, 0));
        v.destroy(&round).unwrap();
    }

    /// Issue 10 item 2: a destroy that crashed after emptying the key file, an empty slots
    /// file, or a truncated one, never stops sealing: the round starts afresh (lost choices
    /// are reported at the close).
    #[test]
    fn an_emptied_or_truncated_round_file_does_not_block_the_round() {
        let dir = tempfile::tempdir().unwrap();
        let (slots, keys) = (dir.path().join("ballots"), dir.path().join("ballot-keys"));
        let v = FileVault::open(&slots, &keys).unwrap();
        let (m, n) = (Uuid::from_u128(2), Uuid::from_u128(3));
        for (i, (key, slot)) in [(&b""[..], &b""[..]), (&b"0f"[..], &b"{\"slo"[..])]
            .into_iter()
            .enumerate()
        {
            let round = RoundId::new(Uuid::from_u128(1), "IND").at(u32::try_from(i).unwrap());
            fs::write(keys.join(format!("{}.key", round.file_stem())), key).unwrap();
            fs::write(slots.join(format!("{}.json", round.file_stem())), slot).unwrap();
            assert!(v.read(&round).unwrap().is_none());
            v.update(&round, &mut |r| r.seal(m, n, Choice::Approve))
                .unwrap();
            let r = v.read(&round).unwrap().unwrap();
            assert_eq!(r.open(m, n).unwrap(), Some(Choice::Approve));
        }
        // A good key with a truncated slots file: the slots count as lost, sealing goes on.
        let round = RoundId::new(Uuid::from_u128(1), "IND").at(7);
        fs::write(
            keys.join(format!("{}.key", round.file_stem())),
            "ab".repeat(32),
        )
        .unwrap();
        fs::write(slots.join(format!("{}.json", round.file_stem())), b"{\"slo").unwrap();
        assert_eq!(v.read(&round).unwrap().unwrap().len(), 0);
        v.update(&round, &mut |r| r.seal(m, n, Choice::Reject))
            .unwrap();
        let r = v.read(&round).unwrap().unwrap();
        assert_eq!(r.open(m, n).unwrap(), Some(Choice::Reject));
    }

    /// A vault of the earlier layout (key inside the slots file) is split when opened.
    #[test]
    fn a_key_kept_with_the_slots_moves_to_the_key_directory() {
        let dir = tempfile::tempdir().unwrap();
        let (slots, keys) = (dir.path().join("ballots"), dir.path().join("ballot-keys"));
        let round = RoundId::new(Uuid::from_u128(1), "IND");
        let (m, n) = (Uuid::from_u128(2), Uuid::from_u128(3));
        let mut r = SealedRound::new().unwrap();
        r.seal(m, n, Choice::Abstain).unwrap();
        let old = serde_json::json!({"key": hex::encode(r.key_bytes()), "slots": r.slots()});
        fs::create_dir_all(&slots).unwrap();
        fs::write(
            slots.join(format!("{}.json", round.file_stem())),
            old.to_string(),
        )
        .unwrap();
        let v = FileVault::open(&slots, &keys).unwrap();
        assert_eq!(count(&keys), 1);
        let text = fs::read_to_string(slots.join(format!("{}.json", round.file_stem()))).unwrap();
        assert!(!text.contains(&hex::encode(r.key_bytes())));
        let back = v.read(&round).unwrap().unwrap();
        assert_eq!(back.open(m, n).unwrap(), Some(Choice::Abstain));
    }
}
