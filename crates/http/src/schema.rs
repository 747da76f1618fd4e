//! Schemas for `/openapi.json` read from the types that validate, so the document and the
//! server cannot disagree on what a field accepts.
//!
//! A string enum's values are the names its derived `Deserialize` accepts: serde hands them
//! to the deserializer (`deserialize_enum`'s `variants`, after `rename_all`), and [`variants`]
//! asks for them with a deserializer that only listens. The handlers' fields name one of the
//! functions below: a body's field by name, `#[schema(extensions(("x-rule" = json!("phase"))))]`
//! (see [`by_name`]), so it keeps its description; a query parameter, a list or a map through
//! `#[param(schema_with = ...)]` / `#[schema(schema_with = ...)]`, which utoipa allows there.
//!
//! [`rules`] turns the domain's caps and shapes into string and number keywords; [`bodies`]
//! describes the events crate's types that bodies carry whole (a category, a nominee).

mod bodies;
mod rules;

pub use bodies::*;
pub use rules::*;

use std::fmt;

use accolade_app::accounts::MIN_PASSWORD_LEN;
use accolade_app::actions::audit::DeliveryStatus;
use accolade_app::actions::objections::ObjectionStatus;
use accolade_events::{
    AgencyKind, Choice, Denominator, Locale, NominationStatus, NomineeKind, Phase,
    RevocationGround, Role,
};
use serde::de::{self, DeserializeOwned, Deserializer, Visitor};
use serde_json::Value;
use utoipa::openapi::schema::{KnownFormat, Object, ObjectBuilder, SchemaFormat, SchemaType, Type};

/// The names a serde enum of unit variants accepts, in declaration order.
pub fn variants<T: DeserializeOwned>() -> &'static [&'static str] {
    match T::deserialize(Listener) {
        Err(Heard(names)) => names,
        Ok(_) => &[],
    }
}

/// A string that is one of `T`'s names.
pub fn string_enum<T: DeserializeOwned>() -> Object {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(variants::<T>().iter().map(|v| Value::from(*v))))
        .build()
}

/// One of `T`'s names, or `null` (an optional field of a body, which serde takes as absent).
pub fn string_enum_or_null<T: DeserializeOwned>() -> Object {
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
        .enum_values(Some(
            variants::<T>()
                .iter()
                .map(|v| Value::from(*v))
                .chain([Value::Null]),
        ))
        .build()
}

/// A new password: at least [`MIN_PASSWORD_LEN`] characters, the accounts' own rule.
pub fn new_password() -> Object {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Password)))
        .min_length(Some(MIN_PASSWORD_LEN))
        .build()
}

/// An optional new password in a body: [`new_password`], or null (none: an invitation).
pub fn new_password_or_null() -> Object {
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Password)))
        .min_length(Some(MIN_PASSWORD_LEN))
        .build()
}

macro_rules! enums {
    ($($name:ident, $or_null:ident: $t:ty;)*) => {$(
        #[doc = concat!("`", stringify!($t), "`: one of its names.")]
        pub fn $name() -> Object {
            string_enum::<$t>()
        }
        #[doc = concat!("`Option<", stringify!($t), ">` in a body: one of its names, or null.")]
        pub fn $or_null() -> Object {
            string_enum_or_null::<$t>()
        }
    )*};
}

enums! {
    agency_kind, agency_kind_or_null: AgencyKind;
    choice, choice_or_null: Choice;
    delivery_status, delivery_status_or_null: DeliveryStatus;
    locale, locale_or_null: Locale;
    nomination_status, nomination_status_or_null: NominationStatus;
    nominee_kind, nominee_kind_or_null: NomineeKind;
    objection_status, objection_status_or_null: ObjectionStatus;
    phase, phase_or_null: Phase;
    revocation_ground, revocation_ground_or_null: RevocationGround;
    role, role_or_null: Role;
    voting_denominator, voting_denominator_or_null: Denominator;
}

/// The schema of the rule a field names with `x-rule` (`#[schema(extensions(("x-rule" =
/// json!("name"))))]`), by its function's name: `accolade_api` writes it into the document
/// in place of the field's own, keeping the field's description, which utoipa leaves out of
/// a `schema_with` field. Every function of this module and of [`rules`] that a field can
/// name is listed here once; a name not listed is left in the document, and a test there
/// fails on it.
pub fn by_name(rule: &str) -> Option<utoipa::openapi::schema::Schema> {
    macro_rules! table {
        ($($f:ident)*) => {
            match rule {
                $(stringify!($f) => Some($f().into()),)*
                _ => None,
            }
        };
    }
    table!(
        name name_or_null label short_or_null text text_or_null citation citation_or_null
        achievements achievements_or_null email email_or_null web_url national_id_or_null
        year birth_year_or_null notice_days_or_null criterion score awards awards_or_null
        points numerator threshold_numerator denominator years reviewers_or_null
        score_sheet log_position_or_null member_ids member_ids_or_null category_codes
        category_codes_or_null objection_ids new_password new_password_or_null
        agency_kind agency_kind_or_null choice choice_or_null delivery_status
        delivery_status_or_null locale locale_or_null nomination_status
        nomination_status_or_null nominee_kind nominee_kind_or_null objection_status
        objection_status_or_null phase phase_or_null revocation_ground
        revocation_ground_or_null role role_or_null voting_denominator
        voting_denominator_or_null
    )
}

/// The field names a struct's derived `Deserialize` reads (after `rename`), in declaration
/// order: what the mirrors in [`bodies`] are checked against.
pub fn fields<T: DeserializeOwned>() -> &'static [&'static str] {
    variants::<T>()
}

/// What [`Listener`] heard: the enum's or struct's names (none if asked about anything else).
#[derive(Debug)]
struct Heard(&'static [&'static str]);

impl fmt::Display for Heard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "variants: {:?}", self.0)
    }
}

impl std::error::Error for Heard {}

impl de::Error for Heard {
    fn custom<M: fmt::Display>(_: M) -> Self {
        Heard(&[])
    }
}

/// A deserializer that only listens for the names an enum asks for.
struct Listener;

impl<'de> Deserializer<'de> for Listener {
    type Error = Heard;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Heard> {
        Err(Heard(&[]))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        variants: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Heard> {
        Err(Heard(variants))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Heard> {
        Err(Heard(fields))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map identifier
        ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_enums_names_are_what_serde_accepts() {
        assert_eq!(variants::<Choice>(), ["approve", "reject", "abstain"]);
        assert_eq!(variants::<Phase>().len(), Phase::ALL.len());
        for name in variants::<RevocationGround>() {
            let parsed: Result<RevocationGround, _> = serde_json::from_value(Value::from(*name));
            assert!(parsed.is_ok(), "{name}");
        }
        // Not an enum: nothing heard.
        assert!(variants::<String>().is_empty());
    }
}
