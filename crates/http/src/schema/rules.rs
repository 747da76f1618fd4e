//! The domain's rules on single values, as JSON Schema keywords: lengths from
//! `accolade_domain::limits`, "not blank", ranges, the e-mail, URL and national-id shapes.
//! Each function is named for a kind of field and used by every field of that kind through
//! its name ([`super::by_name`]), so a cap changed in `limits` changes the document too.
//!
//! The patterns describe a subset of what the domain accepts or exactly it, never more: a
//! value a client builds from the document must not be refused. Where the domain's rule
//! depends on other fields or on stored state (a threshold's numerator at most its
//! denominator, a birth year no later than the programme's), the document says so in words
//! and the server answers 422 naming the field.

use accolade_domain::limits;
use utoipa::openapi::schema::{
    AdditionalProperties, ArrayBuilder, KnownFormat, Object, ObjectBuilder, SchemaFormat,
    SchemaType, Type,
};

/// What "not blank" means to the domain (`str::trim` leaves something): one character that is
/// not white space.
pub const NOT_BLANK: &str = r"\S";

/// An e-mail address as `looks_like_email` takes it: an ASCII dot-atom, `@`, and a host name
/// of two or more labels (its length caps are the function's and `maxLength`).
pub const EMAIL: &str = concat!(
    r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*",
    r"@[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$"
);

/// An evidence link as `is_web_url` takes it (a subset: an ASCII host name): `http` or `https`,
/// a host, an optional port, and a path, query or fragment of printable ASCII without `\`.
pub const WEB_URL: &str =
    r"^[Hh][Tt][Tt][Pp][Ss]?://[A-Za-z0-9][A-Za-z0-9.-]*(:[0-9]{1,5})?([/?#][!-\[\]-~]*)?$";

/// A national id number: 9 digits (CMND) or 12 (CCCD), spaces and dots between them allowed.
pub const NATIONAL_ID: &str = r"^[ .]*([0-9][ .]*){9}(([0-9][ .]*){3})?$";

fn string(nullable: bool) -> ObjectBuilder {
    let ty = if nullable {
        SchemaType::from_iter([Type::String, Type::Null])
    } else {
        SchemaType::new(Type::String)
    };
    ObjectBuilder::new().schema_type(ty)
}

fn integer(nullable: bool, min: i64, max: i64) -> Object {
    let ty = if nullable {
        SchemaType::from_iter([Type::Integer, Type::Null])
    } else {
        SchemaType::new(Type::Integer)
    };
    ObjectBuilder::new()
        .schema_type(ty)
        .minimum(Some(to_number(min)))
        .maximum(Some(to_number(max)))
        .build()
}

fn to_number(n: i64) -> utoipa::Number {
    utoipa::Number::Int(isize::try_from(n).unwrap_or(isize::MAX))
}

/// Text the domain requires (`limits::required`): not blank, at most `max` characters.
fn required(max: usize, nullable: bool) -> Object {
    string(nullable)
        .min_length(Some(1))
        .max_length(Some(max))
        .pattern(Some(NOT_BLANK))
        .build()
}

/// Text the domain only caps (`limits::cap`): at most `max` characters, blank allowed.
fn capped(max: usize, nullable: bool) -> Object {
    string(nullable).max_length(Some(max)).build()
}

fn email_of(nullable: bool) -> Object {
    string(nullable)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Email)))
        .max_length(Some(limits::EMAIL))
        .pattern(Some(EMAIL))
        .build()
}

macro_rules! rules {
    ($($(#[$doc:meta])* $name:ident => $body:expr;)*) => {$(
        $(#[$doc])*
        pub fn $name() -> Object {
            $body
        }
    )*};
}

rules! {
    /// A name or title: not blank, at most `limits::NAME` characters.
    name => required(limits::NAME, false);
    /// A name or title that may be left out; if given, not blank.
    name_or_null => required(limits::NAME, true);
    /// A short text that may be blank (a criterion's label): at most `limits::NAME`.
    label => capped(limits::NAME, false);
    /// An optional short text (a province, a position, a legal reference).
    short_or_null => capped(limits::NAME, true);
    /// A reason or an objection's text: not blank, at most `limits::TEXT` characters.
    text => required(limits::TEXT, false);
    /// An optional longer text (a description, a note, a comment): at most `limits::TEXT`.
    text_or_null => capped(limits::TEXT, true);
    /// A nomination's citation: not blank, at most `limits::CITATION` characters.
    citation => required(limits::CITATION, false);
    /// A new citation, if given.
    citation_or_null => required(limits::CITATION, true);
    /// A nomination's achievements: not blank, at most `limits::ACHIEVEMENTS` characters.
    achievements => required(limits::ACHIEVEMENTS, false);
    /// New achievements, if given.
    achievements_or_null => required(limits::ACHIEVEMENTS, true);
    /// An e-mail address ([`EMAIL`]), at most `limits::EMAIL` characters.
    email => email_of(false);
    /// An optional e-mail address.
    email_or_null => email_of(true);
    /// An evidence link: an absolute `http` or `https` URL ([`WEB_URL`]).
    web_url => string(false)
        .format(Some(SchemaFormat::Custom("uri".to_owned())))
        .min_length(Some(1))
        .max_length(Some(limits::URL))
        .pattern(Some(WEB_URL))
        .build();
    /// An optional national id number ([`NATIONAL_ID`]).
    national_id_or_null => string(true).max_length(Some(limits::NAME)).pattern(Some(NATIONAL_ID)).build();
    /// A programme's year.
    year => integer(false, 2000, 9999);
    /// A nominee's birth year: from 1900, and not after the programme's year (checked by the
    /// server, which answers 422 on `nominee.birth_year`).
    birth_year_or_null => integer(true, 1900, 9999);
    /// Working days of public notice.
    notice_days_or_null => integer(true, 0, i64::from(limits::NOTICE_DAYS));
    /// A criterion's weight or maximum score.
    criterion => integer(false, 1, i64::from(limits::CRITERION));
    /// A score on one criterion: at most that criterion's `max` (checked by the server).
    score => integer(false, 0, i64::from(limits::CRITERION));
    /// `max_awards`.
    awards => integer(false, 1, i64::from(limits::AWARDS));
    /// `max_per_agency`, if any.
    awards_or_null => integer(true, 1, i64::from(limits::AWARDS));
    /// Leaderboard points per award.
    points => integer(false, 0, i64::from(limits::POINTS));
    /// A ratio's numerator: at most its denominator (checked by the server).
    numerator => integer(false, 0, i64::from(limits::RATIO));
    /// A threshold's numerator: at least 1, at most its denominator (checked by the server).
    threshold_numerator => integer(false, 1, i64::from(limits::RATIO));
    /// A ratio's denominator.
    denominator => integer(false, 1, i64::from(limits::RATIO));
    /// A prerequisite's consecutive years.
    years => integer(false, 1, i64::from(limits::YEARS));
    /// Reviewers per nomination: at most the panel's members (checked by the server).
    reviewers_or_null => integer(true, 1, i64::from(u32::MAX));
}

/// A score sheet: a score for each criterion of the category, by key (the server answers 422
/// naming a missing or unknown key, or a score above its criterion's `max`).
pub fn score_sheet() -> Object {
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .property_names(Some(name()))
        .additional_properties(Some(AdditionalProperties::RefOr(score().into())))
        .min_properties(Some(1))
        .max_properties(Some(limits::CRITERIA))
        .build()
}

/// A position in the event log (`after`): any unsigned 64-bit number.
pub fn log_position_or_null() -> Object {
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::Integer, Type::Null]))
        .minimum(Some(0))
        .maximum(Some(utoipa::Number::UInt(
            usize::try_from(u64::MAX).unwrap_or(usize::MAX),
        )))
        .build()
}

/// A list of `items` with at least `min` and at most `max` entries, each distinct if `unique`.
fn list(
    items: Object,
    min: usize,
    max: Option<usize>,
    unique: bool,
    nullable: bool,
) -> utoipa::openapi::schema::Array {
    let mut b = ArrayBuilder::new()
        .items(items)
        .min_items(Some(min))
        .max_items(max)
        .unique_items(unique);
    if nullable {
        b = b.schema_type(SchemaType::from_iter([Type::Array, Type::Null]));
    }
    b.build()
}

fn uuid() -> Object {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Uuid)))
        .build()
}

/// A panel's members: at least one, each once.
pub fn member_ids() -> utoipa::openapi::schema::Array {
    list(uuid(), 1, None, true, false)
}

/// New members for a panel, if given.
pub fn member_ids_or_null() -> utoipa::openapi::schema::Array {
    list(uuid(), 1, None, true, true)
}

/// A panel's category codes: at least one.
pub fn category_codes() -> utoipa::openapi::schema::Array {
    list(name(), 1, None, false, false)
}

/// New category codes for a panel, if given.
pub fn category_codes_or_null() -> utoipa::openapi::schema::Array {
    list(name(), 1, None, false, true)
}

/// Objections dismissed at once: one to `limits::BATCH`, each once.
pub fn objection_ids() -> utoipa::openapi::schema::Array {
    list(uuid(), 1, Some(limits::BATCH), true, false)
}

#[cfg(test)]
mod tests {
    use accolade_domain::rules::links::is_web_url;
    use accolade_domain::rules::names::{looks_like_email, looks_like_national_id};
    use regex::Regex;

    use super::*;

    const EMAILS: &[&str] = &[
        "a@b.vn",
        "van.thu+vtv@demo.accolade.vn",
        "x_y@most-gov.vn",
        "a@b",
        "@b.vn",
        "a b@c.vn",
        "a@b.vn.",
        "a..b@c.vn",
        ".a@c.vn",
        "a@b@c.vn",
        "a@-b.vn",
        "a@b_c.vn",
        "\u{de}@w.vn",
        "a@w\u{87}.vn",
        "a@b.c",
    ];

    /// The document's patterns say what the domain's checks take: for these values the two
    /// agree (the pattern may take less than the check, never more).
    #[test]
    fn the_patterns_are_the_domains_rules() {
        let email = Regex::new(EMAIL).expect("EMAIL compiles");
        for e in EMAILS {
            assert_eq!(email.is_match(e), looks_like_email(e), "{e:?}");
        }
        let id = Regex::new(NATIONAL_ID).expect("NATIONAL_ID compiles");
        for n in [
            "001080000001",
            "001 080 000 001",
            "123.456.789",
            "12345678",
            "1234567890",
            "00108000000a",
            "",
        ] {
            assert_eq!(id.is_match(n), looks_like_national_id(n), "{n:?}");
        }
        let url = Regex::new(WEB_URL).expect("WEB_URL compiles");
        for u in [
            "https://most.gov.vn/bao-cao.pdf",
            "HTTP://Example.org:8443/a?b=c#d",
            "http://example.org",
            "ftp://example.org",
            "https://",
            "https://a b.vn",
            "https://user@host.vn",
            "https://host.vn:123456",
        ] {
            // A subset: whatever the pattern takes, the check takes.
            assert!(!url.is_match(u) || is_web_url(u), "{u:?}");
        }
        let blank = Regex::new(NOT_BLANK).expect("NOT_BLANK compiles");
        for t in ["a", " a ", " ", "\t\n", ""] {
            assert_eq!(blank.is_match(t), !t.trim().is_empty(), "{t:?}");
        }
    }
}
