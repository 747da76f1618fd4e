//! Health, readiness, metrics and the OpenAPI document.

pub mod healthz;
pub mod metrics;
pub mod openapi;
pub mod readyz;
