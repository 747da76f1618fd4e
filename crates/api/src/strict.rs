//! Requests say exactly what the server's extractors accept.
//!
//! Headers and list parameters are parsed by the same extractors on every route, so their
//! constraints are written once here, from the extractors' own constants: `If-Match`
//! ([`IfMatch::PATTERN`]), `Idempotency-Key` ([`IdempotencyKey::PATTERN`]) and `limit`
//! (1 to [`MAX_LIMIT`]).
//!
//! Request bodies refuse unknown fields, and the document says so.
//!
//! The JSON extractor (`accolade_http::extract::ApiJson`) answers 422 for any field its type
//! does not know, at any depth, for every body. This pass writes that one rule into
//! `/openapi.json`: every object schema a request body reaches, inline or through a
//! component, gets `additionalProperties: false`. Free-form objects (no `properties`: a map)
//! are left as they are. A component a response reaches too is closed as well, which the
//! response conforms to: the server writes exactly the type's fields.

use std::collections::BTreeSet;

use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::schema::{AdditionalProperties, ArrayItems, Object, Schema, Type};
use utoipa::openapi::{OpenApi, RefOr};

use accolade_http::extract::{IdempotencyKey, IfMatch};
use accolade_http::pagination::MAX_LIMIT;

use crate::problems::operations;

/// Writes the extractors' constraints on every operation's headers and `limit`.
pub fn constrain_parameters(doc: &mut OpenApi) {
    for item in doc.paths.paths.values_mut() {
        for (_, op) in operations(item) {
            constrain(op);
        }
    }
}

fn constrain(op: &mut Operation) {
    for p in op.parameters.iter_mut().flatten() {
        let RefOr::T(p) = p else { continue };
        let schema = match (&p.parameter_in, p.name.to_ascii_lowercase().as_str()) {
            (ParameterIn::Header, "if-match") => {
                let mut o = Object::with_type(Type::String);
                o.pattern = Some(IfMatch::PATTERN.to_owned());
                o
            }
            (ParameterIn::Header, "idempotency-key") => {
                let mut o = Object::with_type(Type::String);
                o.pattern = Some(IdempotencyKey::PATTERN.to_owned());
                o.min_length = Some(1);
                o.max_length = Some(accolade_app::MAX_KEY_LEN);
                o
            }
            (ParameterIn::Query, "limit") => {
                let mut o = Object::with_type(Type::Integer);
                o.minimum = Some(1.into());
                o.maximum = Some(MAX_LIMIT.into());
                o
            }
            _ => continue,
        };
        p.schema = Some(RefOr::T(Schema::Object(schema)));
    }
}

/// Closes every object schema reachable from a request body.
pub fn close_request_bodies(doc: &mut OpenApi) {
    let mut components = BTreeSet::new();
    for item in doc.paths.paths.values_mut() {
        for (_, op) in operations(item) {
            let Some(RefOr::T(body)) = op.request_body.as_mut() else {
                continue;
            };
            for content in body.content.values_mut() {
                if let RefOr::T(c) = content
                    && let Some(schema) = c.schema.as_mut()
                {
                    close(schema, &mut components);
                }
            }
        }
    }
    // Components reach others: close until no new name turns up.
    let Some(all) = doc.components.as_mut() else {
        return;
    };
    let mut done = BTreeSet::new();
    while let Some(name) = components.iter().find(|n| !done.contains(*n)).cloned() {
        done.insert(name.clone());
        if let Some(schema) = all.schemas.get_mut(&name) {
            close(schema, &mut components);
        }
    }
}

/// Closes `schema`'s objects; names the components it refers to in `refs`.
fn close(schema: &mut RefOr<Schema>, refs: &mut BTreeSet<String>) {
    match schema {
        RefOr::Ref(r) => {
            if let Some(name) = r.ref_location.strip_prefix("#/components/schemas/") {
                refs.insert(name.to_owned());
            }
        }
        RefOr::T(Schema::Object(o)) => {
            if !o.properties.is_empty() && o.additional_properties.is_none() {
                o.additional_properties = Some(Box::new(AdditionalProperties::FreeForm(false)));
            }
            for p in o.properties.values_mut() {
                close(p, refs);
            }
        }
        RefOr::T(Schema::Array(a)) => {
            if let ArrayItems::RefOrSchema(items) = &mut a.items {
                close(items, refs);
            }
        }
        RefOr::T(Schema::OneOf(x)) => x.items.iter_mut().for_each(|s| close(s, refs)),
        RefOr::T(Schema::AnyOf(x)) => x.items.iter_mut().for_each(|s| close(s, refs)),
        // allOf: each part closed on its own would refuse the others' fields, so left open.
        RefOr::T(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    fn doc() -> Value {
        serde_json::to_value(crate::router::openapi()).expect("the document serialises")
    }

    #[test]
    fn headers_and_limits_carry_their_extractors_constraints() {
        let doc = doc();
        let (mut if_match, mut keys, mut limits) = (0, 0, 0);
        for item in doc["paths"].as_object().expect("paths").values() {
            for op in item.as_object().expect("an item").values() {
                for p in op["parameters"].as_array().into_iter().flatten() {
                    let s = &p["schema"];
                    match p["name"].as_str() {
                        Some("If-Match") => {
                            assert_eq!(s["pattern"], super::IfMatch::PATTERN);
                            if_match += 1;
                        }
                        Some("Idempotency-Key") => {
                            assert_eq!(s["maxLength"], 200);
                            keys += 1;
                        }
                        Some("limit") => {
                            assert_eq!(
                                (s["minimum"].as_f64(), s["maximum"].as_f64()),
                                (Some(1.0), Some(500.0))
                            );
                            limits += 1;
                        }
                        _ => {}
                    }
                }
            }
        }
        assert!(
            if_match > 3 && keys > 3 && limits > 5,
            "{if_match} {keys} {limits}"
        );
    }

    #[test]
    fn request_bodies_refuse_unknown_fields() {
        let doc = doc();
        let schemas = &doc["components"]["schemas"];
        for name in ["NewNomination", "NewProgramme"] {
            assert_eq!(schemas[name]["additionalProperties"], false, "{name}");
        }
    }
}
