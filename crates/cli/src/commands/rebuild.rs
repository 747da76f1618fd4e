//! `accolade rebuild`: rebuild every read model from the log, and check the live ones.
//!
//! "Live" is what a server would serve after a restart: the last projection snapshot plus the
//! events after it. The rebuild folds the whole log from scratch. If the two differ, the
//! snapshot (or the fold that wrote it) was wrong: the command names the read models that
//! differ, replaces the snapshot with the rebuilt state, and exits 1 so scripts notice.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use accolade_app::maintenance::rebuild_and_check;
use accolade_store::EventStore;
use anyhow::Context;

/// Arguments of `accolade rebuild`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The data directory (as given to `accolade serve`).
    #[arg(long, env = "ACCOLADE_DATA_DIR")]
    data_dir: PathBuf,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    // No admin route rebuilds online: a server rebuilds nothing while serving.
    super::refuse_interrupted(&args.data_dir)?;
    let store = super::open_existing(&args.data_dir, "(none: stop the server first)")?;
    let snapshots = args.data_dir.join("projections");
    super::runtime()?.block_on(async move {
        // Read models of an older shape cannot be built by this version: migrate first.
        if let Some(problem) = super::shape_problem(&args.data_dir, &store).await {
            store.close();
            return Err(problem.into());
        }
        let head = *store.durable_head().borrow();
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = indicatif::ProgressBar::new(head);
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "rebuild  [{bar:40}] {pos}/{len} events ({per_sec}, {eta} left)",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            bar
        });
        let mut last_line = Instant::now();
        let report = rebuild_and_check(&store, &snapshots, |done, total| match &bar {
            Some(bar) => bar.set_position(done),
            None if last_line.elapsed() >= Duration::from_secs(2) || done == total => {
                last_line = Instant::now();
                println!("rebuild: {done}/{total} events");
            }
            None => {}
        })
        .await
        .context("rebuilding the projections")?;
        if let Some(bar) = bar {
            bar.finish_and_clear();
        }
        store.close();
        let from = match report.live_from_snapshot {
            Some(p) => format!("snapshot at {p} + {} events", head.saturating_sub(p)),
            None => "no usable snapshot: the whole log".to_owned(),
        };
        println!(
            "live:    {from}, ready in {} ms",
            report.live_ready.as_millis()
        );
        let secs = report.rebuilt_in.as_secs_f64().max(1e-9);
        println!(
            "rebuilt: {} events in {secs:.2} s ({:.0} events/s), {} skipped",
            report.events,
            report.events as f64 / secs,
            report.skipped
        );
        if report.differences.is_empty() {
            println!("check:   the live read models equal the rebuilt ones");
            Ok(ExitCode::SUCCESS)
        } else {
            println!(
                "check:   DIFFERENT in {}; the snapshot now holds the rebuilt state",
                report.differences.join(", ")
            );
            Ok(ExitCode::from(1))
        }
    })
}
