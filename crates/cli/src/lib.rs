//! The `accolade` command's library half: what wires the app, the notifier and the two HTTP
//! front ends into one server process ([`serve`]), and the demo programme ([`demo`]). The
//! binary (`src/main.rs`, one file per subcommand under `commands/`) parses arguments and maps
//! outcomes to exit codes; the end-to-end tests (`tests/` at the top of the workspace) start
//! servers through this library or drive the binary itself.

pub mod demo;
pub mod serve;

pub use serve::{Running, ServeError, Server};
