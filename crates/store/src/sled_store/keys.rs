//! The key layout of the sled tree.
//!
//! Everything lives in sled's default tree, under one-byte prefixes, so that one
//! `apply_batch` writes a whole group of appends atomically (sled's batches are atomic per
//! tree; a multi-tree transaction would cost far more per event):
//!
//! | key | value |
//! |---|---|
//! | `l` ++ position (u64 BE) | the stored record: `hash ++ body` |
//! | `s` ++ stream id ++ `0x00` ++ version (u64 BE) | position (u64 BE) |
//! | `i` ++ event id (16 bytes) | position (u64 BE) |
//! | `h` | head: next position (u64 BE) ++ hash of the last record |
//!
//! Big-endian integers sort numerically, so range scans walk the log and a stream in order.
//! Stream ids never contain `0x00` (control characters are refused), so one stream's prefix
//! never matches another's keys.

use uuid::Uuid;

pub(crate) const LOG: u8 = b'l';
pub(crate) const STREAM: u8 = b's';
pub(crate) const ID: u8 = b'i';
pub(crate) const HEAD: &[u8] = b"h";

pub(crate) fn log_key(position: u64) -> [u8; 9] {
    let mut k = [LOG; 9];
    k[1..].copy_from_slice(&position.to_be_bytes());
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

/// Reads a big-endian u64 from the last 8 bytes of a key or the first 8 of a value.
pub(crate) fn be_u64(bytes: &[u8]) -> Option<u64> {
    let arr: [u8; 8] = bytes.get(..8)?.try_into().ok()?;
    Some(u64::from_be_bytes(arr))
}

pub(crate) fn version_of_stream_key(key: &[u8]) -> Option<u64> {
    be_u64(key.get(key.len().checked_sub(8)?..)?)
}

pub(crate) fn encode_head(next_position: u64, last_hash: &[u8; 32]) -> [u8; 40] {
    let mut v = [0u8; 40];
    v[..8].copy_from_slice(&next_position.to_be_bytes());
    v[8..].copy_from_slice(last_hash);
    v
}

pub(crate) fn decode_head(v: &[u8]) -> Option<(u64, [u8; 32])> {
    let pos = be_u64(v)?;
    let hash: [u8; 32] = v.get(8..40)?.try_into().ok()?;
    Some((pos, hash))
}
