//! Folding names for comparison, and the keys the directory keeps unique.
//!
//! Vietnamese names come with and without diacritics, in composed or decomposed Unicode, with
//! stray spaces: "Nguyễn  Văn A" and "nguyen van a" must compare equal. NFC first (so composed
//! and decomposed input fold alike), then deunicode (which, unlike stripping marks, maps `đ` to
//! `d`), lower-case, collapse whitespace.

use accolade_events::{DuplicateBasis, Lookup, NomineeLookups};
use unicode_normalization::UnicodeNormalization;
use uuid::Uuid;

/// The folded form of a name or organisation.
pub fn fold(s: &str) -> String {
    let nfc: String = s.nfc().collect();
    let ascii = deunicode::deunicode(&nfc).to_lowercase();
    ascii.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An e-mail address as its keyed lookup hashes it: trimmed, lower-cased. The app makes the
/// directory key from this with its lookup secret (an HMAC): the domain never sees the secret,
/// and the log never holds the address or an unkeyed hash of it.
pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// An agency code as kept unique: trimmed, upper-case.
pub fn normalise_code(code: &str) -> String {
    code.trim().to_uppercase()
}

/// The shape of an e-mail address (RFC 5321's mailbox, ASCII): a dot-atom local part of at
/// most 64 characters, `@`, and a host name of at least two labels (letters, digits, inner
/// hyphens; at most 63 each), at most `limits::EMAIL` in all; surrounding spaces aside.
/// Deliverability is the mailer's business. `/openapi.json` states the same rule as a pattern
/// (`accolade_http::schema::EMAIL`), and a test holds the two together.
pub fn looks_like_email(email: &str) -> bool {
    let e = email.trim();
    if e.len() > crate::limits::EMAIL {
        return false;
    }
    let Some((local, domain)) = e.split_once('@') else {
        return false;
    };
    let atext = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~-".contains(c);
    let local_ok = local.len() <= 64
        && local
            .split('.')
            .all(|atom| !atom.is_empty() && atom.chars().all(atext));
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    local_ok && domain.split('.').count() >= 2 && domain.split('.').all(label_ok)
}

/// A national id number as Vietnam issues them: 12 digits (CCCD) or 9 (the older CMND),
/// spaces and dots between groups allowed.
pub fn looks_like_national_id(id: &str) -> bool {
    let digits = id.chars().filter(char::is_ascii_digit).count();
    id.chars()
        .all(|c| c.is_ascii_digit() || c == ' ' || c == '.')
        && matches!(digits, 9 | 12)
}

/// What a nominee's lookups are keyed hashes of: each input normalised (folded names, digits of
/// the national id), present only when its parts are. The app hashes them with its secret.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LookupInputs {
    /// Folded full name and birth year.
    pub name_birth: Option<String>,
    /// Folded full name and folded organisation.
    pub name_org: Option<String>,
    /// The national id number's digits.
    pub national_id: Option<String>,
}

impl LookupInputs {
    /// The inputs of a nominee.
    pub fn of(n: &accolade_events::Nominee) -> Self {
        let name = fold(&n.full_name);
        let org = fold(&n.organisation);
        let digits: Option<String> = n
            .national_id
            .as_deref()
            .map(|id| id.chars().filter(char::is_ascii_digit).collect())
            .filter(|d: &String| !d.is_empty());
        Self {
            name_birth: n
                .birth_year
                .filter(|_| !name.is_empty())
                .map(|y| format!("{name}\u{1f}{y}")),
            name_org: (!name.is_empty() && !org.is_empty()).then(|| format!("{name}\u{1f}{org}")),
            national_id: digits,
        }
    }
}

/// Whether two nominees look like the same one, by their person ids and lookups: the same
/// person, the same national id, or the same folded name with the same birth year or
/// organisation. Never a merge: the secretariat is told, and decides.
pub fn duplicate_basis(
    a: (Uuid, &NomineeLookups),
    b: (Uuid, &NomineeLookups),
) -> Option<DuplicateBasis> {
    let same = |x: &Option<Lookup>, y: &Option<Lookup>| x.is_some() && x == y;
    if a.0 == b.0 {
        Some(DuplicateBasis::PersonId)
    } else if same(&a.1.national_id, &b.1.national_id) {
        Some(DuplicateBasis::NationalId)
    } else if same(&a.1.name_birth, &b.1.name_birth) {
        Some(DuplicateBasis::NameAndBirthYear)
    } else if same(&a.1.name_org, &b.1.name_org) {
        Some(DuplicateBasis::NameAndOrganisation)
    } else {
        None
    }
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
    fn emails_normalise_case_and_spaces() {
        assert_eq!(
            normalise_email(" A@Example.VN"),
            normalise_email("a@example.vn")
        );
        assert!(looks_like_email("a@b.vn"));
        assert!(!looks_like_email("a@b"));
        assert!(!looks_like_email("@b.vn"));
        assert!(!looks_like_email("a b@c.vn"));
        assert!(looks_like_email("van.thu+vtv@demo.accolade.vn"));
        assert!(looks_like_email(" a@b.vn "));
        for bad in [
            "a@b.vn.",
            "a@.b.vn",
            "a..b@c.vn",
            ".a@c.vn",
            "a@b@c.vn",
            "a@-b.vn",
            "a@b_c.vn",
            "\u{de}@w.vn",
            "a@w\u{87}.vn",
            "a\u{8}@b.vn",
        ] {
            assert!(!looks_like_email(bad), "{bad:?}");
        }
    }
}
