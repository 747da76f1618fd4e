//! `accolade migrate`: bring a data directory's stored shape up to this build's.
//!
//! Offline: the server must be stopped (the store opens in one process only). The conversion
//! writes a new store beside the old one and swaps them only once the new one is checked; the
//! old one is kept read-only for the operator to delete (docs/migrations.md).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use accolade_app::migrate::{CURRENT_SHAPE, MigrateError, MigrateOptions, STEPS, migrate};
use accolade_http::{Config, Overrides};
use accolade_store::StoreError;
use anyhow::bail;

/// Arguments of `accolade migrate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The data directory (as given to `accolade serve`).
    #[arg(long)]
    data_dir: Option<PathBuf>,
    /// Convert and check in memory; write nothing.
    #[arg(long)]
    dry_run: bool,
    /// An optional TOML config file (for `data_dir`, `master_key` / `master_key_file`; the
    /// ACCOLADE_* variables apply too): new person keys are wrapped under the master key.
    #[arg(long)]
    config: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let overrides = Overrides {
        data_dir: args.data_dir,
        ..Overrides::default()
    };
    let config = Config::load(args.config.as_deref(), &overrides)
        .map_err(|e| anyhow::anyhow!("configuration: {e}"))?;
    let master = config
        .personal()
        .master_key()
        .map_err(|e| anyhow::anyhow!("the master key: {e}"))?;
    let dir = config.data_dir.clone();
    let options = MigrateOptions {
        dry_run: args.dry_run,
    };
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "migrate  [{bar:40}] {pos}/{len} events ({per_sec}, {eta} left)",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let mut last_line = Instant::now();
    let mut progress = |done: u64, total: u64| match &bar {
        Some(bar) => {
            bar.set_length(total);
            bar.set_position(done);
        }
        None if last_line.elapsed() >= Duration::from_secs(2) || done == total => {
            last_line = Instant::now();
            println!("migrate: {done}/{total} events");
        }
        None => {}
    };
    let result =
        super::runtime()?.block_on(async { migrate(&dir, master, &options, &mut progress).await });
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let report = match result {
        Ok(r) => r,
        Err(MigrateError::Store(StoreError::Locked { path })) => bail!(
            "the store at {path} is in use, probably by a running `accolade serve`; stop the \
             server first: a migration runs offline"
        ),
        Err(e) => return Err(e.into()),
    };
    if report.finished_interrupted {
        match &report.kept_old_store {
            Some(kept) => println!(
                "finished an interrupted migration: shape {CURRENT_SHAPE} in place, the old \
                 store kept read-only in {}",
                kept.display()
            ),
            None => {
                println!("an interrupted migration is waiting: run without --dry-run to finish it")
            }
        }
        return Ok(ExitCode::SUCCESS);
    }
    if report.nothing_to_do {
        println!(
            "nothing to do: {} is already of shape {CURRENT_SHAPE}",
            dir.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let from = report.from.unwrap_or(CURRENT_SHAPE);
    for step in STEPS.iter().filter(|s| s.from >= from) {
        println!("step {} -> {}: {}", step.from, step.from + 1, step.what);
    }
    println!(
        "{}: {} events in {:.2} s; {} personal fields sealed, {} person ids remapped, {} e-mail \
         keys rewritten{}",
        if args.dry_run {
            "checked (dry run)"
        } else {
            "migrated"
        },
        report.events,
        report.took.as_secs_f64(),
        report.sealed,
        report.person_ids,
        report.email_keys,
        match report.email_keys_unmatched {
            0 => String::new(),
            n => format!(
                " ({n} matched no user's address: those users need their address set again)"
            ),
        }
    );
    match (&report.kept_old_store, args.dry_run) {
        (_, true) => println!("dry run: nothing was written"),
        (Some(kept), false) => println!(
            "the old store is kept read-only in {kept}: it holds personal data in plain text. \
             Check the new one (accolade verify / rebuild), then delete it: \
             chmod -R u+w {kept} && rm -rf {kept}",
            kept = kept.display()
        ),
        (None, false) => {}
    }
    Ok(ExitCode::SUCCESS)
}
