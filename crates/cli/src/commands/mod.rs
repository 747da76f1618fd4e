//! One module per subcommand, plus what they share.

pub mod demo;
pub mod migrate;
pub mod rebuild;
pub mod serve;
pub mod status;
pub mod verify;

use std::path::Path;

use accolade_store::{EventStore, SledStore, StoreError};
use anyhow::{Context, bail};

/// Opens an existing sled store for an offline command, with a clear message when the
/// directory is not a store or a server holds it (`admin_route` does the same online).
pub fn open_existing(dir: &Path, admin_route: &str) -> anyhow::Result<SledStore> {
    let dir = &store_dir(dir);
    if !dir.join("db").exists() {
        bail!(
            "{} is not an Accolade data directory (no store there)",
            dir.display()
        );
    }
    open(dir, admin_route)
}

/// Refuses a data directory a migration left half-swapped, before anything opens it.
pub fn refuse_interrupted(dir: &Path) -> anyhow::Result<()> {
    accolade_app::migrate::check_not_interrupted(dir).map_err(anyhow::Error::new)
}

/// The shape problem of a whole data directory (`DIR/events` beside `SHAPE`), if any: `None`
/// for a bare store directory, which records no shape.
pub async fn shape_problem(
    dir: &Path,
    store: &SledStore,
) -> Option<accolade_app::migrate::ShapeError> {
    // A bare store directory records no shape; an empty store is of any shape (and checking
    // it would record one: these commands write nothing).
    if store_dir(dir) == dir || *store.durable_head().borrow() == 0 {
        return None;
    }
    accolade_app::migrate::check_shape(dir, store).await.err()
}

/// Opens (or creates) a sled store, explaining a lock held by a running server.
pub fn open(dir: &Path, admin_route: &str) -> anyhow::Result<SledStore> {
    let dir = &store_dir(dir);
    match SledStore::open(dir) {
        Ok(store) => Ok(store),
        Err(StoreError::Locked { path }) => bail!(
            "the store at {path} is in use, probably by a running `accolade serve`; \
             a store opens in one process only. Stop the server, or use its admin route \
             {admin_route} instead"
        ),
        Err(e) => Err(e).with_context(|| format!("opening the store at {}", dir.display())),
    }
}

/// Where the event store of a data directory is: `DIR/events` in a directory written by
/// `accolade serve` or `demo` (beside `ballots/` and `credentials.json`), else `DIR` itself.
pub fn store_dir(dir: &Path) -> std::path::PathBuf {
    let events = dir.join("events");
    if events.join("db").exists() {
        events
    } else {
        dir.to_path_buf()
    }
}

/// A tokio runtime for commands that call the async store API.
pub fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")
}

/// JSON logs on stderr for the server (`RUST_LOG` filters; default `info`). Request logs
/// carry the request id and route template, never bodies, tokens or query strings.
pub fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .json()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}

/// A clear message when the data directory is held by another process.
pub fn explain_open(e: accolade_cli::ServeError) -> anyhow::Error {
    match e {
        accolade_cli::ServeError::App(accolade_app::AppError::Store(StoreError::Locked {
            path,
        })) => {
            anyhow::anyhow!(
                "the store at {path} is in use, probably by another `accolade serve` or `accolade demo`; \
                 a store opens in one process only"
            )
        }
        other => anyhow::Error::new(other),
    }
}
