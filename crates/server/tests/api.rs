//! The server's integration tests: one binary, one module a theme, every test against the
//! real server on a loopback port (`TestApp`), driven over HTTP with reqwest.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers outside #[test] fns

#[path = "api/support.rs"]
mod support;

#[path = "api/accounts.rs"]
mod accounts;
#[path = "api/bad_input.rs"]
mod bad_input;
#[path = "api/correctness.rs"]
mod correctness;
#[path = "api/cycle.rs"]
mod cycle;
#[path = "api/demo.rs"]
mod demo;
#[path = "api/input.rs"]
mod input;
#[path = "api/limits.rs"]
mod limits;
#[path = "api/listener.rs"]
mod listener;
#[path = "api/matrix.rs"]
mod matrix;
#[path = "api/rounds.rs"]
mod rounds;
#[path = "api/visibility.rs"]
mod visibility;
