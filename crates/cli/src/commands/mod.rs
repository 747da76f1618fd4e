//! One module per subcommand, plus what they share.

pub mod status;
pub mod verify;

use std::path::Path;

use accolade_store::{SledStore, StoreError};
use anyhow::{Context, bail};

/// Opens an existing sled store for an offline command, with a clear message when the
/// directory is not a store or a server holds it (`admin_route` does the same online).
pub fn open_existing(dir: &Path, admin_route: &str) -> anyhow::Result<SledStore> {
    if !dir.join("db").exists() {
        bail!(
            "{} is not an Accolade data directory (no store there)",
            dir.display()
        );
    }
    open(dir, admin_route)
}

/// Opens (or creates) a sled store, explaining a lock held by a running server.
pub fn open(dir: &Path, admin_route: &str) -> anyhow::Result<SledStore> {
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

/// A tokio runtime for commands that call the async store API.
pub fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")
}
