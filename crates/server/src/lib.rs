//! Accolade's HTTP API: a thin axum adapter over the application layer (`accolade-app`) for
//! writes and the projection runner (`accolade-projections`) for reads.
//!
//! API.md is the contract; `docs/api.md` explains the design. The pieces:
//!
//! - [`router`]: the table of contents — every route, registered with its OpenAPI
//!   operation (utoipa), so `/openapi.json` always lists exactly what is served.
//! - [`handlers`]: one resource a folder, one action a file, each thin: who (`authz`),
//!   parse (`extract`), one command or query, answer (`reply`).
//! - [`error`]: every error as RFC 9457 problem+json, mapped in one place.
//! - [`authz`]: roles per action and scope (agency, panel, recusal, the authority's phase),
//!   in one place.
//! - [`auth`]: Argon2id passwords (off the async threads, hashes outside the log), bearer
//!   tokens kept hashed in memory, invitations, the failed-sign-in limiter.
//! - [`client`]: the client's address (the socket, or a trusted proxy's
//!   `X-Forwarded-For`), which the sign-in and objection limits count; [`limits`]: the
//!   objection limit per address.
//! - [`middleware`]: request ids, JSON-loggable tracing without personal data, metrics,
//!   security headers, timeout, body limit.
//! - [`serve`]: open a data directory and serve it; [`demo`]: seed the demo programme.
//!
//! Every write goes through `App::execute` and returns only once this server's read models
//! include it ([`state::AppState::execute`]), so any later read sees it.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use accolade_server::{Config, Server};
//! let server = Server::open(Config::for_data_dir("./data")).await?;
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! server.run(listener, async { let _ = tokio::signal::ctrl_c().await; }).await?;
//! # Ok(()) }
//! ```

pub mod auth;
pub mod authz;
pub mod client;
pub mod config;
pub mod demo;
pub mod error;
pub mod extract;
pub mod handlers;
pub mod limits;
pub mod middleware;
pub mod pages;
pub mod pagination;
pub mod reply;
pub mod router;
pub mod serve;
pub mod state;

pub use auth::{InvitationSink, LogInvitations, TokenKind};
pub use config::{Config, Overrides};
pub use error::ApiError;
pub use serve::{Running, ServeError, Server};
pub use state::AppState;
