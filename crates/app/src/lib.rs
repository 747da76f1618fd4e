//! Accolade's application layer: the one entry point every front end (CLI, HTTP server, tests)
//! goes through.
//!
//! [`App::execute`] runs a [`Command`] as an [`Actor`]: it loads the aggregate's stream (from
//! an in-memory cache plus the events after it), gathers what the domain needs from other
//! streams, decides with the time from the app's [`Clock`], appends with the expected version
//! and, on a version conflict, reloads and decides again (bounded). It returns an
//! [`Executed`] once the events are durable. A refused command appends nothing and returns a
//! typed [`AppError`] whose [`ErrorKind`] a front end maps to a status.
//!
//! Central types:
//!
//! - [`App`], built with [`App::builder`] (or [`App::open_sled`] for production): the store,
//!   the sealed ballot box ([`Vault`]), a [`Clock`], an [`IdSource`], hooks.
//! - [`Command`] (the domain's commands, addressed by aggregate id) and [`Options`]
//!   (idempotency key, correlation id, expected version).
//! - [`Vault`] with [`FileVault`] and [`MemoryVault`]: secret ballots sealed outside the log
//!   until their round closes (`docs/app.md`, `docs/secret-ballot.md`).
//! - [`limiter::Limiter`]: attempts per key in a window, reserved before the work is done
//!   (failed sign-ins per address and account, objections per address).
//! - Queries from aggregate state: [`App::programme`], [`App::actor_for`],
//!   [`App::nomination_history`]; read models proper are the projections crate's.
//! - The schedule: [`spawn_schedule`] ticks programmes whose phase's scheduled end has
//!   passed ([`App::run_schedule`] is one pass).
//! - [`Node`]: the app as a server process runs it — the command core, this process's read
//!   models (the projection runner) and the sign-in state ([`accounts`]); its
//!   [`Node::execute`] answers once the read models include the write (read-your-writes).
//! - [`authz`]: who may do what, decided once for every front end.
//!
//! ```
//! use std::sync::Arc;
//! use accolade_app::{App, Command, ManualClock, MemoryVault, Options};
//! use accolade_domain::{Actor, CreateProgramme, ProgrammeCommand};
//! use accolade_events::{Role, Schedule};
//! use accolade_store::MemoryStore;
//!
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
//! let clock = Arc::new(ManualClock::new(time::macros::datetime!(2026-01-05 09:00 +7)));
//! let app = App::builder(MemoryStore::new(), Arc::new(MemoryVault::new())).clock(clock).build();
//! let admin = Actor::user(uuid::Uuid::from_u128(1), Role::Admin, None);
//! let id = app.new_id();
//! let create = Command::programme(id, ProgrammeCommand::Create(CreateProgramme {
//!     programme_id: id, title: "S&T Communication Awards 2026".into(), year: 2026,
//!     description: None, notice_working_days: 10, schedule: Schedule::default(), holidays: vec![],
//! }));
//! let first = app.execute_with(admin.clone(), create.clone(), Options::key("create-2026")).await?;
//! let again = app.execute_with(admin, create, Options::key("create-2026")).await?;
//! assert!(again.replayed && again.positions == first.positions);
//! assert_eq!(app.programme(id).await?.title, "S&T Communication Awards 2026");
//! # Ok::<(), accolade_app::AppError>(()) }).unwrap();
//! ```
#![deny(missing_docs)]

pub mod accounts;
pub mod actions;
mod app;
pub mod authz;
mod ballot;
mod clock;
mod combine;
mod command;
mod erasures;
mod error;
mod execute;
mod history;
mod idempotency;
pub mod limiter;
pub mod maintenance;
pub mod migrate;
mod node;
pub mod people;
mod queries;
pub mod read;
mod schedule;
mod sealing;
mod stored;
pub mod vault;

pub use accolade_domain::Actor;
pub use app::{App, AppBuilder};
pub use authz::Caller;
pub use clock::{Clock, IdSource, ManualClock, RandomIds, SequentialIds, SystemClock, VIETNAM};
pub use command::{Command, Executed, Options};
pub use error::{AppError, ERROR_CODES, ErrorKind};
pub use idempotency::MAX_KEY_LEN;
pub use node::{Node, NodeConfig, NodeError, PersonalConfig};
pub use queries::HistoryEntry;
pub use schedule::{ScheduleHandle, spawn_schedule};
pub use vault::{FileVault, MemoryVault, RoundId, Vault, VaultError};
