//! `accolade status`: open (or create) a store and report on it.

use std::path::PathBuf;
use std::process::ExitCode;

use accolade_store::EventStore;

/// Arguments of `accolade status`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The data directory of an embedded (sled) store; created if missing.
    #[arg(long, env = "ACCOLADE_DATA_DIR", default_value = "./accolade-demo")]
    data_dir: PathBuf,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let store = super::open(&args.data_dir, "GET /api/v1/verify")?;
    let report = super::runtime()?.block_on(store.verify())?;
    println!("store:  {}", args.data_dir.display());
    println!("events: {}", report.events);
    println!("head:   {}", report.head_hash);
    println!(
        "chain:  {}",
        if report.ok {
            "verifies"
        } else {
            "BROKEN (run `accolade verify`)"
        }
    );
    Ok(if report.ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
