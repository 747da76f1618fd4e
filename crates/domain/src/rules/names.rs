//! Folding names for comparison, and the keys the directory keeps unique.
//!
//! Vietnamese names come with and without diacritics, in composed or decomposed Unicode, with
//! stray spaces: "Nguyễn  Văn A" and "nguyen van a" must compare equal. NFC first (so composed
//! and decomposed input fold alike), then deunicode (which, unlike stripping marks, maps `đ` to
//! `d`), lower-case, collapse whitespace.

use accolade_events::DuplicateBasis;
use sha2::{Digest, Sha256};
use unicode_normalization::UnicodeNormalization;
use uuid::Uuid;

/// The folded form of a name or organisation.
pub fn fold(s: &str) -> String {
    let nfc: String = s.nfc().collect();
    let ascii = deunicode::deunicode(&nfc).to_lowercase();
    ascii.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The directory key of an e-mail address: SHA-256 hex of the trimmed, lower-cased address.
/// Hashed so the directory stream holds no plaintext address (the user's contact is to be
/// encrypted per person, not built yet; this key must outlive erasure without identifying
/// anyone by itself).
pub fn email_key(email: &str) -> String {
    hex::encode(Sha256::digest(email.trim().to_lowercase().as_bytes()))
}

/// An agency code as kept unique: trimmed, upper-case.
pub fn normalise_code(code: &str) -> String {
    code.trim().to_uppercase()
}

/// A minimal shape check of an e-mail address (one `@`, something on each side, a dot in the
/// domain). Deliverability is the mailer's business.
pub fn looks_like_email(email: &str) -> bool {
    let e = email.trim();
    if e.chars().take(crate::limits::EMAIL + 1).count() > crate::limits::EMAIL {
        return false;
    }
    match e.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
                && !e.contains(char::is_whitespace)
        }
        None => false,
    }
}

/// What the duplicate check compares of a nominee.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NomineeKey {
    /// Pseudonymous person id.
    pub person_id: Uuid,
    /// Folded full name.
    pub name: String,
    /// Birth year, if given.
    pub birth_year: Option<i32>,
    /// Folded organisation.
    pub organisation: String,
}

impl NomineeKey {
    /// Builds the key of a nominee.
    pub fn new(
        person_id: Uuid,
        full_name: &str,
        birth_year: Option<i32>,
        organisation: &str,
    ) -> Self {
        Self {
            person_id,
            name: fold(full_name),
            birth_year,
            organisation: fold(organisation),
        }
    }
}

/// Whether two nominees look like the same one: same person id, or same folded name and the
/// same birth year or organisation.
pub fn duplicate_basis(a: &NomineeKey, b: &NomineeKey) -> Option<DuplicateBasis> {
    if a.person_id == b.person_id {
        return Some(DuplicateBasis::PersonId);
    }
    if a.name.is_empty() || a.name != b.name {
        return None;
    }
    if a.birth_year.is_some() && a.birth_year == b.birth_year {
        return Some(DuplicateBasis::NameAndBirthYear);
    }
    if !a.organisation.is_empty() && a.organisation == b.organisation {
        return Some(DuplicateBasis::NameAndOrganisation);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_vietnamese() {
        assert_eq!(fold("Đặng  Thuỳ Trâm "), "dang thuy tram");
        assert_eq!(fold("Nguyễn Văn A"), fold("NGUYEN van   a"));
        // Decomposed input (NFD) folds the same as composed.
        let nfd: String = "Nguyễn".nfd().collect();
        assert_eq!(fold(&nfd), "nguyen");
    }

    #[test]
    fn email_keys_ignore_case_and_spaces() {
        assert_eq!(email_key(" A@Example.VN"), email_key("a@example.vn"));
        assert!(looks_like_email("a@b.vn"));
        assert!(!looks_like_email("a@b"));
        assert!(!looks_like_email("@b.vn"));
        assert!(!looks_like_email("a b@c.vn"));
    }
}
