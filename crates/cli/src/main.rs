//! The `accolade` command line.
//!
//! Each subcommand is one file under `commands/`; this file only parses arguments and maps
//! outcomes to exit codes: 0 success, 1 a check that found a problem (e.g. a broken chain),
//! 2 an error that stopped the command (bad arguments, store in use, I/O).

mod commands;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// mimalloc rather than the system allocator: a request allocates and frees many small
/// buffers across threads, where glibc's malloc showed up at about a tenth of a busy server's
/// time (ops/bench/public, perf).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Debug, Parser)]
#[command(
    name = "accolade",
    version,
    about = "Accolade: recognition and awards, every step an event"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Walk the event log's hash chain and name the first record that does not match.
    Verify(commands::verify::Args),
    /// Open (creating if missing) a store and report what it holds.
    Status(commands::status::Args),
    /// Rebuild every read model from the log and check the live ones against it.
    Rebuild(commands::rebuild::Args),
    /// Serve the HTTP API over a data directory.
    Serve(commands::serve::Args),
    /// Bring a data directory's stored shape up to this version's (offline; keeps the old
    /// store read-only until you delete it).
    Migrate(commands::migrate::Args),
    /// The one-command tour: seed a demo programme (once) and serve it.
    Demo(commands::demo::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Verify(args) => commands::verify::run(args),
        Command::Status(args) => commands::status::run(args),
        Command::Rebuild(args) => commands::rebuild::run(args),
        Command::Serve(args) => commands::serve::run(args),
        Command::Demo(args) => commands::demo::run(args),
        Command::Migrate(args) => commands::migrate::run(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("accolade: {e:#}");
            ExitCode::from(2)
        }
    }
}
