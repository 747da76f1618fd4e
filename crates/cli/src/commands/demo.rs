//! `accolade demo`: the one-command tour — a seeded store, served.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use accolade_cli::Server;
use accolade_http::Config;
use accolade_store::EventStore;
use anyhow::Context;

/// Arguments of `accolade demo`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The demo's data directory; seeded on first use, reused afterwards.
    #[arg(long, default_value = "./accolade-demo")]
    data_dir: PathBuf,
    /// Where to listen.
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// Serve `GET /metrics` on its own listener at this address (e.g. 127.0.0.1:9090).
    /// Without it (and without ACCOLADE_METRICS_TOKEN) the demo serves no metrics.
    #[arg(long, env = "ACCOLADE_METRICS_LISTEN")]
    metrics_listen: Option<SocketAddr>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    super::init_logging();
    let mut config = Config::for_data_dir(&args.data_dir);
    config.listen = args.listen;
    config.metrics_listen = args.metrics_listen;
    // A token from the environment only: on the command line it would show in `ps`.
    config.metrics_token = std::env::var("ACCOLADE_METRICS_TOKEN")
        .ok()
        .filter(|t| !t.is_empty())
        .map(Into::into);
    super::runtime()?.block_on(async move {
        let logins = accolade_cli::demo::logins().context("reading the demo cast")?;
        let server = Server::open(config).await.map_err(super::explain_open)?;
        let node = &server.state().node;
        let empty = *node.app().store().durable_head().borrow() == 0;
        if empty {
            eprintln!(
                "accolade: seeding the demo programme in {} ...",
                args.data_dir.display()
            );
            accolade_cli::demo::seed(node)
                .await
                .context("seeding the demo")?;
        } else {
            eprintln!(
                "accolade: reusing the demo store in {}",
                args.data_dir.display()
            );
        }
        let listener = tokio::net::TcpListener::bind(args.listen)
            .await
            .with_context(|| format!("listening on {}", args.listen))?;
        let url = format!("http://{}", listener.local_addr()?);
        println!("Accolade demo: {url}");
        println!("  honour list:  curl {url}/api/v1/public/honours");
        println!("  API docs:     {url}/docs");
        if let Some(m) = args.metrics_listen {
            println!("  metrics:      curl http://{m}/metrics");
        }
        println!("  demo logins (POST {url}/api/v1/session {{email, password}}):");
        for l in &logins {
            println!("    {:<28} {:<32} {}", l.label, l.email, l.password);
        }
        println!("Press Ctrl-C to stop.");
        server.run(listener, super::shutdown_signal()).await?;
        Ok(ExitCode::SUCCESS)
    })
}
