//! `accolade serve`: the HTTP API over a data directory.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use accolade_cli::Server;
use accolade_http::{Config, Overrides};
use anyhow::Context;

/// Arguments of `accolade serve`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The data directory (embedded sled store); created if missing.
    #[arg(long)]
    data_dir: Option<PathBuf>,
    /// Where to listen.
    #[arg(long)]
    listen: Option<SocketAddr>,
    /// Serve `GET /metrics` on its own listener at this address (e.g. 127.0.0.1:9090); the
    /// public listener then answers 404 there. Also ACCOLADE_METRICS_LISTEN.
    #[arg(long)]
    metrics_listen: Option<SocketAddr>,
    /// An optional TOML config file (every ACCOLADE_* variable has a key there).
    #[arg(long)]
    config: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    super::init_logging();
    let overrides = Overrides {
        data_dir: args.data_dir,
        listen: args.listen,
        metrics_listen: args.metrics_listen,
    };
    let config = Config::load(args.config.as_deref(), &overrides)
        .map_err(|e| anyhow::anyhow!("configuration: {e}"))?;
    super::runtime()?.block_on(async move {
        let listen = config.listen;
        let metrics = config.metrics_listen;
        let server = Server::open(config).await.map_err(super::explain_open)?;
        let listener = tokio::net::TcpListener::bind(listen)
            .await
            .with_context(|| format!("listening on {listen}"))?;
        // The bound address: with `--listen 127.0.0.1:0` the system picks the port.
        let listen = listener.local_addr().unwrap_or(listen);
        tracing::info!(%listen, "serving");
        eprintln!("accolade: serving on http://{listen} (API docs: http://{listen}/docs)");
        if let Some(m) = metrics {
            eprintln!("accolade: metrics on http://{m}/metrics");
        }
        server.run(listener, super::shutdown_signal()).await?;
        Ok(ExitCode::SUCCESS)
    })
}
