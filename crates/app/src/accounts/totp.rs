//! TOTP (RFC 6238 over RFC 4226): HMAC-SHA-1, 30-second steps, 6 digits — what every
//! authenticator app reads from an `otpauth://` URI — and recovery codes. Pure: the time is
//! passed in.
//!
//! Implemented here on `hmac` + `sha1` (RustCrypto) rather than a TOTP crate: the algorithm
//! is twenty lines, and checked below against the RFC's own test vectors.

use hmac::{Hmac, Mac};
use rand::RngCore;
use sha1::Sha1;
use subtle_eq::ct_eq;

/// Seconds per step.
pub const STEP: i64 = 30;
/// Digits per code.
pub const DIGITS: u32 = 6;
/// Steps accepted either side of now (clock drift, a code typed as it changes).
pub const SKEW: i64 = 1;
/// Recovery codes given at enrolment.
pub const RECOVERY_CODES: usize = 10;

/// A new secret: 20 random bytes (160 bits, RFC 4226's recommended length).
pub fn new_secret() -> Vec<u8> {
    let mut s = vec![0u8; 20];
    rand::rng().fill_bytes(&mut s);
    s
}

/// The code of `secret` at step `counter` (RFC 4226 HOTP, dynamic truncation).
pub fn hotp(secret: &[u8], counter: u64) -> u32 {
    // HMAC accepts a key of any length: `new_from_slice` cannot fail for it.
    let Ok(mut mac) = Hmac::<Sha1>::new_from_slice(secret) else {
        return u32::MAX;
    };
    mac.update(&counter.to_be_bytes());
    let h = mac.finalize().into_bytes();
    let offset = usize::from(h[19] & 0x0f);
    let bin = (u32::from(h[offset] & 0x7f) << 24)
        | (u32::from(h[offset + 1]) << 16)
        | (u32::from(h[offset + 2]) << 8)
        | u32::from(h[offset + 3]);
    bin % 10u32.pow(DIGITS)
}

/// The step of a Unix time.
pub fn step_of(unix: i64) -> i64 {
    unix.div_euclid(STEP)
}

/// The step within ±[`SKEW`] of `unix` whose code is `code`, if any (compared in constant
/// time). The caller refuses a step not newer than the last one used (no replay).
pub fn matching_step(secret: &[u8], code: &str, unix: i64) -> Option<i64> {
    let code = code.trim();
    if code.len() != DIGITS as usize || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let now = step_of(unix);
    let mut found = None;
    for step in now - SKEW..=now + SKEW {
        let Ok(counter) = u64::try_from(step) else {
            continue;
        };
        let expected = format!("{:0width$}", hotp(secret, counter), width = DIGITS as usize);
        if ct_eq(expected.as_bytes(), code.as_bytes()) && found.is_none() {
            found = Some(step);
        }
    }
    found
}

/// RFC 4648 base32 without padding (what `otpauth://` URIs carry).
pub fn base32(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &b in bytes {
        buffer = (buffer << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(ALPHABET[((buffer >> bits) & 31) as usize]));
        }
    }
    if bits > 0 {
        out.push(char::from(ALPHABET[((buffer << (5 - bits)) & 31) as usize]));
    }
    out
}

/// The URI an authenticator app reads (usually from a QR code).
pub fn otpauth_uri(secret: &[u8], account: &str, issuer: &str) -> String {
    let enc = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'@' => {
                    char::from(b).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    format!(
        "otpauth://totp/{}:{}?secret={}&issuer={}&algorithm=SHA1&digits={DIGITS}&period={STEP}",
        enc(issuer),
        enc(account),
        base32(secret),
        enc(issuer)
    )
}

/// A recovery code: 16 base32 characters (80 random bits), shown as four groups of four.
pub fn new_recovery_code() -> String {
    let mut b = [0u8; 10];
    rand::rng().fill_bytes(&mut b);
    let s = base32(&b).to_lowercase();
    format!("{}-{}-{}-{}", &s[0..4], &s[4..8], &s[8..12], &s[12..16])
}

/// A recovery code as typed, reduced to what identifies it (case, spaces and dashes do not
/// matter).
pub fn normalise_recovery(code: &str) -> String {
    code.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

mod subtle_eq {
    /// Equal slices, compared without an early exit.
    pub fn ct_eq(a: &[u8], b: &[u8]) -> bool {
        a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA-1 (the 8-digit codes' last 6 digits are the 6-digit codes).
    #[test]
    fn rfc_6238_vectors() {
        let secret = b"12345678901234567890";
        for (t, code) in [
            (59, 94_287_082u32),
            (1_111_111_109, 7_081_804),
            (1_111_111_111, 14_050_471),
            (1_234_567_890, 89_005_924),
            (2_000_000_000, 69_279_037),
            (20_000_000_000, 65_353_130),
        ] {
            let counter = u64::try_from(step_of(t)).unwrap();
            assert_eq!(hotp(secret, counter), code % 1_000_000, "t = {t}");
            let typed = format!("{:06}", code % 1_000_000);
            assert_eq!(matching_step(secret, &typed, t), Some(step_of(t)));
            // One step late or early still matches; two do not.
            assert_eq!(matching_step(secret, &typed, t + STEP), Some(step_of(t)));
            assert_eq!(matching_step(secret, &typed, t - STEP), Some(step_of(t)));
            assert_eq!(matching_step(secret, &typed, t + 2 * STEP), None);
        }
        assert_eq!(matching_step(secret, "12345", 59), None);
        assert_eq!(matching_step(secret, "abcdef", 59), None);
    }

    #[test]
    fn base32_and_uri() {
        assert_eq!(base32(b"foobar"), "MZXW6YTBOI");
        assert_eq!(
            base32(b"12345678901234567890"),
            "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
        );
        let uri = otpauth_uri(b"12345678901234567890", "a b@x.vn", "Accolade");
        assert!(uri.starts_with("otpauth://totp/Accolade:a%20b@x.vn?secret=GEZDG"));
        let code = new_recovery_code();
        assert_eq!(code.len(), 19);
        assert_eq!(normalise_recovery(&code.to_uppercase()).len(), 16);
    }
}
