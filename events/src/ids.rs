//! Deterministic ids: the one place a UUID is derived from data rather than drawn.
//!
//! Where one fact yields exactly one thing (a nomination at most one award, an event at most
//! one mail, a keyed request exactly one result), the thing's id is derived from the fact, so
//! replays, rebuilds and retries arrive at the same id without an id source or a table.
//!
//! Every form here is a UUID v8 (RFC 9562, "custom"): the first 16 bytes of a SHA-256, with
//! the version and variant bits set. What differs is how the inputs become the hashed bytes,
//! and that encoding must be unambiguous, or two different inputs could share an id:
//!
//! - [`derive_uuid`] — the form for new derivations: the namespace and every part, each
//!   preceded by its length.
//! - [`derive_id`] — a namespace and one id: the form the award ids, the mail message ids and
//!   the notifier's records in existing logs were made with, and which the projections
//!   recompute on every rebuild, so it cannot change.
//! - [`hash_uuid`] — one byte string, whole: for a caller whose bytes are already one
//!   unambiguous string (and the form the past-award import's ids were made with).
//!
//! The outputs of all three are pinned by tests below: changing any of them re-addresses
//! things already in logs (mails would be sent again, imported records doubled).

use sha2::{Digest, Sha256};
use uuid::Uuid;

/// A UUID v8 from the first 16 bytes of a finished SHA-256.
fn from_digest(digest: &[u8; 32]) -> Uuid {
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_custom_bytes(bytes).into_uuid()
}

/// The id of the thing `parts` name in `namespace`.
///
/// The hashed bytes are the namespace, then each part in order, each one preceded by its
/// length in bytes as a big-endian `u64`:
///
/// ```text
/// SHA-256( len(ns) ‖ ns ‖ len(p₁) ‖ p₁ ‖ … ‖ len(pₙ) ‖ pₙ )[..16], as a UUID v8
/// ```
///
/// so `("ab", "c")` and `("a", "bc")` differ, and no part can pose as the namespace. The
/// namespace says what kind of id this is (`"accolade/command"`); keep it a constant and put
/// everything that varies in the parts.
///
/// ```
/// use accolade_events::ids::derive_uuid;
/// let a = derive_uuid("example/thing", &[b"ab", b"c"]);
/// assert_ne!(a, derive_uuid("example/thing", &[b"a", b"bc"]));
/// assert_eq!(a, derive_uuid("example/thing", &[b"ab", b"c"]));
/// assert_eq!(a.get_version_num(), 8);
/// ```
pub fn derive_uuid(namespace: &str, parts: &[&[u8]]) -> Uuid {
    let mut h = Sha256::new();
    for p in std::iter::once(namespace.as_bytes()).chain(parts.iter().copied()) {
        // A slice is never longer than u64::MAX bytes on any platform Rust supports.
        h.update(u64::try_from(p.len()).unwrap_or(u64::MAX).to_be_bytes());
        h.update(p);
    }
    from_digest(&h.finalize().into())
}

/// The id that the thing named `id` yields in `namespace`: `SHA-256(namespace ‖ id)`, the id's
/// 16 bytes last.
///
/// Unambiguous because the id is always exactly 16 bytes: the namespace is everything before
/// them. Ids in existing logs were derived this way (`accolade/award`, `accolade/mail/...`,
/// `accolade/notify/...`) and are derived again on every rebuild, which is why this form stays
/// beside [`derive_uuid`] rather than becoming a case of it.
pub fn derive_id(namespace: &str, id: Uuid) -> Uuid {
    let digest = Sha256::new()
        .chain_update(namespace.as_bytes())
        .chain_update(id.as_bytes())
        .finalize();
    from_digest(&digest.into())
}

/// The id of one byte string: `SHA-256(bytes)`, no namespace.
///
/// For a caller that has already made its input one unambiguous string; with anything that
/// varies in more than one way, use [`derive_uuid`]. Two callers hashing the same string get
/// the same id, so pass the result through [`derive_id`] with a namespace (as the past-award
/// import does) unless it is one.
pub fn hash_uuid(bytes: &[u8]) -> Uuid {
    from_digest(&Sha256::digest(bytes).into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derive_uuid_is_the_length_prefixed_form_the_idempotency_keys_used() {
        // Pinned (computed apart from this code): an event id of a keyed command, as
        // `Keyed::event_id` made it before this module existed.
        let id = derive_uuid(
            "accolade/event",
            &[
                b"user:00000000-0000-0000-0000-000000000001",
                b"k",
                b"main",
                &0u64.to_be_bytes(),
            ],
        );
        assert_eq!(id.to_string(), "7e264b58-8855-8a3c-8eeb-f1c2a3027bc2");
    }

    #[test]
    fn derive_uuid_separates_parts_and_namespace() {
        let a = derive_uuid("ns", &[b"ab", b"c"]);
        assert_ne!(a, derive_uuid("ns", &[b"a", b"bc"]));
        assert_ne!(a, derive_uuid("ns", &[b"abc"]));
        assert_ne!(a, derive_uuid("nsab", &[b"c"]));
        assert_ne!(derive_uuid("ns", &[]), derive_uuid("ns", &[b""]));
    }

    #[test]
    fn derive_id_keeps_the_ids_already_in_logs() {
        // Pinned (computed apart from this code): the award a nomination yields.
        let award = derive_id("accolade/award", Uuid::from_u128(0x5001));
        assert_eq!(award.to_string(), "fff78e59-bcf6-8062-bb30-a776a4886e62");
        assert_eq!(award.get_version_num(), 8);
        assert_ne!(award, derive_id("accolade/awar", Uuid::from_u128(0x5001)));
    }

    #[test]
    fn hash_uuid_is_the_digest_of_the_bytes() {
        // Pinned (computed apart from this code): the past-award import's `uuid_of("x")`.
        assert_eq!(
            hash_uuid(b"x").to_string(),
            "2d711642-b726-8044-8162-7ca9fbac32f5"
        );
    }
}
