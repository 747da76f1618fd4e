//! Frames: several stored records in one sled value.
//!
//! A frame is `(length: u32 BE ++ stored record)*` for consecutive positions, the first of
//! which is in the frame's key. Records keep their own bytes exactly (`hash ++ body`), so
//! framing changes nothing about verification or export.

use crate::error::StoreError;

/// Frames are cut at about this size, to stay well under sled's inline-value limit (values
/// over 1/4 of a 512 KiB segment go to separate blob files).
pub(crate) const TARGET_FRAME_BYTES: usize = 64 * 1024;

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
