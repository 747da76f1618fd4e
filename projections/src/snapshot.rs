//! Snapshots: every read model as of a position, on disk, so a restart folds only the tail.
//!
//! The file (`projections.snapshot`) is
//!
//! ```text
//! {"format":"accolade-projections-snapshot","version":8,"position":1017010}\n   one JSON line
//! <the models, bincode (standard config: varints, little endian)>
//! <CRC-32 of the models' bytes, 4 bytes little endian>
//! ```
//!
//! The header stays text so `head -1` tells what a file is; the body is binary because it is
//! a fifth of the size of JSON and decodes several times faster. Reading streams: the header
//! line, then the models decoded straight from a buffered reader, so restoring never holds
//! the file's bytes and the models at once. The CRC catches damage that would still decode
//! (a flipped bit in a number).
//!
//! It is written atomically: to a temporary file in the same directory, fsync, rename over the
//! old one, fsync the directory, so a crash leaves either the old snapshot or the new one,
//! never half of one.
//!
//! A snapshot is an optimisation, never a source of truth: one that is missing, unreadable,
//! damaged, of another format version, or ahead of the log (the store was restored from an
//! older backup) is ignored with a warning, and the log is replayed from the start. Bump
//! [`FORMAT_VERSION`] whenever a model's shape or meaning changes.
//!
//! [`digest`] is the SHA-256 of the same encoding: two processes (a rebuild and a restart)
//! can tell that their read models are equal without holding both.

use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::projections::Projections;

/// The version of the snapshot format; a snapshot of any other version is ignored.
/// 1: JSON body. 2: bincode body with a CRC-32 trailer. 3: compact audit entries.
/// 4: the notification models. 5: dates and instants in the models as ISO text
/// (`YYYY-MM-DD`, RFC 3339), not tuples. 6: the objections model (objections with their
/// objectors and resolutions), and a mail's recipient as one `(kind, id)` pair (the events'
/// `MailRecipient`, the one recipient type). 7: personal data sealed (issue 12): people held as
/// the events' sealed values, not plaintext; no folded name tokens; the erased people; dropped
/// mails. A version-6 snapshot holds plaintext names and contacts, so it must never be
/// loaded again: refusing it makes the runner replay the log (and its next snapshot replaces
/// the file). 8: the public parts' versions (where each last changed; the response cache's
/// keys); the honour list's ordered indexes (ids and order keys, no personal data), an award's
/// year, the notice list's recommended nominations, the leaderboard's sorted boards.
pub const FORMAT_VERSION: u32 = 8;

/// The file name inside the snapshot directory.
pub const FILE_NAME: &str = "projections.snapshot";

const FORMAT: &str = "accolade-projections-snapshot";

/// Longest header line accepted (a damaged file must not make us read it all as a "line").
const MAX_HEADER: u64 = 4096;

#[derive(Debug, Serialize, Deserialize)]
struct Header {
    format: String,
    version: u32,
    position: u64,
}

/// Varints, little endian; at most 4 GiB of decoded strings and byte arrays, so a damaged
/// length cannot make the decoder allocate without bound before the read fails.
fn config() -> impl bincode::config::Config {
    bincode::config::standard().with_limit::<{ 1 << 32 }>()
}

/// The snapshot file's path in `dir`.
pub fn path_in(dir: &Path) -> PathBuf {
    dir.join(FILE_NAME)
}

/// Passes writes through, computing their CRC-32.
struct CrcWriter<W> {
    inner: W,
    crc: crc32fast::Hasher,
}

impl<W: Write> Write for CrcWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.crc.update(buf.get(..n).unwrap_or(buf));
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// A buffered reader that computes the CRC-32 of the bytes handed out (not of the bytes read
/// ahead), so the trailer that follows the body is not part of it.
struct CrcReader<R> {
    inner: R,
    buf: Box<[u8]>,
    pos: usize,
    len: usize,
    hashed: usize,
    crc: crc32fast::Hasher,
}

impl<R: Read> CrcReader<R> {
    fn new(inner: R) -> Self {
        CrcReader {
            inner,
            buf: vec![0; 1 << 20].into_boxed_slice(),
            pos: 0,
            len: 0,
            hashed: 0,
            crc: crc32fast::Hasher::new(),
        }
    }

    fn hash_consumed(&mut self) {
        if let Some(done) = self.buf.get(self.hashed..self.pos) {
            self.crc.update(done);
        }
        self.hashed = self.pos;
    }

    /// The CRC of everything handed out so far.
    fn crc(&mut self) -> u32 {
        self.hash_consumed();
        self.crc.clone().finalize()
    }
}

impl<R: Read> Read for CrcReader<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.pos == self.len {
            self.hash_consumed();
            self.len = self.inner.read(&mut self.buf)?;
            (self.pos, self.hashed) = (0, 0);
        }
        let avail = self.buf.get(self.pos..self.len).unwrap_or_default();
        let n = avail.len().min(out.len());
        if let (Some(dst), Some(src)) = (out.get_mut(..n), avail.get(..n)) {
            dst.copy_from_slice(src);
        }
        self.pos += n;
        Ok(n)
    }
}

/// Writes `p` to `dir` atomically and durably. Returns the bytes written.
pub fn write(dir: &Path, p: &Projections) -> io::Result<u64> {
    fs::create_dir_all(dir)?;
    let tmp = dir.join(format!("{FILE_NAME}.tmp"));
    let mut file = File::create(&tmp)?;
    let header = Header {
        format: FORMAT.to_owned(),
        version: FORMAT_VERSION,
        position: p.position(),
    };
    let mut line = serde_json::to_vec(&header)?;
    line.push(b'\n');
    file.write_all(&line)?;
    let mut out = BufWriter::with_capacity(
        1 << 20,
        CrcWriter {
            inner: file,
            crc: crc32fast::Hasher::new(),
        },
    );
    bincode::serde::encode_into_std_write(p, &mut out, config()).map_err(io::Error::other)?;
    let CrcWriter {
        inner: mut file,
        crc,
    } = out.into_inner().map_err(io::IntoInnerError::into_error)?;
    file.write_all(&crc.finalize().to_le_bytes())?;
    file.sync_all()?;
    let len = file.metadata()?.len();
    drop(file);
    fs::rename(&tmp, path_in(dir))?;
    // The rename is durable only once the directory entry is.
    File::open(dir)?.sync_all()?;
    Ok(len)
}

/// Removes the snapshot in `dir` (durably: the directory is synced), if there is one. For a
/// snapshot of an older format, whose contents this build must not keep (see
/// [`FORMAT_VERSION`], 8); a failure is logged, and the next snapshot replaces the file anyway.
pub fn discard(dir: &Path) {
    match fs::remove_file(path_in(dir)) {
        Ok(()) => {
            if let Err(e) = File::open(dir).and_then(|d| d.sync_all()) {
                tracing::warn!(error = %e, "snapshot directory not synced after removal");
            }
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => tracing::warn!(error = %e, "old snapshot not removed"),
    }
}

/// Why a snapshot was not used.
#[derive(Debug, thiserror::Error)]
pub enum Unusable {
    /// There is none.
    #[error("no snapshot")]
    Missing,
    /// It could not be read, decoded, or its checksum does not match.
    #[error("snapshot unreadable: {0}")]
    Unreadable(String),
    /// It was written by another format version.
    #[error("snapshot format version {0}, this build reads {FORMAT_VERSION}")]
    Version(u32),
}

fn unreadable(what: &str, e: impl std::fmt::Display) -> Unusable {
    Unusable::Unreadable(format!("{what}: {e}"))
}

/// Reads the snapshot in `dir`, decoding the models straight from the file.
pub fn read(dir: &Path) -> Result<Projections, Unusable> {
    let file = match File::open(path_in(dir)) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(Unusable::Missing),
        Err(e) => return Err(unreadable("open", e)),
    };
    // The header through a small reader that stops at its newline, so the body's bytes are
    // all left to the body's reader (and its checksum).
    let mut file = BufReader::with_capacity(1, file);
    let mut head = Vec::new();
    (&mut file)
        .take(MAX_HEADER)
        .read_until(b'\n', &mut head)
        .map_err(|e| unreadable("header", e))?;
    if head.pop() != Some(b'\n') {
        return Err(Unusable::Unreadable("no header line".into()));
    }
    let header: Header = serde_json::from_slice(&head).map_err(|e| unreadable("header", e))?;
    if header.format != FORMAT {
        return Err(Unusable::Unreadable(format!(
            "not a snapshot: {}",
            header.format
        )));
    }
    if header.version != FORMAT_VERSION {
        return Err(Unusable::Version(header.version));
    }
    let mut body = CrcReader::new(file.into_inner());
    let mut p: Projections = bincode::serde::decode_from_std_read(&mut body, config())
        .map_err(|e| unreadable("body", e))?;
    let crc = body.crc();
    let mut trailer = Vec::with_capacity(5);
    body.take(5)
        .read_to_end(&mut trailer)
        .map_err(|e| unreadable("trailer", e))?;
    if trailer.as_slice() != crc.to_le_bytes().as_slice() {
        return Err(Unusable::Unreadable(
            "checksum mismatch (damaged or truncated)".into(),
        ));
    }
    if p.position() != header.position {
        return Err(Unusable::Unreadable(
            "header and body disagree on the position".into(),
        ));
    }
    p.after_load();
    Ok(p)
}

/// Feeds writes into a SHA-256.
struct HashWriter(Sha256);

impl Write for HashWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// SHA-256 (hex) of the models' canonical encoding — the snapshot body's. Equal read models
/// have equal digests; derived indexes are not part of it. Streams: holds no copy.
pub fn digest(p: &Projections) -> String {
    let mut out = BufWriter::with_capacity(1 << 16, HashWriter(Sha256::new()));
    // Writing into a hash cannot fail; an encoding error would be a bug in a model's Serialize.
    if let Err(e) = bincode::serde::encode_into_std_write(p, &mut out, config()) {
        tracing::error!(error = %e, "read models did not encode");
        return String::new();
    }
    match out.into_inner() {
        Ok(HashWriter(h)) => hex::encode(h.finalize()),
        Err(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_raw(dir: &Path, bytes: &[u8]) {
        fs::write(path_in(dir), bytes).unwrap();
    }

    #[test]
    fn round_trip_and_damage() {
        let dir = tempfile::tempdir().unwrap();
        let p = Projections::new();
        write(dir.path(), &p).unwrap();
        let back = read(dir.path()).unwrap();
        assert_eq!(back, p);
        assert_eq!(digest(&back), digest(&p));

        let good = fs::read(path_in(dir.path())).unwrap();
        // Any flipped bit after the header is caught (decode error or checksum).
        let start = good.iter().position(|b| *b == b'\n').unwrap() + 1;
        for i in start..good.len() {
            let mut bad = good.clone();
            bad[i] ^= 0x10;
            write_raw(dir.path(), &bad);
            assert!(
                matches!(read(dir.path()), Err(Unusable::Unreadable(_))),
                "flip at {i}"
            );
        }
        // Truncated, or with bytes after the trailer.
        write_raw(dir.path(), &good[..good.len() - 1]);
        assert!(matches!(read(dir.path()), Err(Unusable::Unreadable(_))));
        let mut longer = good.clone();
        longer.push(0);
        write_raw(dir.path(), &longer);
        assert!(matches!(read(dir.path()), Err(Unusable::Unreadable(_))));
        // Old format version (the JSON snapshots of version 1), and no header at all.
        write_raw(
            dir.path(),
            b"{\"format\":\"accolade-projections-snapshot\",\"version\":1,\"position\":0}\n{}",
        );
        assert!(matches!(read(dir.path()), Err(Unusable::Version(1))));
        write_raw(dir.path(), &[0u8; 10_000]);
        assert!(matches!(read(dir.path()), Err(Unusable::Unreadable(_))));
        fs::remove_file(path_in(dir.path())).unwrap();
        assert!(matches!(read(dir.path()), Err(Unusable::Missing)));
    }
}
