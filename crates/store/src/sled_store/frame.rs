//! Frames: several stored records in one sled value.
//!
//! A frame is `(length: u32 BE ++ stored record)*` for consecutive positions, the first of
//! which is in the frame's key. Records keep their own bytes exactly (`hash ++ body`), so
//! framing changes nothing about verification or export.
//!
//! What sled stores is the frame *sealed*: a format byte, then the frame — LZ4-compressed
//! (format 1) or as is (format 0, for frames that do not shrink). Records are JSON with
//! repeated field names and hex hashes, so they compress about threefold; and sled 0.34 keeps
//! every page it has read in memory regardless of its cache setting, so a smaller log on disk
//! is a smaller process when the whole log is read (rebuilds, exports). Decompression is
//! checked: a damaged frame is an error, never undefined behaviour.

use std::borrow::Cow;

use crate::error::StoreError;

const RAW: u8 = 0;
const LZ4: u8 = 1;

/// Seals a frame for storage.
pub(crate) fn seal(frame: &[u8]) -> Vec<u8> {
    let compressed = lz4_flex::block::compress_prepend_size(frame);
    let mut out = Vec::with_capacity(compressed.len().min(frame.len()) + 1);
    if compressed.len() < frame.len() {
        out.push(LZ4);
        out.extend_from_slice(&compressed);
    } else {
        out.push(RAW);
        out.extend_from_slice(frame);
    }
    out
}

/// Opens a sealed frame whose first record is at `first` (for error messages).
pub(crate) fn open(first: u64, sealed: &[u8]) -> Result<Cow<'_, [u8]>, StoreError> {
    let damaged = |reason: String| StoreError::Corrupt {
        position: first,
        reason,
    };
    match sealed.split_first() {
        Some((&RAW, frame)) => Ok(Cow::Borrowed(frame)),
        Some((&LZ4, compressed)) => lz4_flex::block::decompress_size_prepended(compressed)
            .map(Cow::Owned)
            .map_err(|e| {
                damaged(format!(
                    "the frame holding this record cannot be decompressed: {e}"
                ))
            }),
        Some((other, _)) => Err(damaged(format!("unknown frame format {other}"))),
        None => Err(damaged("empty frame".into())),
    }
}

/// Frames are cut at about this size, to stay well under sled's inline-value limit (values
/// over 1/4 of a 512 KiB segment go to separate blob files).
pub(crate) const TARGET_FRAME_BYTES: usize = 64 * 1024;

/// Writes one group's sealed frames atomically. A group that fits one frame is one value,
/// atomic by itself; only a group of several frames needs a sled batch, whose batch manifest
/// hands a buffer to sled's I/O thread pool (and wakes every idle thread in it) — measured
/// as the difference between ~40k and ~50k appends/s at 64 writers.
pub(crate) fn write(db: &sled::Db, frames: &[(u64, sled::IVec)]) -> Result<(), StoreError> {
    if let [(first, frame)] = frames {
        db.insert(super::keys::group_key(*first), frame.clone())?;
    } else {
        let mut batch = sled::Batch::default();
        for (first, frame) in frames {
            batch.insert(&super::keys::group_key(*first), frame.clone());
        }
        db.apply_batch(batch)?;
    }
    Ok(())
}

/// Appends one record to a frame under construction.
pub(crate) fn push(frame: &mut Vec<u8>, stored: &[u8]) {
    // Records are at most a few MiB (appends are capped), far below u32::MAX.
    let len = u32::try_from(stored.len()).unwrap_or(u32::MAX);
    frame.extend_from_slice(&len.to_be_bytes());
    frame.extend_from_slice(stored);
}

/// Iterates `(position, stored record)` over a frame whose first record is at `first`.
pub(crate) fn records(
    first: u64,
    frame: &[u8],
) -> impl Iterator<Item = Result<(u64, &[u8]), StoreError>> + '_ {
    let mut rest = frame;
    let mut position = first;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let item = match rest.get(..4) {
            Some(len) => {
                let len = u32::from_be_bytes([len[0], len[1], len[2], len[3]]) as usize;
                match rest.get(4..4 + len) {
                    Some(stored) => {
                        rest = &rest[4 + len..];
                        Ok((position, stored))
                    }
                    None => Err(truncated(position)),
                }
            }
            None => Err(truncated(position)),
        };
        if item.is_err() {
            rest = &[];
        }
        position += 1;
        Some(item)
    })
}

fn truncated(position: u64) -> StoreError {
    StoreError::Corrupt {
        position,
        reason: "the frame holding this record is truncated".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealing_round_trips_and_refuses_damage() {
        let mut f = Vec::new();
        for i in 0..50 {
            push(
                &mut f,
                format!("{{\"position\":{i},\"stream_id\":\"s\"}}").as_bytes(),
            );
        }
        let sealed = seal(&f);
        assert_eq!(sealed[0], LZ4, "repetitive records compress");
        assert!(sealed.len() < f.len() / 2);
        assert_eq!(open(0, &sealed).unwrap().as_ref(), f.as_slice());
        let tiny = seal(b"x");
        assert_eq!(tiny[0], RAW, "incompressible frames are kept as they are");
        assert_eq!(open(0, &tiny).unwrap().as_ref(), b"x");
        let mut bad = sealed.clone();
        bad.truncate(sealed.len() / 2);
        assert!(matches!(
            open(9, &bad),
            Err(StoreError::Corrupt { position: 9, .. })
        ));
        assert!(open(0, &[7, 1, 2]).is_err());
    }

    #[test]
    fn frames_round_trip_and_report_truncation() {
        let mut f = Vec::new();
        push(&mut f, b"one");
        push(&mut f, b"");
        push(&mut f, b"three");
        let got: Vec<_> = records(10, &f).map(|r| r.unwrap()).collect();
        assert_eq!(
            got,
            vec![(10, &b"one"[..]), (11, &b""[..]), (12, &b"three"[..])]
        );
        let cut = &f[..f.len() - 2];
        let last = records(10, cut).last().unwrap();
        assert!(matches!(
            last,
            Err(StoreError::Corrupt { position: 12, .. })
        ));
    }
}
