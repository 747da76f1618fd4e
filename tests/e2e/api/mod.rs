//! The server's integration tests: one binary, one module a theme, every test against the
//! real server on a loopback port (`TestApp`), driven over HTTP with reqwest.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers outside #[test] fns

pub(crate) mod conformance;
pub(crate) mod support;

mod accounts;
mod bad_input;
mod correctness;
mod cycle;
mod demo;
mod input;
mod keys;
mod limits;
mod listener;
mod matrix;
mod pages_erasure;
mod public_cache;
mod rare_writes;
mod rounds;
mod visibility;
