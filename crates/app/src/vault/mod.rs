//! The sealed ballot box: secret choices kept outside the log until their round closes.
//!
//! See `docs/secret-ballot.md` for why choices never enter the log next to a member, and
//! `docs/app.md` for how the app keeps the box and the log consistent across crashes.
//!
//! One [`SealedRound`] per round (a programme's category, in one *generation*: every close
//! or re-run of the category starts the next one, so a new round never reuses a past
//! round's file): a random 256-bit key and a set of *slots*. A slot holds one member's choice on one nomination, encrypted with
//! ChaCha20-Poly1305 under the round key with a random nonce. The slot's id is
//! `HMAC-SHA256(round_key, "slot" ‖ nomination ‖ member)`: without the key nobody can tell
//! whose slot it is; with it, the app finds a member's slot again (to check a re-cast, and at
//! closing to open exactly the slots of recorded participants). Slots are kept in a sorted map
//! keyed by that pseudo-random id, so their order says nothing about arrival.
//!
//! When the round closes the app destroys the round: key and slots go together. The key is
//! kept apart from the slots (its own directory in [`FileVault`], out of backups) and wiped
//! from memory when dropped (`zeroize`).
//!
//! [`Vault`] is where rounds are kept: [`FileVault`] in a directory (durable, for production)
//! and [`MemoryVault`] for tests. The cryptography is here, shared by both.

mod file;

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::Mutex;

use accolade_events::Choice;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use hmac::{Hmac, Mac};
use rand_core::{OsRng, RngCore};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;
use zeroize::Zeroizing;

pub use file::FileVault;

/// Why the ballot box failed.
#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    /// Reading, writing or syncing a file failed.
    #[error("i/o: {0}")]
    Io(#[from] std::io::Error),
    /// A round's file cannot be read back.
    #[error("round file {file} is damaged: {message}")]
    Corrupt {
        /// The round's slots file (`<ballots>/round-<hash>.json`), as a displayed path.
        file: String,
        /// What is wrong.
        message: String,
    },
    /// A sealed choice does not decrypt under the round key: it was altered.
    #[error("a sealed choice failed authentication (altered ballot box?)")]
    Tampered,
    /// The operating system's random source failed.
    #[error("random source: {0}")]
    Random(String),
}

/// A round: the open votes of one category of one programme.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RoundId {
    /// The programme the round belongs to.
    pub programme_id: Uuid,
    /// The category's code, free text as the programme defines it: it is hashed into the
    /// round's file names (`file_stem`), never used as one.
    pub category_code: String,
    /// The round's generation: closes and re-runs of the category before it
    /// (`Programme::round_generation`).
    pub generation: u32,
}

impl RoundId {
    /// The first round (generation 0) of a category.
    pub fn new(programme_id: Uuid, category_code: impl Into<String>) -> Self {
        Self {
            programme_id,
            category_code: category_code.into(),
            generation: 0,
        }
    }

    /// The same category's round of `generation`.
    pub fn at(mut self, generation: u32) -> Self {
        self.generation = generation;
        self
    }

    /// A file-name-safe name for the round (a hash: category codes are free text).
    /// Generation 0 hashes as rounds did before generations existed, so a round open across
    /// an upgrade keeps its file.
    pub fn file_stem(&self) -> String {
        let mut hash = Sha256::new()
            .chain_update(self.programme_id.as_bytes())
            .chain_update([0])
            .chain_update(self.category_code.as_bytes());
        if self.generation > 0 {
            hash = hash
                .chain_update([0])
                .chain_update(self.generation.to_le_bytes());
        }
        let digest = hash.finalize();
        format!("round-{}", hex::encode(&digest[..16]))
    }
}

/// One sealed choice.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Slot {
    /// 96-bit random nonce, hex.
    nonce: String,
    /// Ciphertext with its tag, hex.
    sealed: String,
}

/// Slot id (hex HMAC) -> sealed choice: what a slots file holds.
pub(crate) type Slots = BTreeMap<String, Slot>;

/// A round key, wiped from memory when dropped.
pub(crate) type RoundKey = Zeroizing<[u8; 32]>;

/// A round's key and sealed choices. `Debug` shows neither.
#[derive(Clone, PartialEq, Eq)]
pub struct SealedRound {
    /// The round key. Never leaves the ballot box; zeroised on drop.
    key: RoundKey,
    /// Slot id (hex HMAC) -> sealed choice.
    slots: Slots,
}

impl fmt::Debug for SealedRound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SealedRound")
            .field("slots", &self.slots.len())
            .finish_non_exhaustive()
    }
}

fn random<const N: usize>() -> Result<[u8; N], VaultError> {
    let mut out = [0u8; N];
    OsRng
        .try_fill_bytes(&mut out)
        .map_err(|e| VaultError::Random(e.to_string()))?;
    Ok(out)
}

/// One byte per choice, so every ciphertext has the same length: "reject" is shorter than
/// "approve" as text, and a length must not reveal a choice.
fn choice_byte(c: Choice) -> u8 {
    match c {
        Choice::Approve => 0,
        Choice::Reject => 1,
        Choice::Abstain => 2,
    }
}

fn byte_choice(b: u8) -> Option<Choice> {
    match b {
        0 => Some(Choice::Approve),
        1 => Some(Choice::Reject),
        2 => Some(Choice::Abstain),
        _ => None,
    }
}

impl SealedRound {
    /// A new round with a fresh random key and no slots.
    pub fn new() -> Result<Self, VaultError> {
        let mut key = RoundKey::new([0u8; 32]);
        OsRng
            .try_fill_bytes(key.as_mut())
            .map_err(|e| VaultError::Random(e.to_string()))?;
        Ok(Self {
            key,
            slots: BTreeMap::new(),
        })
    }

    /// A round from its kept parts (the file vault keeps them apart).
    pub(crate) fn from_parts(key: RoundKey, slots: Slots) -> Self {
        Self { key, slots }
    }

    /// The key, for the vault to keep.
    pub(crate) fn key_bytes(&self) -> &[u8; 32] {
        &self.key
    }

    /// The slots, for the vault to keep.
    pub(crate) fn slots(&self) -> &Slots {
        &self.slots
    }

    fn slot_id(&self, member: Uuid, nomination: Uuid) -> Result<String, VaultError> {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(self.key.as_slice())
            .map_err(|_| VaultError::Tampered)?;
        mac.update(b"slot");
        mac.update(nomination.as_bytes());
        mac.update(member.as_bytes());
        Ok(hex::encode(mac.finalize().into_bytes()))
    }

    fn cipher(&self) -> Result<ChaCha20Poly1305, VaultError> {
        Ok(ChaCha20Poly1305::new(Key::from_slice(self.key.as_slice())))
    }

    /// Seals `member`'s choice on `nomination`, replacing an earlier one in the same slot.
    /// The caller replaces only a choice whose participation was never recorded.
    pub fn seal(
        &mut self,
        member: Uuid,
        nomination: Uuid,
        choice: Choice,
    ) -> Result<(), VaultError> {
        let id = self.slot_id(member, nomination)?;
        let nonce = random::<12>()?;
        // The slot id is the associated data: a sealed choice moved to another slot fails.
        let sealed = self
            .cipher()?
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: &[choice_byte(choice)],
                    aad: id.as_bytes(),
                },
            )
            .map_err(|_| VaultError::Tampered)?;
        self.slots.insert(
            id,
            Slot {
                nonce: hex::encode(nonce),
                sealed: hex::encode(sealed),
            },
        );
        Ok(())
    }

    /// The choice sealed for `member` on `nomination`, if any.
    pub fn open(&self, member: Uuid, nomination: Uuid) -> Result<Option<Choice>, VaultError> {
        let id = self.slot_id(member, nomination)?;
        let Some(slot) = self.slots.get(&id) else {
            return Ok(None);
        };
        let nonce = hex::decode(&slot.nonce).map_err(|_| VaultError::Tampered)?;
        let sealed = hex::decode(&slot.sealed).map_err(|_| VaultError::Tampered)?;
        if nonce.len() != 12 {
            return Err(VaultError::Tampered);
        }
        let plain = self
            .cipher()?
            .decrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: &sealed,
                    aad: id.as_bytes(),
                },
            )
            .map_err(|_| VaultError::Tampered)?;
        match plain.as_slice() {
            [b] => byte_choice(*b).map(Some).ok_or(VaultError::Tampered),
            _ => Err(VaultError::Tampered),
        }
    }

    /// Number of sealed choices (of every nomination of the round).
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// Whether nothing is sealed.
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }
}

/// Where rounds are kept. Implementations make every change durable before returning, and
/// serialise changes to one round (read-modify-write under a lock), so one vault may be
/// shared by several `App`s of one process.
pub trait Vault: Send + Sync + fmt::Debug + 'static {
    /// Applies `change` to the round (created with a fresh key if absent) and returns once
    /// the result is durable.
    fn update(
        &self,
        round: &RoundId,
        change: &mut dyn FnMut(&mut SealedRound) -> Result<(), VaultError>,
    ) -> Result<(), VaultError>;

    /// The round as kept, if it exists.
    fn read(&self, round: &RoundId) -> Result<Option<SealedRound>, VaultError>;

    /// Destroys the round: key and sealed choices. Destroying an absent round is a no-op.
    fn destroy(&self, round: &RoundId) -> Result<(), VaultError>;
}

/// Rounds in memory, for tests. Gone with the process.
#[derive(Debug, Default)]
pub struct MemoryVault {
    rounds: Mutex<HashMap<RoundId, SealedRound>>,
}

impl MemoryVault {
    /// An empty vault.
    pub fn new() -> Self {
        Self::default()
    }
}

impl Vault for MemoryVault {
    fn update(
        &self,
        round: &RoundId,
        change: &mut dyn FnMut(&mut SealedRound) -> Result<(), VaultError>,
    ) -> Result<(), VaultError> {
        let mut rounds = self.rounds.lock().unwrap_or_else(|p| p.into_inner());
        let mut r = match rounds.get(round) {
            Some(r) => r.clone(),
            None => SealedRound::new()?,
        };
        change(&mut r)?;
        rounds.insert(round.clone(), r);
        Ok(())
    }

    fn read(&self, round: &RoundId) -> Result<Option<SealedRound>, VaultError> {
        let rounds = self.rounds.lock().unwrap_or_else(|p| p.into_inner());
        Ok(rounds.get(round).cloned())
    }

    fn destroy(&self, round: &RoundId) -> Result<(), VaultError> {
        let mut rounds = self.rounds.lock().unwrap_or_else(|p| p.into_inner());
        rounds.remove(round);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_choices_open_only_for_their_slot() {
        let mut r = SealedRound::new().unwrap();
        let (m1, m2, n) = (Uuid::from_u128(1), Uuid::from_u128(2), Uuid::from_u128(9));
        r.seal(m1, n, Choice::Reject).unwrap();
        r.seal(m2, n, Choice::Approve).unwrap();
        assert_eq!(r.open(m1, n).unwrap(), Some(Choice::Reject));
        assert_eq!(r.open(m2, n).unwrap(), Some(Choice::Approve));
        assert_eq!(r.open(m1, Uuid::from_u128(8)).unwrap(), None);
        // Re-sealing replaces, never adds.
        r.seal(m1, n, Choice::Abstain).unwrap();
        assert_eq!(
            (r.len(), r.open(m1, n).unwrap()),
            (2, Some(Choice::Abstain))
        );
    }

    #[test]
    fn the_stored_form_names_no_member_and_no_choice() {
        let mut r = SealedRound::new().unwrap();
        let m = Uuid::from_u128(0xABCDEF);
        r.seal(m, Uuid::from_u128(9), Choice::Approve).unwrap();
        let text = serde_json::to_string(r.slots()).unwrap();
        assert!(!text.contains(&m.to_string()) && !text.contains(&m.simple().to_string()));
        assert!(!text.contains("approve"));
        assert!(!format!("{r:?}").contains(&hex::encode(r.key_bytes())));
        // Equal-length ciphertexts whatever the choice.
        let lens: Vec<usize> = [Choice::Approve, Choice::Reject, Choice::Abstain]
            .iter()
            .map(|c| {
                r.seal(m, Uuid::from_u128(10), *c).unwrap();
                let id = r.slot_id(m, Uuid::from_u128(10)).unwrap();
                r.slots[&id].sealed.len()
            })
            .collect();
        assert!(lens.windows(2).all(|w| w[0] == w[1]));
    }

    #[test]
    fn a_moved_or_altered_slot_fails_authentication() {
        let mut r = SealedRound::new().unwrap();
        let n = Uuid::from_u128(9);
        r.seal(Uuid::from_u128(1), n, Choice::Approve).unwrap();
        r.seal(Uuid::from_u128(2), n, Choice::Reject).unwrap();
        let ids: Vec<String> = r.slots.keys().cloned().collect();
        let first = r.slots[&ids[0]].clone();
        r.slots.insert(ids[1].clone(), first);
        let results = [r.open(Uuid::from_u128(1), n), r.open(Uuid::from_u128(2), n)];
        assert!(
            results
                .iter()
                .any(|x| matches!(x, Err(VaultError::Tampered)))
        );
    }
}
