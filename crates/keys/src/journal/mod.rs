//! The journal's text format, and the lines the store writes (reading is in `read.rs`).
//!
//! ```text
//! accolade-keys 1 <created> <wrapped|plain> <check> <lookup secret> <sum>
//! key <person id> <key> <sum>
//! erased <person id> <sum>
//! ```
//!
//! Fields are separated by one space and every line ends with `\n`. `<created>` is RFC 3339
//! UTC; `<check>` is the master key's check value in hex, or `-` for a plain store; the lookup
//! secret and each key are base64 (standard, padded) of their stored form: the raw 32 bytes in
//! a plain store, `nonce ++ ciphertext ++ tag` (72 bytes) in a wrapped one. `<sum>` is the
//! first 8 bytes of SHA-256 of everything before the space that precedes it, in hex: any
//! damage to a line is noticed, and is named by its line number.
//!
//! Text rather than binary because an operator restoring a backup may well look at it: it
//! shows what it holds (how many people, which are erased) and nothing that needs the master
//! key to read.

use std::collections::HashMap;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;
use zeroize::Zeroizing;

use crate::master::{MasterKey, Wrapping};

mod read;

pub(crate) use read::read;

/// The first two fields of every journal: the format and its version.
pub(crate) const MAGIC: &str = "accolade-keys 1";

/// Associated data of the wrapped lookup secret.
const LOOKUP_AAD: &[u8] = b"lookup-secret";

/// A person's key in memory. Boxed so that the bytes stay where they were put while the map
/// around them grows (a move would leave a copy behind in freed memory that nothing wipes);
/// wiped when dropped.
pub(crate) type PersonKey = Box<Zeroizing<[u8; 32]>>;

/// A new random key, made where it will stay (no copy left on the stack).
pub(crate) fn new_key() -> std::io::Result<PersonKey> {
    use rand_core::{OsRng, RngCore};
    let mut key: PersonKey = Box::new(Zeroizing::new([0u8; 32]));
    OsRng
        .try_fill_bytes(key.as_mut_slice())
        .map_err(|e| std::io::Error::other(format!("the system's random generator failed: {e}")))?;
    Ok(key)
}

/// What the store knows of one person.
pub(crate) enum Slot {
    /// The person's key.
    Live(PersonKey),
    /// Erased: the key is gone for good; only the id remains.
    Erased,
}

/// Every person the store knows of.
pub(crate) type Keys = HashMap<Uuid, Slot>;

/// How many live keys and tombstones `keys` holds.
pub(crate) fn counts(keys: &Keys) -> (usize, usize) {
    let live = keys.values().filter(|s| matches!(s, Slot::Live(_))).count();
    (live, keys.len() - live)
}

/// The header: what is fixed when the store is created.
pub(crate) struct Header {
    /// The header line as stored (with its `\n`), written again unchanged by every rewrite.
    /// In a plain store it holds the raw lookup secret, hence wiped on drop.
    pub line: Zeroizing<String>,
    /// Whether secrets are wrapped under a master key.
    pub wrapped: bool,
    /// When the store was made.
    pub created: OffsetDateTime,
    /// The lookup secret, unwrapped.
    pub lookup_secret: Zeroizing<[u8; 32]>,
}

/// The checksum of a line's body: first 8 bytes of SHA-256, hex.
fn sum(body: &str) -> String {
    hex::encode(&Sha256::digest(body.as_bytes())[..8])
}

/// Appends `body`, its checksum and the newline to `out`.
fn push_line(out: &mut Vec<u8>, body: &str) {
    out.extend_from_slice(body.as_bytes());
    out.push(b' ');
    out.extend_from_slice(sum(body).as_bytes());
    out.push(b'\n');
}

/// The header line of a new store.
pub(crate) fn new_header(
    created: OffsetDateTime,
    master: Option<&MasterKey>,
    wrapping: &Wrapping,
    lookup_secret: Zeroizing<[u8; 32]>,
) -> Result<Header, std::io::Error> {
    let created = created.replace_nanosecond(0).unwrap_or(created);
    let when = created
        .format(&Rfc3339)
        .map_err(|e| std::io::Error::other(format!("formatting the creation time: {e}")))?;
    let (mode, check) = match master {
        Some(m) => (
            "wrapped",
            hex::encode(m.check_value().map_err(std::io::Error::other)?),
        ),
        None => ("plain", "-".to_string()),
    };
    let stored = wrapping.seal(&lookup_secret, LOOKUP_AAD)?;
    let body = Zeroizing::new(format!(
        "{MAGIC} {when} {mode} {check} {}",
        Zeroizing::new(B64.encode(stored.as_slice())).as_str()
    ));
    let line = Zeroizing::new(format!("{} {}\n", body.as_str(), sum(&body)));
    Ok(Header {
        line,
        wrapped: master.is_some(),
        created,
        lookup_secret,
    })
}

/// Appends the line of a person's key to `out`.
pub(crate) fn push_key(
    out: &mut Vec<u8>,
    id: Uuid,
    key: &[u8; 32],
    wrapping: &Wrapping,
) -> std::io::Result<()> {
    let stored = wrapping.seal(key, id.as_bytes())?;
    let body = Zeroizing::new(format!(
        "key {id} {}",
        Zeroizing::new(B64.encode(stored.as_slice())).as_str()
    ));
    push_line(out, &body);
    Ok(())
}

/// Appends a tombstone line to `out`.
pub(crate) fn push_erased(out: &mut Vec<u8>, id: Uuid) {
    push_line(out, &format!("erased {id}"));
}

/// The journal rewritten for an erasure: `current` (the durable journal, header first)
/// without the key lines of the ids `changes` erases, then the lines of `changes`.
///
/// It works on the stored lines rather than encoding every key again from memory: in a store
/// of 100,000 wrapped keys, wrapping each again (a fresh nonce from the system, an encryption)
/// took two thirds of an erasure's time, for keys that do not change. `expect` is the number of
/// live keys and tombstones the result must hold; if the lines disagree with it, the file and
/// memory have drifted apart and the rewrite is refused rather than guessed at.
pub(crate) fn compact(
    current: &[u8],
    changes: &HashMap<Uuid, Slot>,
    wrapping: &Wrapping,
    expect: (usize, usize),
) -> std::io::Result<Zeroizing<Vec<u8>>> {
    // Sized up front: the buffer holds keys (raw, in a plain store) and is wiped when dropped,
    // but a reallocation would leave a copy behind.
    let mut out = Zeroizing::new(Vec::with_capacity(current.len() + changes.len() * 160));
    let mut lines = current.split_inclusive(|b| *b == b'\n');
    let header = lines
        .next()
        .ok_or_else(|| std::io::Error::other("the journal has no header line"))?;
    out.extend_from_slice(header);
    let (mut live, mut erased) = (0, 0);
    for line in lines {
        if let Some(id) = line.strip_prefix(b"key ").and_then(|rest| rest.get(..36)) {
            let id = Uuid::try_parse_ascii(id).map_err(std::io::Error::other)?;
            if matches!(changes.get(&id), Some(Slot::Erased)) {
                continue;
            }
            live += 1;
        } else {
            erased += 1;
        }
        out.extend_from_slice(line);
    }
    for (id, slot) in changes {
        match slot {
            Slot::Live(key) => {
                push_key(&mut out, *id, key, wrapping)?;
                live += 1;
            }
            Slot::Erased => {
                push_erased(&mut out, *id);
                erased += 1;
            }
        }
    }
    if (live, erased) != expect {
        return Err(std::io::Error::other(format!(
            "the journal holds {live} keys and {erased} tombstones where {} and {} are known: \
             it no longer matches memory, so it is not rewritten",
            expect.0, expect.1
        )));
    }
    Ok(out)
}
