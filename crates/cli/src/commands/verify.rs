//! `accolade verify`: walk the hash chain of the log.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use accolade_store::EventStore;

/// Arguments of `accolade verify`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The data directory of an embedded (sled) store.
    #[arg(long, env = "ACCOLADE_DATA_DIR")]
    data_dir: PathBuf,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    super::refuse_interrupted(&args.data_dir)?;
    let store = super::open_existing(&args.data_dir, "GET /api/v1/verify")?;
    let spinner = std::io::stderr().is_terminal().then(|| {
        let s = indicatif::ProgressBar::new_spinner();
        s.set_message("verifying the hash chain");
        s.enable_steady_tick(std::time::Duration::from_millis(100));
        s
    });
    // The chain of an older shape still verifies (worth doing before `accolade migrate`):
    // say so, and what is needed before the data directory can be served.
    let (report, shape) = super::runtime()?.block_on(async {
        let shape = super::shape_problem(&args.data_dir, &store).await;
        (store.verify().await, shape)
    });
    let report = report?;
    if let Some(problem) = shape {
        eprintln!("accolade: note: {problem}");
    }
    if let Some(s) = spinner {
        s.finish_and_clear();
    }
    if report.ok {
        println!(
            "ok: {} events, head hash {}",
            report.events, report.head_hash
        );
        Ok(ExitCode::SUCCESS)
    } else {
        println!(
            "BROKEN at position {}: {} ({} events before it verify)",
            report
                .first_bad_position
                .map_or_else(|| "?".to_owned(), |p| p.to_string()),
            report.problem.unwrap_or_default(),
            report.events
        );
        Ok(ExitCode::from(1))
    }
}
