//! Answers that carry a version say so: `ETag`.
//!
//! An agency, a user, a programme and a nomination are answered, by their reads and by every
//! write to them, through `accolade_http::reply::versioned` or `created`, which set
//! `ETag: "<version>"`: the value `If-Match` sends back. Written once here for every 2xx whose
//! body is one of those views, rather than on each of 30 handlers; the end-to-end tests check
//! each declared `ETag` is sent.

use utoipa::openapi::{HeaderBuilder, OpenApi, RefOr, Type, schema};

use crate::problems::operations;

/// The views answered with their version as the `ETag`.
const VERSIONED: [&str; 4] = ["AgencyView", "UserView", "ProgrammeView", "NominationView"];

/// Declares `ETag` on every 2xx answer whose body is a versioned view.
pub fn declare_etags(doc: &mut OpenApi) {
    for item in doc.paths.paths.values_mut() {
        for (_, op) in operations(item) {
            for (status, answer) in op.responses.responses.iter_mut() {
                let RefOr::T(answer) = answer else { continue };
                let versioned = answer.content.values().any(|c| match c {
                    RefOr::T(c) => matches!(&c.schema, Some(RefOr::Ref(r))
                        if VERSIONED.iter().any(|v| r.ref_location.ends_with(&format!("/{v}")))),
                    RefOr::Ref(_) => false,
                });
                if status.starts_with('2') && versioned {
                    answer.headers.insert(
                        "ETag".to_owned(),
                        RefOr::T(
                            HeaderBuilder::new()
                                .schema(Some(schema::Object::with_type(Type::String)))
                                .description(Some(
                                    "The version (`\"3\"`), for `If-Match` on the next change",
                                ))
                                .build(),
                        ),
                    );
                }
            }
        }
    }
}
