//! Reading a data directory as an attacker with a copy of it would: every file's bytes, the
//! LZ4 frames inside them decompressed, and the log's records as the store reads them back —
//! then looking for a person's data in every spelling it could be written in.

use std::path::{Path, PathBuf};

use accolade_store::{EventStore, SledStore};
use sha2::{Digest, Sha256};
use unicode_normalization::UnicodeNormalization;

/// Something to search: where it comes from, and its bytes.
pub struct Blob {
    pub origin: String,
    pub bytes: Vec<u8>,
}

/// What [`read_data_dir`] found.
pub struct Scanned {
    pub blobs: Vec<Blob>,
    /// Files read (raw), and their bytes in all.
    pub files: Vec<(PathBuf, u64)>,
    /// LZ4 frames found inside files and decompressed.
    pub frames: usize,
    /// Log records read back through the store.
    pub records: usize,
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            walk(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// Every file under `dir` (raw, and each LZ4 frame found in it decompressed), and every
/// record of the log under `dir/events` as the store decompresses it. The server must be
/// stopped (the store is opened here).
pub async fn read_data_dir(dir: &Path) -> Scanned {
    let mut paths = Vec::new();
    walk(dir, &mut paths);
    paths.sort();
    let mut scanned = Scanned {
        blobs: Vec::new(),
        files: Vec::new(),
        frames: 0,
        records: 0,
    };
    for path in paths {
        let bytes = std::fs::read(&path).unwrap();
        let name = path.strip_prefix(dir).unwrap().display().to_string();
        scanned.files.push((path.clone(), bytes.len() as u64));
        for (at, frame) in lz4_frames(&bytes) {
            scanned.frames += 1;
            scanned.blobs.push(Blob {
                origin: format!("{name} (LZ4 frame at byte {at})"),
                bytes: frame,
            });
        }
        scanned.blobs.push(Blob {
            origin: name,
            bytes,
        });
    }
    let events = dir.join("events");
    if events.join("db").exists() {
        let store = SledStore::open(&events).unwrap();
        let mut from = 0;
        loop {
            let page = store.read_all(from, 1000).await.unwrap();
            let Some(last) = page.last() else { break };
            from = last.position + 1;
            for r in page {
                scanned.records += 1;
                scanned.blobs.push(Blob {
                    origin: format!("log record {} ({})", r.position, r.event_type),
                    bytes: r.body,
                });
            }
        }
        store.close();
    }
    scanned
}

/// The store's sealed frames inside a file: a format byte 1 (LZ4), the decompressed size
/// (u32, little endian), then an LZ4 block whose output is a frame, `(length u32 BE, hash
/// 32 bytes, JSON body)*`. sled keeps values as they are, so each frame's bytes lie whole in
/// its segment file, and the journal holds them too; their ends are unknown here, so the
/// decoder below stops once the announced size is reached.
fn lz4_frames(bytes: &[u8]) -> Vec<(usize, Vec<u8>)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i + 5 < bytes.len() {
        if bytes[i] == 1 {
            let size = u32::from_le_bytes(bytes[i + 1..i + 5].try_into().unwrap()) as usize;
            if (40..=(1 << 22)).contains(&size)
                && let Some(frame) = lz4_block(&bytes[i + 5..], size)
                && frame.len() > 37
                && frame[36] == b'{'
            {
                out.push((i, frame));
            }
        }
        i += 1;
    }
    out
}

/// Decodes an LZ4 block until `size` bytes are out (trailing bytes are someone else's).
fn lz4_block(input: &[u8], size: usize) -> Option<Vec<u8>> {
    let mut out: Vec<u8> = Vec::with_capacity(size.min(1 << 16));
    let mut p = 0;
    let more = |p: &mut usize, n: &mut usize| -> Option<()> {
        loop {
            let b = *input.get(*p)?;
            *p += 1;
            *n += b as usize;
            if b != 255 {
                return Some(());
            }
        }
    };
    loop {
        let token = *input.get(p)?;
        p += 1;
        let mut lit = (token >> 4) as usize;
        if lit == 15 {
            more(&mut p, &mut lit)?;
        }
        if out.len() + lit > size {
            return None;
        }
        out.extend_from_slice(input.get(p..p + lit)?);
        p += lit;
        if out.len() == size {
            return Some(out);
        }
        let offset = u16::from_le_bytes([*input.get(p)?, *input.get(p + 1)?]) as usize;
        p += 2;
        let mut len = 4 + (token & 15) as usize;
        if token & 15 == 15 {
            more(&mut p, &mut len)?;
        }
        if offset == 0 || offset > out.len() || out.len() + len > size {
            return None;
        }
        let start = out.len() - offset;
        for k in 0..len {
            out.push(out[start + k]);
        }
    }
}

/// Every spelling of `value` that would betray it: NFC, NFD, lower case, folded (no
/// diacritics), and JSON `\uXXXX` escapes of the NFC and NFD forms (lower- and upper-case
/// hex). Duplicates removed.
pub fn spellings(value: &str) -> Vec<Vec<u8>> {
    let nfc: String = value.nfc().collect();
    let nfd: String = value.nfd().collect();
    let escaped = |s: &str, upper: bool| -> String {
        s.chars()
            .map(|c| {
                if c.is_ascii() {
                    c.to_string()
                } else {
                    let mut buf = [0u16; 2];
                    c.encode_utf16(&mut buf)
                        .iter()
                        .map(|u| {
                            if upper {
                                format!("\\u{u:04X}")
                            } else {
                                format!("\\u{u:04x}")
                            }
                        })
                        .collect()
                }
            })
            .collect()
    };
    let mut forms = vec![
        nfc.clone(),
        nfd.clone(),
        nfc.to_lowercase(),
        nfd.to_lowercase(),
        accolade_domain::rules::names::fold(value),
        escaped(&nfc, false),
        escaped(&nfc, true),
        escaped(&nfd, false),
        escaped(&nfd, true),
    ];
    forms.sort();
    forms.dedup();
    forms.into_iter().map(String::into_bytes).collect()
}

/// The unkeyed SHA-256 (hex, lower and upper case) of a normalised e-mail address: what a
/// careless lookup would have stored.
pub fn email_hashes(email: &str) -> Vec<Vec<u8>> {
    let normal = accolade_domain::rules::names::normalise_email(email);
    let hex = hex::encode(Sha256::digest(normal.as_bytes()));
    vec![hex.clone().into_bytes(), hex.to_uppercase().into_bytes()]
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || needle.len() > haystack.len() {
        return None;
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Every `(origin, what, offset)` where one of `needles` (labelled) occurs in `blobs`.
pub fn hits(blobs: &[Blob], needles: &[(String, Vec<u8>)]) -> Vec<String> {
    let mut out = Vec::new();
    for b in blobs {
        for (label, n) in needles {
            if let Some(at) = find(&b.bytes, n) {
                out.push(format!("{label} in {} at byte {at}", b.origin));
            }
        }
    }
    out
}

/// Anything shaped like an e-mail address (`local@domain.tld`, local part of 3+ characters),
/// as `(origin, address)`.
pub fn email_like(blobs: &[Blob]) -> Vec<String> {
    let re = regex::bytes::Regex::new(
        r"[A-Za-z0-9._%+-]{3,}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}",
    )
    .unwrap();
    let mut out = Vec::new();
    for b in blobs {
        for m in re.find_iter(&b.bytes) {
            out.push(format!(
                "{} in {}",
                String::from_utf8_lossy(m.as_bytes()),
                b.origin
            ));
        }
    }
    out
}

/// The labelled needles for a set of values: every spelling of each.
pub fn needles(values: &[&str]) -> Vec<(String, Vec<u8>)> {
    values
        .iter()
        .flat_map(|v| {
            spellings(v)
                .into_iter()
                .map(move |s| (format!("{v:?} as {:?}", String::from_utf8_lossy(&s)), s))
        })
        .collect()
}
