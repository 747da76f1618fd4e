//! The journal that makes appends durable without flushing sled on every commit.
//!
//! sled's `flush` costs a hand-off to its I/O thread pool (which wakes every idle I/O thread),
//! a `sync_file_range` wait, and then our own `fdatasync`: about half a millisecond per group,
//! most of it waiting. So the commit path does not flush sled. Each group the writer applies to
//! sled is also written here, as one entry, and one `fdatasync` of this file makes a whole
//! gathered batch of groups durable. sled is flushed (and `fdatasync`ed) only at checkpoints,
//! after which the journal starts over from its beginning.
//!
//! The file is preallocated with zeros, a few MiB at a time as it is first needed, so that an
//! entry overwrites allocated blocks and `fdatasync` has no file-size metadata to commit
//! (measured here: 0.17 ms per sync into preallocated blocks, 0.26 ms when appending, 0.28 ms
//! into a sparse file).
//!
//! Entry: `magic u32 | payload length u32 | crc32 u32 | first position u64 | record count u32 |
//! payload`, where the payload is the group's frames, each `first position u64 | length u32 |
//! frame`. The CRC covers everything after itself. At open, entries are read from the start
//! while they are intact and continue the log: entries already in sled are skipped, the rest
//! are applied. A torn last entry (a crash mid-write) fails its CRC, and an entry left over
//! from before the last checkpoint names positions sled already holds, so neither is applied.
//! Neither was acknowledged: an append is answered only after the journal's `fdatasync`.

use std::fs::{File, OpenOptions};
use std::os::unix::fs::FileExt;
use std::path::Path;

use crate::error::StoreError;

const MAGIC: u32 = 0xACC0_1ADE;
const HEADER: usize = 4 + 4 + 4 + 8 + 4;
/// Journal size. A checkpoint is forced when a batch would not fit.
pub(crate) const CAPACITY: u64 = 64 * 1024 * 1024;
/// Preallocation step.
const CHUNK: u64 = 4 * 1024 * 1024;

/// One group as journalled: its first position, record count and frames.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub first_position: u64,
    pub count: u32,
    /// `(first position of the frame, frame bytes)`, as written to sled.
    pub frames: Vec<(u64, sled::IVec)>,
}

/// The journal file and where the next entry goes.
#[derive(Debug)]
pub(crate) struct Wal {
    file: File,
    offset: u64,
    /// Bytes of the file already allocated (written with zeros or entries).
    allocated: u64,
    buffer: Vec<u8>,
}

impl Wal {
    /// Opens the journal in `dir`, creating and preallocating it if needed.
    pub(crate) fn open(dir: &Path) -> Result<Wal, StoreError> {
        let path = dir.join("journal");
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)?;
        let allocated = file.metadata()?.len();
        let mut wal = Wal {
            file,
            offset: 0,
            allocated,
            buffer: Vec::new(),
        };
        wal.allocate(CHUNK)?;
        Ok(wal)
    }

    /// Makes sure the first `end` bytes are allocated (written), in whole chunks.
    fn allocate(&mut self, end: u64) -> Result<(), StoreError> {
        if end <= self.allocated {
            return Ok(());
        }
        let zeros = vec![0u8; 1024 * 1024];
        while self.allocated < end {
            self.file.write_all_at(&zeros, self.allocated)?;
            self.allocated += zeros.len() as u64;
        }
        self.allocated = self.allocated.div_ceil(CHUNK) * CHUNK;
        self.file.sync_all()?;
        Ok(())
    }

    /// Writes `entries` after the previous ones. Returns false, writing nothing, when they do
    /// not fit: the caller checkpoints, calls [`restart`](Self::restart) and tries again.
    pub(crate) fn write(&mut self, entries: &[Entry]) -> Result<bool, StoreError> {
        self.buffer.clear();
        for e in entries {
            encode(e, &mut self.buffer);
        }
        if self.offset + self.buffer.len() as u64 > CAPACITY {
            if self.offset == 0 {
                // Larger than the whole journal (a group of many huge events): grow the file
                // rather than refuse; the size is restored at the next checkpoint.
                self.file.write_all_at(&self.buffer, 0)?;
                self.offset = self.buffer.len() as u64;
                self.allocated = self.allocated.max(self.offset);
                return Ok(true);
            }
            return Ok(false);
        }
        let end = self.offset + self.buffer.len() as u64;
        self.allocate(end.div_ceil(CHUNK) * CHUNK)?;
        self.file.write_all_at(&self.buffer, self.offset)?;
        self.offset = end;
        Ok(true)
    }

    /// Makes everything written so far durable.
    pub(crate) fn sync(&self) -> Result<(), StoreError> {
        self.file.sync_data()?;
        Ok(())
    }

    /// Bytes written since the last restart.
    pub(crate) fn used(&self) -> u64 {
        self.offset
    }

    /// Starts over from the beginning; call only once sled holds every journalled group
    /// durably (a checkpoint).
    pub(crate) fn restart(&mut self) -> Result<(), StoreError> {
        if self.allocated > CAPACITY {
            self.file.set_len(CAPACITY)?;
            self.file.sync_all()?;
            self.allocated = CAPACITY;
        }
        self.offset = 0;
        Ok(())
    }

    /// The journalled groups that continue the log after `next_position` (what sled already
    /// holds), in order, up to the first entry that is torn or does not continue it.
    pub(crate) fn recover(&self, next_position: u64) -> Result<Vec<Entry>, StoreError> {
        let len = self.file.metadata()?.len();
        let mut offset = 0u64;
        let mut next = next_position;
        let mut out = Vec::new();
        let mut header = [0u8; HEADER];
        while offset + HEADER as u64 <= len {
            self.file.read_exact_at(&mut header, offset)?;
            let magic = u32::from_be_bytes([header[0], header[1], header[2], header[3]]);
            let payload_len =
                u32::from_be_bytes([header[4], header[5], header[6], header[7]]) as u64;
            if magic != MAGIC || offset + HEADER as u64 + payload_len > len {
                break;
            }
            let crc = u32::from_be_bytes([header[8], header[9], header[10], header[11]]);
            let mut payload = vec![0u8; payload_len as usize];
            self.file
                .read_exact_at(&mut payload, offset + HEADER as u64)?;
            let mut hasher = crc32fast::Hasher::new();
            hasher.update(&header[12..]);
            hasher.update(&payload);
            if hasher.finalize() != crc {
                break;
            }
            let first = u64::from_be_bytes(header[12..20].try_into().unwrap_or_default());
            let count = u32::from_be_bytes(header[20..24].try_into().unwrap_or_default());
            let end = first + u64::from(count);
            if end <= next {
                // Already in sled (written before the last checkpoint, or flushed by sled).
            } else if first == next {
                out.push(Entry {
                    first_position: first,
                    count,
                    frames: decode_frames(first, &payload)?,
                });
                next = end;
            } else {
                // A gap or an overlap: not a continuation of this log. Stop here.
                break;
            }
            offset += HEADER as u64 + payload_len;
        }
        Ok(out)
    }
}

fn encode(e: &Entry, out: &mut Vec<u8>) {
    let start = out.len();
    out.extend_from_slice(&MAGIC.to_be_bytes());
    out.extend_from_slice(&[0u8; 8]); // length and CRC, filled in below
    out.extend_from_slice(&e.first_position.to_be_bytes());
    out.extend_from_slice(&e.count.to_be_bytes());
    for (first, frame) in &e.frames {
        out.extend_from_slice(&first.to_be_bytes());
        out.extend_from_slice(&u32::try_from(frame.len()).unwrap_or(u32::MAX).to_be_bytes());
        out.extend_from_slice(frame);
    }
    let payload_len = u32::try_from(out.len() - start - HEADER).unwrap_or(u32::MAX);
    let crc = crc32fast::hash(&out[start + 12..]);
    out[start + 4..start + 8].copy_from_slice(&payload_len.to_be_bytes());
    out[start + 8..start + 12].copy_from_slice(&crc.to_be_bytes());
}

fn decode_frames(position: u64, mut payload: &[u8]) -> Result<Vec<(u64, sled::IVec)>, StoreError> {
    let bad = || StoreError::Corrupt {
        position,
        reason: "a journal entry's frames are malformed".into(),
    };
    let mut frames = Vec::new();
    while !payload.is_empty() {
        let first = u64::from_be_bytes(
            payload
                .get(..8)
                .ok_or_else(bad)?
                .try_into()
                .map_err(|_| bad())?,
        );
        let len = u32::from_be_bytes(
            payload
                .get(8..12)
                .ok_or_else(bad)?
                .try_into()
                .map_err(|_| bad())?,
        ) as usize;
        let frame = payload.get(12..12 + len).ok_or_else(bad)?;
        frames.push((first, sled::IVec::from(frame)));
        payload = &payload[12 + len..];
    }
    Ok(frames)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(first: u64, count: u32) -> Entry {
        Entry {
            first_position: first,
            count,
            frames: vec![(first, sled::IVec::from(format!("frame {first}").as_bytes()))],
        }
    }

    #[test]
    fn recovers_what_continues_the_log_and_stops_at_damage() {
        let dir = tempfile::tempdir().unwrap();
        let mut wal = Wal::open(dir.path()).unwrap();
        assert!(wal.write(&[entry(0, 2), entry(2, 1), entry(3, 4)]).unwrap());
        wal.sync().unwrap();
        // sled already holds positions 0..3: only the last entry is to be applied.
        let got = wal.recover(3).unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].first_position, 3);
        assert_eq!(&got[0].frames[0].1[..], b"frame 3");
        // A torn entry ends recovery.
        let used = wal.used();
        wal.file.write_all_at(&[0xFF], used - 1).unwrap();
        assert!(wal.recover(3).unwrap().is_empty());
        // After a restart, stale entries past the new ones are not applied.
        wal.restart().unwrap();
        assert!(wal.write(&[entry(7, 1)]).unwrap());
        let got = wal.recover(7).unwrap();
        assert_eq!(
            got.iter().map(|e| e.first_position).collect::<Vec<_>>(),
            vec![7]
        );
        // A gap is not a continuation.
        assert!(wal.recover(5).unwrap().is_empty());
    }
}
