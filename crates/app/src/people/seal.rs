//! Sealing and opening one personal value: XChaCha20-Poly1305 under the person's key.
//!
//! The associated data is the box's place (the event's id and type and the field's name,
//! [`Sealed::place`], carried in the box), so a box whose place is altered does not open. The
//! nonce is synthetic: the first 24 bytes of
//! HMAC-SHA256(key, "nonce" ‖ associated data ‖ plaintext). Sealing is therefore
//! deterministic, which an idempotent retry needs (its event ids are derived from the
//! idempotency key, and the store accepts the retry only when the payload is byte-identical);
//! two different plaintexts never share a nonce under one key, because the nonce depends on
//! them. What determinism reveals, equal plaintexts in the same field of the same event, is
//! nothing.

use accolade_events::Sealed;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use uuid::Uuid;

/// Why a box did not open.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OpenError {
    /// Not base64, or the wrong length.
    #[error("malformed sealed value")]
    Malformed,
    /// The tag does not verify: the box or its context was altered, or the key is wrong.
    #[error("sealed value failed authentication")]
    Tampered,
}

/// Seals `plaintext` under `key` (whose id is `key_id`) for the place `at`
/// ([`Sealed::place`]), its associated data.
pub(crate) fn seal(key_id: Uuid, key: &[u8; 32], at: String, plaintext: &[u8]) -> Sealed {
    let ad = at.as_bytes();
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).unwrap_or_else(|_| unreachable!());
    mac.update(b"nonce");
    mac.update(&(ad.len() as u64).to_be_bytes());
    mac.update(ad);
    mac.update(plaintext);
    let digest = mac.finalize().into_bytes();
    let nonce = XNonce::from_slice(&digest[..24]);
    let cipher = XChaCha20Poly1305::new(key.into());
    // Encryption fails only for plaintexts beyond the cipher's limit (256 GiB).
    let ct = cipher
        .encrypt(
            nonce,
            Payload {
                msg: plaintext,
                aad: ad,
            },
        )
        .unwrap_or_default();
    Sealed {
        key: key_id,
        at,
        nonce: STANDARD.encode(nonce),
        ct: STANDARD.encode(ct),
    }
}

/// Opens a box with its key.
pub(crate) fn open(sealed: &Sealed, key: &[u8; 32]) -> Result<Vec<u8>, OpenError> {
    let ad = sealed.at.as_bytes();
    let nonce = STANDARD
        .decode(&sealed.nonce)
        .map_err(|_| OpenError::Malformed)?;
    if nonce.len() != 24 {
        return Err(OpenError::Malformed);
    }
    let ct = STANDARD
        .decode(&sealed.ct)
        .map_err(|_| OpenError::Malformed)?;
    let cipher = XChaCha20Poly1305::new(key.into());
    cipher
        .decrypt(XNonce::from_slice(&nonce), Payload { msg: &ct, aad: ad })
        .map_err(|_| OpenError::Tampered)
}
