//! Integration tests of the projections: one binary (see `projections/`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod projections {
    pub mod models;
    pub mod properties;
    pub mod support;
}
