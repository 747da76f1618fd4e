//! Reading a journal back at open: every line checked, the master key checked against the
//! header, and the one tolerated damage — a torn last line — told apart from corruption.

use std::path::Path;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;
use zeroize::Zeroizing;

use super::{Header, Keys, LOOKUP_AAD, MAGIC, Slot, sum};
use crate::error::KeyError;
use crate::master::{MasterKey, Wrapping};

/// A journal as read at open.
pub(crate) struct Loaded {
    pub header: Header,
    pub keys: Keys,
    /// How many bytes of the file are good lines; less than its length when a torn last line
    /// was dropped (the file is then cut back to this length before anything is appended).
    pub good_len: u64,
}

/// A line whose checksum holds, split into its fields (without the checksum).
fn checked(line: &str) -> Result<Vec<&str>, String> {
    let (body, got) = line
        .rsplit_once(' ')
        .ok_or_else(|| "the line has no checksum".to_string())?;
    if sum(body) != got {
        return Err("its checksum does not match its content".into());
    }
    Ok(body.split(' ').collect())
}

fn decode_b64(field: &str) -> Option<Zeroizing<Vec<u8>>> {
    B64.decode(field).ok().map(Zeroizing::new)
}

/// Reads the header line, checking the master key against it.
fn read_header(
    line: &str,
    dir: &Path,
    master: Option<&MasterKey>,
    wrapping: &Wrapping,
) -> Result<Header, HeaderError> {
    let fields = checked(line).map_err(HeaderError::Damaged)?;
    let [magic, version, when, mode, check, secret] = fields.as_slice() else {
        return Err(HeaderError::Damaged(
            "the header does not have its six fields".into(),
        ));
    };
    if format!("{magic} {version}") != MAGIC {
        return Err(HeaderError::Damaged(format!(
            "this is not a key journal of a version this program reads (expected \"{MAGIC}\")"
        )));
    }
    let created = OffsetDateTime::parse(when, &Rfc3339)
        .map_err(|_| HeaderError::Damaged("the creation time is not RFC 3339".into()))?;
    let wrong = |reason: &str| {
        HeaderError::Master(KeyError::WrongMasterKey {
            dir: dir.to_path_buf(),
            reason: reason.into(),
        })
    };
    match (*mode, master) {
        ("plain", None) | ("wrapped", Some(_)) => {}
        ("plain", Some(_)) => {
            return Err(wrong(
                "a master key was given, but this key store was written without one; remove \
                 the master key setting, or restore the key store that was written with it",
            ));
        }
        ("wrapped", None) => {
            return Err(wrong(
                "this key store's keys are wrapped under a master key, but none was given; \
                 set the master key (or its file) in the configuration",
            ));
        }
        _ => return Err(HeaderError::Damaged(format!("unknown mode {mode:?}"))),
    }
    if let Some(m) = master {
        let check = hex::decode(check)
            .map_err(|_| HeaderError::Damaged("the check value is not hex".into()))?;
        if !m.matches(&check).map_err(HeaderError::Master)? {
            return Err(wrong(
                "it is not the master key this key store was written with; give the right one \
                 (a new key cannot open the old store)",
            ));
        }
    }
    let lookup_secret = decode_b64(secret)
        .and_then(|s| wrapping.open(&s, LOOKUP_AAD))
        .map(|boxed| (*boxed).clone())
        .ok_or_else(|| HeaderError::Damaged("the lookup secret does not open".into()))?;
    Ok(Header {
        line: Zeroizing::new(format!("{line}\n")),
        wrapped: master.is_some(),
        created,
        lookup_secret,
    })
}

enum HeaderError {
    Damaged(String),
    Master(KeyError),
}

/// A record line: `Ok(None)` for damage a torn write could cause (checksum, syntax),
/// `Err` for a well-formed line that contradicts the rest (always corruption).
fn read_record(
    line: &str,
    keys: &mut Keys,
    wrapping: &Wrapping,
) -> Result<Result<(), String>, String> {
    let fields = match checked(line) {
        Ok(f) => f,
        Err(why) => return Ok(Err(why)),
    };
    let (id, key) = match fields.as_slice() {
        ["key", id, key] => (*id, Some(*key)),
        ["erased", id] => (*id, None),
        _ => return Ok(Err("not a key or erased record".into())),
    };
    let Ok(id) = Uuid::parse_str(id) else {
        return Ok(Err(format!("{id:?} is not a person id")));
    };
    let slot = match key {
        Some(key) => {
            let key = decode_b64(key)
                .and_then(|k| wrapping.open(&k, id.as_bytes()))
                .ok_or_else(|| format!("the key of {id} does not open"))?;
            Slot::Live(key)
        }
        None => Slot::Erased,
    };
    // Only a rewrite writes tombstones, and it leaves no key of an erased id behind; only a
    // new id gets a key line. So any second line for an id means the file was altered.
    if keys.insert(id, slot).is_some() {
        return Err(format!("person {id} appears twice"));
    }
    Ok(Ok(()))
}

/// Parses a whole journal. `bytes` is the file's content; `file` names it in errors.
pub(crate) fn read(
    bytes: &[u8],
    file: &Path,
    dir: &Path,
    master: Option<&MasterKey>,
    wrapping: &Wrapping,
) -> Result<Loaded, KeyError> {
    let corrupt = |line: usize, message: String| KeyError::Corrupt {
        file: file.to_path_buf(),
        line,
        message,
    };
    // Only `\n`-terminated lines count: an unterminated tail is a torn append.
    let mut lines = Vec::new();
    let mut start = 0usize;
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'\n' {
            lines.push((start, &bytes[start..i]));
            start = i + 1;
        }
    }
    let complete_len = start;
    let Some(((_, first), records)) = lines.split_first() else {
        return Err(corrupt(1, "the file has no complete header line".into()));
    };
    let first = std::str::from_utf8(first).map_err(|_| corrupt(1, "not text".into()))?;
    let header = match read_header(first, dir, master, wrapping) {
        Ok(h) => h,
        Err(HeaderError::Damaged(why)) => return Err(corrupt(1, why)),
        Err(HeaderError::Master(e)) => return Err(e),
    };
    let mut keys = Keys::new();
    let mut good_len = complete_len as u64;
    for (n, (offset, line)) in records.iter().enumerate() {
        let number = n + 2;
        let damaged = match std::str::from_utf8(line) {
            Ok(text) => read_record(text, &mut keys, wrapping).map_err(|m| corrupt(number, m))?,
            Err(_) => Err("not text".into()),
        };
        if let Err(why) = damaged {
            if n + 1 == records.len() {
                // The last line, damaged: a crash in the middle of an append that was never
                // acknowledged (an append is answered only after its fdatasync).
                tracing::warn!(file = %file.display(), line = number, reason = %why,
                    "dropping a torn last line of the key journal (an unacknowledged append)");
                good_len = *offset as u64;
            } else {
                return Err(corrupt(number, why));
            }
        }
    }
    if complete_len < bytes.len() {
        tracing::warn!(file = %file.display(),
            "dropping an unterminated last line of the key journal (an unacknowledged append)");
    }
    Ok(Loaded {
        header,
        keys,
        good_len,
    })
}

#[cfg(test)]
mod tests {
    use super::super::{compact, new_header, push_erased, push_key};
    use super::*;

    /// A plain journal holding `keys`, as a new store and one compaction would write it.
    fn plain_journal(keys: &Keys) -> (Header, Vec<u8>) {
        let header = new_header(
            OffsetDateTime::UNIX_EPOCH,
            None,
            &Wrapping::Plain,
            Zeroizing::new([7u8; 32]),
        )
        .unwrap();
        let live = keys.values().filter(|s| matches!(s, Slot::Live(_))).count();
        let expect = (live, keys.len() - live);
        let bytes = compact(header.line.as_bytes(), keys, &Wrapping::Plain, expect)
            .unwrap()
            .to_vec();
        (header, bytes)
    }

    fn load(bytes: &[u8]) -> Result<Loaded, KeyError> {
        read(
            bytes,
            Path::new("j"),
            Path::new("d"),
            None,
            &Wrapping::Plain,
        )
    }

    #[test]
    fn a_journal_reads_back_what_was_written() {
        let mut keys = Keys::new();
        keys.insert(
            Uuid::from_u128(1),
            Slot::Live(Box::new(Zeroizing::new([1u8; 32]))),
        );
        keys.insert(Uuid::from_u128(2), Slot::Erased);
        let (_, bytes) = plain_journal(&keys);
        let text = String::from_utf8(bytes.clone()).unwrap();
        assert!(
            text.starts_with("accolade-keys 1 1970-01-01T00:00:00Z plain - "),
            "{text}"
        );
        assert!(
            text.contains("\nerased 00000000-0000-0000-0000-000000000002 "),
            "{text}"
        );
        let loaded = load(&bytes).unwrap();
        assert_eq!(*loaded.header.lookup_secret, [7u8; 32]);
        assert_eq!(loaded.good_len, bytes.len() as u64);
        assert!(matches!(loaded.keys[&Uuid::from_u128(1)], Slot::Live(ref k) if ***k == [1u8; 32]));
        assert!(matches!(loaded.keys[&Uuid::from_u128(2)], Slot::Erased));
    }

    #[test]
    fn compaction_drops_erased_keys_keeps_the_rest_and_checks_the_counts() {
        let key = |b: u8| Slot::Live(Box::new(Zeroizing::new([b; 32])));
        let mut keys = Keys::new();
        for i in 1..=3u8 {
            keys.insert(Uuid::from_u128(i.into()), key(i));
        }
        let (_, before) = plain_journal(&keys);
        let mut changes = Keys::new();
        changes.insert(Uuid::from_u128(2), Slot::Erased);
        changes.insert(Uuid::from_u128(9), Slot::Erased);
        changes.insert(Uuid::from_u128(4), key(4));
        let after = compact(&before, &changes, &Wrapping::Plain, (3, 2)).unwrap();
        let loaded = load(&after).unwrap();
        assert!(matches!(loaded.keys[&Uuid::from_u128(2)], Slot::Erased));
        assert!(matches!(loaded.keys[&Uuid::from_u128(4)], Slot::Live(ref k) if ***k == [4u8; 32]));
        assert_eq!(loaded.keys.len(), 5);
        let text = String::from_utf8(after.to_vec()).unwrap();
        assert!(
            !text.contains("key 00000000-0000-0000-0000-000000000002"),
            "{text}"
        );
        // Counts that do not match what memory holds: refused.
        assert!(compact(&before, &changes, &Wrapping::Plain, (4, 2)).is_err());
    }

    #[test]
    fn a_second_line_for_one_id_is_corruption_even_last() {
        let (_, mut bytes) = plain_journal(&Keys::new());
        let id = Uuid::from_u128(5);
        push_key(&mut bytes, id, &[1u8; 32], &Wrapping::Plain).unwrap();
        push_erased(&mut bytes, id);
        let Err(err) = load(&bytes) else {
            panic!("a duplicate id was accepted")
        };
        assert!(matches!(err, KeyError::Corrupt { line: 3, .. }), "{err}");
    }

    #[test]
    fn a_damaged_header_is_corruption() {
        let (_, mut bytes) = plain_journal(&Keys::new());
        bytes[20] ^= 1;
        assert!(matches!(
            load(&bytes),
            Err(KeyError::Corrupt { line: 1, .. })
        ));
        assert!(matches!(load(b""), Err(KeyError::Corrupt { line: 1, .. })));
    }
}
