//! Accolade's JSON API under `/api/v1`: a thin axum adapter over the app, with its OpenAPI
//! document. API.md is the contract; `docs/api.md` explains the design.
//!
//! - [`router`]: the table of contents — every route, registered with its OpenAPI operation
//!   (utoipa), so `/openapi.json` always lists exactly what is served.
//! - [`handlers`]: one resource a folder, one action a file, each thin: who (the caller),
//!   parse (`accolade_http::extract`), one action of the app, answer (`accolade_http::reply`).

pub mod handlers;
mod problems;
pub mod router;
mod rules;
#[cfg(test)]
mod schema_check;
mod strict;
mod versions;

pub use router::{openapi, routes};
