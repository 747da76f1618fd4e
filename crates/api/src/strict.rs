//! Request bodies refuse unknown fields, and the document says so.
//!
//! The JSON extractor (`accolade_http::extract::ApiJson`) answers 422 for any field its type
//! does not know, at any depth, for every body. This pass writes that one rule into
//! `/openapi.json`: every object schema a request body reaches, inline or through a
//! component, gets `additionalProperties: false`. Free-form objects (no `properties`: a map)
//! are left as they are. A component a response reaches too is closed as well, which the
//! response conforms to: the server writes exactly the type's fields.

use std::collections::BTreeSet;

use utoipa::openapi::schema::{AdditionalProperties, ArrayItems, Schema};
use utoipa::openapi::{OpenApi, RefOr};

/// Closes every object schema reachable from a request body.
pub fn close_request_bodies(doc: &mut OpenApi) {
    let mut components = BTreeSet::new();
    for item in doc.paths.paths.values_mut() {
        for op in [
            item.post.as_mut(),
            item.put.as_mut(),
            item.patch.as_mut(),
            item.delete.as_mut(),
        ]
        .into_iter()
        .flatten()
        {
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
        // allOf's parts are closed on their own would refuse each other's fields: left open.
        RefOr::T(_) => {}
    }
}
