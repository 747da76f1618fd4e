//! The server's integration tests: one binary, one module a theme, every test against the
//! real server on a loopback port (`TestApp`), driven over HTTP with reqwest.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers outside #[test] fns

#[path = "api/support.rs"]
mod support;

#[path = "api/accounts.rs"]
mod accounts;
#[path = "api/bad_input.rs"]
mod bad_input;
#[path = "api/cycle.rs"]
mod cycle;
#[path = "api/demo.rs"]
mod demo;
#[path = "api/matrix.rs"]
mod matrix;
