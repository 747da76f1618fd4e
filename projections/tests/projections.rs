//! Integration tests of the projections: one binary (see `projections/`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod projections {
    pub mod erasure;
    pub mod mail;
    pub mod models;
    pub mod order;
    pub mod properties;
    pub mod public;
    pub mod support;
    pub mod vault;
    pub mod versions;
}
