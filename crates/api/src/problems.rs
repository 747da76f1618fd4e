//! Every operation documents the problems it can answer (RFC 9457 `application/problem+json`,
//! the `Problem` schema), so a client generated from `/openapi.json` knows every status.
//!
//! The statuses follow from an operation's shape, because the layers that answer them do:
//! the extractors refuse a malformed path, query, header or body (400), an oversized body
//! (413), another media type (415) and values out of range (422); the caller extractor a
//! missing or bad token (401) and a role the action refuses (403); a path naming what does
//! not exist, or what the caller may not know exists, is 404; a write can meet the current
//! state (409), a stale `If-Match` (412) and a store that cannot take writes (503, with
//! `Retry-After`). Statuses only some operations answer (429 on sign-in and objections) are
//! documented by those operations themselves. Written once here rather than on each of 60
//! handlers, so a new route cannot forget them.

use utoipa::openapi::path::{Operation, ParameterIn, PathItem};
use utoipa::openapi::{
    ContentBuilder, HeaderBuilder, OpenApi, Ref, RefOr, ResponseBuilder, Type, schema,
};
use utoipa::{PartialSchema, ToSchema};

use accolade_http::error::{PROBLEM_JSON, Problem};

/// Adds the `Problem` schema and each operation's problem answers to `doc`.
pub fn document(doc: &mut OpenApi) {
    let components = doc.components.get_or_insert_with(Default::default);
    components
        .schemas
        .insert(Problem::name().into_owned(), Problem::schema());
    for item in doc.paths.paths.values_mut() {
        let path_params = item
            .parameters
            .as_ref()
            .is_some_and(|ps| ps.iter().any(|p| is_in(p, ParameterIn::Path)));
        for (write, op) in operations(item) {
            answer_problems(op, write, path_params);
        }
    }
}

/// A path's operations, each with whether it is a write.
pub(crate) fn operations(item: &mut PathItem) -> impl Iterator<Item = (bool, &mut Operation)> {
    [
        (false, item.get.as_mut()),
        (true, item.post.as_mut()),
        (true, item.put.as_mut()),
        (true, item.patch.as_mut()),
        (true, item.delete.as_mut()),
    ]
    .into_iter()
    .filter_map(|(write, op)| op.map(|op| (write, op)))
}

fn is_in(p: &RefOr<utoipa::openapi::path::Parameter>, place: ParameterIn) -> bool {
    matches!(p, RefOr::T(p) if p.parameter_in == place)
}

/// A parameter whose value is an id (`format: uuid`).
fn names_a_record(p: &RefOr<utoipa::openapi::path::Parameter>) -> bool {
    let RefOr::T(p) = p else { return false };
    matches!(&p.schema, Some(RefOr::T(schema::Schema::Object(o)))
        if o.format == Some(schema::SchemaFormat::KnownFormat(schema::KnownFormat::Uuid)))
}

fn has_header(op: &Operation, name: &str) -> bool {
    op.parameters.as_ref().is_some_and(|ps| {
        ps.iter().any(|p| {
            matches!(p, RefOr::T(p) if p.parameter_in == ParameterIn::Header
                && p.name.eq_ignore_ascii_case(name))
        })
    })
}

fn answer_problems(op: &mut Operation, write: bool, path_params: bool) {
    let params = op.parameters.as_ref().is_some_and(|ps| !ps.is_empty());
    let path_params = path_params
        || op
            .parameters
            .as_ref()
            .is_some_and(|ps| ps.iter().any(|p| is_in(p, ParameterIn::Path)));
    let body = op.request_body.is_some();
    let signed_in = op.security.as_ref().is_some_and(|s| !s.is_empty());
    let mut statuses: Vec<(&str, &str)> = Vec::new();
    if params || body {
        statuses.push((
            "400",
            "Malformed: a path, query, header or body that does not parse",
        ));
        statuses.push((
            "422",
            "A value out of range or a rule broken (`errors` per field)",
        ));
    }
    if signed_in {
        statuses.push(("401", "No token, or a bad or expired one"));
        statuses.push(("403", "Signed in, but this role may not do this"));
    }
    // A signed-in body or query names other records (a person to erase, a programme whose
    // objections to list): those are looked up too.
    let query_ids = op.parameters.as_ref().is_some_and(|ps| {
        ps.iter()
            .any(|p| is_in(p, ParameterIn::Query) && names_a_record(p))
    });
    if path_params || (signed_in && (body || query_ids)) {
        statuses.push((
            "404",
            "Not found (the path's record, or one the body names), or not visible to the caller",
        ));
    }
    if body {
        statuses.push(("413", "The body is larger than the server takes"));
        statuses.push(("415", "The body is not `application/json`"));
    }
    if write && signed_in {
        statuses.push(("409", "Conflicts with the current state"));
        statuses.push(("503", "The store cannot take writes now (`Retry-After`)"));
    }
    if has_header(op, "If-Match") {
        statuses.push(("412", "`If-Match` does not match the current version"));
    }
    for (status, description) in statuses {
        op.responses
            .responses
            .entry(status.to_owned())
            .or_insert_with(|| RefOr::T(ResponseBuilder::new().description(description).build()));
    }
    // Every error answer, whether a handler listed it or not, is problem+json.
    for (status, response) in op.responses.responses.iter_mut() {
        let error = status.starts_with('4') || status.starts_with('5');
        if let (true, RefOr::T(r)) = (error, response) {
            r.content.insert(
                PROBLEM_JSON.to_owned(),
                RefOr::T(
                    ContentBuilder::new()
                        .schema(Some(Ref::from_schema_name("Problem")))
                        .build(),
                ),
            );
            if status == "429" || status == "503" {
                r.headers.insert(
                    "Retry-After".to_owned(),
                    RefOr::T(
                        HeaderBuilder::new()
                            .schema(Some(schema::Object::with_type(Type::Integer)))
                            .description(Some("Seconds to wait before trying again"))
                            .build(),
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_answer_is_a_documented_problem() {
        let doc = crate::router::openapi();
        let mut seen = 0;
        for (path, item) in &doc.paths.paths {
            for (method, op) in [
                ("get", &item.get),
                ("post", &item.post),
                ("put", &item.put),
                ("patch", &item.patch),
                ("delete", &item.delete),
            ] {
                let Some(op) = op else { continue };
                for (status, r) in &op.responses.responses {
                    if !(status.starts_with('4') || status.starts_with('5')) {
                        continue;
                    }
                    let RefOr::T(r) = r else { continue };
                    assert!(
                        r.content.contains_key(PROBLEM_JSON),
                        "{method} {path} {status} is not problem+json"
                    );
                    seen += 1;
                }
                if op.security.as_ref().is_some_and(|s| !s.is_empty()) {
                    for s in ["401", "403"] {
                        assert!(
                            op.responses.responses.contains_key(s),
                            "{method} {path} lacks {s}"
                        );
                    }
                }
            }
        }
        assert!(seen > 100, "{seen} error answers documented");
    }
}
