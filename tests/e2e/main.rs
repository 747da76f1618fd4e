//! Accolade's end-to-end tests: one binary, one module a suite, each against a real server —
//! the built `accolade` executable as a child process (the CLI, the kill and secret-ballot
//! tests), or the same server composition (`accolade_cli::Server`) on a loopback port,
//! driven over HTTP (the API suites), by a real Chromium (the pages) or read through a real
//! SMTP server (the mail). The per-crate tests stay beside their code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // Test code: a failure should panic.

mod api;
mod browser;
mod cli;
mod mail;
mod migrate;
mod national;
mod personal_data;
mod secret_ballot;

/// The `accolade` executable built beside this test binary (`target/<profile>/accolade`).
/// `cargo test` does not build another package's binary: `./ops/test` builds it first
/// (`cargo build --workspace --bins --tests`), and so must a developer running this alone.
pub fn accolade_bin() -> std::path::PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    // target/<profile>/deps/e2e-<hash> -> target/<profile>/accolade
    let bin = exe
        .parent()
        .and_then(std::path::Path::parent)
        .map(|dir| dir.join(format!("accolade{}", std::env::consts::EXE_SUFFIX)))
        .expect("a target directory");
    assert!(
        bin.exists(),
        "{} is missing: build it first with `cargo build -p accolade-cli` \
         (`cargo test --workspace` and ./ops/test do)",
        bin.display()
    );
    bin
}
