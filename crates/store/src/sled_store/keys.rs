//! The key layout of the sled tree.
//!
//! Everything lives in sled's default tree under one-byte prefixes:
//!
//! | key | value | written by |
//! |---|---|---|
//! | `g` ++ first position (u64 BE) | a frame: consecutive stored records (`frame.rs`) | the writer, on the commit path |
//! | `s` ++ stream id ++ `0x00` ++ version (u64 BE) | position (u64 BE) | the indexer |
//! | `i` ++ event id (16 bytes) | position (u64 BE) | the indexer |
//! | `x` | next position not yet indexed (u64 BE) | the indexer |
//!
//! The commit path writes one `g` value per ~64 KiB of records rather than one key per event,
//! because a sled insert costs microseconds and the writer is the one thread every append
//! waits for. The head of the log is the last record of the last frame, so there is no head
//! row to keep in step. Big-endian integers sort numerically, so range scans walk the log and
//! a stream in order. Stream ids never contain `0x00` (control characters are refused), so one
//! stream's prefix never matches another's keys.

use uuid::Uuid;

pub(crate) const GROUP: u8 = b'g';
pub(crate) const STREAM: u8 = b's';
pub(crate) const ID: u8 = b'i';
pub(crate) const INDEXED: &[u8] = b"x";

pub(crate) fn group_key(first_position: u64) -> [u8; 9] {
    let mut k = [GROUP; 9];
    k[1..].copy_from_slice(&first_position.to_be_bytes());
    k
}

pub(crate) fn stream_prefix(stream_id: &str) -> Vec<u8> {
    let mut k = Vec::with_capacity(stream_id.len() + 10);
    k.push(STREAM);
    k.extend_from_slice(stream_id.as_bytes());
    k.push(0);
    k
}

pub(crate) fn stream_key(stream_id: &str, version: u64) -> Vec<u8> {
    let mut k = stream_prefix(stream_id);
    k.extend_from_slice(&version.to_be_bytes());
    k
}

pub(crate) fn id_key(id: Uuid) -> [u8; 17] {
    let mut k = [ID; 17];
    k[1..].copy_from_slice(id.as_bytes());
    k
}

/// Reads a big-endian u64 from the first 8 bytes.
pub(crate) fn be_u64(bytes: &[u8]) -> Option<u64> {
    let arr: [u8; 8] = bytes.get(..8)?.try_into().ok()?;
    Some(u64::from_be_bytes(arr))
}

/// The position named by a `g` key.
pub(crate) fn position_of_group_key(key: &[u8]) -> Option<u64> {
    be_u64(key.get(1..)?)
}

pub(crate) fn version_of_stream_key(key: &[u8]) -> Option<u64> {
    be_u64(key.get(key.len().checked_sub(8)?..)?)
}
