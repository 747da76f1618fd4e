//! Nothing here: the end-to-end tests are the `e2e` test binary (`e2e/main.rs`).
