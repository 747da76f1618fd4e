//! The master key, and how it wraps what the key store keeps.
//!
//! The master key never wraps anything directly: two keys are derived from it with
//! HMAC-SHA256, one per purpose, so the check value written in the header (which anyone who
//! reads the file sees) is never computed with the key that encrypts:
//!
//! - `check = HMAC(master, "accolade-keys check")`, kept in the header: opening with another
//!   master key is noticed at once, not later as "every person reads as erased".
//! - `wrap = HMAC(master, "accolade-keys wrap")`, the XChaCha20-Poly1305 key under which every
//!   person key (associated data: the person id's 16 bytes) and the lookup secret (associated
//!   data: `lookup-secret`) are sealed, each with its own random 24-byte nonce. A wrapped key
//!   moved to another person's line fails to open.

use std::path::Path;

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use rand_core::{OsRng, RngCore};
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::error::KeyError;

/// Bytes of a wrapped secret: nonce, ciphertext of 32 bytes, Poly1305 tag.
pub(crate) const WRAPPED_LEN: usize = 24 + 32 + 16;

/// The key under which person keys are wrapped, given by configuration or a file kept outside
/// the data directory. Wiped from memory when dropped; `Debug` does not show it.
#[derive(Clone)]
pub struct MasterKey(Zeroizing<[u8; 32]>);

impl std::fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MasterKey(..)")
    }
}

impl MasterKey {
    /// A master key from its 32 bytes.
    pub fn from_bytes(b: [u8; 32]) -> Self {
        MasterKey(Zeroizing::new(b))
    }

    /// Reads a master key file: 32 raw bytes, or 64 hex digits, or base64 of 32 bytes
    /// (surrounding whitespace, such as a final newline, is ignored). Warns when the file can
    /// be read by others than its owner.
    pub fn from_file(path: &Path) -> Result<Self, KeyError> {
        let bytes = Zeroizing::new(std::fs::read(path).map_err(|e| {
            KeyError::BadMasterKey(format!(
                "cannot read the master key file {}: {e}",
                path.display()
            ))
        })?);
        warn_if_readable_by_others(path);
        if let Ok(raw) = <[u8; 32]>::try_from(bytes.as_slice()) {
            return Ok(MasterKey::from_bytes(raw));
        }
        let text = std::str::from_utf8(&bytes).ok();
        text.and_then(decode_text).ok_or_else(|| {
            KeyError::BadMasterKey(format!(
                "the master key file {} holds neither 32 raw bytes, nor 64 hex digits, nor \
                 base64 of 32 bytes (see docs/keys.md)",
                path.display()
            ))
        })
    }

    /// Parses a master key given as text (an environment variable): 64 hex digits or base64
    /// of 32 bytes, surrounding whitespace ignored.
    pub fn parse(text: &str) -> Result<Self, KeyError> {
        decode_text(text).ok_or_else(|| {
            KeyError::BadMasterKey(
                "the master key text is neither 64 hex digits nor base64 of 32 bytes".into(),
            )
        })
    }

    /// A new random master key.
    ///
    /// # Panics
    ///
    /// When the operating system's random generator fails, which leaves nothing sound to
    /// make a key from.
    pub fn generate() -> Self {
        let mut key = Zeroizing::new([0u8; 32]);
        OsRng.fill_bytes(key.as_mut());
        MasterKey(key)
    }

    /// The key as 64 hex digits, for an operator to store (wiped when dropped).
    pub fn to_hex(&self) -> Zeroizing<String> {
        Zeroizing::new(hex::encode(self.0.as_slice()))
    }

    /// `HMAC-SHA256(master, label)`: one derived key per purpose.
    fn derive(&self, label: &[u8]) -> Result<Zeroizing<[u8; 32]>, KeyError> {
        let mut mac = mac(self.0.as_slice())?;
        mac.update(label);
        let mut out = Zeroizing::new([0u8; 32]);
        out.copy_from_slice(&mac.finalize().into_bytes());
        Ok(out)
    }

    /// The check value kept in the header.
    pub(crate) fn check_value(&self) -> Result<[u8; 32], KeyError> {
        let mut mac = mac(self.0.as_slice())?;
        mac.update(CHECK_LABEL);
        Ok(mac.finalize().into_bytes().into())
    }

    /// Whether `stored` is this key's check value (compared in constant time).
    pub(crate) fn matches(&self, stored: &[u8]) -> Result<bool, KeyError> {
        let mut mac = mac(self.0.as_slice())?;
        mac.update(CHECK_LABEL);
        Ok(mac.verify_slice(stored).is_ok())
    }

    /// The cipher that wraps person keys and the lookup secret.
    pub(crate) fn wrapping(&self) -> Result<Wrapping, KeyError> {
        let key = self.derive(b"accolade-keys wrap")?;
        let cipher = XChaCha20Poly1305::new_from_slice(key.as_slice())
            .map_err(|_| KeyError::BadMasterKey("the derived wrapping key is unusable".into()))?;
        Ok(Wrapping::Wrapped(Box::new(cipher)))
    }
}

const CHECK_LABEL: &[u8] = b"accolade-keys check";

fn mac(key: &[u8]) -> Result<Hmac<Sha256>, KeyError> {
    // HMAC takes a key of any length; the error cannot happen, but is not unwrapped.
    <Hmac<Sha256> as Mac>::new_from_slice(key)
        .map_err(|_| KeyError::BadMasterKey("unusable as an HMAC key".into()))
}

/// 64 hex digits, or base64 (standard or URL-safe, padded or not) of exactly 32 bytes.
fn decode_text(text: &str) -> Option<MasterKey> {
    use base64::Engine as _;
    use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
    let text = text.trim().as_bytes();
    let mut key = Zeroizing::new([0u8; 32]);
    if text.len() == 64 {
        return hex::decode_to_slice(text, key.as_mut())
            .ok()
            .map(|()| MasterKey(key));
    }
    // Room for more than 32 bytes, so that a longer value is refused rather than cut.
    let mut buf = Zeroizing::new([0u8; 48]);
    for engine in [STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD] {
        if let Ok(32) = engine.decode_slice(text, buf.as_mut()) {
            key.copy_from_slice(&buf[..32]);
            return Some(MasterKey(key));
        }
    }
    None
}

#[cfg(unix)]
fn warn_if_readable_by_others(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    if let Ok(meta) = std::fs::metadata(path)
        && meta.permissions().mode() & 0o077 != 0
    {
        tracing::warn!(file = %path.display(),
            "the master key file can be read by others than its owner: chmod 600 it");
    }
}

#[cfg(not(unix))]
fn warn_if_readable_by_others(_path: &Path) {}

/// Random bytes from the operating system, wiped when dropped.
pub(crate) fn random<const N: usize>() -> std::io::Result<Zeroizing<[u8; N]>> {
    let mut out = Zeroizing::new([0u8; N]);
    OsRng
        .try_fill_bytes(out.as_mut())
        .map_err(|e| std::io::Error::other(format!("the system's random generator failed: {e}")))?;
    Ok(out)
}

/// How secrets are kept in the journal: as they are, or sealed under the master key.
pub(crate) enum Wrapping {
    /// No master key: the raw 32 bytes.
    Plain,
    /// XChaCha20-Poly1305 under the key derived from the master key (boxed: it is large and
    /// wiped on drop by the crate).
    Wrapped(Box<XChaCha20Poly1305>),
}

impl Wrapping {
    /// The stored form of `secret`: the raw bytes, or `nonce ++ ciphertext ++ tag` with `aad`
    /// bound to it. Wiped when dropped, since the plain form is the key itself.
    pub(crate) fn seal(
        &self,
        secret: &[u8; 32],
        aad: &[u8],
    ) -> std::io::Result<Zeroizing<Vec<u8>>> {
        match self {
            Wrapping::Plain => Ok(Zeroizing::new(secret.to_vec())),
            Wrapping::Wrapped(cipher) => {
                let nonce = random::<24>()?;
                let sealed = cipher
                    .encrypt(
                        XNonce::from_slice(nonce.as_slice()),
                        Payload { msg: secret, aad },
                    )
                    .map_err(|_| std::io::Error::other("wrapping a key failed"))?;
                let mut out = Zeroizing::new(Vec::with_capacity(WRAPPED_LEN));
                out.extend_from_slice(nonce.as_slice());
                out.extend_from_slice(&sealed);
                Ok(out)
            }
        }
    }

    /// The secret back from its stored form, boxed like every key kept in memory (see
    /// `journal::PersonKey`); `None` when it is not of the right length or does not open
    /// (another master key, or moved to another id).
    pub(crate) fn open(&self, stored: &[u8], aad: &[u8]) -> Option<Box<Zeroizing<[u8; 32]>>> {
        let mut out = Box::new(Zeroizing::new([0u8; 32]));
        match self {
            Wrapping::Plain => {
                out.copy_from_slice(stored.get(..32).filter(|_| stored.len() == 32)?);
            }
            Wrapping::Wrapped(cipher) => {
                if stored.len() != WRAPPED_LEN {
                    return None;
                }
                let (nonce, sealed) = stored.split_at(24);
                let plain = Zeroizing::new(
                    cipher
                        .decrypt(XNonce::from_slice(nonce), Payload { msg: sealed, aad })
                        .ok()?,
                );
                out.copy_from_slice(plain.get(..32).filter(|_| plain.len() == 32)?);
            }
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(k: &MasterKey) -> [u8; 32] {
        *k.0
    }

    #[test]
    fn parses_hex_and_base64_and_refuses_the_rest() {
        let raw: [u8; 32] = std::array::from_fn(|i| u8::try_from(i * 7 + 3).unwrap());
        let hex_text = hex::encode(raw);
        use base64::Engine as _;
        let b64 = base64::engine::general_purpose::STANDARD.encode(raw);
        let b64_url = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(raw);
        for text in [
            hex_text.clone(),
            hex_text.to_uppercase(),
            format!("{hex_text}\n"),
            b64.clone(),
            format!("  {b64}\r\n"),
            b64_url,
        ] {
            assert_eq!(bytes(&MasterKey::parse(&text).unwrap()), raw, "{text:?}");
        }
        let b64_33 = base64::engine::general_purpose::STANDARD.encode([1u8; 33]);
        for bad in [
            "",
            "short",
            &hex_text[..62],
            &format!("{hex_text}00"),
            &"zz".repeat(32),
            &b64_33,
            "not base64 at all, not hex either!!",
        ] {
            let err = MasterKey::parse(bad).unwrap_err();
            assert!(matches!(err, KeyError::BadMasterKey(_)), "{bad:?}");
            // The message never repeats what was given.
            if bad.len() > 8 {
                assert!(!err.to_string().contains(bad));
            }
        }
    }

    #[test]
    fn reads_raw_hex_and_base64_files() {
        let dir = tempfile::tempdir().unwrap();
        let raw = [0x5Au8; 32];
        use base64::Engine as _;
        let cases: [(&str, Vec<u8>); 3] = [
            ("raw", raw.to_vec()),
            ("hex", format!("{}\n", hex::encode(raw)).into_bytes()),
            (
                "b64",
                format!(
                    "{}\n\n",
                    base64::engine::general_purpose::STANDARD.encode(raw)
                )
                .into_bytes(),
            ),
        ];
        for (name, content) in cases {
            let path = dir.path().join(name);
            std::fs::write(&path, content).unwrap();
            assert_eq!(bytes(&MasterKey::from_file(&path).unwrap()), raw, "{name}");
        }
        let bad = dir.path().join("bad");
        std::fs::write(&bad, [0u8; 31]).unwrap();
        let err = MasterKey::from_file(&bad).unwrap_err().to_string();
        assert!(err.contains(&bad.display().to_string()), "{err}");
        let missing = MasterKey::from_file(&dir.path().join("nope")).unwrap_err();
        assert!(matches!(missing, KeyError::BadMasterKey(m) if m.contains("nope")));
    }

    #[test]
    fn generated_keys_differ_round_trip_through_hex_and_never_show_in_debug() {
        let (a, b) = (MasterKey::generate(), MasterKey::generate());
        assert_ne!(bytes(&a), bytes(&b));
        let again = MasterKey::parse(&a.to_hex()).unwrap();
        assert_eq!(bytes(&again), bytes(&a));
        assert_eq!(format!("{a:?}"), "MasterKey(..)");
    }

    #[test]
    fn wrapped_secrets_open_only_under_the_same_key_and_associated_data() {
        let (a, b) = (MasterKey::generate(), MasterKey::generate());
        let (wa, wb) = (a.wrapping().unwrap(), b.wrapping().unwrap());
        let secret = [9u8; 32];
        let sealed = wa.seal(&secret, b"id-1").unwrap();
        assert_eq!(sealed.len(), WRAPPED_LEN);
        assert_eq!(**wa.open(&sealed, b"id-1").unwrap(), secret);
        assert!(wa.open(&sealed, b"id-2").is_none());
        assert!(wb.open(&sealed, b"id-1").is_none());
        // A fresh nonce every time.
        assert_ne!(*sealed, *wa.seal(&secret, b"id-1").unwrap());
        assert!(a.matches(&a.check_value().unwrap()).unwrap());
        assert!(!b.matches(&a.check_value().unwrap()).unwrap());
        let plain = Wrapping::Plain;
        assert_eq!(
            **plain.open(&plain.seal(&secret, b"").unwrap(), b"").unwrap(),
            secret
        );
        assert!(plain.open(&[1u8; 31], b"").is_none());
    }
}
